"""Rules of a reorganization plan (pure; no Django).

A plan is a list of lines applied in order on one effective date E (DESIGN.md invariant 4:
reorganizations are recorded events and the source of truth):

* ``create``  — a new unit ``code`` with ``name`` and ``kind`` under ``parent``;
* ``move``    — unit ``code`` with its whole subtree moves under ``target``;
* ``merge``   — every child of ``code`` moves under ``target``, then ``code`` ends; when both are
  branches (chi bộ) the members of ``code`` move to ``target``;
* ``rename``  — unit ``code`` gets ``name`` (and ``kind`` if given);
* ``close``   — unit ``code`` ends; it must have no open children and, for a branch, no members.

The whole plan is checked on a simulated tree before anything is written (DESIGN.md
invariant 6). :func:`validate_plan` takes what the database knows of every unit the plan names
(their ancestors, and the children of units that lose them) as :class:`KnownUnit` values and
returns every problem with its line and column, and the simulated result the writer follows.

Sources: Điều lệ Đảng (2011) Điều 21–25 (which kind sits under which, through
:func:`tochuc.domain.orgs.parent_kind_allowed`); Quy định 294-QĐ/TW (2025): no district level
from 1/7/2025 (:func:`tochuc.domain.orgs.kind_allowed_on`). A member is in exactly one branch
at any date (Điều lệ Đảng, Điều 7), so a branch that ends hands its members to another branch
on the same day.

The package, by what the parts do (every public name is re-exported here):

- :mod:`.plan`: operations and columns of the plan file, reading a line, checks of one line;
- :mod:`.problems`: a problem of a line, and how a day is shown;
- :mod:`.known`: what the database knows of the units a plan names, and what to load;
- :mod:`.result`: the effect of each line and the tree after the plan;
- :mod:`.simulation`: the plan applied line by line on a simulated tree (the structural rules);
- :mod:`.members`: where the members of the branches a plan touches end, and their counts.
"""

from tochuc.domain.reorg.known import (
    KnownUnit,
    Needs,
    kinds_ended_on,
    kinds_that_may_contain,
    needs,
)
from tochuc.domain.reorg.members import (
    MemberAccounting,
    branch_place,
    member_accounting,
)
from tochuc.domain.reorg.plan import (
    CLOSE,
    CODE_MAX,
    COLUMNS,
    CREATE,
    MAY,
    MERGE,
    MOVE,
    NAME_MAX,
    NEEDS,
    OP_LABELS,
    OPS,
    RENAME,
    REQUIRED_COLUMNS,
    PlanLine,
    check_line,
    read_line,
    reference_problem,
)
from tochuc.domain.reorg.problems import Problem, fmt_day
from tochuc.domain.reorg.result import LineEffect, PlanResult
from tochuc.domain.reorg.simulation import validate_plan

__all__ = [
    "CLOSE", "CODE_MAX", "COLUMNS", "CREATE", "MAY", "MERGE", "MOVE", "NAME_MAX", "NEEDS", "OP_LABELS", "OPS",
    "RENAME", "REQUIRED_COLUMNS", "KnownUnit", "LineEffect", "MemberAccounting", "Needs", "PlanLine", "PlanResult",
    "Problem", "branch_place", "check_line", "fmt_day", "kinds_ended_on", "kinds_that_may_contain",
    "member_accounting", "needs", "read_line", "reference_problem", "validate_plan",
]
