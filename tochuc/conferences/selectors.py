"""Scoped reads of conferences.

Who sees what (DESIGN.md invariant 1):

* the **host** — a user whose scope contains the organizing unit — sees the whole conference:
  every bridge point, every attendee, the totals;
* a **bridge point's clerk** — a user whose scope contains the unit of one or more bridge points
  — sees the conference's public part (agenda, documents, video link, conclusion) and only its
  own points, their attendees and totals, and the tasks assigned to units in its scope;
* anybody else gets a 404.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, OuterRef, Q, QuerySet

from tochuc.conferences.models import Attendee, BridgePoint, CheckIn, ConclusionTask, Conference
from tochuc.core.scope import Scope
from tochuc.core.tabular import RowError
from tochuc.domain import conferences as rules
from tochuc.members.selectors import scoped_members
from tochuc.orgs.selectors import valid_on, versions_as_of


def _in_scope(scope: Scope, prefix: str) -> Q:
    """Rows whose unit (reached by ``prefix``) has, on the scope's date, a version in the scope.
    One filter: the date and the path conditions apply to the same version row."""
    return valid_on(scope.as_of, f"{prefix}versions__") & scope.path_q(f"{prefix}versions__")


@dataclass(frozen=True)
class Access:
    """A conference as one actor sees it: as its host, or through some of its bridge points."""

    conference: Conference
    is_host: bool
    point_ids: frozenset[int]  # the points the actor reaches (all of them for the host)

    def sees_point(self, point_id: int) -> bool:
        return self.is_host or point_id in self.point_ids


def conferences_visible(scope: Scope) -> QuerySet[Conference]:
    """Conferences the scope hosts or has a bridge point of, newest first."""
    points = BridgePoint.objects.filter(_in_scope(scope, "unit__"), conference_id=OuterRef("pk"))
    hosted = Conference.objects.filter(_in_scope(scope, "organizer__")).values("pk")
    return (Conference.objects.filter(Q(pk__in=hosted) | Exists(points))
            .select_related("organizer").order_by("-starts_at", "-id"))


def _units_in_scope(scope: Scope, unit_ids: list[int]) -> set[int]:
    return set(versions_as_of(scope.as_of).filter(scope.path_q(), unit_id__in=unit_ids)
               .values_list("unit_id", flat=True))


def conference_access(*, scope: Scope, conference_id: int) -> Access:
    """The conference and how the actor reaches it; ``Conference.DoesNotExist`` when not at all."""
    conference = Conference.objects.select_related("organizer").get(pk=conference_id)
    if _units_in_scope(scope, [conference.organizer_id]):
        return Access(conference, True, frozenset())
    point_ids = frozenset(BridgePoint.objects.filter(_in_scope(scope, "unit__"), conference=conference)
                          .values_list("pk", flat=True))
    if not point_ids:
        raise Conference.DoesNotExist(f"conference {conference_id} not in scope")
    return Access(conference, False, point_ids)


def point_access(*, scope: Scope, conference_id: int, point_id: int) -> tuple[BridgePoint, bool]:
    """One bridge point and whether the actor is the host: two queries whatever the size of
    the conference (the check-in path). ``BridgePoint.DoesNotExist`` when out of reach."""
    point = BridgePoint.objects.select_related("conference").get(pk=point_id, conference_id=conference_id)
    reached = _units_in_scope(scope, [point.unit_id, point.conference.organizer_id])
    if not reached:
        raise BridgePoint.DoesNotExist(f"bridge point {point_id} not in scope")
    point._reached_by = scope  # services need not check the reach of this scope again
    return point, point.conference.organizer_id in reached


def points_visible(access: Access) -> QuerySet[BridgePoint]:
    points = BridgePoint.objects.filter(conference=access.conference).select_related("unit")
    return points if access.is_host else points.filter(pk__in=sorted(access.point_ids))


def point_attendees(point: BridgePoint) -> list[dict]:
    """Attendees of a point with their check-in (anywhere in the conference), two queries."""
    attendees = list(Attendee.objects.filter(point=point).select_related("member").order_by("id"))
    checked = {c["attendee_id"]: c for c in CheckIn.objects.filter(attendee__point=point)
               .values("attendee_id", "checked_at", "point_id")}
    return [{"attendee": a, "checkin": checked.get(a.pk)} for a in attendees]


def point_walkin_checkins(point: BridgePoint) -> int:
    """People checked in here who were registered at another point."""
    return CheckIn.objects.filter(point=point).exclude(attendee__point=point).count()


@dataclass
class PointRow:
    point: BridgePoint
    registered: int
    checked_in: int

    @property
    def present(self) -> int:
        return rules.point_present(self.checked_in, self.point.reported_count)

    @property
    def connected(self) -> bool:
        return rules.point_connected(self.point.connected_at is not None, self.checked_in, self.point.reported_count)


@dataclass
class Attendance:
    rows: list[PointRow]
    totals: rules.ConferenceTotals


def attendance(access: Access, *, with_points: bool = True) -> Attendance:
    """Totals of the points the actor sees, overall and by level: three aggregate queries
    (points, registrations per point, check-ins per point), whatever the number of points."""
    conference_id = access.conference.pk
    only = None if access.is_host else sorted(access.point_ids)

    def narrowed(queryset, field="point_id"):
        return queryset if only is None else queryset.filter(**{f"{field}__in": only})

    points = narrowed(BridgePoint.objects.filter(conference_id=conference_id), "pk")
    registered = dict(narrowed(Attendee.objects.filter(conference_id=conference_id)).values("point_id")
                      .annotate(n=Count("id")).order_by().values_list("point_id", "n"))
    checked = dict(narrowed(CheckIn.objects.filter(conference_id=conference_id)).values("point_id")
                   .annotate(n=Count("id")).order_by().values_list("point_id", "n"))
    if not with_points:  # the live page: plain tuples, no model instances (5× faster on 1,500 points)
        return Attendance(rows=[], totals=rules.conference_totals(
            rules.PointCounts(level=level, connected=connected, registered=registered.get(pk, 0),
                              checked_in=checked.get(pk, 0), reported=reported)
            for pk, level, connected, reported in points.annotate(  # a flag, not 1,500 timestamps to parse
                connected=ExpressionWrapper(Q(connected_at__isnull=False), output_field=BooleanField()),
            ).values_list("pk", "level", "connected", "reported_count")
        ))
    points = points.select_related("unit").order_by("name", "id")
    rows = [PointRow(p, registered.get(p.pk, 0), checked.get(p.pk, 0)) for p in points]
    rows.sort(key=lambda r: rules.LEVELS.index(r.point.level))  # stable: by name within a level
    totals = rules.conference_totals(
        rules.PointCounts(level=r.point.level, connected=r.point.connected_at is not None, registered=r.registered,
                          checked_in=r.checked_in, reported=r.point.reported_count)
        for r in rows
    )
    return Attendance(rows=rows, totals=totals)


def attendee_rows(access: Access) -> QuerySet[Attendee]:
    """Every registration the actor sees, with the check-in if any (for the export)."""
    attendees = Attendee.objects.filter(conference=access.conference).select_related("point", "member")
    if not access.is_host:
        attendees = attendees.filter(point_id__in=sorted(access.point_ids))
    first_checkin = CheckIn.objects.filter(attendee_id=OuterRef("pk"))
    return attendees.annotate(checked=Exists(first_checkin)).order_by("point__name", "point_id", "id")


def tasks_visible(*, scope: Scope, access: Access) -> QuerySet[ConclusionTask]:
    tasks = ConclusionTask.objects.filter(conference=access.conference).select_related("unit")
    return tasks if access.is_host else tasks.filter(_in_scope(scope, "unit__"))


def task_get(*, scope: Scope, task_id: int) -> tuple[ConclusionTask, bool]:
    """A task and whether the actor is the host; reachable by the host or the assigned unit."""
    task = ConclusionTask.objects.select_related("conference", "unit").get(pk=task_id)
    reached = _units_in_scope(scope, [task.unit_id, task.conference.organizer_id])
    if not reached:
        raise ConclusionTask.DoesNotExist(f"task {task_id} not in scope")
    return task, task.conference.organizer_id in reached



def members_by_identifiers(*, scope: Scope, identifiers: list[tuple[int, str]]):
    """Members in the scope named by card number or citizen ID, one per line: ``(ids in order,
    RowErrors naming the line)``. One query."""
    from django.utils.translation import gettext as _

    values = [text for _n, text in identifiers]
    found: dict[str, int] = {}
    if values:
        for pk, card, national_id in (scoped_members(scope)
                                      .filter(Q(card_number__in=values) | Q(national_id__in=values))
                                      .values_list("pk", "card_number", "national_id")):
            for key in (card, national_id):
                if key:
                    found[key] = pk
    ids, errors = [], []
    for number, text in identifiers:
        if text in found:
            ids.append(found[text])
        else:
            errors.append(RowError(number, _("đảng viên"),
                                   _("không có đảng viên số thẻ hoặc CCCD «%(v)s» trong phạm vi của bạn")
                                   % {"v": text}))
    return ids, errors


def points_not_connected(access: Access, limit: int = 30) -> list[tuple[int, str, str]]:
    """The first bridge points (id, unit code, name) that have not connected yet: neither said so,
    nor checked anybody in (a check-in marks the point connected), nor reported a count."""
    points = points_visible(access).filter(connected_at__isnull=True, reported_count__isnull=True)
    return list(points.order_by("name", "id").values_list("pk", "unit__code", "name")[:limit])
