"""The apps' layers (README, "Architecture"): the import-linter contract in pyproject.toml is kept,
and no import placed inside a function crosses apps.

import-linter sees imports inside functions too, so the contract alone forbids an upward one; but a
function-level import is how a cycle hides from the reader and from the load order, so they are
counted here: one that crosses apps must be in ``ALLOWED`` with its reason (a lazy import for the
start-up cost, or a known exception that has its issue), and the list only shrinks.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]  # the tochuc package
CONFIG = ROOT.parent / "pyproject.toml"

#: (importing module, imported module) → why the import stays inside a function.
ALLOWED: dict[tuple[str, str], str] = {
    # AppConfig.ready: the redaction registry imports the audit models, which cannot be imported
    # while the app registry loads the congresses app module itself.
    ("tochuc.congresses.apps", "tochuc.audit.redaction"): "models are importable only in ready()",
}

#: Not production modules: test support, and the benchmarks, scripts run by ``python -m
#: tochuc.bench`` that configure Django before importing the apps (nothing imports them, so they
#: can hide no cycle).
SKIPPED_PARTS = {"tests", "bench", "migrations"}
SKIPPED_FILES = {"conftest.py"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def app_of(module: str) -> str:
    """``tochuc.<app>`` for a module inside an app package, ``tochuc`` for the root modules."""
    parts = module.split(".")
    if len(parts) > 1 and (ROOT / parts[1]).is_dir():
        return ".".join(parts[:2])
    return parts[0]


def function_imports(source: str, module: str, *, is_package: bool = False) -> list[tuple[str, int]]:
    """(imported module, line) of every ``import``/``from … import`` of a tochuc module placed
    inside a function (at any depth: nested functions, methods, blocks)."""
    found: list[tuple[str, int]] = []

    def visit(node: ast.AST, inside: bool) -> None:
        for child in ast.iter_child_nodes(node):
            here = inside or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            if here and isinstance(child, ast.Import):
                found.extend((alias.name, child.lineno) for alias in child.names)
            elif here and isinstance(child, ast.ImportFrom):
                if child.level:  # relative: resolve against this module's package
                    base = module.split(".") if is_package else module.split(".")[:-1]
                    base = base[: len(base) - (child.level - 1)]
                    target = ".".join(base + ([child.module] if child.module else []))
                else:
                    target = child.module or ""
                found.append((target, child.lineno))
            visit(child, here)

    visit(ast.parse(source), False)
    return [(target, line) for target, line in found if target.split(".")[0] == "tochuc"]


def crossing_imports() -> list[tuple[str, str, int]]:
    """(importing module, imported module, line) of every function-level import across apps."""
    out = []
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT)
        if SKIPPED_PARTS & set(rel.parts[:-1]) or path.name in SKIPPED_FILES:
            continue
        module = module_name(path)
        for target, line in function_imports(path.read_text(encoding="utf-8"), module,
                                             is_package=path.name == "__init__.py"):
            if app_of(target) != app_of(module):
                out.append((module, target, line))
    return out


def test_the_walker_finds_a_function_level_import_across_apps():
    """Before trusting its silence: it catches every form, and not the imports it should not."""
    source = (
        "from tochuc.orgs import selectors\n"  # module level: the contract's business, not this test's
        "def f():\n"
        "    from tochuc.reports import stamps\n"
        "    import tochuc.members.models\n"
        "    from ..reports.tally import keep\n"
        "    from .services import x\n"  # same app
        "    class C:\n"
        "        def m(self):\n"
        "            from tochuc.audit.services import audit_record\n"
        "    return lambda: None\n"
    )
    found = function_imports(source, "tochuc.orgs.history")
    assert [(t, line) for t, line in found] == [
        ("tochuc.reports", 3), ("tochuc.members.models", 4), ("tochuc.reports.tally", 5), ("tochuc.orgs.services", 6),
        ("tochuc.audit.services", 9)]
    assert [app_of(t) for t, _ in found] == ["tochuc.reports", "tochuc.members", "tochuc.reports", "tochuc.orgs",
                                             "tochuc.audit"]
    assert app_of("tochuc.api") == app_of("tochuc.urls") == "tochuc"


def test_no_function_level_import_crosses_apps_beyond_the_allowed_list():
    found = crossing_imports()
    unexplained = [f"{m} → {t} (l.{line})" for m, t, line in found if (m, t) not in ALLOWED]
    assert not unexplained, "import at the top of the module, or move the code to its layer:\n" + "\n".join(unexplained)
    assert len(found) <= len(ALLOWED)
    stale = set(ALLOWED) - {(m, t) for m, t, _ in found}
    assert not stale, f"no longer needed, remove from ALLOWED: {sorted(stale)}"


def test_the_layer_contract_is_kept():
    """The same check as ``make lint``, so that a plain pytest run sees a broken layer too."""
    pytest.importorskip("importlinter")
    from importlinter import cli

    assert cli.lint_imports(config_filename=str(CONFIG), no_cache=True) == cli.EXIT_STATUS_SUCCESS
