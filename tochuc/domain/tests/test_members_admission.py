"""Admission and probation rules."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tochuc.domain.members import admission, probation
from tochuc.domain.members.admission import AdmissionApplication, Introducer
from tochuc.domain.members.dates import add_months, is_working_day, whole_months_between, working_days_between
from tochuc.domain.members.policy import MemberPolicy, ProbationStart
from tochuc.domain.members.problems import MemberRuleError, errors

days = st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 12, 31))


@pytest.fixture(autouse=True)
def _tasks_run_inline():
    """Pure tests need no Django settings (replaces the project-wide fixture)."""


def codes(problems):
    return [p.code for p in problems]


# --- age ----------------------------------------------------------------------------------------

def test_exactly_18_in_months():
    born = date(2007, 5, 10)
    assert codes(admission.admission_problems(birth_date=born, considered_on=date(2025, 5, 9))) == ["age_under"]
    assert admission.admission_problems(birth_date=born, considered_on=date(2025, 5, 10)) == []


def test_born_29_february_is_18_on_28_february():
    born = date(2008, 2, 29)
    assert codes(admission.admission_problems(birth_date=born, considered_on=date(2026, 2, 27))) == ["age_under"]
    assert admission.admission_problems(birth_date=born, considered_on=date(2026, 2, 28)) == []


def test_exactly_60_is_allowed_and_over_needs_consent():
    born = date(1960, 1, 1)
    assert admission.admission_problems(birth_date=born, considered_on=date(2020, 1, 1)) == []
    assert admission.admission_problems(birth_date=born, considered_on=date(2020, 1, 31)) == []  # 720 months
    assert codes(admission.admission_problems(birth_date=born, considered_on=date(2020, 2, 1))) == ["age_over"]
    assert admission.admission_problems(birth_date=born, considered_on=date(2020, 2, 1), consent_over_age=True) == []


def test_age_limits_come_from_the_policy():
    policy = MemberPolicy(min_admission_age_months=17 * 12)
    assert admission.admission_problems(birth_date=date(2008, 1, 1), considered_on=date(2025, 6, 1),
                                        policy=policy) == []
    with pytest.raises(MemberRuleError):
        MemberPolicy(min_admission_age_months=800)


# --- introducers, resolution, certificate, ceremony ---------------------------------------------

def test_introducers():
    ok = Introducer(is_official_member=True, months_together=12)
    assert admission.introducer_problems([ok, ok]) == []
    assert codes(admission.introducer_problems([ok])) == ["introducer_count"]
    assert codes(admission.introducer_problems([ok, Introducer(True, 11, name="Lê Văn B")])) == ["introducer_months"]
    assert "Lê Văn B" in admission.introducer_problems([ok, Introducer(True, 11, name="Lê Văn B")])[0].message
    assert codes(admission.introducer_problems([ok, Introducer(False, 30)])) == ["introducer_not_official"]
    youth_union = Introducer(organization=True)
    assert admission.introducer_problems([youth_union, ok]) == []
    assert codes(admission.introducer_problems([youth_union, youth_union])) == ["introducer_organizations"]


@pytest.mark.parametrize(("votes", "members", "ok"),
                         [(6, 9, True), (5, 9, False), (2, 3, True), (1, 2, False), (2, 2, True)])
def test_resolution_needs_two_thirds_of_official_members(votes, members, ok):
    assert (admission.resolution_problems(votes, members) == []) is ok


def test_resolution_rejects_impossible_counts():
    with pytest.raises(MemberRuleError):
        admission.resolution_problems(10, 9)
    with pytest.raises(MemberRuleError):
        admission.resolution_problems(0, 0)


def test_certificate_valid_60_months():
    issued = date(2020, 3, 31)
    assert admission.certificate_problems(issued, date(2025, 3, 31)) == []  # the last valid day
    assert codes(admission.certificate_problems(issued, date(2025, 4, 1))) == ["certificate_expired"]
    assert codes(admission.certificate_problems(issued, date(2020, 3, 30))) == ["certificate_future"]


def test_ceremony_within_30_working_days():
    decision = date(2026, 1, 5)  # Monday
    assert admission.ceremony_deadline(decision) == date(2026, 2, 16)
    tet = {date(2026, 2, 16) + timedelta(days=i) for i in range(5)}
    assert admission.ceremony_deadline(decision, tet) == date(2026, 2, 23)
    assert admission.ceremony_problems(decision, date(2026, 2, 16)) == []
    assert codes(admission.ceremony_problems(decision, date(2026, 2, 17))) == ["ceremony_late"]
    assert admission.ceremony_problems(decision, date(2026, 2, 17), tet) == []
    assert codes(admission.ceremony_problems(decision, date(2026, 1, 4))) == ["ceremony_before_decision"]


def test_check_admission_reports_every_step():
    ok = Introducer(True, 24)
    good = AdmissionApplication(
        birth_date=date(2000, 1, 1), considered_on=date(2025, 6, 2), introducers=(ok, ok), votes_for=7,
        official_members=9, certificate_issued_on=date(2024, 1, 1), decision_on=date(2025, 7, 1),
        ceremony_on=date(2025, 7, 15),
    )
    assert admission.check_admission(good) == []
    bad = AdmissionApplication(birth_date=date(2010, 1, 1), considered_on=date(2025, 6, 2), introducers=(ok,),
                               votes_for=5, official_members=9, decision_on=date(2025, 6, 1))
    assert codes(admission.check_admission(bad)) == [
        "age_under", "introducer_count", "resolution_share", "certificate_missing", "decision_before_resolution"]


# --- probation ----------------------------------------------------------------------------------

@given(days)
def test_probation_end_is_twelve_months_later_same_day_or_clamped(admitted):
    end = probation.probation_end(admitted)
    assert whole_months_between(admitted, end) == 12
    assert (end.year, end.month) == (admitted.year + 1, admitted.month)
    assert end.day == admitted.day or (admitted.day > end.day and (end + timedelta(days=1)).day == 1)


def test_probation_from_29_february_and_late_approval():
    assert probation.probation_end(date(2024, 2, 29)) == date(2025, 2, 28)
    assert probation.official_date(date(2024, 2, 29)) == date(2025, 2, 28)
    admitted = date(2025, 3, 2)  # ends Monday 2026-03-02; 30 working days later is Monday 2026-04-13
    assert probation.official_status_deadline(admitted) == date(2026, 4, 13)
    assert probation.official_status_deadline(admitted, [date(2026, 3, 3)]) == date(2026, 4, 14)
    late = probation.official_status_problems(admitted, date(2026, 5, 4), votes_for=5, official_members=6)
    assert codes(late) == ["official_late"] and late[0].warning and errors(late) == []
    assert "02/03/2026" in late[0].message  # still official from the end of probation
    assert codes(probation.official_status_problems(admitted, date(2026, 3, 1), votes_for=6, official_members=6)) == [
        "probation_not_ended"]
    assert codes(probation.official_status_problems(admitted, date(2026, 3, 2), votes_for=3, official_members=6)) == [
        "resolution_share"]


def test_probation_start_choice_is_explicit():
    decision, ceremony = date(2025, 5, 5), date(2025, 5, 19)
    assert probation.probation_start(decision_on=decision, ceremony_on=ceremony) == ceremony
    with pytest.raises(MemberRuleError):
        probation.probation_start(decision_on=decision, ceremony_on=None)
    with pytest.raises(MemberRuleError):
        probation.probation_start(decision_on=decision, ceremony_on=date(2025, 5, 1))
    by_decision = MemberPolicy(probation_counts_from=ProbationStart.DECISION)
    assert probation.probation_start(decision_on=decision, ceremony_on=None, policy=by_decision) == decision
    assert MemberPolicy(probation_counts_from="decision").probation_counts_from is ProbationStart.DECISION


def test_official_status_due_in_month():
    assert probation.official_status_due_in_month(date(2025, 3, 31), 2026, 3)
    assert not probation.official_status_due_in_month(date(2025, 3, 31), 2026, 4)
    assert probation.official_status_due_in_month(date(2024, 2, 29), 2025, 2)
    with pytest.raises(MemberRuleError):
        probation.official_status_due_in_month(date(2024, 2, 29), 2025, 13)


@given(days, st.integers(2000, 2090), st.integers(1, 12))
def test_due_month_matches_month_arithmetic(admitted, year, month):
    due = probation.official_status_due_in_month(admitted, year, month)
    assert due == (date(year, month, 1) <= add_months(admitted, 12) < add_months(date(year, month, 1), 1))


def test_probation_overdue():
    admitted = date(2025, 3, 2)
    assert not probation.probation_overdue(admitted, date(2026, 4, 13))
    assert probation.probation_overdue(admitted, date(2026, 4, 14))
    assert not probation.probation_overdue(admitted, date(2026, 4, 14), [date(2026, 3, 3)])


@given(days)
def test_deadline_is_30_working_days_after_probation(admitted):
    end, deadline = probation.probation_end(admitted), probation.official_status_deadline(admitted)
    assert working_days_between(end, deadline) == 30 and is_working_day(deadline)
    assert 40 <= (deadline - end).days <= 42  # six weeks, less the weekend when probation ends on one
    assert not probation.probation_overdue(admitted, deadline)
    assert probation.probation_overdue(admitted, deadline + timedelta(days=1))
