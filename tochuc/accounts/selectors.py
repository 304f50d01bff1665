"""Reads of accounts."""

from __future__ import annotations

from django.utils import timezone

from tochuc.accounts.models import ApiToken, User
from tochuc.accounts.services import token_digest


def user_for_token(token: str) -> User | None:
    """The active user a bearer token belongs to, or None."""
    found = (
        ApiToken.objects.select_related("user")
        .filter(digest=token_digest(token), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if found is None:
        return None
    # Touch at most once a minute: a busy client must not turn every read into a write.
    now = timezone.now()
    if found.last_used_at is None or (now - found.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
    return found.user
