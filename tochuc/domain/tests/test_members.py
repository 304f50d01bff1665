from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tochuc.domain.members import dates, rules
from tochuc.domain.members.citizen_id import make_citizen_id, validate_citizen_id
from tochuc.domain.members.reference import ETHNIC_GROUPS

days = st.dates(min_value=date(1900, 1, 1), max_value=date(2090, 12, 31))


def test_add_months_clamps_to_month_end():
    assert dates.add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)
    assert dates.add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert dates.add_months(date(2025, 3, 15), -3) == date(2024, 12, 15)


@given(days, st.integers(min_value=-600, max_value=600))
def test_add_months_moves_whole_months(day, months):
    moved = dates.add_months(day, months)
    assert (moved.year * 12 + moved.month) - (day.year * 12 + day.month) == months
    assert moved.day == day.day or moved.day < day.day  # clamped only downwards


@given(days)
def test_probation_end_is_twelve_months_later(admitted):
    end = dates.probation_end(admitted)
    assert dates.whole_months_between(admitted, end) == 12
    assert end - admitted in (timedelta(days=365), timedelta(days=366), timedelta(days=364))


def test_official_deadline_counts_working_days():
    # Probation ends Monday 2026-03-02; 30 working days later (no holidays) is Monday 2026-04-13.
    assert dates.official_status_deadline(date(2025, 3, 2)) == date(2026, 4, 13)
    assert dates.official_status_deadline(date(2025, 3, 2), holidays=[date(2026, 3, 3)]) == date(2026, 4, 14)


def test_age_in_months_at_exactly_18():
    assert dates.age_in_months(date(2007, 5, 10), date(2025, 5, 10)) == 216
    assert dates.age_in_months(date(2007, 5, 10), date(2025, 5, 9)) == 215
    assert rules.admission_problems(birth_date=date(2007, 5, 10), considered_on=date(2025, 5, 9))[0].code == "age_under"
    assert rules.admission_problems(birth_date=date(2007, 5, 10), considered_on=date(2025, 5, 10)) == []


def test_over_sixty_needs_consent():
    assert rules.admission_problems(birth_date=date(1960, 1, 1), considered_on=date(2020, 1, 1)) == []  # exactly 60
    assert rules.admission_problems(birth_date=date(1960, 1, 1), considered_on=date(2020, 2, 1))[0].code == "age_over"
    assert rules.admission_problems(birth_date=date(1960, 1, 1), considered_on=date(2020, 2, 1), consent_over_age=True) == []


@given(days, days, st.lists(st.tuples(days, days), max_size=4))
def test_time_out_never_adds_membership(admitted, on, gaps):
    assert dates.membership_months(admitted, on, gaps) <= dates.membership_months(admitted, on)


def test_membership_years_minus_time_out():
    admitted = date(1995, 6, 1)
    assert dates.membership_years(admitted, date(2025, 6, 1)) == 30
    out = [(date(2000, 1, 1), date(2001, 1, 1)), (date(2000, 6, 1), date(2000, 9, 1))]  # overlapping: one year
    assert dates.membership_years(admitted, date(2025, 6, 1), out) == 29
    assert rules.badge_levels_reached(admitted, date(2025, 6, 1), out) == []


def test_badge_due_and_early_award_for_serious_illness():
    admitted = date(1995, 9, 1)
    assert rules.next_badge(admitted, [], date(2025, 9, 2)) == 30
    assert rules.next_badge(admitted, [30], date(2025, 9, 2)) is None
    assert rules.next_badge(admitted, [], date(2024, 11, 7)) is None
    assert rules.next_badge(admitted, [], date(2024, 11, 7), seriously_ill=True) == 30  # 10 months early
    assert rules.next_badge(admitted, [], date(2024, 5, 19), seriously_ill=True) is None  # 15 months: too early


@given(days, st.booleans())
def test_badge_never_before_eligible_minus_allowance(admitted, ill):
    on = dates.add_months(admitted, 12 * 30 - 13)
    assert rules.next_badge(admitted, [], on, seriously_ill=ill) is None


def test_next_badge_day_is_a_national_anniversary():
    assert rules.next_badge_day(date(2025, 5, 20)) == date(2025, 9, 2)
    assert rules.next_badge_day(date(2025, 11, 8)) == date(2026, 2, 3)


def test_citizen_id_checks():
    birth = date(1985, 4, 2)
    good = make_citizen_id("001", "nu", birth, 123456)
    assert good == "001185123456" and validate_citizen_id(good, birth, "nu") == []
    assert {p.code for p in validate_citizen_id("001085123456", birth, "nu")} == {"cccd_sex_century"}
    assert {p.code for p in validate_citizen_id("003185123456", birth, "nu")} == {"cccd_province"}  # 03 is not a province code
    assert {p.code for p in validate_citizen_id("001186123456", birth, "nu")} == {"cccd_year"}
    assert validate_citizen_id("12345", birth, "nu")[0].code == "cccd_format"
    assert validate_citizen_id(make_citizen_id("079", "nam", date(2003, 1, 1), 1), date(2003, 1, 1), "nam") == []


def test_discipline_forms_by_status():
    assert rules.discipline_problems("khai_tru", status="official", holds_post=False) == []
    assert rules.discipline_problems("khai_tru", status="probationary", holds_post=False)[0].code == "discipline_probationary"
    assert rules.discipline_problems("cach_chuc", status="official", holds_post=False)[0].code == "discipline_no_post"
    assert rules.discipline_problems("canh_cao", status="probationary", holds_post=False) == []


@pytest.mark.parametrize(("score", "kwargs", "level"), [
    (95, {"share_exceeded": 0.4}, "xuat_sac"), (95, {"share_exceeded": 0.1}, "tot"), (70, {}, "tot"),
    (69.9, {}, "hoan_thanh"), (60, {"share_late": 0.3}, "khong_hoan_thanh"), (49, {}, "khong_hoan_thanh"),
    (99, {"violations": True, "share_exceeded": 1}, "khong_hoan_thanh"),
])
def test_rating_levels(score, kwargs, level):
    assert rules.rating_level(score, **kwargs) == level


def test_transitions():
    assert rules.transition_problems("probationary", "official") == []
    assert rules.transition_problems("official", "official")[0].code == "event_status"
    assert rules.transition_problems("died", "removal")[0].code == "event_status"


def test_fifty_four_ethnic_groups():
    assert len([c for c in ETHNIC_GROUPS if c <= "54"]) == 54 and ETHNIC_GROUPS["01"] == "Kinh"
    assert rules.dues_rate(kind="pension", membership_years=20) == 0.005
    assert rules.dues_rate(kind="salary", membership_years=50) == 0.0
