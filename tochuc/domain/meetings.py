"""Rules of branch meetings (sinh hoạt chi bộ), pure: no Django.

Sources (DOMAIN.md §3):
- Chỉ thị 50-CT/TW (23/7/2025) and Hướng dẫn 42-HD/BTCTW (28/10/2025): the regular meeting is
  held monthly, party-wide on the 3rd of the month; at least 90 minutes, at least 120 when it is
  combined with a thematic session (H).
- Thematic session (sinh hoạt chuyên đề) at least once a quarter (M).
- Quality criteria: attendance above 85% of the members summoned; nobody absent without a reason;
  nobody absent with a reason more than 3 meetings in a row (M).

Every figure is a field of :class:`MeetingPolicy`; the Django setting ``TOCHUC_MEETINGS`` overrides
them (``tochuc.meetings.policy.current_policy``). Months are :class:`Month` values; a month "is
checked" only once it is over, and a quarter only when the whole quarter lies in the period asked
and is over. A branch is expected to meet in a month when it existed on the month's first day
(for a quarter: on the quarter's first day).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from fractions import Fraction

from tochuc.domain.messages import Message, msg

MONTHLY = "monthly"
THEMATIC = "thematic"
EXTRAORDINARY = "extraordinary"
KINDS: tuple[str, ...] = (MONTHLY, THEMATIC, EXTRAORDINARY)

PRESENT = "present"
EXCUSED = "excused"
ABSENT = "absent"
ATTENDANCE: tuple[str, ...] = (PRESENT, EXCUSED, ABSENT)

#: Self-rating of a meeting's quality (Hướng dẫn 12-HD/BTCTW, 2018, kept by 42-HD/BTCTW).
RATINGS: tuple[str, ...] = ("tot", "kha", "trung_binh", "kem")


class MeetingRuleError(ValueError):
    """A policy or an input that the rules cannot work with: the field name and why (``detail``,
    shown in the active language as ``message``)."""

    def __init__(self, field_name: str, detail: Message | str):
        super().__init__(field_name, detail)
        self.field = field_name
        self.detail = detail

    @property
    def message(self) -> str:
        return str(self.detail)

    def __str__(self) -> str:
        return f"{self.field}: {self.detail}"


@dataclass(frozen=True)
class MeetingPolicy:
    """Figures of the meeting rules with their defaults and sources.

    - ``regular_day`` 3: the monthly meeting is held on the 3rd (Chỉ thị 50-CT/TW, H).
    - ``min_minutes`` 90 / ``combined_min_minutes`` 120: shortest regular meeting, and one combined
      with a thematic session (Hướng dẫn 42-HD/BTCTW, H).
    - ``thematic_per_quarter`` 1: thematic sessions a quarter at least (M).
    - ``attendance_min_percent`` 85: a meeting's attendance (present / summoned) under this share
      is "low". DOMAIN.md words it "attendance > 85%"; exactly 85% is accepted here (M).
    - ``max_excused_in_a_row`` 3: a member excused in more than this many consecutive meetings is
      flagged (M).
    - ``thematic_counts_as_monthly`` True: a thematic session is usually held together with the
      month's regular meeting (hence the 120 minutes), so it counts as that month's meeting.
    """

    regular_day: int = 3
    min_minutes: int = 90
    combined_min_minutes: int = 120
    thematic_per_quarter: int = 1
    attendance_min_percent: Fraction = Fraction(85)
    max_excused_in_a_row: int = 3
    thematic_counts_as_monthly: bool = True

    def __post_init__(self) -> None:
        raw = self.attendance_min_percent
        try:
            value = Fraction(str(raw)) if isinstance(raw, float) else Fraction(raw)
        except (TypeError, ValueError):
            raise MeetingRuleError("attendance_min_percent", msg("meeting.policy.not_number",
                                                                 value=repr(raw))) from None
        if isinstance(raw, bool) or not 0 <= value <= 100:
            raise MeetingRuleError("attendance_min_percent", msg("meeting.policy.percent", value=repr(raw)))
        object.__setattr__(self, "attendance_min_percent", value)
        for name in ("min_minutes", "combined_min_minutes", "thematic_per_quarter", "max_excused_in_a_row"):
            number = getattr(self, name)
            if not isinstance(number, int) or isinstance(number, bool) or number < 0:
                raise MeetingRuleError(name, msg("meeting.policy.not_count", value=repr(number)))
        if not isinstance(self.regular_day, int) or not 1 <= self.regular_day <= 28:
            raise MeetingRuleError("regular_day", msg("meeting.policy.regular_day", value=repr(self.regular_day)))

    @property
    def regular_kinds(self) -> tuple[str, ...]:
        """Kinds of meeting that count as a month's regular meeting."""
        return (MONTHLY, THEMATIC) if self.thematic_counts_as_monthly else (MONTHLY,)


