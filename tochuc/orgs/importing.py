"""Reading and checking a unit CSV before anything is written (DESIGN.md invariant 6).

Format: UTF-8 CSV, header ``code,name,kind,parent_code,valid_from`` and optional ``admin_code``.
Rows are numbered like the lines of the file (the header is line 1), so a clerk finds them in
a spreadsheet. Parents may come after their children, or already be in the database.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from tochuc.core.tabular import ImportRejected, RowError, Table, check_header, parse_date
from tochuc.domain import orgs as rules

__all__ = ["ExistingUnit", "ExistingVersion", "ImportRejected", "RowError", "UnitRow", "validate_rows"]

_SPACE = re.compile(r"\s")
REQUIRED_COLUMNS = ("code", "name", "kind", "parent_code", "valid_from")
OPTIONAL_COLUMNS = ("admin_code",)
CODE_MAX = 32
NAME_MAX = 255


@dataclass(frozen=True)
class UnitRow:
    row: int
    code: str
    name: str
    kind: str
    parent_code: str | None
    valid_from: date
    admin_code: str = ""


@dataclass(frozen=True)
class ExistingVersion:
    unit_id: int
    kind: str
    path: str
    depth: int
    valid_from: date
    valid_to: date | None


@dataclass(frozen=True)
class ExistingUnit:
    """What the database already knows of a unit a file row may refer to."""

    versions: tuple[ExistingVersion, ...]

    def at(self, day: date) -> ExistingVersion | None:
        for version in self.versions:
            if version.valid_from <= day and (version.valid_to is None or day < version.valid_to):
                return version
        return None


def validate_rows(table: Table, existing: Mapping[str, ExistingUnit]) -> tuple[list[UnitRow], list[RowError]]:
    """Every problem of every row, and the rows as values when there is none.

    ``existing`` maps codes already in the database to what is known of them; it must hold at
    least every code the file names (as a unit or as a parent).
    """
    header = table.header
    errors = check_header(header, REQUIRED_COLUMNS, OPTIONAL_COLUMNS)
    if errors:
        return [], errors
    width = len(header)
    rows: list[UnitRow] = []
    first_row_of: dict[str, int] = {}
    kinds = set(rules.KINDS)
    for line, cells in table.rows:
        if len(cells) != width:
            errors.append(RowError(line, "-", _("số cột (%(n)s) khác dòng tiêu đề (%(w)s)") % {
                "n": len(cells), "w": width}))
            continue
        values = dict(zip(header, cells, strict=True))
        code = values["code"].strip()
        name = values["name"].strip()
        kind = values["kind"].strip()
        parent_code = values["parent_code"].strip() or None
        admin_code = values.get("admin_code", "").strip()
        row_errors: list[RowError] = []
        if not code:
            row_errors.append(RowError(line, "code", _("thiếu mã đơn vị")))
        elif len(code) > CODE_MAX or _SPACE.search(code):
            row_errors.append(RowError(line, "code",
                                       _("mã «%(code)s» không hợp lệ (tối đa %(max)s ký tự, không có khoảng trắng)")
                                       % {"code": code, "max": CODE_MAX}))
        elif code in first_row_of:
            row_errors.append(RowError(line, "code", _("mã «%(code)s» trùng với dòng %(other)s")
                                       % {"code": code, "other": first_row_of[code]}))
        elif code in existing:
            row_errors.append(RowError(line, "code", _("mã «%(code)s» đã có trong hệ thống") % {"code": code}))
        if code and code not in first_row_of:
            first_row_of[code] = line
        if not name:
            row_errors.append(RowError(line, "name", _("thiếu tên đơn vị")))
        elif len(name) > NAME_MAX:
            row_errors.append(RowError(line, "name", _("tên dài quá %(max)s ký tự") % {"max": NAME_MAX}))
        if kind not in kinds:
            row_errors.append(RowError(line, "kind", _("loại «%(kind)s» không hợp lệ (dùng một trong: %(kinds)s)")
                                       % {"kind": kind, "kinds": ", ".join(rules.KINDS)}))
        if len(admin_code) > 16:
            row_errors.append(RowError(line, "admin_code", _("mã hành chính dài quá 16 ký tự")))
        valid_from = None
        try:
            valid_from = parse_date(values["valid_from"])
        except (ValueError, TypeError):
            row_errors.append(RowError(line, "valid_from",
                                       _("ngày «%(value)s» không hợp lệ (dùng YYYY-MM-DD hoặc DD/MM/YYYY)")
                                       % {"value": values["valid_from"].strip()}))
        if kind == rules.CENTRAL and parent_code:
            row_errors.append(RowError(line, "parent_code", _("cấp Trung ương không có cấp trên")))
        if kind != rules.CENTRAL and kind in kinds and not parent_code:
            row_errors.append(RowError(line, "parent_code", _("thiếu mã cấp trên")))
        if parent_code and parent_code == code:
            row_errors.append(RowError(line, "parent_code", _("đơn vị không thể là cấp trên của chính nó")))
        if valid_from and kind in kinds and not rules.kind_allowed_on(kind, valid_from):
            row_errors.append(RowError(line, "kind", _("cấp huyện đã kết thúc từ 01/07/2025 (Quy định 294-QĐ/TW)")))
        errors.extend(row_errors)
        if not row_errors:
            rows.append(UnitRow(line, code, name, kind, parent_code, valid_from, admin_code))

    errors.extend(_check_parents(rows, existing, first_row_of))
    errors.sort(key=lambda e: (e.row, e.column))
    return (rows if not errors else []), errors


def _check_parents(
    rows: list[UnitRow], existing: Mapping[str, ExistingUnit], first_row_of: Mapping[str, int]
) -> list[RowError]:
    """Parents must exist (in the file or the database), be of a proper kind, exist at the
    child's start, and never loop back."""
    errors: list[RowError] = []
    by_code = {r.code: r for r in rows}
    for row in rows:
        parent = row.parent_code
        if parent is None:
            continue
        if parent in by_code:
            parent_kind, parent_from, parent_to = by_code[parent].kind, by_code[parent].valid_from, None
        elif parent in existing:
            known = existing[parent].at(row.valid_from)
            if known is None or known.valid_to is not None:
                # A child is written with its parent's path from its start on: that path must
                # not change later (a later move would leave the child behind).
                errors.append(RowError(row.row, "valid_from",
                                       _("cấp trên «%(code)s» không tồn tại hoặc đã thay đổi sau ngày %(day)s")
                                       % {"code": parent, "day": row.valid_from.strftime("%d/%m/%Y")}))
                continue
            parent_kind, parent_from, parent_to = known.kind, known.valid_from, known.valid_to
        elif parent in first_row_of:
            continue  # the parent row is bad itself and already reported
        else:
            errors.append(RowError(row.row, "parent_code", _("không tìm thấy cấp trên «%(code)s»") % {"code": parent}))
            continue
        if not rules.parent_kind_allowed(row.kind, parent_kind):
            errors.append(RowError(row.row, "parent_code", _("«%(kind)s» không thể trực thuộc «%(parent_kind)s»")
                                   % {"kind": row.kind, "parent_kind": parent_kind}))
        if row.valid_from < parent_from or (parent_to is not None and row.valid_from >= parent_to):
            errors.append(RowError(row.row, "valid_from",
                                   _("cấp trên «%(code)s» chưa hoặc không còn tồn tại vào ngày %(day)s")
                                   % {"code": parent, "day": row.valid_from.strftime("%d/%m/%Y")}))
    parent_of = {r.code: r.parent_code for r in rows}
    for cycle in rules.find_cycles(parent_of):
        loop = " → ".join((*cycle.codes, cycle.codes[0]))
        for code in cycle.codes:
            errors.append(RowError(by_code[code].row, "parent_code", _("vòng lặp cấp trên: %(loop)s") % {"loop": loop}))
    return errors
