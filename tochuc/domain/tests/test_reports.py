"""Bands of the statistical tables: every whole number of years falls in exactly one band, and
the date cut-offs the database compares with agree with counting whole years."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from tochuc.domain import reports as rules

days = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))


@given(st.integers(min_value=0, max_value=130))
def test_each_age_and_each_membership_length_is_in_exactly_one_band(years):
    for bands in (rules.age_bands(), rules.badge_bands()):
        assert sum(band.contains(years) for band in bands) == 1


@given(days, days)
def test_cutoff_agrees_with_whole_years(start, on):
    if start > on:
        start, on = on, start
    years = rules.years_between(start, on)
    assert years >= 0
    assert start <= rules.cutoff(on, years)
    assert not start <= rules.cutoff(on, years + 1)


@given(days)
def test_a_leap_day_birthday_counts_from_the_first_of_march(on):
    born = date(2000, 2, 29)
    if on < born:
        return
    expected = on.year - 2000 - (1 if (on.month, on.day) < (3, 1) and not (on.month == 2 and on.day == 29) else 0)
    assert rules.years_between(born, on) == expected


def test_labels_as_the_forms_print_them():
    assert [str(b.label) for b in rules.age_bands()] == ["Đến 30 tuổi", "31–40 tuổi", "41–50 tuổi", "51–60 tuổi",
                                                    "61–70 tuổi", "Trên 70 tuổi"]
    bands = rules.badge_bands()
    assert str(bands[0].label) == "Dưới 30 năm" and str(bands[-1].label) == "Từ 90 năm" and len(bands) == 13
    assert str(rules.band_of(bands, 47).label) == "45–49 năm"
    assert rules.band_of(rules.age_bands(), 30).key == "den_30" and rules.band_of(rules.age_bands(),
                                                                                  71).key == "tren_70"


@given(st.integers(min_value=0, max_value=500), st.integers(min_value=0, max_value=500))
def test_ratio_and_percent(done, extra):
    total = done + extra
    assert rules.ratio_text(done, total) == f"{done}/{total}"
    share = rules.percent(done, total)
    assert share is None if total == 0 else 0 <= share <= 100


def test_default_rating_year():
    assert rules.default_rating_year(date(2026, 1, 15)) == 2025
    assert rules.default_rating_year(date(2026, 12, 1)) == 2026
    assert rules.default_rating_year(date(2026, 12, 1) - timedelta(days=1)) == 2025
