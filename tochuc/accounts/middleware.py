"""Attach the scope to every request (DESIGN.md invariant 1: enforced in one place), and keep
polls from holding a session open."""

from __future__ import annotations

from datetime import date

from django.contrib.sessions.middleware import SessionMiddleware
from django.utils.cache import patch_vary_headers

from tochuc.audit.services import token_use_watch
from tochuc.core.scope import scope_for_user

POLL_HEADER = "X-Tochuc-Poll"

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


def is_poll(request) -> bool:
    """An htmx request fired by a timer (``hx-trigger="every …"``): web/poll.js marks them."""
    return request.headers.get("HX-Request") == "true" and request.headers.get(POLL_HEADER) == "1"


class IdleSessionMiddleware(SessionMiddleware):
    """Django's session middleware, except that a poll is not activity.

    With SESSION_SAVE_EVERY_REQUEST every request pushes the expiry 8 hours on, so a dashboard
    or a progress page left open polled the session alive forever. A poll that changed nothing
    in the session leaves it (and its expiry) as it was; the user's own clicks still extend it.
    """

    def process_response(self, request, response):
        session = getattr(request, "session", None)
        if session is not None and is_poll(request) and not session.modified:
            if session.accessed:
                patch_vary_headers(response, ("Cookie",))
            return response
        return super().process_response(request, response)


class TokenWriteAuditMiddleware:
    """A write through the API with a token is audited (who, which token, which route) together
    with the write itself, in its transaction: a refused write (403, 404, 400…) or a POST that
    only computes writes no row at all (the scope walker checks a refused write leaves every
    table as it was)."""

    WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in self.WRITE_METHODS:
            return self.get_response(request)
        with token_use_watch():
            response = self.get_response(request)
        return response
