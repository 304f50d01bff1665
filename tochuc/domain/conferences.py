"""Counting attendance of a multi-site conference (hội nghị trực tuyến nhiều điểm cầu). Pure.

A conference is held from a host site (điểm cầu chính) to many bridge points (điểm cầu), as the
conferences of the Government party committee in 2025 (1,143 bridge points, over 12,500
delegates; see ../shared/samples/report-2025-dang-bo-chinh-phu.txt). Each bridge point either
checks its delegates in one by one or reports a head count. Counting rules:

* A person is counted once per conference: check-ins are unique per person (a member by their
  record, a guest by their registration), so a person checked in twice — twice at one bridge
  point, or at two bridge points — is one delegate present.
* A bridge point that reports a head count and also checked people in counts the larger of the
  two (the head count includes the people checked in; it can only add people who were not).
* A bridge point is connected once it says so or once anybody is checked in or counted there.
* Totals are given by level of the bridge point's unit (Quy định 294-QĐ/TW, 2025: central,
  province, commune, grassroots; the district level only in history before 1/7/2025).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

#: Levels in display order, and which unit kinds (tochuc.domain.orgs.KINDS) belong to each.
LEVELS: tuple[str, ...] = ("central", "province", "district", "commune", "grassroots", "branch")
LEVEL_OF_KIND: dict[str, str] = {
    "central": "central",
    "province": "province",
    "central_committee": "province",
    "district": "district",
    "commune": "commune",
    "grassroots_committee": "grassroots",
    "grassroots_branch": "grassroots",
    "sub_committee": "branch",
    "branch": "branch",
}


def level_of(kind: str) -> str:
    """The level of a unit kind; unknown kinds are refused (a new kind must be placed)."""
    try:
        return LEVEL_OF_KIND[kind]
    except KeyError:
        raise ValueError(f"unknown unit kind {kind!r}") from None


def point_present(checked_in: int, reported: int | None) -> int:
    """Delegates present at one bridge point: the check-ins, or the reported head count when it is
    larger (a head count includes those checked in)."""
    if checked_in < 0 or (reported is not None and reported < 0):
        raise ValueError("counts cannot be negative")
    return checked_in if reported is None else max(checked_in, reported)


def point_connected(connected: bool, checked_in: int, reported: int | None) -> bool:
    return connected or checked_in > 0 or reported is not None


@dataclass(frozen=True)
class PointCounts:
    """What one bridge point holds: its level, whether it said it is connected, how many were
    registered there, how many distinct people were checked in there, its head count if any."""

    level: str
    connected: bool
    registered: int
    checked_in: int
    reported: int | None = None


@dataclass
class Totals:
    points: int = 0
    connected: int = 0
    registered: int = 0
    checked_in: int = 0
    present: int = 0

    def add(self, point: PointCounts) -> None:
        self.points += 1
        self.connected += point_connected(point.connected, point.checked_in, point.reported)
        self.registered += point.registered
        self.checked_in += point.checked_in
        self.present += point_present(point.checked_in, point.reported)

    @property
    def rate(self) -> float | None:
        """Present over registered (None when nobody was registered)."""
        return self.present / self.registered if self.registered else None


@dataclass
class ConferenceTotals:
    overall: Totals = field(default_factory=Totals)
    by_level: dict[str, Totals] = field(default_factory=dict)  # in LEVELS order, only levels present


def conference_totals(points: Iterable[PointCounts]) -> ConferenceTotals:
    """Totals over the bridge points, overall and by level. Check-ins being unique per person
    across the conference, the sum over points counts each person once."""
    result = ConferenceTotals()
    found: dict[str, Totals] = {}
    for point in points:
        result.overall.add(point)
        level = found.get(point.level)
        if level is None:
            level = found[point.level] = Totals()
        level.add(point)
    result.by_level = {level: found[level] for level in LEVELS if level in found}
    return result


def person_key(*, member_id: int | None = None, attendee_id: int | None = None) -> str:
    """The identity a check-in is unique on within a conference: a member by their record (so
    the same member at two bridge points is one person), a guest by their registration."""
    if member_id is not None:
        return f"m{member_id}"
    if attendee_id is not None:
        return f"a{attendee_id}"
    raise ValueError("a check-in needs a member or a registration")


#: Task statuses of a conference's conclusion, and the moves allowed between them.
TASK_STATUSES: tuple[str, ...] = ("assigned", "in_progress", "done", "cancelled")
TASK_TRANSITIONS: dict[str, frozenset[str]] = {
    "assigned": frozenset({"in_progress", "done", "cancelled"}),
    "in_progress": frozenset({"done", "cancelled", "assigned"}),
    "done": frozenset({"in_progress"}),  # reopened
    "cancelled": frozenset({"assigned"}),
}


def task_can_move(current: str, new: str) -> bool:
    return new in TASK_TRANSITIONS.get(current, frozenset())


def task_overdue(*, status: str, deadline, today) -> bool:
    """A task not done nor cancelled whose deadline has passed."""
    return status in ("assigned", "in_progress") and deadline is not None and deadline < today
