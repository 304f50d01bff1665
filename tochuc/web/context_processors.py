from __future__ import annotations


def scope(request) -> dict:
    """The request's scope for the header (date picker, role)."""
    return {"scope": getattr(request, "scope", None)}
