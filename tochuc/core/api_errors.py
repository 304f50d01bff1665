"""Request validation errors of the API in Vietnamese, each naming its field (issue 13, finding
10): django-ninja's own 422 lists pydantic's English messages with a location tuple."""

from __future__ import annotations

from django.utils.translation import gettext as _

_SECTIONS = {"query", "path", "body", "form", "file", "header", "cookie"}


def field_name(loc: list | tuple) -> str:
    """``["body", "payload", 0, "contact_name"]`` → ``[0].contact_name``; ``["query", "year"]`` → ``year``."""
    parts = list(loc)
    if parts and parts[0] in _SECTIONS:
        parts = parts[1:]
    if len(parts) > 1 and parts[0] == "payload":
        parts = parts[1:]
    name = ""
    for part in parts:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name or _("dữ liệu")


def problem(error: dict) -> str:
    kind, ctx = error.get("type", ""), error.get("ctx") or {}
    if kind == "missing":
        return _("thiếu (bắt buộc)")
    if kind in ("string_too_long", "too_long"):
        return _("quá %(max)s ký tự") % {"max": ctx.get("max_length", "?")}
    if kind == "string_too_short":
        return _("ít nhất %(min)s ký tự") % {"min": ctx.get("min_length", "?")}
    if kind in ("greater_than_equal", "greater_than"):
        return _("phải từ %(min)s trở lên") % {"min": ctx.get("ge", ctx.get("gt", "?"))}
    if kind in ("less_than_equal", "less_than"):
        return _("phải không quá %(max)s") % {"max": ctx.get("le", ctx.get("lt", "?"))}
    if kind.startswith("int_"):
        return _("phải là số nguyên")
    if kind.startswith(("date_", "datetime_", "time_")):
        return _("ngày giờ không hợp lệ (dùng YYYY-MM-DD, giờ HH:MM)")
    if kind.startswith("bool"):
        return _("phải là true hoặc false")
    if kind == "value_error":
        return str(ctx.get("error", "")) or _("giá trị không hợp lệ")
    if kind in ("list_type", "dict_type", "model_type", "model_attributes_type"):
        return _("sai kiểu dữ liệu")
    return _("giá trị không hợp lệ")


def describe(errors: list[dict]) -> dict:
    """The 422 body: ``detail`` one readable sentence, ``errors`` one entry per field."""
    items = [{"field": field_name(e.get("loc", ())), "message": problem(e)} for e in errors]
    detail = "; ".join(_("Trường «%(field)s»: %(problem)s") % {"field": i["field"], "problem": i["message"]}
                       for i in items[:20])
    return {"detail": detail or _("Dữ liệu không hợp lệ."), "errors": items}
