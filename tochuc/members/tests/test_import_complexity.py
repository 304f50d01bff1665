"""The member-file check stays a table of small validators (issue 14, point 7).

``validate`` once read every column in one function of cyclomatic complexity 49; it is now one
function per column plus the cross-row duplicate checks. This test counts decision points (as
mccabe and ruff's C901 do, boolean operators included, so it errs on the strict side) and keeps
every function of the module at 15 or below, without making ruff a dependency.
"""

from __future__ import annotations

import ast
from pathlib import Path

from tochuc.members import importing

MOST = 15
BRANCHES = (ast.If, ast.IfExp, ast.For, ast.AsyncFor, ast.While, ast.ExceptHandler, ast.comprehension,
            ast.match_case)


def complexity(function: ast.FunctionDef) -> int:
    count = 1
    for node in ast.walk(function):
        if isinstance(node, BRANCHES):
            count += 1 + (len(node.ifs) if isinstance(node, ast.comprehension) else 0)
        elif isinstance(node, ast.BoolOp):
            count += len(node.values) - 1
    return count


def functions(tree: ast.AST):
    return [node for node in ast.walk(tree) if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))]


def test_no_function_of_the_member_file_check_is_above_complexity_15():
    tree = ast.parse(Path(importing.__file__).read_text(encoding="utf-8"))
    found = {f.name: complexity(f) for f in functions(tree)}
    assert {name: n for name, n in found.items() if n > MOST} == {}
    assert "validate" in found and len(found) > 10


def test_every_column_has_its_validator_in_the_table():
    """Each column of the file is checked by a function of its name, in the table ``validate`` runs."""
    names = {check.__name__.lstrip("_") for check in importing._CHECKS}
    assert {*importing.REQUIRED, *importing.OPTIONAL} <= names
