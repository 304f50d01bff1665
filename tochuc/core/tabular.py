"""Reading tabular input (CSV, XLSX) and reporting its problems row by row (DESIGN.md inv. 6);
writing tabular output (XLSX, CSV) where user text stays text (DESIGN.md inv. 9).

Rows are numbered like the lines of the file (the header is row 1), so a clerk finds them in a
spreadsheet; every problem reads ``dòng N, cột X: lý do``.

Every exporter writes through :func:`xlsx_workbook` + :func:`write_cell` or :func:`csv_writer`
(``tests/test_hostile_documents.py`` fails on a workbook or CSV writer made elsewhere): a name
such as ``=HYPERLINK(…)`` or ``@SUM(A1)`` is a text cell, never a formula (OWASP CSV injection).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import IO, Any

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
            raise ImportRejected([RowError(1, "-",
                                           _("tệp không phải UTF-8 (byte %(pos)s)") % {"pos": exc.start})]) from None
    elif raw.startswith("\ufeff"):
        raw = raw[1:]
    reader = csv.reader(io.StringIO(raw, newline=""))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise ImportRejected([RowError(1, "-", _("tệp rỗng"))]) from None
    rows = [(reader.line_num, [csv_uncell(v) for v in values]) for values in reader if any(values)]
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
    return _checked(table,
                    nul=any("\x00" in c for c in header) or any("\x00" in c for _n, cells in rows for c in cells))


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
                    errors.append(RowError(line, name.replace("\x00", "\\0"),
                                           _("chứa ký tự NUL (\\0), không được phép")))
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


# --- Writing (DESIGN.md inv. 9) -------------------------------------------------------------------

# What a spreadsheet reads as the start of a formula (OWASP "CSV injection"; tab and CR too).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def xlsx_workbook(out: IO[bytes]):
    """An in-memory xlsxwriter workbook that never turns a string into a formula, a number or a
    link, even through a plain ``write()``: user text is data."""
    import xlsxwriter

    return xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False,
                                     "strings_to_numbers": False, "strings_to_urls": False})


def write_cell(sheet, row: int, col: int, value: Any, cell_format=None, date_format=None) -> int:
    """One cell, typed by its Python value: dates as Excel dates (``date_format``), numbers as
    numbers, ``None``/``""`` blank, anything else as a text cell (``write_string``: ``=1+1`` stays
    the four characters). Returns the width the value needs, for column sizing."""
    if isinstance(value, date):  # a datetime too
        sheet.write_datetime(row, col, value, date_format or cell_format)
        return 10
    if value is None or value == "":
        sheet.write_blank(row, col, None, cell_format)
        return 0
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        sheet.write_number(row, col, value, cell_format)
        return len(str(value))
    text = str(value)
    sheet.write_string(row, col, text, cell_format)
    return len(text)


def csv_cell(value: Any) -> str:
    """A CSV cell a spreadsheet opens as text: a leading ``'`` before ``= + - @`` tab or CR
    (:func:`read_csv` takes it off again, so our own files re-import unchanged)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def csv_uncell(text: str) -> str:
    """The reverse of :func:`csv_cell` for a cell read back from a CSV."""
    return text[1:] if text[:1] == "'" and text[1:].startswith(FORMULA_START) else text


class _SafeWriter:
    def __init__(self, writer):
        self._writer = writer

    def writerow(self, row: Iterable[Any]):
        return self._writer.writerow([csv_cell(v) for v in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


class _SafeDictWriter:
    def __init__(self, writer):
        self._writer = writer

    def writeheader(self):
        return self._writer.writeheader()

    def writerow(self, row: Mapping[str, Any]):
        return self._writer.writerow({k: csv_cell(v) for k, v in row.items()})

    def writerows(self, rows: Iterable[Mapping[str, Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(out: IO[str], **options) -> _SafeWriter:
    """``csv.writer`` whose every cell goes through :func:`csv_cell`."""
    return _SafeWriter(csv.writer(out, **options))


def csv_dict_writer(out: IO[str], fieldnames: Sequence[str], **options) -> _SafeDictWriter:
    """``csv.DictWriter`` whose every value goes through :func:`csv_cell` (the header is ours)."""
    return _SafeDictWriter(csv.DictWriter(out, fieldnames=list(fieldnames), **options))
