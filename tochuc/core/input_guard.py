"""The boundary that refuses hostile input before any view sees it (DESIGN.md invariant 9).

Every request, web or API: the path, every query and form parameter and every JSON value is
checked by :func:`tochuc.core.params.check_param` (NUL bytes, integers beyond 64 bits, years,
months and dates out of range) and JSON nesting is limited. The answer is a 400 whose message names
the field, in Vietnamese; JSON for the API, text for pages. Before this, such input reached the
database or the date arithmetic and came back as a 500 (issue 13, finding 10). A view that
parses on its own and raises :class:`~tochuc.core.params.BadInput` gets the same 400.
"""

from __future__ import annotations

import json

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from tochuc.core.params import INT64_MAX, NUL, BadInput, bounded_int, check_param, check_text

MAX_JSON_DEPTH = 32  # the deepest real payload (ballots → candidates) is 4


def json_too_deep(body: bytes, limit: int = MAX_JSON_DEPTH) -> bool:
    """True if the JSON text nests deeper than ``limit``, decided without parsing (Python's parser
    dies of recursion on a deep enough document before any schema could refuse it)."""
    if body.count(b"[") + body.count(b"{") <= limit:
        return False
    depth, in_string, escaped = 0, False, False
    for byte in body:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):
            depth += 1
            if depth > limit:
                return True
        elif byte in (0x5D, 0x7D):
            depth -= 1
    return False


def check_json(value, field: str = "") -> None:
    """Every key and value of a parsed JSON document: NUL in text, integers beyond 64 bits. The
    field is named by its path in the document (``[0].contact_name``); the root is ``body``."""
    if isinstance(value, dict):
        for key, item in value.items():
            check_text(field or "body", key)
            check_json(item, f"{field}.{key}" if field else key)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            check_json(item, f"{field}[{index}]")
    elif isinstance(value, str):
        check_text(field or "body", value)
    elif isinstance(value, int) and not isinstance(value, bool) and abs(value) > INT64_MAX:
        raise BadInput(field or "body", _("số vượt quá giới hạn (tối đa %(max)s)") % {"max": INT64_MAX})


def check_request(request: HttpRequest) -> None:
    if NUL in request.path_info:
        raise BadInput(_("đường dẫn"), _("chứa ký tự NUL (\\0), không được phép"))
    for segment in request.path_info.split("/"):
        if segment.isdigit() and len(segment) > 18:
            bounded_int(_("đường dẫn"), segment, lo=0)
    for key, values in request.GET.lists():
        check_text(key, key)
        for value in values:
            check_param(key, value)
    content_type = request.content_type or ""
    if request.method in ("POST", "PUT", "PATCH", "DELETE"):
        if content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            for key, values in request.POST.lists():
                check_text(key, key)
                for value in values:
                    check_param(key, value)
            for key, upload in request.FILES.items():
                check_text(key, upload.name or "")
        elif content_type == "application/json" and request.body:
            if json_too_deep(request.body):
                raise BadInput("body", _("dữ liệu JSON lồng quá %(max)s cấp") % {"max": MAX_JSON_DEPTH})
            try:
                document = json.loads(request.body)
            except (ValueError, RecursionError):
                return  # not JSON: the API's own parser answers that with a 4xx
            check_json(document)


def refusal(request: HttpRequest, exc: BadInput) -> HttpResponse:
    if request.path_info.startswith("/api/"):
        return JsonResponse({"detail": str(exc), "field": exc.field}, status=400,
                            json_dumps_params={"ensure_ascii": False})
    return HttpResponse(str(exc), status=400, content_type="text/plain; charset=utf-8")


class InputGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            check_request(request)
        except BadInput as exc:
            return refusal(request, exc)
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse | None:
        if isinstance(exc, BadInput):
            return refusal(request, exc)
        return None
