"""Branch meeting rules (Chỉ thị 50-CT/TW, Hướng dẫn 42-HD/BTCTW): examples and properties."""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tochuc.domain import meetings as m
from tochuc.domain.meetings import HeldMeeting, MeetingPolicy, MeetingRuleError, Month, Quarter

months = st.builds(Month, st.integers(2000, 2040), st.integers(1, 12))
days = st.dates(date(2000, 1, 1), date(2040, 12, 31))
statuses = st.lists(st.sampled_from(m.ATTENDANCE), max_size=40)
held_meetings = st.lists(st.builds(HeldMeeting, days, st.sampled_from(m.KINDS)), max_size=30)


# --- Months and quarters ------------------------------------------------------------------------


def test_month_basics():
    assert Month.parse("2025-12") == Month(2025, 12) == Month.parse("12/2025")
    assert Month(2025, 12) + 1 == Month(2026, 1) and Month(2026, 1) + -1 == Month(2025, 12)
    assert Month(2024, 2).last_day == date(2024, 2, 29)
    assert str(Month(2025, 3).quarter) == "Quý 1/2025" and Month(2025, 10).quarter == Quarter(2025, 4)
    assert m.regular_meeting_day(Month(2025, 9)) == date(2025, 9, 3)
    for bad in ("2025-13", "2025", "x", ""):
        with pytest.raises(MeetingRuleError, match="không hợp lệ"):
            Month.parse(bad)


@given(months, st.integers(-500, 500))
def test_month_index_is_consecutive(month, shift):
    assert (month + shift).index == month.index + shift
    assert Month.from_index(month.index) == month
    assert month.quarter.index == month.index // 3  # the SQL relies on it
    assert month in month.quarter.months
    assert (month + 1).first_day == month.last_day + timedelta(days=1)


@given(months, months, days)
def test_checked_months_are_over_and_in_the_period(a, b, today):
    start, end = min(a, b), max(a, b)
    checked = m.checked_months(start, end, today)
    assert checked == sorted(checked)
    assert all(start <= x <= end and x.last_day < today for x in checked)
    assert len(m.months_between(start, end)) == end.index - start.index + 1
    for q in m.checked_quarters(start, end, today):
        assert all(x in checked for x in q.months)


# --- Missed months and thematic sessions ----------------------------------------------------------


def test_monthly_and_thematic_examples():
    expected = [Month(2025, 10), Month(2025, 11), Month(2025, 12)]
    held = [HeldMeeting(date(2025, 10, 3), m.MONTHLY), HeldMeeting(date(2025, 12, 3), m.THEMATIC),
            HeldMeeting(date(2025, 11, 20), m.EXTRAORDINARY)]
    assert m.missed_months(expected, held) == [Month(2025, 11)]  # an extraordinary meeting is not the regular one
    assert m.missed_months(expected, held, MeetingPolicy(thematic_counts_as_monthly=False)) == [
        Month(2025, 11), Month(2025, 12)]
    assert m.quarters_without_thematic([Quarter(2025, 4), Quarter(2025, 3)], held) == [Quarter(2025, 3)]
    assert m.quarters_without_thematic([Quarter(2025, 4)], held, MeetingPolicy(thematic_per_quarter=2)) == [
        Quarter(2025, 4)]


@given(st.lists(months, max_size=24, unique=True), held_meetings)
def test_missed_months_partition_the_expected_months(expected, held):
    missed = m.missed_months(expected, held)
    met = {Month.of(h.held_on) for h in held if h.kind in (m.MONTHLY, m.THEMATIC)}
    assert set(missed) | (set(expected) & met) == set(expected)
    assert not set(missed) & met
    # Holding one more regular meeting never adds a missed month.
    if expected:
        extra = HeldMeeting(expected[0].first_day, m.MONTHLY)
        assert set(m.missed_months(expected, [*held, extra])) <= set(missed) - {expected[0]}


@given(days, days, days)
def test_a_branch_is_expected_only_once_it_exists(a, b, existed_from):
    start, end = Month.of(min(a, b)), Month.of(max(a, b))
    today = max(a, b) + timedelta(days=40)
    expected = m.expected_months(start, end, today, existed_from)
    assert all(x.first_day >= existed_from for x in expected)
    assert set(expected) <= set(m.checked_months(start, end, today))
    assert all(q.first_day >= existed_from for q in m.expected_quarters(start, end, today, existed_from))


# --- Attendance ---------------------------------------------------------------------------------


