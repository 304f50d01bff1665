"""Date arithmetic of the party's rules: months, working days, membership years.

Điều lệ Đảng (2011) Điều 1, 5; Quy định 24-QĐ/TW (2021) on counting probation and membership
years; working days exclude Saturdays, Sundays and the public holidays given.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from datetime import date, timedelta

Interval = tuple[date, date]  # [start, end)


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole months, clamped to the month's end (29/2 + 12 months = 28/2)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def whole_months_between(start: date, end: date) -> int:
    """Completed months from ``start`` to ``end`` (0 when ``end`` is before ``start``'s month day)."""
    if end < start:
        return -whole_months_between(end, start)
    months = (end.year - start.year) * 12 + (end.month - start.month)
    if add_months(start, months) > end:
        months -= 1
    return months


def age_in_months(birth_date: date, on: date) -> int:
    return whole_months_between(birth_date, on)


def add_working_days(day: date, count: int, holidays: Iterable[date] = ()) -> date:
    """The date ``count`` working days after ``day`` (Monday–Friday, not a listed holiday)."""
    off = set(holidays)
    current = day
    remaining = count
    while remaining > 0:
        current += timedelta(days=1)
        if current.weekday() < 5 and current not in off:
            remaining -= 1
    return current


PROBATION_MONTHS = 12  # Điều lệ Đảng, Điều 5
OFFICIAL_DECISION_WORKING_DAYS = 30  # Điều lệ Đảng, Điều 5: within 30 working days after probation


def probation_end(admitted_on: date, months: int = PROBATION_MONTHS) -> date:
    """The day probation ends and, if approved, official status begins — even when approved late."""
    return add_months(admitted_on, months)


def official_status_deadline(admitted_on: date, holidays: Iterable[date] = ()) -> date:
    """The last day the chi bộ may consider official status."""
    return add_working_days(probation_end(admitted_on), OFFICIAL_DECISION_WORKING_DAYS, holidays)


def merge_intervals(intervals: Iterable[Interval]) -> list[Interval]:
    """Overlapping or touching intervals joined, sorted."""
    merged: list[Interval] = []
    for start, end in sorted(i for i in intervals if i[1] > i[0]):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def days_out(intervals: Iterable[Interval], start: date, on: date) -> int:
    """Days of ``[start, on)`` spent out of party activity."""
    total = 0
    for a, b in merge_intervals(intervals):
        a, b = max(a, start), min(b, on)
        if b > a:
            total += (b - a).days
    return total


def membership_months(admitted_on: date, on: date, time_out: Iterable[Interval] = ()) -> int:
    """Tuổi đảng in whole months: from the admission decision, minus time out of activity
    (Quy định 24-QĐ/TW, 2021)."""
    if on <= admitted_on:
        return 0
    shifted = admitted_on + timedelta(days=days_out(time_out, admitted_on, on))
    return max(0, whole_months_between(shifted, on))


def membership_years(admitted_on: date, on: date, time_out: Iterable[Interval] = ()) -> int:
    return membership_months(admitted_on, on, time_out) // 12
