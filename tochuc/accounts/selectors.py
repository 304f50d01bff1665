"""Reads of accounts."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from tochuc.accounts.models import ApiToken, User, UserScope
from tochuc.accounts.services import token_digest
from tochuc.core.permissions import allows
from tochuc.core.scope import Scope, today
from tochuc.orgs.models import UnitVersion
from tochuc.orgs.selectors import valid_on


def token_lookup(token: str) -> ApiToken | None:
    """The token row a bearer token names (usable or not), with its user; None if unknown."""
    return ApiToken.objects.select_related("user").filter(digest=token_digest(token)).first()


def token_touch(found: ApiToken) -> None:
    # Touch at most once a minute: a busy client must not turn every read into a write.
    now = timezone.now()
    if found.last_used_at is None or (now - found.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)


def user_for_token(token: str) -> User | None:
    """The active user a live (not revoked, not expired) bearer token belongs to, or None."""
    found = token_lookup(token)
    if found is None or not found.is_usable or not found.user.is_active:
        return None
    token_touch(found)
    return found.user


def managed_users(*, scope: Scope) -> QuerySet[User]:
    """Users an administrator may manage: every subtree they work in lies inside ``scope`` today.

    A user with one unit outside (a province user who also covers another province) is not
    managed by a commune's administrator: an administrator never acts beyond their own subtrees.
    """
    if not allows(scope, "user.manage"):
        return User.objects.none()
    scope = scope.at(today())
    inside = UnitVersion.objects.filter(valid_on(scope.as_of)).filter(scope.path_q()).values("unit_id")
    outside = UserScope.objects.exclude(unit_id__in=inside).values("user_id")
    return (User.objects.filter(pk__in=UserScope.objects.filter(unit_id__in=inside).values("user_id"))
            .exclude(pk__in=outside).order_by("username"))


def user_get(*, scope: Scope, user_id: int) -> User:
    """A user the scope may manage (anything else: DoesNotExist, a 404)."""
    return managed_users(scope=scope).get(pk=user_id)


def user_tokens(*, user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-pk")


def token_get(*, scope: Scope, actor: User, token_id: int) -> ApiToken:
    """One of the actor's own tokens, or a token of a user the scope may manage (else a 404)."""
    token = ApiToken.objects.select_related("user").get(pk=token_id)
    if token.user_id != actor.pk and not managed_users(scope=scope).filter(pk=token.user_id).exists():
        raise ApiToken.DoesNotExist
    return token


def units_by_user(users: list[User]) -> dict[int, list[tuple[str, str]]]:
    """(code, name today) of the units each user works in, in tree order; one query for a page."""
    links = UserScope.objects.filter(user__in=users).values_list("user_id", "unit_id")
    by_unit: dict[int, list[int]] = {}
    for user_id, unit_id in links:
        by_unit.setdefault(unit_id, []).append(user_id)
    found: dict[int, list[tuple[str, str]]] = {user.pk: [] for user in users}
    versions = (UnitVersion.objects.filter(valid_on(today()), unit_id__in=by_unit).order_by("path")
                .values_list("unit_id", "unit__code", "name"))
    for unit_id, code, name in versions:
        for user_id in by_unit[unit_id]:
            found[user_id].append((code, name))
    return found
