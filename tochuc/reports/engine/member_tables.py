"""Member tables counted together: a few bounded GROUP BY scans (cubes) over memberships."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Count

from tochuc.reports.engine.context import TOTAL, UNKNOWN, Context
from tochuc.reports.engine.dimensions import Dimension
from tochuc.reports.engine.tables import TABLES, Table, TableDef, _one_column

#: Largest number of groups (product of the dimensions' category counts) one scan may make: a
#: GROUP BY over every dimension at once would make millions of groups nationwide (measured: a
#: 5.6 M-member cube of 8 dimensions is slower than 8 scans), a few small cubes are not.
CUBE_LIMIT = 2000
_UNBOUNDED_CATEGORIES = 10  # a dimension without a fixed list (religion): a guess for the bound


def _size(dim: Dimension) -> int:
    return len(dim.categories()) or _UNBOUNDED_CATEGORIES


def cube_groups(definitions: Sequence[TableDef], limit: int = CUBE_LIMIT) -> list[list[TableDef]]:
    """Member tables packed into scans whose group counts stay under ``limit``."""
    packs: list[tuple[dict[str, Dimension], list[TableDef]]] = []
    for d in definitions:
        wanted = {d.rows.key: d.rows} | ({d.columns.key: d.columns} if d.columns is not None else {})
        for dims, tables in packs:
            merged = dims | wanted
            size = 1
            for dim in merged.values():
                size *= _size(dim)
            if size <= limit:
                dims.update(wanted)
                tables.append(d)
                break
        else:
            packs.append((dict(wanted), [d]))
    return [tables for _, tables in packs]


def evaluate_members(definitions: Sequence[TableDef], ctx: Context) -> dict[str, Table]:
    """Member tables from a few scans: each a GROUP BY over the dimensions of the tables packed
    into it (:func:`cube_groups`), folded into each table's cells. The join of memberships with
    members is what costs, so tables sharing a scan share that cost."""
    out = {}
    for pack in cube_groups(definitions):
        dims: dict[str, Dimension] = {}
        for d in pack:
            dims[d.rows.key] = d.rows
            if d.columns is not None:
                dims[d.columns.key] = d.columns
        annotations = {f"d_{key}": dim.expression(ctx.day) for key, dim in dims.items()}
        groups = list(ctx.memberships().annotate(**annotations).values(*annotations).annotate(n=Count("id")).order_by())
        for d in pack:
            cells: dict[tuple[str, str], int] = {}
            rkey = f"d_{d.rows.key}"
            ckey = f"d_{d.columns.key}" if d.columns is not None else None
            for g in groups:  # aggregated groups, not members
                key = (g[rkey] or UNKNOWN, (g[ckey] or UNKNOWN) if ckey else TOTAL)
                cells[key] = cells.get(key, 0) + g["n"]
            columns = d.columns.ordered(set()) if d.columns else _one_column()
            out[d.key] = Table(d, d.rows.ordered({r for r, _ in cells}), columns, cells)
    return out



MEMBER_TABLES = [d for d in TABLES if d.source == "members"]
