"""The members behind a number: the same expressions as the counts, so a drill-down list has
exactly as many members as the number clicked."""

from __future__ import annotations

from django.db.models import QuerySet

from tochuc.domain import reports as rules
from tochuc.members.models import Member
from tochuc.reports.engine.children import children_of
from tochuc.reports.engine.context import Context, context_for
from tochuc.reports.engine.sources import MOVEMENTS, _badges, _events_in, _ratings
from tochuc.reports.engine.tables import Period, TableDef, default_period


def cell_members(definition: TableDef, ctx: Context, *, row: str | None, column: str | None,
                 period: Period | None = None, year: int | None = None) -> QuerySet[Member]:
    """The members counted in one cell (``row``/``column`` None: the whole row or column)."""
    day = ctx.day
    if definition.source == "children":
        if row is not None:
            child = next((c for c in children_of(ctx) if c.unit.code == row), None)
            if child is None:
                return Member.objects.none()
            ctx = context_for(scope=ctx.scope, code=row, day=ctx.day, mode=ctx.mode)
        qs = ctx.memberships()
        if column is not None and definition.columns is not None:
            qs = qs.annotate(c=definition.columns.expression(day)).filter(c=column)
        return Member.objects.filter(pk__in=qs.values("member_id"))
    if definition.source == "members":
        qs = ctx.memberships()
        if row is not None:
            qs = qs.annotate(r=definition.rows.expression(day)).filter(r=row)
        if column is not None and definition.columns is not None:
            qs = qs.annotate(c=definition.columns.expression(day)).filter(c=column)
        return Member.objects.filter(pk__in=qs.values("member_id"))
    if definition.source in ("movements", "ratings", "badges"):
        if definition.source == "badges":
            period = period or default_period(day)
            events = _badges(ctx, period.start, period.end)
            if row is not None:
                events = events.filter(level=row)
        elif definition.source == "movements":
            period = period or default_period(day)
            events = _events_in(ctx, period.start, period.end)
            if row is not None:
                movement = next((m for m in MOVEMENTS if m.key == row), None)
                if movement is None:
                    return Member.objects.none()
                events = events.filter(movement.q())
        else:
            events = _ratings(ctx, year or rules.default_rating_year(day))
            if row is not None:
                events = events.filter(level=row)
        if column is not None and definition.columns is not None:
            events = events.annotate(c=definition.columns.expression(day)).filter(c=column)
        return Member.objects.filter(pk__in=events.values("member_id"))
    return Member.objects.none()
