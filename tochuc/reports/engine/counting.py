"""Counting one table (one GROUP BY) or every standard table for a context."""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import CharField, Count, QuerySet, Value

from tochuc.domain import reports as rules
from tochuc.reports.engine.children import _children
from tochuc.reports.engine.context import TOTAL, UNKNOWN, Context
from tochuc.reports.engine.member_tables import MEMBER_TABLES, cube_groups, evaluate_members
from tochuc.reports.engine.sources import MOVEMENTS, _badges, _events_in, _ratings, _units
from tochuc.reports.engine.tables import CHILDREN, TABLES, Period, Table, TableDef, default_period, table_from_cells


def _grouped(qs: QuerySet, row_expr, col_expr) -> dict[tuple[str, str], int]:
    annotations = {"r": row_expr, "c": col_expr if col_expr is not None else Value(TOTAL, output_field=CharField())}
    rows = qs.annotate(**annotations).values("r", "c").annotate(n=Count("id")).order_by()
    cells: dict[tuple[str, str], int] = {}
    for row in rows:
        key = (row["r"] or UNKNOWN, row["c"] or UNKNOWN)
        cells[key] = cells.get(key, 0) + row["n"]
    return cells


def _level_cells(qs: QuerySet) -> dict[tuple[str, str], int]:
    cells: dict[tuple[str, str], int] = {}
    for entry in qs.values("level", "c").annotate(n=Count("id")).order_by():
        key = (entry["level"] or UNKNOWN, entry["c"])
        cells[key] = cells.get(key, 0) + entry["n"]
    return cells


def evaluate(definition: TableDef, ctx: Context, *, period: Period | None = None, year: int | None = None) -> Table:
    """One table for the context: a single GROUP BY query (the children table: two at most)."""
    day = ctx.day
    col_expr = definition.columns.expression(day) if definition.columns else None
    col = col_expr if col_expr is not None else Value(TOTAL, output_field=CharField())
    if definition.source == "children":
        return _children(definition, ctx, col_expr, definition.columns.ordered(set()))
    period = period or default_period(day)
    year = year or rules.default_rating_year(day)
    if definition.source == "members":
        cells = _grouped(ctx.memberships(), definition.rows.expression(day), col_expr)
    elif definition.source == "movements":
        found = (_events_in(ctx, period.start, period.end).annotate(c=col)
                 .values("kind", "arrive", "depart", "c").annotate(n=Count("id")).order_by())
        cells = {}
        for entry in found:  # at most a few dozen aggregated rows
            for movement in MOVEMENTS:
                if movement.matches(entry["kind"], entry["arrive"], entry["depart"]):
                    key = (movement.key, entry["c"])
                    cells[key] = cells.get(key, 0) + entry["n"]
    elif definition.source == "ratings":
        cells = _level_cells(_ratings(ctx, year).annotate(c=col))
    elif definition.source == "badges":
        cells = _level_cells(_badges(ctx, period.start, period.end).annotate(c=col))
    elif definition.source == "units":
        found = _units(ctx).values("kind").annotate(n=Count("id")).order_by().values_list("kind", "n")
        cells = {(kind, TOTAL): n for kind, n in found}
    else:
        raise ValueError(definition.source)
    return table_from_cells(definition, ctx, cells, period=period, year=year)


def evaluate_all(ctx: Context, *, period: Period | None = None, year: int | None = None,
                 progress: Callable[[int, int], None] = lambda done, total: None) -> list[Table]:
    """The children table, then every standard table (member tables in a few scans), counted
    fresh; :func:`tochuc.reports.tally.tables` sums the kept totals instead for a big subtree."""
    total = PASSES
    out = [evaluate(CHILDREN, ctx)]
    progress(1, total)
    members = evaluate_members(MEMBER_TABLES, ctx)
    done = 1 + len(cube_groups(MEMBER_TABLES))
    progress(done, total)
    for d in TABLES:
        if d.source == "members":
            out.append(members[d.key])
        else:
            out.append(evaluate(d, ctx, period=period, year=year))
            done += 1
            progress(done, total)
    return out



PASSES = 1 + len(cube_groups(MEMBER_TABLES)) + sum(1 for d in TABLES if d.source != "members")


def total_members(ctx: Context) -> int:
    return ctx.memberships().count()
