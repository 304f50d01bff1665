"""One parser for numbers, years, months and dates that come from outside (query strings, forms,
JSON, command lines), with the bounds the database and the calendar can hold (DESIGN.md inv. 9).

Each check raises :class:`BadInput`, which names the field and says what is wrong in Vietnamese;
the web/API boundary (:mod:`tochuc.core.input_guard`) answers it with a 400, a command prints it.
The same bounds are published in the OpenAPI schema through the ``Year``/``Month``/``Day`` types.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated

from django.utils.translation import gettext as _
from pydantic import AfterValidator, Field

INT64_MAX = 2**63 - 1  # a BIGINT column; SQLite and PostgreSQL both refuse more (a 500 before)
YEAR_MIN, YEAR_MAX = 1900, 2200  # no record of the party's work lies outside; date arithmetic stays safe
NUL = "\x00"


class BadInput(ValueError):
    """A value from outside that cannot be used; ``str()`` is the message for the user."""

    def __init__(self, field: str, problem: str):
        self.field, self.problem = field, problem
        super().__init__(_("Trường «%(field)s»: %(problem)s") % {"field": field, "problem": problem})


def check_text(field: str, value: str) -> str:
    if NUL in value:
        raise BadInput(field, _("chứa ký tự NUL (\\0), không được phép"))
    return value


def bounded_int(field: str, value: str | int, *, lo: int = -INT64_MAX, hi: int = INT64_MAX) -> int:
    """An integer within ``[lo, hi]`` (by default what a BIGINT column holds)."""
    try:
        number = value if isinstance(value, int) else int(str(value).strip())
    except ValueError:
        raise BadInput(field, _("«%(value)s» không phải là số nguyên") % {"value": str(value)[:40]}) from None
    if not lo <= number <= hi:
        raise BadInput(field, _("phải từ %(lo)s đến %(hi)s") % {"lo": lo, "hi": hi})
    return number


def parse_year(field: str, value: str | int) -> int:
    return bounded_int(field, value, lo=YEAR_MIN, hi=YEAR_MAX)


def parse_month(field: str, value: str | int) -> int:
    return bounded_int(field, value, lo=1, hi=12)


def check_day(field: str, day: date) -> date:
    if not YEAR_MIN <= day.year <= YEAR_MAX:
        raise BadInput(field, _("ngày phải trong các năm %(lo)s–%(hi)s") % {"lo": YEAR_MIN, "hi": YEAR_MAX})
    return day


def parse_day(field: str, value: str) -> date:
    """``YYYY-MM-DD`` within the years above."""
    try:
        day = date.fromisoformat(value.strip())
    except ValueError:
        raise BadInput(field, _("ngày «%(value)s» không hợp lệ (dùng YYYY-MM-DD)") % {"value": value[:40]}) from None
    return check_day(field, day)


# --- What the boundary checks on every parameter, by its shape and its name ----------------------

_INTEGER = re.compile(r"[+-]?\d+")
_ISO_DAY = re.compile(r"\d{4,}-\d{1,2}-\d{1,2}")
_YEAR_MONTH = re.compile(r"(\d{4,})-(\d{1,2})")
YEAR_NAMES = frozenset({"year", "nam", "rating_year"})
MONTH_NAMES = frozenset({"month"})
YEAR_MONTH_NAMES = frozenset({"thang"})
FREE_TEXT_NAMES = frozenset({"q"})  # a search may hold any digits


def check_param(field: str, value: str) -> None:
    """Refuse what no view can use: NUL, integers beyond 64 bits, years and months out of range,
    dates that do not exist or lie outside the years above. Other shapes are the view's to judge."""
    check_text(field, value)
    text = value.strip()
    if not text or field in FREE_TEXT_NAMES:
        return
    if _INTEGER.fullmatch(text):
        if field in YEAR_NAMES:
            parse_year(field, text)
        elif field in MONTH_NAMES:
            parse_month(field, text)
        else:
            bounded_int(field, text)
    elif _ISO_DAY.fullmatch(text):
        parse_day(field, text)
    elif field in YEAR_MONTH_NAMES and (found := _YEAR_MONTH.fullmatch(text)):
        parse_year(field, found.group(1))
        parse_month(field, found.group(2))


# --- The same bounds as API parameter types (published in the OpenAPI schema) --------------------

Year = Annotated[int, Field(ge=YEAR_MIN, le=YEAR_MAX, description="Năm (1900–2200)")]
Month = Annotated[int, Field(ge=1, le=12, description="Tháng (1–12)")]
Id = Annotated[int, Field(ge=1, le=INT64_MAX)]


def _day_in_range(day: date) -> date:
    if not YEAR_MIN <= day.year <= YEAR_MAX:
        raise ValueError(_("ngày phải trong các năm %(lo)s–%(hi)s") % {"lo": YEAR_MIN, "hi": YEAR_MAX})
    return day


Day = Annotated[date, AfterValidator(_day_in_range)]


def sized(model, field: str):
    """``str`` no longer than the model field (published as maxLength; longer is a 422 naming
    the field instead of a silent cut on SQLite or a 500 on PostgreSQL)."""
    return Annotated[str, Field(max_length=model._meta.get_field(field).max_length)]
