"""API routes of accounts: one's own tokens and password; administrators manage the users of
their subtrees (anything else is a 404, as on the pages)."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from ninja import Router, Schema
from ninja.errors import HttpError

from tochuc.accounts import selectors, services
from tochuc.accounts.models import ApiToken, User
from tochuc.core.api_scope import api_scope
from tochuc.core.permissions import require

router = Router(tags=["Tài khoản"])


class TokenOut(Schema):
    id: int
    prefix: str
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None
    revoked_at: datetime | None
    usable: bool


class UserOut(Schema):
    id: int
    username: str
    role: str
    is_active: bool
    units: list[str]


class PasswordChangeIn(Schema):
    old_password: str
    new_password: str


class PasswordSetIn(Schema):
    password: str
    reason: str | None = None


class RevokedOut(Schema):
    tokens_revoked: list[str]


def _token(token: ApiToken) -> TokenOut:
    return TokenOut(id=token.pk, prefix=token.prefix, created_at=token.created_at, expires_at=token.expires_at,
                    last_used_at=token.last_used_at, revoked_at=token.revoked_at, usable=token.is_usable)


def _users(users: list[User]) -> list[UserOut]:
    units = selectors.units_by_user(users)
    return [UserOut(id=u.pk, username=u.username, role=u.role, is_active=u.is_active,
                    units=[code for code, _name in units[u.pk]]) for u in users]


def _invalid(exc: ValidationError):
    messages = ([f"{field}: {' '.join(m)}" for field, m in exc.message_dict.items()]
                if hasattr(exc, "error_dict") else list(exc.messages))
    raise HttpError(400, "; ".join(messages))


@router.get("/me/tokens", response=list[TokenOut], summary="Các mã truy cập API của tôi")
def list_my_tokens(request):
    return [_token(t) for t in selectors.user_tokens(user=request.user)]


@router.post("/tokens/{token_id}/revoke", response=TokenOut,
             summary="Thu hồi một mã truy cập (của mình, hoặc của người dùng trong phạm vi quản trị)")
def revoke_token(request, token_id: int, reason: str = ""):
    token = selectors.token_get(scope=api_scope(request), actor=request.user, token_id=token_id)
    return _token(services.api_token_revoke(actor=request.user, token=token, reason=reason[:500] or None))


@router.post("/me/password", response=RevokedOut, summary="Đổi mật khẩu của tôi (mọi mã truy cập API bị thu hồi)")
def change_my_password(request, payload: PasswordChangeIn):
    try:
        revoked = services.user_password_change(actor=request.user, old_password=payload.old_password,
                                                new_password=payload.new_password)
    except ValidationError as exc:
        _invalid(exc)
    return RevokedOut(tokens_revoked=revoked)


def _managed(request, user_id: int) -> tuple:
    scope = api_scope(request)
    require(scope, "user.manage")
    return scope, selectors.user_get(scope=scope, user_id=user_id)


@router.get("/users", response=list[UserOut], summary="Người dùng trong phạm vi quản trị")
def list_users(request, q: str = "", limit: int = 100):
    scope = api_scope(request)
    require(scope, "user.manage")
    users = selectors.managed_users(scope=scope)
    if q:
        users = users.filter(username__icontains=q)
    return _users(list(users[: max(1, min(limit, 500))]))


@router.get("/users/{user_id}/tokens", response=list[TokenOut], summary="Các mã truy cập API của một người dùng")
def list_user_tokens(request, user_id: int):
    _scope, user = _managed(request, user_id)
    return [_token(t) for t in selectors.user_tokens(user=user)]


@router.post("/users/{user_id}/password", response=RevokedOut, summary="Đặt lại mật khẩu của một người dùng")
def set_user_password(request, user_id: int, payload: PasswordSetIn):
    scope, user = _managed(request, user_id)
    try:
        revoked = services.user_password_set(actor=request.user, scope=scope, user=user, password=payload.password,
                                             reason=payload.reason)
    except ValidationError as exc:
        _invalid(exc)
    return RevokedOut(tokens_revoked=revoked)


@router.post("/users/{user_id}/deactivate", response=UserOut, summary="Khóa một người dùng")
def deactivate_user(request, user_id: int, reason: str = ""):
    scope, user = _managed(request, user_id)
    services.user_deactivate(actor=request.user, scope=scope, user=user, reason=reason[:500] or None)
    return _users([user])[0]
