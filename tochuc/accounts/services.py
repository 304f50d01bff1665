"""Writes to accounts: users, their scopes, API tokens. Audited like every write."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tochuc.accounts.models import ApiToken, Role, User, UserScope
from tochuc.accounts.scope import ROLE_RANK, Scope
from tochuc.audit.services import audit_record
from tochuc.orgs.models import UnitVersion
from tochuc.orgs.selectors import valid_on

TOKEN_BYTES = 32


@transaction.atomic
def user_create(
    *,
    actor,
    scope: Scope,
    username: str,
    password: str | None,
    role: str,
    scope_codes: list[str],
    reason: str | None = None,
) -> User:
    """Create a user working in the subtrees ``scope_codes``, all inside the actor's own scope."""
    if not scope.can_manage_users:
        raise PermissionDenied(_("Chỉ quản trị viên mới được tạo người dùng."))
    if role not in Role.values:
        raise ValidationError(_("Vai trò «%(role)s» không hợp lệ (dùng: %(roles)s).") % {"role": role, "roles": ", ".join(Role.values)})
    if ROLE_RANK[role] > ROLE_RANK.get(scope.role, -1):
        raise PermissionDenied(_("Không thể cấp vai trò cao hơn vai trò của mình."))
    if not scope_codes:
        raise ValidationError(_("Người dùng phải có ít nhất một đơn vị trong phạm vi."))
    if User.objects.filter(username=username).exists():
        raise ValidationError(_("Tên đăng nhập «%(name)s» đã tồn tại.") % {"name": username})
    versions = {v.unit.code: v for v in UnitVersion.objects.filter(valid_on(scope.as_of), unit__code__in=scope_codes).select_related("unit")}
    missing = [code for code in scope_codes if code not in versions]
    if missing:
        raise ValidationError(_("Không tìm thấy đơn vị: %(codes)s.") % {"codes": ", ".join(missing)})
    outside = [code for code, v in versions.items() if not scope.contains_path(v.path)]
    if outside:
        raise PermissionDenied(_("Đơn vị ngoài phạm vi của bạn: %(codes)s.") % {"codes": ", ".join(outside)})
    user = User(username=username, role=role)
    if password:
        validate_password(password, user)
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    UserScope.objects.bulk_create([UserScope(user=user, unit=v.unit) for v in versions.values()])
    first = versions[scope_codes[0]]
    audit_record(actor=actor, action="user.create", obj=user, unit_id=first.unit_id,
                 after={"username": username, "role": role, "scope": sorted(versions)}, reason=reason)
    return user


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, actor, user: User, reason: str | None = None) -> str:
    """A new bearer token for ``user``; returned once, only its digest is kept."""
    token = "tch_" + secrets.token_urlsafe(TOKEN_BYTES)
    ApiToken.objects.create(user=user, digest=token_digest(token), prefix=token[:8])
    first_unit = user.scope_links.values_list("unit_id", flat=True).first()
    audit_record(actor=actor, action="user.token_create", obj=user, unit_id=first_unit,
                 after={"prefix": token[:8]}, reason=reason)
    return token
