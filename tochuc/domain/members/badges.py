"""Party badges (Huy hiệu Đảng) by membership years.

Quy định 24-QĐ/TW (2021); Hướng dẫn 01-HD/TW (2021), mục 18: badges at 30, 40, 45 … 90 years of
membership, counted in months minus time out of activity; awarded on the national anniversaries
3/2, 19/5, 2/9 and 7/11; up to 12 months early (30–65 years) or 24 months early (70–90) for a
seriously ill member; posthumously up to 12 months early. A member who already holds a badge is
not given a lower one afterwards (Ban Tổ chức Trung ương on the 45-year badge, 2016).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from tochuc.domain.members.dates import Interval, membership_months, membership_reached_on
from tochuc.domain.members.policy import DEFAULT_POLICY, MemberPolicy


class BadgeStatus(StrEnum):
    DUE = "due"
    NONE = "none"
    ALREADY_AWARDED = "already_awarded"


@dataclass(frozen=True)
class BadgeDue:
    """The outcome of :func:`badge_due`.

    - ``status`` DUE: ``level`` may be awarded on the date asked; ``early`` when only thanks to
      the illness or posthumous allowance.
    - ALREADY_AWARDED: the highest level reached (``level``) or a higher one was awarded.
    - NONE: no level reached (``level`` None).
    """

    status: BadgeStatus
    level: int | None = None
    early: bool = False


def next_award_date(d: date, *, policy: MemberPolicy = DEFAULT_POLICY) -> date:
    """The first national anniversary (3/2, 19/5, 2/9, 7/11) on or after ``d``."""
    for year in (d.year, d.year + 1):
        for month, day in sorted(policy.badge_award_days):
            candidate = date(year, month, day)
            if candidate >= d:
                return candidate
    raise AssertionError("every year has an award day")


def is_award_day(d: date, *, policy: MemberPolicy = DEFAULT_POLICY) -> bool:
    """Whether ``d`` is one of the usual award days (other dates need the provincial standing
    committee, Hướng dẫn 01-HD/TW, mục 18)."""
    return (d.month, d.day) in policy.badge_award_days


def early_allowance_months(level: int, *, seriously_ill: bool = False, posthumous: bool = False,
                           policy: MemberPolicy = DEFAULT_POLICY) -> int:
    """How many months before the full term ``level`` may be awarded."""
    allowance = 0
    if seriously_ill:
        high = level >= policy.badge_high_from_years
        allowance = policy.badge_early_months_high if high else policy.badge_early_months_low
    if posthumous:
        allowance = max(allowance, policy.badge_posthumous_early_months)
    return allowance


def badge_due(admitted_on: date, time_out: Iterable[Interval], award_date: date, *, awarded: Iterable[int] = (),
              seriously_ill: bool = False, died_on: date | None = None,
              policy: MemberPolicy = DEFAULT_POLICY) -> BadgeDue:
    """The badge a member may receive on ``award_date``: the highest level reached by then,
    counting the early allowance; membership of a deceased member stops at ``died_on`` and the
    award is then posthumous."""
    time_out = list(time_out)
    posthumous = died_on is not None and died_on <= award_date
    counted_until = min(award_date, died_on) if died_on is not None else award_date
    months = membership_months(admitted_on, counted_until, time_out)
    reached = None
    for level in policy.badge_years:
        allowance = early_allowance_months(level, seriously_ill=seriously_ill, posthumous=posthumous, policy=policy)
        if months + allowance >= level * 12:
            reached = level
    # Event details come from JSON: a level may be a string or missing.
    done = {int(level) for level in awarded if level is not None}
    if reached is None:
        return BadgeDue(BadgeStatus.NONE)
    if any(level >= reached for level in done):
        return BadgeDue(BadgeStatus.ALREADY_AWARDED, max(done))
    return BadgeDue(BadgeStatus.DUE, reached, early=months < reached * 12)


def badge_levels_reached(admitted_on: date, on: date, time_out: Iterable[Interval] = (), *,
                         policy: MemberPolicy = DEFAULT_POLICY) -> list[int]:
    """Badge levels (years) whose full term is reached by ``on``, without any allowance."""
    years = membership_months(admitted_on, on, list(time_out)) // 12
    return [level for level in policy.badge_years if level <= years]


def next_badge(admitted_on: date, awarded: Iterable[int], on: date, time_out: Iterable[Interval] = (), *,
               seriously_ill: bool = False, policy: MemberPolicy = DEFAULT_POLICY) -> int | None:
    """The level due on ``on`` (see :func:`badge_due`), or None."""
    due = badge_due(admitted_on, time_out, on, awarded=awarded, seriously_ill=seriously_ill, policy=policy)
    return due.level if due.status is BadgeStatus.DUE else None


def upcoming_badge(admitted_on: date, *, after: date, time_out: Iterable[Interval] = (), awarded: Iterable[int] = (),
                   policy: MemberPolicy = DEFAULT_POLICY) -> tuple[int, date] | None:
    """The next level above those awarded and the first award day on or after ``after`` on which
    its full term is reached; None when the member is out of activity indefinitely or past the
    last level."""
    time_out = list(time_out)
    top = max((int(level) for level in awarded if level is not None), default=0)
    for level in policy.badge_years:
        if level <= top:
            continue
        reached_on = membership_reached_on(admitted_on, level * 12, time_out)
        if reached_on is None:
            return None
        day = next_award_date(max(reached_on, after), policy=policy)
        # A level whose day would come after the next level is already reached is skipped.
        later = [lv for lv in policy.badge_years if lv > level]
        if later:
            next_reached = membership_reached_on(admitted_on, later[0] * 12, time_out)
            if next_reached is not None and next_reached <= day:
                continue
        return level, day
    return None


def earliest_award_date(admitted_on: date, level: int, time_out: Iterable[Interval] = (), *,
                        seriously_ill: bool = False, posthumous: bool = False,
                        policy: MemberPolicy = DEFAULT_POLICY) -> date | None:
    """The first day on which ``level`` may be awarded, allowance included (before rounding to an
    award day)."""
    allowance = early_allowance_months(level, seriously_ill=seriously_ill, posthumous=posthumous, policy=policy)
    reached = membership_reached_on(admitted_on, level * 12 - allowance, list(time_out))
    return reached if reached is None else max(reached, admitted_on)


__all__ = [
    "BadgeDue",
    "BadgeStatus",
    "badge_due",
    "badge_levels_reached",
    "early_allowance_months",
    "earliest_award_date",
    "is_award_day",
    "next_award_date",
    "next_badge",
    "upcoming_badge",
]
