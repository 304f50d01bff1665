"""``tochuc.domain.reorg`` is a package of small modules behind one import (issue 14, point 7).

Callers keep writing ``from tochuc.domain import reorg`` or ``from tochuc.domain.reorg import X``;
the package re-exports every public name its modules define, and no module of it grows past the
500-line limit again.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

from tochuc.domain import reorg

MOST_LINES = 500
#: Names the reorganization services, views, history and tests take from the package.
USED = ("CLOSE", "COLUMNS", "CREATE", "MERGE", "MOVE", "OPS", "OP_LABELS", "RENAME", "REQUIRED_COLUMNS",
        "KnownUnit", "LineEffect", "PlanLine", "PlanResult", "Problem", "branch_place", "fmt_day",
        "member_accounting", "needs", "read_line", "reference_problem", "validate_plan")


def modules() -> list[Path]:
    here = Path(reorg.__file__)
    return sorted(here.parent.glob("*.py")) if here.name == "__init__.py" else [here]


def test_no_module_of_the_plan_rules_is_over_500_lines():
    long = {p.name: n for p in modules() if (n := len(p.read_text(encoding="utf-8").splitlines())) > MOST_LINES}
    assert long == {}


def test_the_names_callers_use_are_exported():
    assert [name for name in USED if not hasattr(reorg, name)] == []


def test_every_public_name_of_the_package_is_re_exported():
    missing = []
    for path in modules():
        if path.name == "__init__.py":
            continue
        module = importlib.import_module(f"tochuc.domain.reorg.{path.stem}")
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            names = ([node.name] if isinstance(node, (ast.FunctionDef, ast.ClassDef)) else
                     [t.id for t in getattr(node, "targets", [getattr(node, "target", None)]) if isinstance(t,
                                                                                                            ast.Name)]
                     if isinstance(node, (ast.Assign, ast.AnnAssign)) else [])
            for name in names:
                if not name.startswith("_") and getattr(reorg, name, None) is not getattr(module, name):
                    missing.append(f"{path.stem}.{name}")
    assert missing == []
