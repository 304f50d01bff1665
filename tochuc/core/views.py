"""The one place web views get their scope and turn out-of-scope lookups into 404."""

from __future__ import annotations

import functools

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404


def scoped_view(view):
    """Require a login; give the view ``request.scope``; anything not found in scope is a 404."""

    @login_required
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.scope is None:
            raise Http404
        try:
            return view(request, *args, **kwargs)
        except ObjectDoesNotExist as exc:
            raise Http404(str(exc)) from None

    wrapper.scoped = True
    return wrapper
