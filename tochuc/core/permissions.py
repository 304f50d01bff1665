"""Who may do what: ONE table, action → the lowest role that may do it (issue 14, point 6).

In the spirit of hitobito's ability table: every check in services, selectors, views, the API and
templates names an action of :data:`ACTIONS` and asks :func:`require` (raise) or :func:`allows`
(a yes/no for a page); no other code compares roles. A test reads the code and fails on an action
used but missing here, or listed here but used nowhere (``core/tests/test_permissions.py``).

Roles only say what kind of work a user does; *where* they may do it is the scope's subtrees,
checked by the scoped getters and ``Scope.reaches_unit`` as before.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:  # annotations only: the table needs nothing of the Scope value at run time
    from tochuc.core.scope import Scope

VIEWER, CLERK, ADMINISTRATOR = "viewer", "clerk", "administrator"
ROLE_RANK = {VIEWER: 0, CLERK: 1, ADMINISTRATOR: 2}


@dataclass(frozen=True)
class Rule:
    role: str  # the lowest role allowed
    denied: Promise  # said to whoever is refused: names the action, in Vietnamese


ACTIONS: dict[str, Rule] = {
    # organization tree
    "unit.write": Rule(CLERK, _("Bạn không có quyền thay đổi đơn vị này.")),
    "reorganization.apply": Rule(CLERK, _("Bạn không có quyền sắp xếp tổ chức.")),
    # members
    "member.write": Rule(CLERK, _("Bạn không có quyền cập nhật hồ sơ đảng viên.")),
    "member.import": Rule(CLERK, _("Bạn không có quyền nhập đảng viên.")),
    # a viewer sees citizen IDs and phones masked; reading them in full is audited
    "member.read_identifiers": Rule(CLERK, _("Bạn không có quyền xem đầy đủ số CCCD và điện thoại.")),
    # the work of the sector
    "meeting.write": Rule(CLERK, _("Bạn không có quyền ghi sinh hoạt chi bộ.")),
    "congress.manage": Rule(CLERK, _("Bạn không có quyền chuẩn bị đại hội.")),
    # handing out a congress's roles without sitting on its convening committee
    "congress.grant_roles": Rule(ADMINISTRATOR,
                                 _("Chỉ cấp ủy triệu tập hoặc quản trị viên được giao vai trò đại hội.")),
    "conference.write": Rule(CLERK, _("Bạn không có quyền cập nhật hội nghị.")),
    "document.write": Rule(CLERK, _("Bạn không có quyền cập nhật sổ văn bản.")),
    "study.write": Rule(CLERK, _("Bạn không có quyền ghi buổi học tập, quán triệt.")),
    "programme.write": Rule(CLERK, _("Bạn không có quyền cập nhật chương trình công tác.")),
    # accounts
    "user.manage": Rule(ADMINISTRATOR, _("Chỉ quản trị viên mới được quản lý người dùng.")),
}


def rank(role: str) -> int:
    """A role's rank (an unknown role is below every other: it may do nothing)."""
    return ROLE_RANK.get(role, -1)


def allows(scope: Scope | None, action: str) -> bool:
    """Whether the scope's role may do ``action`` (an unknown action is a bug: KeyError)."""
    rule = ACTIONS[action]
    return scope is not None and rank(scope.role) >= ROLE_RANK[rule.role]


def require(scope: Scope, action: str) -> None:
    """Refuse with the action's Vietnamese message unless the scope's role may do it."""
    if not allows(scope, action):
        raise PermissionDenied(str(ACTIONS[action].denied))


def denied_message(action: str) -> str:
    return str(ACTIONS[action].denied)


def may_grant(scope: Scope, role: str) -> bool:
    """Whether the scope may give a user ``role``: never a role above its own."""
    return rank(role) <= rank(scope.role)


def allowed_actions(role: str) -> frozenset[str]:
    """Every action a role may do (for tests and the documentation)."""
    return frozenset(action for action, rule in ACTIONS.items() if rank(role) >= ROLE_RANK[rule.role])