def test_attendance_threshold_examples():
    assert m.attendance_rate(17, 20) == Fraction(17, 20)
    assert not m.attendance_is_low(17, 20)  # exactly 85%
    assert m.attendance_is_low(16, 20)
    assert not m.attendance_is_low(0, 0)  # nobody summoned: not judged
    assert m.attendance_is_low(17, 20, MeetingPolicy(attendance_min_percent=90))
    with pytest.raises(MeetingRuleError):
        m.attendance_rate(5, 4)
    with pytest.raises(MeetingRuleError):
        MeetingPolicy(attendance_min_percent=120)
    with pytest.raises(MeetingRuleError):
        MeetingPolicy(regular_day=31)
    assert MeetingPolicy(attendance_min_percent=85.5).attendance_min_percent == Fraction(171, 2)


@given(st.integers(0, 500), st.integers(0, 500), st.integers(0, 100))
def test_low_attendance_is_monotone(present, extra, percent):
    summoned = present + extra
    policy = MeetingPolicy(attendance_min_percent=percent)
    low = m.attendance_is_low(present, summoned, policy)
    assert low == (summoned > 0 and present * 100 < percent * summoned)
    if low and summoned:  # one more present never makes it worse
        assert m.attendance_is_low(present, summoned + 1, policy)
    if not low and summoned:
        assert not m.attendance_is_low(present + 1, summoned + 1, policy)


def test_excused_runs_examples():
    e, p, a = m.EXCUSED, m.PRESENT, m.ABSENT
    assert m.longest_excused_run([e, e, e, p, e, e]) == 3
    assert not m.excused_too_often([e, e, e, p, e, e])
    assert m.excused_too_often([p, e, e, e, e])
    assert not m.excused_too_often([e, e, a, e, e])  # an absence breaks the run (and is its own breach)
    assert m.absent_without_reason([p, a, e, a]) == 2


def _runs(seq):
    best = 0
    for i in range(len(seq)):
        for j in range(i, len(seq)):
            if all(s == m.EXCUSED for s in seq[i : j + 1]):
                best = max(best, j - i + 1)
    return best


@given(statuses, st.integers(0, 6))
def test_longest_run_matches_brute_force(seq, limit):
    assert m.longest_excused_run(seq) == _runs(seq)
    assert m.excused_too_often(seq, MeetingPolicy(max_excused_in_a_row=limit)) == (_runs(seq) > limit)


@given(statuses, statuses)
def test_a_run_never_shrinks_when_meetings_are_added(before, after):
    assert m.longest_excused_run(before + after) >= max(m.longest_excused_run(before), m.longest_excused_run(after))


def test_short_meetings():
    assert m.short_meeting(m.MONTHLY, 80) == 90 and m.short_meeting(m.MONTHLY, 90) is None
    assert m.short_meeting(m.THEMATIC, 100) == 120 and m.short_meeting(m.EXTRAORDINARY, 20) is None


# --- Sheets and the whole branch ------------------------------------------------------------------


def test_attendance_sheet_problems():
    problems = m.attendance_problems([1, 2, 3], {1: ("present", ""), 2: ("excused", " "), 4: ("absent", "")})
    assert [(key, field, str(reason)) for key, field,
            reason in problems] == [(2, "reason", "vắng có lý do phải ghi lý do"), (3, "status", "chưa điểm danh"),
                        (4, "member", "không thuộc danh sách đảng viên của chi bộ vào ngày họp")]
    assert m.attendance_problems([1], {1: ("excused", "Ốm")}) == []


@given(st.lists(st.sampled_from(m.ATTENDANCE), min_size=1, max_size=15), st.booleans())
def test_a_complete_sheet_has_no_problem(sheet, with_reasons):
    entries = {n: (s, "Ốm" if with_reasons or s != m.EXCUSED else "") for n, s in enumerate(sheet)}
    problems = m.attendance_problems(range(len(sheet)), entries)
    assert (problems == []) == (with_reasons or m.EXCUSED not in sheet)


@given(held_meetings, days, st.dictionaries(st.integers(1, 9), statuses, max_size=6))
def test_branch_compliance_is_the_conjunction_of_the_rules(held, existed_from, attendance):
    start, end, today = Month(2025, 1), Month(2025, 12), date(2026, 1, 15)
    held = [HeldMeeting(h.held_on, h.kind, 10, 9) for h in held]
    result = m.branch_compliance(start=start, end=end, today=today, existed_from=existed_from, held=held,
                                 attendance=attendance)
    assert result.compliant == (result.expected and not result.missed_months and not result.quarters_without_thematic
                                and not result.low_attendance and not result.absent_without_reason
                                and not result.excused_in_a_row)
    assert set(result.missed_months) <= set(result.expected_months)
    assert all(start.first_day <= h.held_on <= end.last_day for h in result.low_attendance)
