"""Scoped reads of the reports app: export jobs, work programmes and completion ratios."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Substr

from tochuc.core import jobs
from tochuc.core.scope import Scope
from tochuc.domain import orgs as org_rules
from tochuc.domain import reports as rules
from tochuc.orgs.models import UnitVersion
from tochuc.orgs.selectors import scoped_versions, valid_on, versions_as_of
from tochuc.reports.models import ItemStatus, ItemStatusChange, Programme, ProgrammeItem, ReportExport


def export_get(*, scope: Scope, user, export_id: int) -> ReportExport:
    """A job is its requester's own: anyone else gets ``DoesNotExist`` (a 404). A running job
    whose worker stopped beating is marked failed on the way (tochuc.core.jobs)."""

    job = ReportExport.objects.defer("content").get(pk=export_id, created_by=user)
    jobs.expire_if_stale(job)
    return job


def export_content(*, user, export_id: int) -> ReportExport:
    return ReportExport.objects.get(pk=export_id, created_by=user, status=ReportExport.Status.DONE)


def programmes(scope: Scope, *, year: int | None = None) -> QuerySet[Programme]:
    """Programmes of units in scope (on the scope's date)."""
    in_scope = scoped_versions(scope).filter(unit_id=OuterRef("unit_id"))
    qs = Programme.objects.filter(Exists(in_scope)).select_related("unit")
    if year is not None:
        qs = qs.filter(year=year)
    return qs.order_by("-year", "title")


def programme_get(*, scope: Scope, programme_id: int) -> Programme:
    return programmes(scope).get(pk=programme_id)


def item_get(*, programme: Programme, item_id: int) -> ProgrammeItem:
    return programme.items.get(pk=item_id)


def _status_on(day: date):
    latest = ItemStatusChange.objects.filter(item_id=OuterRef("pk"), on__lte=day).order_by("-on", "-id")
    return Subquery(latest.values("status")[:1])


def items_on(*, programme: Programme, day: date) -> QuerySet[ProgrammeItem]:
    """The programme's items existing on ``day`` with their status then (``status_then``)."""
    return (programme.items.annotate(status_then=_status_on(day)).filter(status_then__isnull=False)
            .select_related("lead_unit").order_by("deadline", "id"))


@dataclass
class Ratio:
    """Items done of items due (not cancelled), and those past their deadline not done."""

    code: str
    name: str
    version: UnitVersion | None
    done: int = 0
    total: int = 0
    overdue: int = 0

    @property
    def text(self) -> str:
        return rules.ratio_text(self.done, self.total)

    @property
    def percent(self):
        value = rules.percent(self.done, self.total)
        return None if value is None else round(float(value))


def completion(*, scope: Scope, root: UnitVersion, day: date, items: QuerySet[ProgrammeItem]) -> tuple[Ratio,
                                                                                                       list[Ratio]]:
    """Completion of ``items`` on ``day`` for ``root`` and for each of its children, by where
    the lead unit sits on the scope's date (a unit's figure includes its whole subtree). One
    GROUP BY over the items joined to their lead unit's version."""
    cut = len(root.path) + org_rules.SEGMENT_WIDTH
    placed = valid_on(scope.as_of, "lead_unit__versions__") & scope.subtree_q(root.path, "lead_unit__versions__")
    rows = (items.annotate(status_then=_status_on(day)).filter(status_then__isnull=False)
            .exclude(status_then=ItemStatus.CANCELLED).filter(placed)
            .annotate(prefix=Substr("lead_unit__versions__path", 1, cut))
            .values("prefix")
            .annotate(total=Count("id"), done=Count("id", filter=Q(status_then=ItemStatus.DONE)),
                      overdue=Count("id", filter=Q(deadline__lt=day) & ~Q(status_then=ItemStatus.DONE)))
            .order_by())
    children = [v for v in versions_as_of(scope.as_of).filter(parent_id=root.unit_id).select_related("unit")
                .order_by("name") if scope.contains_path(v.path)]
    by_prefix = {c.path: Ratio(c.unit.code, c.name, c) for c in children}
    whole = Ratio(root.unit.code, root.name, root)
    for row in rows:
        whole.total += row["total"]
        whole.done += row["done"]
        whole.overdue += row["overdue"]
        child = by_prefix.get(row["prefix"])
        if child is not None:
            child.total, child.done, child.overdue = row["total"], row["done"], row["overdue"]
    return whole, list(by_prefix.values())


def items_of_year(scope: Scope, year: int) -> QuerySet[ProgrammeItem]:
    """Items of the programmes of ``year`` in scope (the dashboard's "16/19")."""
    return ProgrammeItem.objects.filter(programme__in=Subquery(programmes(scope, year=year).values("pk")))
