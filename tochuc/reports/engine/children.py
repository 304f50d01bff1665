"""The children table: members per child unit of the report's unit."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import CharField, Count, Q, Value
from django.db.models.functions import Substr

from tochuc.domain import orgs as org_rules
from tochuc.members.selectors import memberships_on
from tochuc.orgs.models import UnitVersion
from tochuc.orgs.selectors import valid_on, versions_as_of
from tochuc.reports.engine.context import RESTATED, TOTAL, Category, Context
from tochuc.reports.engine.tables import Table, TableDef


@dataclass(frozen=True)
class ChildCategory(Category):
    version: UnitVersion | None = None


def children_of(ctx: Context) -> list[UnitVersion]:
    scope = ctx.structure_scope
    return [v for v in versions_as_of(ctx.structure_on).filter(parent_id=ctx.root.unit_id).select_related("unit")
            .order_by("name") if scope.contains_path(v.path)]


def _children(definition: TableDef, ctx: Context, col_expr, columns) -> Table:
    """Members per child unit: memberships joined to their branch's version on the structure
    date, grouped by the child's path prefix; branches merged into the subtree (restated) are
    grouped by branch and folded onto their target's child."""
    children = children_of(ctx)
    rows = [ChildCategory(c.unit.code, c.name, c) for c in children]
    code_of_prefix = {c.path: c.unit.code for c in children}
    cut = len(ctx.root.path) + org_rules.SEGMENT_WIDTH
    on_structure = valid_on(ctx.structure_on, "unit__versions__") & ctx.structure_scope.subtree_q(
        ctx.root.path, "unit__versions__") & Q(unit__versions__depth__gt=ctx.root.depth)
    if ctx.mode == RESTATED:
        on_structure &= Q(unit__versions__kind__in=org_rules.BRANCH_KINDS)
    col = col_expr if col_expr is not None else Value(TOTAL, output_field=CharField())
    found = (memberships_on(ctx.day).filter(on_structure)
             .annotate(prefix=Substr("unit__versions__path", 1, cut), c=col)
             .values("prefix", "c").annotate(n=Count("id")).order_by())
    cells: dict[tuple[str, str], int] = {}
    for entry in found:
        code = code_of_prefix.get(entry["prefix"])
        if code is not None:
            cells[(code, entry["c"])] = cells.get((code, entry["c"]), 0) + entry["n"]
    if ctx.earlier:
        merged = (memberships_on(ctx.day).filter(unit_id__in=sorted(ctx.earlier)).annotate(c=col)
                  .values("unit_id", "c").annotate(n=Count("id")).order_by())
        for entry in merged:
            code = code_of_prefix.get(ctx.earlier[entry["unit_id"]][:cut])
            if code is not None:
                cells[(code, entry["c"])] = cells.get((code, entry["c"]), 0) + entry["n"]
    return Table(definition, rows, columns, cells)
