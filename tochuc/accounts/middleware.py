"""Attach the scope to every request (DESIGN.md invariant 1: enforced in one place)."""

from __future__ import annotations

from datetime import date

from tochuc.accounts.scope import scope_for_user

AS_OF_SESSION_KEY = "tochuc_as_of"
AS_OF_PARAM = "ngay"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def requested_as_of(request) -> date | None:
    """The as-of date: ``?ngay=YYYY-MM-DD`` (remembered for the session) or the session's."""
    text = request.GET.get(AS_OF_PARAM)
    if text is not None and hasattr(request, "session"):
        if text == "":
            request.session.pop(AS_OF_SESSION_KEY, None)
            return None
        try:
            chosen = date.fromisoformat(text)
        except ValueError:
            chosen = None
        if chosen is not None:
            request.session[AS_OF_SESSION_KEY] = chosen.isoformat()
            return chosen
    stored = request.session.get(AS_OF_SESSION_KEY) if hasattr(request, "session") else None
    return date.fromisoformat(stored) if stored else None


class ScopeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        # A write acts on today's data in today's scope, even when posted from a page read on
        # another date (DESIGN.md invariant 11): the remembered date only ever dates reads.
        as_of = requested_as_of(request) if request.method in SAFE_METHODS else None
        request.scope = scope_for_user(user, as_of) if user and user.is_authenticated else None
        return self.get_response(request)
