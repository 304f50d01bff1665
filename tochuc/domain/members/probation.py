"""Probation (thời kỳ dự bị) and official status (công nhận đảng viên chính thức).

Điều lệ Đảng, Điều 5; Quy định 24-QĐ/TW (2021): probation lasts 12 months from the
admission ceremony; within 30 working days after it ends the chi bộ considers official status,
which needs the votes of ≥ 2/3 of its official members; an approved member is official from the
day the 12 months end, even when the decision comes late.

The functions take the date probation counts from as ``admitted_on``; :func:`probation_start`
makes the ceremony-or-decision choice explicit for records that hold both.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from tochuc.domain.members.admission import resolution_problems
from tochuc.domain.members.dates import add_months, add_working_days
from tochuc.domain.members.policy import DEFAULT_POLICY, MemberPolicy, ProbationStart
from tochuc.domain.members.problems import MemberRuleError, Problem
from tochuc.domain.messages import msg

__all__ = [
    "ProbationStart",
    "official_date",
    "official_status_deadline",
    "official_status_due_in_month",
    "official_status_problems",
    "probation_end",
    "probation_overdue",
    "probation_start",
]


def probation_start(*, decision_on: date, ceremony_on: date | None,
                    policy: MemberPolicy = DEFAULT_POLICY) -> date:
    """The date probation counts from, as ``policy.probation_counts_from`` says.

    Counting from the ceremony (the Charter's rule) without a recorded ceremony date is an error,
    not a silent fallback to the decision date: the two may be 30 working days apart.
    """
    if policy.probation_counts_from is ProbationStart.DECISION:
        return decision_on
    if ceremony_on is None:
        raise MemberRuleError("probation_no_ceremony", msg("member.probation_no_ceremony"))
    if ceremony_on < decision_on:
        raise MemberRuleError("ceremony_before_decision", msg("member.ceremony_before_decision"))
    return ceremony_on


def probation_end(admitted_on: date, *, policy: MemberPolicy = DEFAULT_POLICY) -> date:
    """The day the 12 months of probation end (29/2 → 28/2 of the next year); if approved, the
    member is official from this day (Điều lệ Đảng, Điều 5)."""
    return add_months(admitted_on, policy.probation_months)


def official_date(admitted_on: date, *, policy: MemberPolicy = DEFAULT_POLICY) -> date:
    """Official status dates from the end of probation, whenever it is approved (Quy định
    24-QĐ/TW, 2021)."""
    return probation_end(admitted_on, policy=policy)


def official_status_deadline(admitted_on: date, holidays: Iterable[date] = (), *,
                             policy: MemberPolicy = DEFAULT_POLICY) -> date:
    """The last day the chi bộ may consider official status: 30 working days after probation
    ends (Điều lệ Đảng, Điều 5)."""
    return add_working_days(probation_end(admitted_on, policy=policy), policy.official_decision_working_days, holidays)


def official_status_due_in_month(admitted_on: date, year: int, month: int, *,
                                 policy: MemberPolicy = DEFAULT_POLICY) -> bool:
    """Whether probation ends in ``year``/``month`` (the chi bộ's monthly list of members to
    consider for official status)."""
    if not 1 <= month <= 12:
        raise MemberRuleError("month_invalid", msg("member.month_invalid", month=month))
    end = probation_end(admitted_on, policy=policy)
    return (end.year, end.month) == (year, month)


def probation_overdue(admitted_on: date, today: date, holidays: Iterable[date] = (), *,
                      policy: MemberPolicy = DEFAULT_POLICY) -> bool:
    """Whether the 30 working days to consider official status have passed by ``today``
    (for a member still probationary: the caller filters on status)."""
    return today > official_status_deadline(admitted_on, holidays, policy=policy)


def official_status_problems(admitted_on: date, considered_on: date, *, votes_for: int, official_members: int,
                             holidays: Iterable[date] = (), policy: MemberPolicy = DEFAULT_POLICY) -> list[Problem]:
    """Problems of a chi bộ resolution recognizing official status.

    Considering before probation ends is an error; after the 30 working days it is a warning,
    since the member is still official from the end of probation (Quy định 24-QĐ/TW, 2021).
    """
    problems = []
    end = probation_end(admitted_on, policy=policy)
    if considered_on < end:
        problems.append(Problem(
            "probation_not_ended", msg("member.probation_not_ended", months=policy.probation_months,
                                       day=f"{end:%d/%m/%Y}")))
    elif considered_on > (deadline := official_status_deadline(admitted_on, holidays, policy=policy)):
        problems.append(Problem(
            "official_late",
            msg("member.official_late", days=policy.official_decision_working_days, deadline=f"{deadline:%d/%m/%Y}",
                official=f"{end:%d/%m/%Y}"),
            warning=True,
        ))
    problems.extend(resolution_problems(votes_for, official_members, policy=policy))
    return problems
