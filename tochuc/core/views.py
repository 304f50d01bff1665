"""The web views' toolkit (issue 14, point 6): the scoped view, the words of a refused write,
the dates and months of a query string, and running a service for a page.

One copy for every app instead of one per app: each view module had its own exception-to-message
helper and its own date parser, and they disagreed (one dropped the messages of a form's fields,
another the rows of a rejected import).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _

from tochuc.core import params
from tochuc.core.tabular import ImportRejected

ROWS_SHOWN = 50  # rows of a rejected import listed on a page (the export/CLI gives them all)


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


# --- Messages from exceptions -------------------------------------------------------------------


def _is_domain_problem(exc: BaseException) -> bool:
    """A rule's refusal from ``tochuc.domain``: it carries its words as ``message`` (rendered in
    the active language from a code and parameters) or, for several at once, ``problems``."""
    return isinstance(exc, ValueError) and (hasattr(exc, "problems") or hasattr(exc, "message"))


PROBLEMS: tuple[type[BaseException], ...] = (ValidationError, PermissionDenied, ImportRejected, params.BadInput,
                                             ValueError)


def messages_of(exc: BaseException) -> list[str]:
    """What a refused write says to the user, one Vietnamese sentence per problem."""
    if isinstance(exc, ImportRejected):
        return [str(error) for error in exc.errors[:ROWS_SHOWN]]
    if isinstance(exc, ValidationError):
        if hasattr(exc, "error_dict"):  # {field: [messages]}: every field's messages, in order
            return [str(m) for messages in exc.message_dict.values() for m in messages]
        return [str(m) for m in exc.messages]
    if isinstance(exc, PermissionDenied):
        return [str(exc) or _("Bạn không có quyền thực hiện thao tác này.")]
    if _is_domain_problem(exc):
        problems = getattr(exc, "problems", None)
        if problems:
            return [str(message) for _field, message in problems]
        return [str(exc.message)]
    return [str(exc)]


def message_of(exc: BaseException) -> str:
    """:func:`messages_of` as one line (for a flash message or a short answer)."""
    return " ".join(messages_of(exc))


def status_of(exc: BaseException) -> int:
    """The HTTP status of a refused write: 403 when the role or the scope forbids it, else 400."""
    return 403 if isinstance(exc, PermissionDenied) else 400


class Problems(list):
    """What went wrong when a service refused (empty when it did not), with the page's status."""

    status: int = 200

    def __init__(self, messages=(), status: int = 200):
        super().__init__(messages)
        self.status = status


def run_service[T](request, fn: Callable[..., T], /, **kwargs: Any) -> tuple[T | None, Problems]:
    """Run a write service for a page: ``actor`` and ``scope`` come from the request unless
    given. Returns ``(result, problems)``: the result and no problems, or ``None`` and the
    Vietnamese messages (``problems.status`` is 403 or 400) for the view to render.

    Only refusals are caught (invalid input, no right, a rule's problem); a bug still fails loudly.
    """
    kwargs.setdefault("actor", request.user)
    kwargs.setdefault("scope", request.scope)
    try:
        return fn(**kwargs), Problems()
    except PROBLEMS as exc:
        if isinstance(exc, ValueError) and not isinstance(exc, params.BadInput) and not _is_domain_problem(exc):
            raise
        return None, Problems(messages_of(exc), status_of(exc))


# --- Dates, months and quarters from a query string or a form ------------------------------------


def day_param(text: str | None, default: date | None = None, *, field: str = "ngay") -> date | None:
    """``YYYY-MM-DD`` (or ``DD/MM/YYYY`` as clerks write it) within the years the records hold;
    ``default`` when empty or not a date (a page then shows its default day, not an error)."""
    try:
        return parse_day_param(text, field=field) or default
    except params.BadInput:
        return default


def parse_day_param(text: str | None, *, field: str = "ngay") -> date | None:
    """Like :func:`day_param` but a bad date raises :class:`~tochuc.core.params.BadInput`
    naming the field; empty is ``None``."""
    text = (text or "").strip()
    if not text:
        return None
    if "/" in text:
        try:
            return params.check_day(field, datetime.strptime(text, "%d/%m/%Y").date())
        except ValueError as exc:
            if isinstance(exc, params.BadInput):
                raise
            raise params.BadInput(field,
                                  _("ngày «%(value)s» không hợp lệ (dùng DD/MM/YYYY)") % {"value": text[:40]}) from None
    return params.parse_day(field, text)


def month_param(query: Mapping[str, str], default: date) -> tuple[int, int]:
    """The (year, month) a page is asked for: ``thang=YYYY-MM``, else ``year=`` and ``month=``,
    else the month of ``default``."""
    try:
        year, month = (query.get("thang") or "").split("-")
        return params.parse_year("thang", year), params.parse_month("thang", month)
    except ValueError:  # BadInput is a ValueError too
        pass
    try:
        return params.parse_year("year", query.get("year", "")), params.parse_month("month", query.get("month", ""))
    except ValueError:
        return default.year, default.month


def quarter_param(text: str | None, *, field: str = "quarter") -> tuple[int, int]:
    """``YYYY-Qn`` → (year, n); anything else raises :class:`~tochuc.core.params.BadInput`."""
    year, sep, number = (text or "").strip().upper().partition("-Q")
    if not sep:
        raise params.BadInput(field, _("Quý phải có dạng YYYY-Qn."))
    return params.parse_year(field, year), params.bounded_int(field, number, lo=1, hi=4)
