"""Writes to accounts: users, their scopes, passwords, API tokens. Audited like every write.

Administrators manage only users whose every subtree lies inside their own scope today
(``selectors.managed_users``): an administrator of Hà Nội cannot reset a Sài Gòn user.
"""

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
from tochuc.audit.services import audit_record, token_use_note
from tochuc.core.permissions import may_grant, require
from tochuc.core.scope import Scope, today
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
    require(scope, "user.manage")
    if role not in Role.values:
        raise ValidationError(_("Vai trò «%(role)s» không hợp lệ (dùng: %(roles)s).") % {"role": role,
                                                                                         "roles": ", "
                                                                                                  "".join(Role.values)})
    if not may_grant(scope, role):
        raise PermissionDenied(_("Không thể cấp vai trò cao hơn vai trò của mình."))
    if not scope_codes:
        raise ValidationError(_("Người dùng phải có ít nhất một đơn vị trong phạm vi."))
    if User.objects.filter(username=username).exists():
        raise ValidationError(_("Tên đăng nhập «%(name)s» đã tồn tại.") % {"name": username})
    versions = {v.unit.code: v for v in UnitVersion.objects.filter(valid_on(scope.as_of),
                                                                   unit__code__in=scope_codes).select_related("unit")}
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


def _first_unit(user: User) -> int | None:
    return user.scope_links.order_by("pk").values_list("unit_id", flat=True).first()


@transaction.atomic
def api_token_create(*, actor, user: User, reason: str | None = None) -> str:
    """A new bearer token for ``user``, good for TOCHUC_TOKEN_DAYS; returned once, only its
    digest is kept."""
    token = "tch_" + secrets.token_urlsafe(TOKEN_BYTES)
    now = timezone.now()
    expires_at = now + timedelta(days=settings.TOCHUC_TOKEN_DAYS)
    ApiToken.objects.create(user=user, digest=token_digest(token), prefix=token[:8], created_at=now,
                            expires_at=expires_at)
    audit_record(actor=actor, action="user.token_create", obj=user, unit_id=_first_unit(user),
                 after={"prefix": token[:8], "expires_at": expires_at.isoformat()}, reason=reason)
    return token


@transaction.atomic
def api_token_revoke(*, actor, token: ApiToken, reason: str | None = None) -> ApiToken:
    """Revoke one token (found by ``selectors.token_get``, which applies the scope)."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(actor=actor, action="user.token_revoke", obj=token.user, unit_id=_first_unit(token.user),
                     after={"prefix": token.prefix}, reason=reason)
    return token


def _revoke_all(user: User) -> list[str]:
    """Revoke every live token of ``user`` (inside the caller's transaction); their prefixes."""
    live = ApiToken.objects.filter(user=user, revoked_at__isnull=True)
    prefixes = sorted(live.values_list("prefix", flat=True))
    live.update(revoked_at=timezone.now())
    return prefixes


def _require_manageable(*, actor, scope: Scope, user: User) -> None:
    """Refuse unless ``scope`` may manage ``user`` (same test as the user pages' getter)."""
    from tochuc.accounts.selectors import managed_users

    require(scope, "user.manage")
    if not scope.is_system and not managed_users(scope=scope).filter(pk=user.pk).exists():
        raise PermissionDenied(_("Người dùng «%(name)s» không thuộc phạm vi của bạn.") % {"name": user.get_username()})
    if actor is not None and actor.pk == user.pk:
        raise PermissionDenied(_("Không thể tự khóa hay đặt lại mật khẩu của chính mình ở đây; "
                                 "hãy dùng trang đổi mật khẩu."))


def _validated(password: str, user: User, field: str) -> None:
    """Django's password validators (messages translated to Vietnamese), named by ``field``."""
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from None


@transaction.atomic
def user_password_change(*, actor: User, old_password: str, new_password: str, reason: str | None = None) -> list[str]:
    """A user changes their own password; every API token they had is revoked (prefixes returned)."""
    if not actor.check_password(old_password):
        raise ValidationError({"old_password": [_("Mật khẩu hiện tại không đúng.")]})
    if old_password == new_password:
        raise ValidationError({"new_password": [_("Mật khẩu mới phải khác mật khẩu hiện tại.")]})
    _validated(new_password, actor, "new_password")
    return _password_replace(actor=actor, user=actor, password=new_password, action="user.password_change",
                             reason=reason)


@transaction.atomic
def user_password_set(*, actor, scope: Scope, user: User, password: str, reason: str | None = None) -> list[str]:
    """An administrator sets a new password for a user of their subtrees; the user's sessions end
    (Django checks the password hash in the session) and their API tokens are revoked."""
    _require_manageable(actor=actor, scope=scope.at(today()), user=user)
    _validated(password, user, "password")
    return _password_replace(actor=actor, user=user, password=password, action="user.password_set", reason=reason)


def _password_replace(*, actor, user: User, password: str, action: str, reason: str | None) -> list[str]:
    """The new password written, every API token of the user revoked (a changed password must
    not leave a way in), one audit row; the prefixes of the revoked tokens."""
    user.set_password(password)
    user.save(update_fields=["password"])
    revoked = _revoke_all(user)
    audit_record(actor=actor, action=action, obj=user, unit_id=_first_unit(user),
                 after={"tokens_revoked": revoked}, reason=reason)
    return revoked


@transaction.atomic
def user_deactivate(*, actor, scope: Scope, user: User, reason: str | None = None) -> User:
    """An administrator deactivates a user of their subtrees: no login, no session, no token."""
    _require_manageable(actor=actor, scope=scope.at(today()), user=user)
    if not user.is_active:
        return user
    user.is_active = False
    user.save(update_fields=["is_active"])
    revoked = _revoke_all(user)
    audit_record(actor=actor, action="user.deactivate", obj=user, unit_id=_first_unit(user),
                 before={"is_active": True}, after={"is_active": False, "tokens_revoked": revoked}, reason=reason)
    return user


@transaction.atomic
def api_token_use_note(*, token: ApiToken, method: str, path: str) -> None:
    """A write through the API with ``token``: who, which token, what route. Written with the
    write's own audit row (and only if the request writes: ``audit.services.token_use_watch``)."""
    token_use_note(actor=token.user, unit_id=_first_unit(token.user),
                   after={"prefix": token.prefix, "method": method, "path": path[:200]})
