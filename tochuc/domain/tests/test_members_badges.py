"""Party badges: levels, award days, early and posthumous awards."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tochuc.domain.members import badges
from tochuc.domain.members.badges import BadgeStatus, badge_due
from tochuc.domain.members.dates import add_months, membership_months, membership_reached_on
from tochuc.domain.members.policy import DEFAULT_POLICY, MemberPolicy

days = st.dates(min_value=date(1930, 1, 1), max_value=date(2060, 12, 31))
gaps = st.lists(st.tuples(days, days), max_size=3)


@pytest.fixture(autouse=True)
def _tasks_run_inline():
    """Pure tests need no Django settings (replaces the project-wide fixture)."""


@pytest.mark.parametrize(("day", "expected"), [
    (date(2025, 1, 1), date(2025, 2, 3)), (date(2025, 2, 3), date(2025, 2, 3)), (date(2025, 2, 4), date(2025, 5, 19)),
    (date(2025, 5, 20), date(2025, 9, 2)), (date(2025, 9, 3), date(2025, 11, 7)), (date(2025, 11, 8), date(2026, 2, 3)),
])
def test_next_award_date_is_the_next_national_anniversary(day, expected):
    assert badges.next_award_date(day) == expected
    assert badges.is_award_day(expected) and not badges.is_award_day(expected + timedelta(days=1))


@given(days)
def test_next_award_date_is_the_first_award_day_on_or_after(day):
    found = badges.next_award_date(day)
    assert found >= day and badges.is_award_day(found)
    assert not any(badges.is_award_day(day + timedelta(days=i)) for i in range((found - day).days))


def test_thirty_years_on_the_anniversary():
    admitted = date(1995, 9, 1)
    assert badge_due(admitted, [], date(2025, 9, 2)) == badges.BadgeDue(BadgeStatus.DUE, 30)
    assert badge_due(admitted, [], date(2025, 5, 19)).status is BadgeStatus.NONE
    assert badge_due(admitted, [], date(2025, 9, 2), awarded=[30]) == badges.BadgeDue(BadgeStatus.ALREADY_AWARDED, 30)


def test_early_award_for_serious_illness():
    admitted = date(1995, 9, 1)
    due = badge_due(admitted, [], date(2024, 11, 7), seriously_ill=True)  # 10 months early
    assert (due.status, due.level, due.early) == (BadgeStatus.DUE, 30, True)
    assert badge_due(admitted, [], date(2024, 9, 2), seriously_ill=True).level == 30  # exactly 12 months early
    assert badge_due(admitted, [], date(2024, 5, 19), seriously_ill=True).status is BadgeStatus.NONE  # 15 months
    # From 70 years the allowance is 24 months.
    old = date(1955, 9, 1)
    assert badge_due(old, [], date(2023, 9, 2), awarded=[65], seriously_ill=True).level == 70
    assert badge_due(old, [], date(2023, 9, 2), awarded=[65]).status is BadgeStatus.ALREADY_AWARDED
    assert badge_due(date(1960, 9, 1), [], date(2023, 9, 2), awarded=[60],
                     seriously_ill=True).status is BadgeStatus.ALREADY_AWARDED


def test_posthumous_award_up_to_12_months_early():
    admitted = date(1995, 9, 1)
    died = date(2024, 10, 1)  # 29 years 1 month
    due = badge_due(admitted, [], date(2024, 11, 7), died_on=died)
    assert (due.status, due.level, due.early) == (BadgeStatus.DUE, 30, True)
    # Membership stops at death: awarding later does not add years.
    assert badge_due(admitted, [], date(2030, 2, 3), died_on=date(2024, 8, 1)).status is BadgeStatus.NONE
    # A death after the award day is not a posthumous award.
    assert badge_due(admitted, [], date(2024, 11, 7), died_on=date(2025, 1, 1)).status is BadgeStatus.NONE


def test_highest_level_only_and_no_lower_badge_after_a_higher_one():
    admitted = date(1980, 1, 1)
    assert badge_due(admitted, [], date(2025, 2, 3)).level == 45  # 30 and 40 were never awarded
    assert badge_due(admitted, [], date(2025, 2, 3), awarded=[40]).level == 45
    assert badge_due(admitted, [], date(2025, 2, 3), awarded=[45]).status is BadgeStatus.ALREADY_AWARDED
    assert badge_due(admitted, [], date(2025, 2, 3), awarded=[50]) == badges.BadgeDue(BadgeStatus.ALREADY_AWARDED, 50)
    assert badges.next_badge(admitted, [45], date(2025, 2, 3)) is None
    assert badges.next_badge(admitted, ["45", None], date(2025, 2, 3)) is None  # levels as stored in JSON


def test_time_out_delays_the_badge():
    admitted = date(1995, 9, 1)
    out = [(date(2000, 1, 1), date(2001, 1, 1))]
    assert badge_due(admitted, out, date(2025, 9, 2)).status is BadgeStatus.NONE
    assert badge_due(admitted, out, date(2026, 9, 2)).level == 30
    assert badges.badge_levels_reached(admitted, date(2026, 9, 2), out) == [30]
    assert badges.earliest_award_date(admitted, 30, out) == date(2026, 9, 2)
    assert badges.earliest_award_date(admitted, 30, out, seriously_ill=True) == date(2025, 9, 2)


def test_upcoming_badge_for_due_lists():
    assert badges.upcoming_badge(date(1995, 9, 1), after=date(2025, 1, 1)) == (30, date(2025, 9, 2))
    assert badges.upcoming_badge(date(1995, 9, 1), after=date(2025, 1, 1), awarded=[30]) == (40, date(2035, 9, 2))
    # Long overdue: the lower levels are passed over for the highest one reached.
    assert badges.upcoming_badge(date(1965, 3, 1), after=date(2026, 1, 1)) == (60, date(2026, 2, 3))
    assert badges.upcoming_badge(date(1995, 9, 1), after=date(2025, 1, 1), time_out=[(date(2000, 1, 1), None)]) is None
    assert badges.upcoming_badge(date(1930, 2, 3), after=date(2025, 1, 1), awarded=[90]) is None


def test_policy_changes_the_levels_and_allowances():
    policy = MemberPolicy(badge_years=(25, 30), badge_early_months_low=6)
    assert badge_due(date(2000, 2, 3), [], date(2025, 2, 3), policy=policy).level == 25
    assert badge_due(date(2000, 8, 3), [], date(2025, 2, 3), seriously_ill=True, policy=policy).level == 25
    assert badge_due(date(2000, 9, 3), [], date(2025, 2, 3), seriously_ill=True,
                     policy=policy).status is BadgeStatus.NONE


@given(days, gaps, days, st.booleans(), st.booleans())
def test_badge_never_before_eligible_minus_allowance(admitted, time_out, award_date, ill, dies):
    died_on = award_date - timedelta(days=40) if dies else None
    due = badge_due(admitted, time_out, award_date, seriously_ill=ill, died_on=died_on)
    if due.status is not BadgeStatus.DUE:
        return
    allowance = badges.early_allowance_months(due.level, seriously_ill=ill, posthumous=dies)
    counted_until = died_on or award_date
    assert membership_months(admitted, counted_until, time_out) + allowance >= due.level * 12
    assert counted_until >= membership_reached_on(admitted, due.level * 12 - allowance, time_out)
    assert due.early == (membership_months(admitted, counted_until, time_out) < due.level * 12)
    assert allowance <= (24 if ill and due.level >= 70 else 12 if ill or dies else 0)


@given(days, days)
def test_no_badge_before_thirty_years_less_any_allowance(admitted, award_date):
    if award_date < add_months(admitted, 30 * 12 - DEFAULT_POLICY.badge_early_months_low):
        assert badge_due(admitted, [], award_date, seriously_ill=True).status is BadgeStatus.NONE
