"""Removal from the list, exemption, dues, and the status transitions."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tochuc.domain.members import dues, removal, status
from tochuc.domain.members.policy import MemberPolicy
from tochuc.domain.members.problems import MemberRuleError
from tochuc.domain.members.removal import RemovalFacts


@pytest.fixture(autouse=True)
def _tasks_run_inline():
    """Pure tests need no Django settings (replaces the project-wide fixture)."""


def codes(problems):
    return [p.code for p in problems]


# --- removal ------------------------------------------------------------------------------------

def test_no_grounds_for_a_member_in_good_standing():
    assert removal.removal_grounds(RemovalFacts(unexcused_absent_months=2, unexcused_unpaid_dues_months=2),
                                   date(2026, 1, 1)) == []


def test_each_ground_of_removal():
    on = date(2026, 6, 1)
    assert codes(removal.removal_grounds(RemovalFacts(unexcused_absent_months=3), on)) == ["removal_absence"]
    assert codes(removal.removal_grounds(RemovalFacts(unexcused_unpaid_dues_months=3), on)) == ["removal_dues"]
    assert codes(removal.removal_grounds(RemovalFacts(card_returned_or_destroyed=True), on)) == ["removal_card"]
    educated = RemovalFacts(education_started_on=date(2025, 6, 1), shows_progress=False)
    assert codes(removal.removal_grounds(educated, on)) == ["removal_no_progress"]
    assert removal.removal_grounds(educated, date(2026, 5, 31)) == []  # not yet 12 months
    assert removal.removal_grounds(RemovalFacts(education_started_on=date(2025, 1, 1)), on) == []  # progressing
    assert codes(removal.removal_grounds(RemovalFacts(fails_political_standards=True), on)) == ["removal_political"]
    with pytest.raises(MemberRuleError):
        removal.removal_grounds(RemovalFacts(unexcused_absent_months=13), on)


def test_two_consecutive_years_not_completed():
    nc, ok = "khong_hoan_thanh", "tot"
    assert removal.failed_years_running({2023: nc, 2024: nc, 2025: ok}) == 0  # the run ended
    assert removal.failed_years_running({2023: ok, 2024: nc, 2025: nc}) == 2
    assert removal.failed_years_running({2023: nc, 2025: nc}) == 1  # 2024 missing breaks the run
    assert removal.failed_years_running({}) == 0
    facts = RemovalFacts(ratings_by_year={2024: nc, 2025: nc})
    assert codes(removal.removal_grounds(facts, date(2026, 1, 10))) == ["removal_ratings"]


# --- exemption ----------------------------------------------------------------------------------

def test_exemption_needs_request_and_a_ground():
    on = date(2026, 1, 1)
    assert removal.exemption_problems(requested=True, ground="old_age", on=on) == []
    assert codes(removal.exemption_problems(requested=False, ground="old_age", on=on)) == ["exemption_no_request"]
    assert removal.exemption_problems(requested=True, ground="weak_health", on=on, treatment_months=3) == []
    assert codes(removal.exemption_problems(requested=True, ground="weak_health", on=on, treatment_months=2)) == [
        "exemption_health"]
    assert codes(removal.exemption_problems(requested=True, ground="weak_health", on=on)) == ["exemption_health"]
    assert codes(removal.exemption_problems(requested=True, ground="busy", on=on)) == ["exemption_ground"]


def test_exemption_age_only_when_the_policy_sets_one():
    policy = MemberPolicy(exemption_old_age_years=70)
    on = date(2026, 1, 1)
    assert removal.exemption_problems(requested=True, ground="old_age", on=on, birth_date=date(1956, 1, 1),
                                      policy=policy) == []
    assert codes(removal.exemption_problems(requested=True, ground="old_age", on=on, birth_date=date(1956, 1, 2),
                                            policy=policy)) == ["exemption_age"]


# --- dues ---------------------------------------------------------------------------------------

def test_dues_by_basis():
    assert dues.monthly_dues("salary", 12_345_650, membership_years=10) == 123_457  # half up
    assert dues.monthly_dues("benefit", 6_000_000, membership_years=10) == 60_000
    assert dues.monthly_dues("pension", 8_000_000, membership_years=49) == 40_000
    assert dues.monthly_dues("pension", 8_000_000, membership_years=50) == 0
    assert dues.monthly_dues("student", membership_years=1) == 5_000
    assert dues.monthly_dues("social_pension", 500_000, membership_years=1) == 0
    assert dues.monthly_dues("other", 20_000, membership_years=1) == 20_000
    with pytest.raises(MemberRuleError):
        dues.monthly_dues("gift", 1, membership_years=1)
    with pytest.raises(MemberRuleError):
        dues.monthly_dues("salary", -1, membership_years=1)


def test_dues_reductions():
    assert dues.monthly_dues("salary", 10_000_000, membership_years=5, reduction_percent=30) == 70_000
    assert dues.monthly_dues("salary", 10_000_000, membership_years=5, reduction_percent=70) == 30_000
    assert dues.monthly_dues("salary", 10_000_000, membership_years=5, reduction_percent=100) == 0
    with pytest.raises(MemberRuleError):
        dues.monthly_dues("salary", 10_000_000, membership_years=5, reduction_percent=40)
    assert dues.monthly_dues("salary", 12_345_650, membership_years=5,
                             policy=MemberPolicy(dues_round_to=1000)) == 123_000


def test_dues_rate_and_relief():
    assert dues.dues_rate(kind="salary", membership_years=20) == 0.01
    assert dues.dues_rate(kind="pension", membership_years=20) == 0.005
    assert dues.dues_rate(kind="salary", membership_years=50) == 0.0
    with pytest.raises(MemberRuleError):
        dues.dues_rate(kind="student", membership_years=1)
    assert dues.dues_relief_problems(50, date(2026, 1, 1), date(2027, 1, 1)) == []
    assert codes(dues.dues_relief_problems(50, date(2026, 1, 1), date(2027, 1, 2))) == ["dues_relief_months"]
    assert codes(dues.dues_relief_problems(40, date(2026, 1, 1), date(2026, 2, 1))) == ["dues_relief_percent"]
    assert codes(dues.dues_relief_problems(30, date(2026, 1, 1), date(2026, 1, 1))) == ["dues_relief_dates"]


@given(st.integers(0, 500_000_000), st.sampled_from([0, 30, 50, 70, 100]), st.integers(0, 49))
def test_reduced_dues_never_exceed_full_dues(income, percent, years):
    full = dues.monthly_dues("salary", income, membership_years=years)
    reduced = dues.monthly_dues("salary", income, membership_years=years, reduction_percent=percent)
    assert 0 <= reduced <= full <= income // 100 + 1
    assert abs(full - income / 100) <= 0.5


# --- status transitions -------------------------------------------------------------------------

def test_allowed_transitions():
    assert status.check_transition("probationary", "official") == []
    assert status.next_status("probationary", "official") == "official"
    assert codes(status.check_transition("official", "official")) == ["event_status"]
    assert codes(status.check_transition("died", "removal")) == ["event_status"]
    assert codes(status.check_transition("official", "promotion")) == ["event_kind"]
    assert codes(status.check_transition("ghost", "official")) == ["status_unknown"]
    assert status.next_status("official", "rating") == "official"
    assert status.next_status("probationary", "probation_failed") == "removed"
    assert status.next_status("transfer_pending", "transfer_out_done") == "transferred_out"
    assert status.next_status("died", "posthumous_badge") == "died"
    assert codes(status.check_transition("probationary", "expulsion")) == ["event_status"]
    with pytest.raises(MemberRuleError):
        status.next_status("left", "death")


def test_exemption_is_a_flag_checked_by_the_transition():
    assert status.check_transition("official", "exemption", exempted=False) == []
    assert codes(status.check_transition("official", "exemption", exempted=True)) == ["exemption_unchanged"]
    assert codes(status.check_transition("official", "exemption_end", exempted=False)) == ["exemption_unchanged"]
    assert status.check_transition("official", "exemption_end", exempted=True) == []
    assert codes(status.check_transition("probationary", "exemption")) == ["event_status"]


def test_final_statuses_allow_nothing_but_a_posthumous_badge():
    for final in status.FINAL:
        allowed = status.allowed_events(final)
        assert allowed == (["posthumous_badge"] if final == "died" else []), final


@given(st.sampled_from(sorted(status.STATUS_LABELS)), st.sampled_from(sorted(status.TRANSITIONS)))
def test_transition_table_is_closed_and_consistent(from_status, event):
    problems = status.check_transition(from_status, event)
    if problems:
        with pytest.raises(MemberRuleError):
            status.next_status(from_status, event)
    else:
        assert status.next_status(from_status, event) in status.STATUS_LABELS
        assert event in status.allowed_events(from_status)
        assert event in status.EVENT_LABELS
