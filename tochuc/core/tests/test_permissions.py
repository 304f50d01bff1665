"""The permission table (issue 14, point 6): complete, used everywhere, and right for each role."""

from __future__ import annotations

import ast
import re
from datetime import date
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.template import Context, Template

from tochuc.core import permissions
from tochuc.core.permissions import ACTIONS, allowed_actions, allows, may_grant, require
from tochuc.core.scope import Scope

ROOT = Path(__file__).resolve().parents[2]  # the tochuc package
CHECKS = {"require", "allows", "denied_message"}  # the calls that name an action
TEMPLATE_CHECK = re.compile(r"""\|allows:["']([^"']+)["']""")
# Role comparisons that the table replaced; only the table (and Scope's deprecated aliases) may hold them.
# (congresses/conferences keep a one-line ``_require_write`` calling ``require``: those modules are
# being split into packages in parallel, so their callers were left alone.)
SCATTERED = re.compile(r"\.can_write\b|\.can_manage_users\b|\bROLE_RANK\b")
OWNERS = {ROOT / "core" / "permissions.py", ROOT / "core" / "scope.py"}


def _sources() -> list[Path]:
    return [p for p in ROOT.rglob("*.py") if "tests" not in p.relative_to(ROOT).parts and "migrations" not in p.parts]


def _templates() -> list[Path]:
    return list(ROOT.rglob("templates/**/*.html"))


def _action_calls(path: Path):
    """(line, action or None) for every call of a check; None when the action is not a literal."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)
        if name not in CHECKS:
            continue
        # require/allows(scope, action); denied_message(action)
        index = 0 if name == "denied_message" else 1
        argument = node.args[index] if len(node.args) > index else None
        literal = argument.value if isinstance(argument, ast.Constant) and isinstance(argument.value, str) else None
        yield node.lineno, literal


def _used_actions() -> tuple[set[str], list[str]]:
    used, dynamic = set(), []
    for path in _sources():
        if path == ROOT / "core" / "permissions.py" or path.parent.name == "templatetags":
            continue  # the table's own functions and the template filter pass actions through
        for line, action in _action_calls(path):
            if action is None:
                dynamic.append(f"{path.relative_to(ROOT)}:{line}")
            else:
                used.add(action)
    for path in _templates():
        used.update(TEMPLATE_CHECK.findall(path.read_text(encoding="utf-8")))
    return used, dynamic


def test_every_action_used_is_in_the_table_and_every_table_action_is_used():
    used, dynamic = _used_actions()
    assert not dynamic, f"an action must be a literal so this test can see it: {dynamic}"
    assert used - set(ACTIONS) == set(), "actions used in code but missing from core/permissions.py"
    assert set(ACTIONS) - used == set(), "actions in the table that no code checks"


def test_no_role_check_outside_the_table():
    found = []
    for path in _sources() + _templates():
        if path in OWNERS:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if SCATTERED.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not found, "role checks outside tochuc/core/permissions.py:\n" + "\n".join(found)


def test_the_completeness_check_sees_a_missing_action(tmp_path):
    # The walker itself: a call naming an unknown action is seen, a computed one is reported.
    probe = tmp_path / "probe.py"
    probe.write_text('require(scope, "nothing.such")\nallows(scope, name)\npermissions.denied_message("x.y")\n')
    assert list(_action_calls(probe)) == [(1, "nothing.such"), (2, None), (3, "x.y")]


def _scope(role: str) -> Scope:
    day = date(2026, 1, 1)
    return Scope(role=role, unit_ids=(1,), paths=("0001",), as_of=day, today=day)


WRITES = {action for action in ACTIONS if action != "member.read_identifiers"}


def test_a_viewer_only_reads():
    assert allowed_actions("viewer") == frozenset()
    for action in ACTIONS:
        assert not allows(_scope("viewer"), action)


def test_a_clerk_works_but_does_not_manage_users():
    clerk = allowed_actions("clerk")
    assert {"member.write", "member.import", "member.read_identifiers", "meeting.write", "congress.manage",
            "conference.write", "document.write", "study.write", "programme.write", "unit.write",
            "reorganization.apply"} <= clerk
    assert "user.manage" not in clerk and "congress.grant_roles" not in clerk


def test_an_administrator_may_do_everything():
    assert allowed_actions("administrator") == frozenset(ACTIONS)


def test_an_unknown_role_or_no_scope_may_do_nothing():
    assert allowed_actions("superuser") == frozenset()
    assert not allows(None, "member.write")
    with pytest.raises(KeyError):
        allows(_scope("administrator"), "member.wirte")  # a misspelt action is a bug, not a "no"


def test_require_refuses_with_the_actions_vietnamese_message():
    require(_scope("clerk"), "meeting.write")
    with pytest.raises(PermissionDenied, match="Bạn không có quyền ghi sinh hoạt chi bộ."):
        require(_scope("viewer"), "meeting.write")
    with pytest.raises(PermissionDenied, match="Chỉ quản trị viên mới được quản lý người dùng."):
        require(_scope("clerk"), "user.manage")
    assert all(str(rule.denied) for rule in ACTIONS.values())


def test_no_role_grants_a_role_above_its_own():
    assert may_grant(_scope("administrator"), "administrator")
    assert may_grant(_scope("clerk"), "viewer") and may_grant(_scope("clerk"), "clerk")
    assert not may_grant(_scope("clerk"), "administrator")
    assert not may_grant(_scope("viewer"), "clerk")


def test_templates_ask_the_table():
    page = Template('{% if scope|allows:"programme.write" %}sửa{% else %}xem{% endif %}')
    assert page.render(Context({"scope": _scope("clerk")})) == "sửa"
    assert page.render(Context({"scope": _scope("viewer")})) == "xem"
    assert page.render(Context({"scope": None})) == "xem"


def test_roles_are_the_accounts_roles():
    from tochuc.accounts.models import Role

    assert set(permissions.ROLE_RANK) == set(Role.values)
