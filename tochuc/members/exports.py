"""XLSX exports of member lists, written in memory with xlsxwriter (DESIGN.md: Excel)."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence

from django.utils.translation import gettext as _

from tochuc.core.tabular import write_cell, xlsx_workbook
from tochuc.members.privacy import mask


def member_columns() -> list[str]:
    return [_("STT"), _("Họ và tên"), _("Ngày sinh"), _("Giới tính"), _("Tình trạng"), _("Ngày vào Đảng"),
            _("Ngày chính thức"), _("Số thẻ đảng viên")]


def member_rows(members: Iterable) -> list[list]:
    # A member who left the subtree since a dated list's day (``left``): no current data.
    rows = []
    for n, m in enumerate(members, start=1):
        left = getattr(m, "left", False)
        rows.append([n, m.full_name, m.birth_date, m.get_sex_display(), "" if left else m.get_status_display(),
                     m.admitted_on, None if left else m.official_on,
                     mask(m.card_number) if left else m.card_number or ""])
    return rows


def branch_columns() -> list[str]:
    return [_("STT"), _("Mã"), _("Tên chi bộ"), _("Loại"), _("Đảng viên chính thức"), _("Tổng số đảng viên")]


def branch_rows(versions: Iterable) -> list[list]:
    return [[n, v.unit.code, v.name, v.get_kind_display(), v.official_members, v.all_members]
            for n, v in enumerate(versions, start=1)]


def xlsx_bytes(*, title: str, columns: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    """One sheet: a bold header row in Vietnamese, then the rows; dates are real Excel dates."""
    out = io.BytesIO()
    book = xlsx_workbook(out)
    sheet = book.add_worksheet(title[:31])
    bold = book.add_format({"bold": True, "bg_color": "#F4C542", "border": 1})
    day = book.add_format({"num_format": "dd/mm/yyyy"})
    for col, name in enumerate(columns):
        sheet.write_string(0, col, str(name), bold)
    widths = [len(str(c)) for c in columns]
    for r, row in enumerate(rows, start=1):
        for col, value in enumerate(row):
            widths[col] = max(widths[col], write_cell(sheet, r, col, value, date_format=day))
    for col, width in enumerate(widths):
        sheet.set_column(col, col, min(width + 2, 50))
    sheet.freeze_panes(1, 0)
    book.close()
    return out.getvalue()
