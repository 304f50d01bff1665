"""Sources other than members: movements, ratings, badges and units, relative to the subtree."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import CharField, Exists, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, Coalesce

from tochuc.members.models import MemberEvent, Membership, MembershipKind
from tochuc.orgs.models import UnitVersion
from tochuc.orgs.selectors import subtree_versions, versions_as_of
from tochuc.reports.engine.context import AS_OF, UNKNOWN, Context


@dataclass(frozen=True)
class Movement:
    """A row of the movements table: events of ``kinds`` whose member arrived in the subtree
    (``arrive``: a membership of the subtree valid on the event date) and/or left it (``depart``:
    a membership of the subtree ending on the event date); None: not looked at."""

    key: str
    label: str
    kinds: tuple[str, ...]
    arrive: bool | None = None
    depart: bool | None = None

    def q(self) -> Q:
        condition = Q(kind__in=self.kinds)
        if self.arrive is not None:
            condition &= Q(arrive=self.arrive)
        if self.depart is not None:
            condition &= Q(depart=self.depart)
        return condition

    def matches(self, kind: str, arrive: bool, depart: bool) -> bool:
        return (kind in self.kinds and (self.arrive is None or arrive == self.arrive)
                and (self.depart is None or depart == self.depart))


MOVEMENTS: tuple[Movement, ...] = (
    Movement("admitted", "Kết nạp", ("admission",), arrive=True),
    Movement("official", "Công nhận chính thức", ("official",), arrive=True),
    # From outside tochuc, or from a branch outside the subtree.
    Movement("transferred_in", "Chuyển sinh hoạt đến", ("transfer_in",), arrive=True),
    Movement("transferred_in_internal", "Chuyển đến từ đơn vị khác trong hệ thống", ("transfer",), arrive=True,
             depart=False),
    Movement("transferred_out", "Chuyển sinh hoạt ra ngoài hệ thống", ("transfer_out",), depart=True),
    Movement("transferred_out_internal", "Chuyển đi đơn vị khác trong hệ thống", ("transfer",), arrive=False,
             depart=True),
    Movement("removed", "Xóa tên", ("removal",), depart=True),
    Movement("left", "Ra khỏi Đảng, khai trừ", ("leave",), depart=True),
    Movement("probation_failed", "Không công nhận chính thức", ("probation_failed",), depart=True),
    Movement("died", "Từ trần", ("death",), depart=True),
)
MOVEMENT_KINDS = sorted({k for m in MOVEMENTS for k in m.kinds})


def _events_in(ctx: Context, start: date, end: date) -> QuerySet[MemberEvent]:
    """Events of the period with where the member arrived / left, relative to the subtree."""
    ships = Membership.objects.filter(ctx.in_subtree(), member_id=OuterRef("member_id"), kind=MembershipKind.PRIMARY)
    arrive = ships.filter(valid_from__lte=OuterRef("effective_on")).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=OuterRef("effective_on")))
    depart = ships.filter(valid_to=OuterRef("effective_on"))
    return (MemberEvent.objects.filter(kind__in=MOVEMENT_KINDS, voided=False, effective_on__gte=start,
                                       effective_on__lte=end)
            .annotate(arrive=Exists(arrive), depart=Exists(depart)).filter(Q(arrive=True) | Q(depart=True)))


def _ratings(ctx: Context, year: int) -> QuerySet[MemberEvent]:
    """Ratings of ``year`` (the member's branch on the rating's date lies in the subtree)."""
    ships = Membership.objects.filter(ctx.in_subtree(), member_id=OuterRef("member_id"), kind=MembershipKind.PRIMARY,
                                      valid_from__lte=OuterRef("effective_on")).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=OuterRef("effective_on")))
    return (MemberEvent.objects.filter(kind="rating", voided=False, details__year=year)
            .filter(Exists(ships)).annotate(level=Coalesce(Cast(KT("details__level"), CharField()), Value(UNKNOWN),
                                                           output_field=CharField())))


def _badges(ctx: Context, start: date, end: date) -> QuerySet[MemberEvent]:
    """Party badges awarded in the period (the member's branch on the award date in the subtree)."""
    ships = Membership.objects.filter(ctx.in_subtree(), member_id=OuterRef("member_id"), kind=MembershipKind.PRIMARY,
                                      valid_from__lte=OuterRef("effective_on")).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=OuterRef("effective_on")))
    return (MemberEvent.objects.filter(kind="badge", voided=False, effective_on__gte=start, effective_on__lte=end)
            .filter(Exists(ships)).annotate(level=Coalesce(Cast(KT("details__level"), CharField()), Value(UNKNOWN),
                                                           output_field=CharField())))


def _units(ctx: Context) -> QuerySet[UnitVersion]:
    """Units existing on ``day`` (their kind then) counted for the unit: as of D its subtree on D;
    restated, those of them that are in the subtree on the structure date, and branches merged
    into it since."""
    if ctx.mode == AS_OF:
        return subtree_versions(ctx.structure_scope, ctx.root.path)
    now = subtree_versions(ctx.structure_scope, ctx.root.path).values("unit_id")
    condition = Q(unit_id__in=Subquery(now))
    if ctx.earlier:
        condition |= Q(unit_id__in=sorted(ctx.earlier))
    return versions_as_of(ctx.day).filter(condition)
