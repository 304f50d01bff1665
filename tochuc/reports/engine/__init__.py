"""The report engine: a table is a definition (rows, columns, source, filters) evaluated
set-based in the database — one GROUP BY per table — for a subtree and a date.

Two ways of counting (DESIGN.md invariant 4, :mod:`tochuc.reorganizations.history`):

* ``as_of`` — by the tree of the report date D: the unit's subtree on D, memberships valid on D;
* ``restated`` — the same memberships counted by the structure of the scope's date S (today by
  default): the branches the unit is made of on S plus the branches merged into them since
  (:func:`tochuc.reorganizations.history.merged_into`), so a unit formed after D has a comparable figure.

Pages, the API and the XLSX/PDF exports all call :func:`evaluate`; the members behind any cell
come from :func:`cell_members`, which applies the same expressions, so a drill-down list has
exactly as many members as the number clicked. Subtrees above the commune level are summed from
per-unit totals kept by :mod:`tochuc.reports.tally` (the same cells): callers ask
:func:`tochuc.reports.tally.tables`, which sums the kept totals or calls :func:`evaluate_all` here,
the fresh count. The engine does not know the tally (the tally is built on it, not the reverse).
"""

# The engine is a package split by what the parts do (issue 14.7); callers keep using
# ``from tochuc.reports import engine`` and ``engine.<name>``, so every public name is here.
from tochuc.reports.engine.children import ChildCategory, children_of
from tochuc.reports.engine.context import (
    AS_OF,
    MODES,
    RESTATED,
    TOTAL,
    UNKNOWN,
    Category,
    Context,
    NotOnDate,
    context_for,
)
from tochuc.reports.engine.counting import PASSES, evaluate, evaluate_all, total_members
from tochuc.reports.engine.dimensions import (
    AGE,
    AGE_BANDS,
    DIMENSIONS,
    EDUCATION,
    ETHNICITY,
    RELIGION,
    SEX,
    STATUS,
    THEORY,
    YEAR_BANDS,
    YEARS,
    Dimension,
)
from tochuc.reports.engine.drill import cell_members
from tochuc.reports.engine.member_tables import CUBE_LIMIT, MEMBER_TABLES, cube_groups, evaluate_members
from tochuc.reports.engine.sources import MOVEMENT_KINDS, MOVEMENTS, Movement
from tochuc.reports.engine.tables import (
    CHILDREN,
    TABLE_BY_KEY,
    TABLES,
    Period,
    Table,
    TableDef,
    default_period,
    table_def,
    table_from_cells,
)

__all__ = [
    "AGE", "AGE_BANDS", "AS_OF", "CHILDREN", "CUBE_LIMIT", "DIMENSIONS", "EDUCATION", "ETHNICITY", "MEMBER_TABLES",
    "MODES", "MOVEMENTS", "MOVEMENT_KINDS", "PASSES", "RELIGION", "RESTATED", "SEX", "STATUS", "TABLES",
    "TABLE_BY_KEY", "THEORY", "TOTAL", "UNKNOWN", "YEARS", "YEAR_BANDS",
    "Category", "ChildCategory", "Context", "Dimension", "Movement", "NotOnDate", "Period", "Table", "TableDef",
    "cell_members", "children_of", "context_for", "cube_groups", "default_period", "evaluate", "evaluate_all",
    "evaluate_members", "table_def", "table_from_cells", "total_members",
]
