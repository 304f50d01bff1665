"""Reading tabular input (CSV, XLSX) and reporting its problems row by row (DESIGN.md inv. 6).

Rows are numbered like the lines of the file (the header is row 1), so a clerk finds them in a
spreadsheet; every problem reads ``dòng N, cột X: lý do``.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from typing import IO

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    reason: str

    def __str__(self) -> str:
        return _("dòng %(row)s, cột %(column)s: %(reason)s") % {
            "row": self.row,
            "column": self.column,
            "reason": self.reason,
        }


class ImportRejected(Exception):
    """Nothing was written because of these problems."""

    def __init__(self, errors: list[RowError]):
        super().__init__("\n".join(str(e) for e in errors[:50]))
        self.errors = errors


def parse_date(text: str) -> date:
    """``YYYY-MM-DD`` or ``DD/MM/YYYY`` (the two ways clerks write dates)."""
    text = text.strip()
    if "/" in text:
        day, month, year = text.split("/")
        if len(year) != 4:
            raise ValueError(text)
        return date(int(year), int(month), int(day))
    if len(text) != 10:
        raise ValueError(text)
    return date.fromisoformat(text)


@dataclass
class Table:
    header: list[str]
    rows: list[tuple[int, list[str]]]  # (row number in the file, cells)

    def column(self, name: str) -> int | None:
        try:
            return self.header.index(name)
        except ValueError:
            return None


def read_csv(stream: IO[bytes] | IO[str]) -> Table:
    """A UTF-8 CSV (a BOM is allowed); blank lines are skipped."""
    raw = stream.read()
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ImportRejected([RowError(1, "-", _("tệp không phải UTF-8 (byte %(pos)s)") % {"pos": exc.start})]) from None
    elif raw.startswith("\ufeff"):
        raw = raw[1:]
    reader = csv.reader(io.StringIO(raw, newline=""))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise ImportRejected([RowError(1, "-", _("tệp rỗng"))]) from None
    rows = [(reader.line_num, values) for values in reader if any(values)]
    return _checked(Table(header, rows), nul="\x00" in raw)


def read_xlsx(stream: IO[bytes]) -> Table:
    """The first sheet of an XLSX workbook; dates become ``YYYY-MM-DD`` text like in a CSV."""
    from datetime import datetime

    from openpyxl import load_workbook

    try:
        book = load_workbook(stream, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        raise ImportRejected([RowError(1, "-", _("tệp không phải bảng tính XLSX hợp lệ"))]) from None
    sheet = book.worksheets[0]
    rows_iter = sheet.iter_rows(values_only=True)
    try:
        header = ["" if h is None else str(h).strip() for h in next(rows_iter)]
    except StopIteration:
        raise ImportRejected([RowError(1, "-", _("tệp rỗng"))]) from None

    def cell(value) -> str:
        if value is None:
            return ""
        if isinstance(value, datetime):
            return value.date().isoformat()
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value)

    rows = []
    for number, values in enumerate(rows_iter, start=2):
        cells = [cell(v) for v in values]
        if any(cells):
            rows.append((number, cells))
    book.close()
    table = Table(header, rows)
    return _checked(table, nul=any("\x00" in c for c in header) or any("\x00" in c for _n, cells in rows for c in cells))


def _checked(table: Table, *, nul: bool) -> Table:
    """Refuse, for every importer at once, what no importer can use (DESIGN.md inv. 9): NUL
    bytes (the database refuses them, PostgreSQL with an error) and a file of nothing but its
    header (an import that "succeeds" with 0 rows hides a wrong file)."""
    if nul:
        errors = [RowError(1, name.replace("\x00", "\\0"), _("chứa ký tự NUL (\\0), không được phép"))
                  for name in table.header if "\x00" in name]
        for line, cells in table.rows:
            for i, cell in enumerate(cells):
                if "\x00" in cell:
                    name = table.header[i] if i < len(table.header) and table.header[i] else str(i + 1)
                    errors.append(RowError(line, name.replace("\x00", "\\0"), _("chứa ký tự NUL (\\0), không được phép")))
        raise ImportRejected(errors[:1000])
    if not table.rows:
        raise ImportRejected([RowError(2, "-", _("tệp chỉ có dòng tiêu đề, không có dòng dữ liệu nào"))])
    return table


def read_table(stream: IO[bytes], name: str) -> Table:
    """CSV or XLSX, by the file's name."""
    return read_xlsx(stream) if name.lower().endswith(".xlsx") else read_csv(stream)


def check_header(header: list[str], required: tuple[str, ...], optional: tuple[str, ...]) -> list[RowError]:
    errors = [RowError(1, col, _("thiếu cột bắt buộc")) for col in required if col not in header]
    known = set(required) | set(optional)
    errors += [RowError(1, col or "-", _("cột không được hỗ trợ")) for col in header if col not in known]
    seen: set[str] = set()
    for col in header:
        if col in seen:
            errors.append(RowError(1, col, _("cột bị lặp")))
        seen.add(col)
    return errors