DEFAULT_POLICY = MeetingPolicy()


# --- Months and quarters -------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Month:
    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12:
            raise MeetingRuleError("month", msg("meeting.month_range", month=repr(self.month)))

    @classmethod
    def of(cls, day: date) -> Month:
        return cls(day.year, day.month)

    @classmethod
    def from_index(cls, index: int) -> Month:
        year, zero_based = divmod(index, 12)
        return cls(year, zero_based + 1)

    @classmethod
    def parse(cls, text: str) -> Month:
        """``YYYY-MM`` (also ``MM/YYYY``)."""
        text = (text or "").strip()
        try:
            if "/" in text:
                month, year = (int(p) for p in text.split("/"))
            else:
                year, month = (int(p) for p in text.split("-"))
            return cls(year, month)
        except (ValueError, MeetingRuleError):
            raise MeetingRuleError("month", msg("meeting.month_invalid", text=text)) from None

    @property
    def index(self) -> int:
        """Months since year 0: consecutive months have consecutive indexes."""
        return self.year * 12 + self.month - 1

    @property
    def quarter(self) -> Quarter:
        return Quarter(self.year, (self.month - 1) // 3 + 1)

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def last_day(self) -> date:
        return (self + 1).first_day - timedelta(days=1)

    def __add__(self, months: int) -> Month:
        return Month.from_index(self.index + months)

    def __str__(self) -> str:
        return f"{self.month:02d}/{self.year}"

    def iso(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int

    @property
    def index(self) -> int:
        """Quarters since year 0; equals ``month.index // 3`` of its months."""
        return self.year * 4 + self.number - 1

    @property
    def months(self) -> tuple[Month, Month, Month]:
        first = Month(self.year, 3 * self.number - 2)
        return first, first + 1, first + 2

    @property
    def first_day(self) -> date:
        return self.months[0].first_day

    def __str__(self) -> str:
        return str(msg("meeting.quarter", number=self.number, year=self.year))


def months_between(start: Month, end: Month) -> list[Month]:
    """Every month from ``start`` to ``end`` inclusive (empty when end is before start)."""
    return [Month.from_index(i) for i in range(start.index, end.index + 1)]


def regular_meeting_day(month: Month, policy: MeetingPolicy = DEFAULT_POLICY) -> date:
    """The party-wide day of the month's regular meeting (the 3rd, Chỉ thị 50-CT/TW)."""
    return date(month.year, month.month, policy.regular_day)


def checked_months(start: Month, end: Month, today: date) -> list[Month]:
    """Months of the period that are over on ``today`` (a month still running cannot be missed)."""
    return [m for m in months_between(start, end) if m.last_day < today]


def checked_quarters(start: Month, end: Month, today: date) -> list[Quarter]:
    """Quarters lying wholly in the period and over on ``today``."""
    months = set(checked_months(start, end, today))
    quarters = sorted({m.quarter for m in months})
    return [q for q in quarters if all(m in months for m in q.months)]


def expected_months(start: Month, end: Month, today: date, existed_from: date) -> list[Month]:
    """Checked months in which a branch existing since ``existed_from`` had to meet."""
    return [m for m in checked_months(start, end, today) if existed_from <= m.first_day]


def expected_quarters(start: Month, end: Month, today: date, existed_from: date) -> list[Quarter]:
    return [q for q in checked_quarters(start, end, today) if existed_from <= q.first_day]


# --- The rules ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class HeldMeeting:
    """What the rules need of a held meeting."""

    held_on: date
    kind: str
    summoned: int = 0
    present: int = 0


def missed_months(expected: Iterable[Month], held: Iterable[HeldMeeting],
                  policy: MeetingPolicy = DEFAULT_POLICY) -> list[Month]:
    """Expected months without a held regular meeting (Chỉ thị 50-CT/TW: monthly)."""
    met = {Month.of(h.held_on) for h in held if h.kind in policy.regular_kinds}
    return sorted(m for m in set(expected) if m not in met)


def quarters_without_thematic(expected: Iterable[Quarter], held: Iterable[HeldMeeting],
                              policy: MeetingPolicy = DEFAULT_POLICY) -> list[Quarter]:
    """Expected quarters with fewer thematic sessions than required (at least one a quarter)."""
    counts: dict[Quarter, int] = {}
    for h in held:
        if h.kind == THEMATIC:
            quarter = Month.of(h.held_on).quarter
            counts[quarter] = counts.get(quarter, 0) + 1
    return sorted(q for q in set(expected) if counts.get(q, 0) < policy.thematic_per_quarter)


def attendance_rate(present: int, summoned: int) -> Fraction | None:
    """Share of the summoned members present; None when nobody was summoned."""
    if present < 0 or summoned < 0 or present > summoned:
        raise MeetingRuleError("present", msg("meeting.present_invalid", present=present, summoned=summoned))
    return Fraction(present, summoned) if summoned else None


def attendance_is_low(present: int, summoned: int, policy: MeetingPolicy = DEFAULT_POLICY) -> bool:
    """Attendance under the threshold (85%); a meeting nobody was summoned to is not judged."""
    rate = attendance_rate(present, summoned)
    return rate is not None and rate * 100 < policy.attendance_min_percent


def low_attendance_meetings(held: Iterable[HeldMeeting], policy: MeetingPolicy = DEFAULT_POLICY) -> list[HeldMeeting]:
    return [h for h in held if attendance_is_low(h.present, h.summoned, policy)]


def longest_excused_run(statuses: Sequence[str]) -> int:
    """The longest run of consecutive ``excused`` in a member's attendance, oldest first."""
    best = run = 0
    for status in statuses:
        run = run + 1 if status == EXCUSED else 0
        best = max(best, run)
    return best


def excused_too_often(statuses: Sequence[str], policy: MeetingPolicy = DEFAULT_POLICY) -> bool:
    """Excused in more than ``max_excused_in_a_row`` (3) consecutive meetings."""
    return longest_excused_run(statuses) > policy.max_excused_in_a_row


def absent_without_reason(statuses: Iterable[str]) -> int:
    """How many times a member was absent without a reason (any is a breach)."""
    return sum(1 for s in statuses if s == ABSENT)


def short_meeting(kind: str, minutes: int | None, policy: MeetingPolicy = DEFAULT_POLICY) -> int | None:
    """The minimum a held meeting fell short of (90, or 120 for a thematic session held with the
    regular meeting), or None when long enough or not a regular meeting."""
    if minutes is None or kind == EXTRAORDINARY:
        return None
    needed = policy.combined_min_minutes if kind == THEMATIC else policy.min_minutes
    return needed if minutes < needed else None


@dataclass(frozen=True)
class BranchCompliance:
    """The gaps of one branch over a period."""

    expected_months: tuple[Month, ...]
    missed_months: tuple[Month, ...]
    expected_quarters: tuple[Quarter, ...]
    quarters_without_thematic: tuple[Quarter, ...]
    low_attendance: tuple[HeldMeeting, ...]
    absent_without_reason: tuple[object, ...] = field(default=())  # member keys
    excused_in_a_row: tuple[object, ...] = field(default=())  # member keys

    @property
    def expected(self) -> bool:
        return bool(self.expected_months)

    @property
    def compliant(self) -> bool:
        return self.expected and not (self.missed_months or self.quarters_without_thematic or self.low_attendance
                                      or self.absent_without_reason or self.excused_in_a_row)


def branch_compliance(*, start: Month, end: Month, today: date, existed_from: date, held: Sequence[HeldMeeting],
                      attendance: Mapping[object, Sequence[str]] | None = None,
                      policy: MeetingPolicy = DEFAULT_POLICY) -> BranchCompliance:
    """Every rule for one branch. ``held``: its held meetings in the period; ``attendance``: each
    member's statuses in those meetings, oldest first."""
    first, last = start.first_day, end.last_day
    in_period = [h for h in held if first <= h.held_on <= last]
    months = expected_months(start, end, today, existed_from)
    quarters = expected_quarters(start, end, today, existed_from)
    attendance = attendance or {}
    return BranchCompliance(
        expected_months=tuple(months),
        missed_months=tuple(missed_months(months, in_period, policy)),
        expected_quarters=tuple(quarters),
        quarters_without_thematic=tuple(quarters_without_thematic(quarters, in_period, policy)),
        low_attendance=tuple(low_attendance_meetings(in_period, policy)),
        absent_without_reason=tuple(k for k, s in attendance.items() if absent_without_reason(s)),
        excused_in_a_row=tuple(k for k, s in attendance.items() if excused_too_often(s, policy)),
    )


def attendance_problems(roster: Iterable[object],
                        entries: Mapping[object, tuple[str, str]]) -> list[tuple[object, str, Message]]:
    """Problems of an attendance sheet: ``(member key, field, reason)``. Every member
    summoned gets a status; an excused absence names its reason; nobody off the roster."""
    roster = list(roster)
    known = set(roster)
    problems = []
    for key in roster:
        if key not in entries:
            problems.append((key, "status", msg("meeting.attendance_missing")))
            continue
        status, reason = entries[key]
        if status not in ATTENDANCE:
            problems.append((key, "status", msg("meeting.attendance_status", status=status)))
        elif status == EXCUSED and not (reason or "").strip():
            problems.append((key, "reason", msg("meeting.excused_reason")))
    for key in entries:
        if key not in known:
            problems.append((key, "member", msg("meeting.not_on_roster")))
    return problems
