"""Scope for API requests: the token's user, on the date the caller asks (default today)."""

from __future__ import annotations

from datetime import date

from tochuc.core.scope import Scope, scope_for_user


def api_scope(request, as_of: date | None = None) -> Scope:
    """A write (any method but GET/HEAD) is always in today's scope, whatever date it names."""
    if request.method not in ("GET", "HEAD", "OPTIONS"):
        as_of = None
    return scope_for_user(request.user, as_of)
