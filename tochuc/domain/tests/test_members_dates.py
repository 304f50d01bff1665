"""Date arithmetic of the member rules: months, ages, working days, membership years."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tochuc.domain.members import dates

days = st.dates(min_value=date(1900, 1, 1), max_value=date(2090, 12, 31))
holiday_sets = st.frozensets(st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 12, 31)), max_size=25)
gaps = st.lists(st.tuples(days, days | st.none()), max_size=4)


@pytest.fixture(autouse=True)
def _tasks_run_inline():
    """Pure tests need no Django settings: replaces the project-wide fixture, so this file also
    runs with ``-p no:django``."""


def naive_add_working_days(day: date, count: int, holidays: frozenset[date]) -> date:
    current = day
    while count:
        current += timedelta(days=1)
        if current.weekday() < 5 and current not in holidays:
            count -= 1
    return current


# --- months -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("day", "months", "expected"), [
    (date(2024, 2, 29), 12, date(2025, 2, 28)),
    (date(2024, 2, 29), 48, date(2028, 2, 29)),
    (date(2025, 1, 31), 1, date(2025, 2, 28)),
    (date(2024, 1, 31), 1, date(2024, 2, 29)),
    (date(2025, 3, 31), 1, date(2025, 4, 30)),
    (date(2025, 3, 15), -3, date(2024, 12, 15)),
    (date(2025, 12, 31), 2, date(2026, 2, 28)),
])
def test_add_months_clamps_to_month_end(day, months, expected):
    assert dates.add_months(day, months) == expected


@given(days, st.integers(min_value=-600, max_value=600))
def test_add_months_moves_whole_months_and_keeps_or_clamps_the_day(day, months):
    moved = dates.add_months(day, months)
    assert (moved.year * 12 + moved.month) - (day.year * 12 + day.month) == months
    if moved.day != day.day:
        assert moved.day < day.day and (moved + timedelta(days=1)).day == 1  # clamped to month end


@given(days, days)
def test_whole_months_is_the_largest_k_not_past_end(start, end):
    k = dates.whole_months_between(start, end)
    if end >= start:
        assert dates.add_months(start, k) <= end < dates.add_months(start, k + 1)
    else:
        assert k == -dates.whole_months_between(end, start)


@given(days, days, days)
def test_age_in_months_is_monotone(birth, a, b):
    a, b = sorted((a, b))
    assert dates.age_in_months(birth, a) <= dates.age_in_months(birth, b)


def test_age_on_exact_birthdays():
    assert dates.age_in_months(date(2007, 5, 10), date(2025, 5, 10)) == 216
    assert dates.age_in_months(date(2007, 5, 10), date(2025, 5, 9)) == 215
    assert dates.age_in_years(date(1965, 8, 31), date(2025, 8, 31)) == 60
    assert dates.age_in_years(date(1965, 8, 31), date(2025, 8, 30)) == 59


def test_born_on_29_february_completes_years_on_28_february():
    born = date(2008, 2, 29)
    assert dates.age_in_months(born, date(2026, 2, 27)) == 18 * 12 - 1
    assert dates.age_in_months(born, date(2026, 2, 28)) == 18 * 12
    assert dates.age_in_months(born, date(2028, 2, 28)) == 20 * 12 - 1  # a leap year: 29/2 exists
    assert dates.age_in_months(born, date(2028, 2, 29)) == 20 * 12


# --- working days -----------------------------------------------------------------------------

def test_working_days_skip_weekends_and_holidays():
    # Friday 2026-01-02 + 1 working day = Monday 2026-01-05; + 5 = next Friday.
    assert dates.add_working_days(date(2026, 1, 2), 1) == date(2026, 1, 5)
    assert dates.add_working_days(date(2026, 1, 2), 5) == date(2026, 1, 9)
    # From a Saturday the first working day is Monday.
    assert dates.add_working_days(date(2026, 1, 3), 1) == date(2026, 1, 5)
    assert dates.add_working_days(date(2026, 1, 3), 0) == date(2026, 1, 3)
    # Tết 2026 (16–20 Feb, Monday–Friday) off: Friday 13 Feb + 1 working day = Monday 23 Feb.
    tet = {date(2026, 2, 16) + timedelta(days=i) for i in range(5)}
    assert dates.add_working_days(date(2026, 2, 13), 1, tet) == date(2026, 2, 23)
    assert dates.working_days_between(date(2026, 2, 13), date(2026, 2, 23), tet) == 1
    with pytest.raises(ValueError):
        dates.add_working_days(date(2026, 1, 2), -1)


@given(st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 6, 30)), st.integers(0, 80), holiday_sets)
def test_fast_working_days_agree_with_walking_day_by_day(day, count, holidays):
    result = dates.add_working_days(day, count, holidays)
    assert result == naive_add_working_days(day, count, holidays)
    assert dates.working_days_between(day, result, holidays) == count
    if count:
        assert dates.is_working_day(result, holidays)


# --- time out and membership years ------------------------------------------------------------

def test_merge_intervals_joins_overlaps_and_open_ends():
    a, b, c, d = date(2000, 1, 1), date(2000, 6, 1), date(2001, 1, 1), date(2002, 1, 1)
    assert dates.merge_intervals([(b, c), (a, b), (d, d)]) == [(a, c)]  # touching joined, empty dropped
    assert dates.merge_intervals([(a, None), (b, d)]) == [(a, None)]
    assert dates.merge_intervals([(a, None)], until=c) == [(a, c)]
    assert dates.days_out([(a, c), (b, date(2000, 9, 1))], a, d) == 366  # overlap counted once


def test_membership_years_minus_time_out():
    admitted = date(1995, 6, 1)
    assert dates.membership_years(admitted, date(2025, 6, 1)) == 30
    # Out for the whole of 2000 (366 days, overlapping records merged): 366 days later.
    out = [(date(2000, 1, 1), date(2001, 1, 1)), (date(2000, 6, 1), date(2000, 9, 1))]
    assert dates.membership_years(admitted, date(2025, 6, 1), out) == 28
    assert dates.membership_years(admitted, date(2025, 6, 2), out) == 29
    assert dates.membership_reached_on(admitted, 29 * 12, out) == date(2025, 6, 2)
    # Still out (open interval): the count stops at the day the member left.
    assert dates.membership_months(admitted, date(2025, 6, 1), [(date(1996, 6, 1), None)]) == 12
    assert dates.membership_reached_on(admitted, 24, [(date(1996, 6, 1), None)]) is None
    assert dates.membership_months(admitted, admitted) == 0


@given(days, days, gaps)
def test_time_out_never_adds_membership(admitted, on, time_out):
    assert dates.membership_months(admitted, on, time_out) <= dates.membership_months(admitted, on)


@given(days, days, days, gaps)
def test_membership_months_is_monotone_in_the_date(admitted, a, b, time_out):
    a, b = sorted((a, b))
    assert dates.membership_months(admitted, a, time_out) <= dates.membership_months(admitted, b, time_out)


@given(days, st.integers(0, 1200), st.lists(st.tuples(days, days), max_size=4))
def test_reached_on_is_the_first_day_with_that_membership(admitted, months, time_out):
    reached = dates.membership_reached_on(admitted, months, time_out)
    assert reached is not None  # closed intervals only
    assert dates.membership_months(admitted, reached, time_out) >= months
    if reached > admitted:
        assert dates.membership_months(admitted, reached - timedelta(days=1), time_out) < months


def test_probation_dates_live_in_probation_only():
    """dates is below probation (probation counts with dates' helpers): no name of probation
    comes back through dates, which would hide the cycle dates → probation → dates."""
    from tochuc.domain.members.probation import official_status_deadline, probation_end

    assert probation_end(date(2024, 2, 29)) == date(2025, 2, 28)
    assert official_status_deadline(date(2025, 3, 2)) == date(2026, 4, 13)
    for name in ("probation_end", "official_status_deadline", "no_such_rule"):
        with pytest.raises(AttributeError):
            getattr(dates, name)
