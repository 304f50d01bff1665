"""Giving and taking back the congress roles (convening committee, counting committee): they
open the ballots and the results before release, so only the convening committee or an
administrator of the congress's unit hands them out (issue 13, point 1)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tochuc.congresses import selectors
from tochuc.congresses.models import Congress, CongressRole, RoleKind
from tochuc.congresses.services._common import _audit
from tochuc.core.scope import Scope, scope_for_user, today


def _require_role_granter(congress: Congress, actor, scope: Scope) -> None:
    if not selectors.can_grant_roles(congress, actor, scope):
        raise PermissionDenied(_("Chỉ cấp ủy triệu tập của đại hội hoặc quản trị viên của tổ chức đại hội được giao, "
                                 "thu hồi vai trò trong đại hội."))


def _role_holder(congress: Congress, username: str):
    """The user to give a role to: an active account whose scope covers the congress's unit
    today. Anything else gets one answer, so the form tells nobody whether a username exists."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(username=username.strip(), is_active=True).first() if username.strip() \
        else None
    path = selectors.unit_path_today(congress)
    if user is None or path is None or not scope_for_user(user, today()).contains_path(path):
        raise ValidationError(_("Không giao được vai trò cho «%(name)s»: không có người dùng này trong phạm vi "
                                "của tổ chức đại hội.") % {"name": username.strip()})
    return user


@transaction.atomic
def congress_role_grant(*, actor, scope: Scope, congress: Congress, username: str, role: str,
                        reason: str | None = None) -> CongressRole:
    """Give the convening or counting committee role to a user working in the congress's unit.

    Only the congress's convening committee (its creator is the first member) or an administrator
    of the unit hands roles out (issue 13, point 1): a role opens the ballots and the results
    before release, so a clerk may not give one to themselves."""
    _require_role_granter(congress, actor, scope)
    if role not in RoleKind.values:
        raise ValidationError(_("Vai trò không hợp lệ."))
    user = _role_holder(congress, username)
    granted, created = CongressRole.objects.get_or_create(congress=congress, user=user, role=role)
    _audit(actor, "congress.role_grant", congress, congress, after={"user": user.username, "role": role,
                                                                    "created": created}, reason=reason)
    return granted


@transaction.atomic
def congress_role_revoke(*, actor, scope: Scope, congress: Congress, username: str, role: str,
                         reason: str | None = None) -> bool:
    """Take a role back (same rule as giving it). False when the user did not hold it."""
    _require_role_granter(congress, actor, scope)
    if role not in RoleKind.values:
        raise ValidationError(_("Vai trò không hợp lệ."))
    deleted, _rows = CongressRole.objects.filter(congress=congress, user__username=username.strip(), role=role).delete()
    if deleted:
        _audit(actor, "congress.role_revoke", congress, congress, before={"user": username.strip(), "role": role},
               reason=reason)
    return bool(deleted)
