"""Transfers of party activity (chuyển sinh hoạt đảng).

Quy định 24-QĐ/TW (2021); Hướng dẫn 12-HD/BTCTW (2022):
- permanent (chính thức): a member who moves for good (new job, retirement, new residence)
  presents the transfer papers within 60 working days of the move; lateness without a good reason
  is handled by the chi bộ and can lead to removal from the list;
- temporary (tạm thời): for a stay elsewhere from 3 months to under 1 year (for study, 3 months
  to 2 years); the member stays a member, and committee member, of the home organization.
  Shorter stays need no transfer; longer ones need a permanent transfer.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from tochuc.domain.members.dates import add_months, add_working_days
from tochuc.domain.members.policy import DEFAULT_POLICY, MemberPolicy
from tochuc.domain.members.problems import Problem
from tochuc.domain.messages import msg


def permanent_transfer_deadline(moved_on: date, holidays: Iterable[date] = (), *,
                                policy: MemberPolicy = DEFAULT_POLICY) -> date:
    """The last day to present the transfer papers: 60 working days after the move (the date of
    the decision to move, retire or leave the unit)."""
    return add_working_days(moved_on, policy.permanent_transfer_working_days, holidays)


def permanent_transfer_problems(moved_on: date, reported_on: date, holidays: Iterable[date] = (), *,
                                excused: bool = False, policy: MemberPolicy = DEFAULT_POLICY) -> list[Problem]:
    """A permanent transfer reported ``reported_on`` for a move on ``moved_on``.

    Late papers are an error unless the chi bộ accepted a good reason (``excused``), and then a
    warning that stays on record.
    """
    if reported_on < moved_on:
        return [Problem("transfer_before_move", msg("member.transfer_before_move"))]
    deadline = permanent_transfer_deadline(moved_on, holidays, policy=policy)
    if reported_on > deadline:
        return [Problem(
            "transfer_late",
            msg("member.transfer_late", days=policy.permanent_transfer_working_days, day=f"{deadline:%d/%m/%Y}"),
            warning=excused,
        )]
    return []


def temporary_transfer_problems(start: date, end: date, *, study: bool = False,
                                policy: MemberPolicy = DEFAULT_POLICY) -> list[Problem]:
    """A temporary transfer for the stay ``[start, end)``: at least 3 months, and under 12
    months (study: up to 24 months inclusive)."""
    if end <= start:
        return [Problem("temporary_dates", msg("member.temporary_dates"))]
    if end < add_months(start, policy.temporary_min_months):
        return [Problem(
            "temporary_too_short",
            msg("member.temporary_too_short", months=policy.temporary_min_months),
        )]
    if study:
        if end > add_months(start, policy.temporary_study_max_months):
            return [Problem(
                "temporary_too_long",
                msg("member.temporary_study_too_long", months=policy.temporary_study_max_months),
            )]
    elif end >= add_months(start, policy.temporary_max_months):
        return [Problem(
            "temporary_too_long",
            msg("member.temporary_too_long", months=policy.temporary_max_months),
        )]
    return []
