"""Date arithmetic of the party's rules: whole months, working days, membership years.

Periods follow the Civil Code (Bộ luật Dân sự 2015, Điều 147–148): the first day is not counted
and a period of months ends on the same day of the last month, or on that month's last day when
it has no such day (29/2 + 12 months = 28/2). Working days are Monday to Friday except the public
holidays the caller gives (the list changes every year: Tết dates, swapped days).

Membership years (tuổi đảng) count from the date written in the admission decision, minus the
time out of party activity (Quy định 24-QĐ/TW, 2021; Hướng dẫn 12-HD/BTCTW, 2022).
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from datetime import date, timedelta

#: ``[start, end)``: the member was out of party activity from ``start`` and took part again on
#: ``end``; ``end`` None means still out.
Interval = tuple[date, date | None]

_ONE_DAY = timedelta(days=1)


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole months, clamped to the month's end (29/2 + 12 months = 28/2)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def whole_months_between(start: date, end: date) -> int:
    """Completed months from ``start`` to ``end``: the largest k with ``add_months(start, k) <= end``
    (negative when ``end`` is before ``start``)."""
    if end < start:
        return -whole_months_between(end, start)
    months = (end.year - start.year) * 12 + (end.month - start.month)
    # One step back suffices: add_months(start, months - 1) lies in the month before end's.
    if add_months(start, months) > end:
        months -= 1
    return months


def age_in_months(birth_date: date, on: date) -> int:
    """Age in completed months, as admission counts it (Quy định 24-QĐ/TW, 1.1: "tính theo tháng").
    Someone born on 29/2 completes a year on 28/2 of a common year."""
    return whole_months_between(birth_date, on)


def age_in_years(birth_date: date, on: date) -> int:
    """Age in completed years (``age_in_months // 12``)."""
    return whole_months_between(birth_date, on) // 12


def is_working_day(day: date, holidays: Iterable[date] = ()) -> bool:
    """Monday to Friday and not a listed public holiday."""
    return day.weekday() < 5 and day not in _as_set(holidays)


def _as_set(holidays: Iterable[date]) -> frozenset[date] | set[date]:
    # Due lists pass the same holiday set for every member: use it as is rather than copy it.
    return holidays if isinstance(holidays, (set, frozenset)) else frozenset(holidays)


def add_working_days(day: date, count: int, holidays: Iterable[date] = ()) -> date:
    """The ``count``-th working day after ``day`` (``day`` itself is not counted: Bộ luật Dân sự
    2015, Điều 147).

    Due lists call this for every probationary member, so whole weeks are skipped arithmetically
    and only holidays and the last few days are walked.
    """
    if count < 0:
        raise ValueError("count must be ≥ 0")
    if count == 0:
        return day
    off = _as_set(holidays)
    current = day
    if current.weekday() >= 5:
        # The working days after a Saturday or Sunday are those after the Friday before it.
        current -= timedelta(days=current.weekday() - 4)
    weeks, rest = divmod(count, 5)
    current += timedelta(weeks=weeks)
    for _ in range(rest):
        current += _ONE_DAY
        while current.weekday() >= 5:
            current += _ONE_DAY
    # Each weekday holiday in (day, current] pushes the deadline one working day further, and the
    # days added may contain holidays of their own.
    extra = sum(1 for h in off if day < h <= current and h.weekday() < 5)
    while extra:
        current += _ONE_DAY
        if current.weekday() < 5:
            if current in off:
                continue
            extra -= 1
    return current


def working_days_between(start: date, end: date, holidays: Iterable[date] = ()) -> int:
    """Working days in ``(start, end]``: 0 when ``end <= start``."""
    off = _as_set(holidays)
    count, current = 0, start
    while current < end:
        current += _ONE_DAY
        if current.weekday() < 5 and current not in off:
            count += 1
    return count


def merge_intervals(intervals: Iterable[Interval], until: date | None = None) -> list[tuple[date, date | None]]:
    """Overlapping or touching intervals joined and sorted; empty ones dropped. An open interval
    (``end`` None) swallows everything after its start. With ``until``, open ends become ``until``."""
    merged: list[tuple[date, date | None]] = []
    for start, end in sorted(intervals, key=lambda i: i[0]):
        if end is None and until is not None:
            end = max(until, start)
        if end is not None and end <= start:
            continue
        if merged and (merged[-1][1] is None or start <= merged[-1][1]):
            last_start, last_end = merged[-1]
            merged[-1] = (last_start, None if last_end is None or end is None else max(last_end, end))
        else:
            merged.append((start, end))
    return merged


def days_out(intervals: Iterable[Interval], start: date, on: date) -> int:
    """Days of ``[start, on)`` spent out of party activity (overlaps counted once)."""
    total = 0
    for a, b in merge_intervals(intervals, until=on):
        a, b = max(a, start), min(b or on, on)
        if b > a:
            total += (b - a).days
    return total


def membership_months(admitted_on: date, on: date, time_out: Iterable[Interval] = ()) -> int:
    """Tuổi đảng in whole months on ``on``: from the admission decision, minus time out of
    activity (Quy định 24-QĐ/TW, 2021).

    The days out move the end back, never the start forward: that keeps the count
    non-decreasing as ``on`` advances and constant while the member is out.
    """
    if on <= admitted_on:
        return 0
    effective_end = on - timedelta(days=days_out(time_out, admitted_on, on))
    return max(0, whole_months_between(admitted_on, effective_end))


def membership_years(admitted_on: date, on: date, time_out: Iterable[Interval] = ()) -> int:
    """Tuổi đảng in whole years (``membership_months // 12``)."""
    return membership_months(admitted_on, on, time_out) // 12


def membership_reached_on(admitted_on: date, months: int, time_out: Iterable[Interval] = ()) -> date | None:
    """The first day on which tuổi đảng reaches ``months``; None if the member is still out
    (an open interval) before reaching it. Inverse of :func:`membership_months`."""
    target = add_months(admitted_on, months)
    for start, end in merge_intervals(time_out):
        if end is not None and end <= admitted_on:
            continue
        start = max(start, admitted_on)
        if start >= target:
            break
        if end is None:
            return None
        target += end - start
    return target
