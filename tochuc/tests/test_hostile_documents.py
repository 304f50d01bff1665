"""Hostile input is data in every printed and exported file (DESIGN.md inv. 9, issue 13 findings 4–5).

Every PDF writer prints a name full of markup literally (no image opened, no link, no broken tag),
every XLSX writer keeps ``=1+1`` and ``@SUM(A1)`` as text cells, every CSV writer prefixes them.
The writers are enumerated from the source (AST): a new writer that is not listed here fails
:func:`test_every_writer_is_listed`, so it cannot be forgotten.
"""

from __future__ import annotations

import ast
import io
import re
from datetime import UTC, date, datetime
from pathlib import Path
from types import SimpleNamespace

import pytest
from openpyxl import load_workbook

from tochuc.conftest import TODAY
from tochuc.congresses.tests.pdftext import pdf_text

ROOT = Path(__file__).resolve().parents[1]

# A name a careless or hostile user might type: a local file as an image, a link, an unclosed tag,
# an entity and a bare ampersand.
HOSTILE = 'Lê <img src="/etc/passwd"/> <a href="http://evil.example/">bấm</a> <b>Văn &amp; Đức & <i>'
FORMULAS = ["=1+1", "@SUM(A1)", "+84 912", "-2+3", '=HYPERLINK("http://evil.example/","x")', "\t=1"]


# --- Enumeration ----------------------------------------------------------------------------------

def _functions_calling(names: set[str], *, skip: tuple[str, ...] = ()) -> set[str]:
    """``module:function`` of every function in tochuc (not tests) that calls one of ``names``."""
    found = set()
    for path in ROOT.rglob("*.py"):
        rel = path.relative_to(ROOT.parent)
        if "tests" in rel.parts or "migrations" in rel.parts or str(rel).startswith(skip):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        module = ".".join(rel.with_suffix("").parts)
        for fn in ast.walk(tree):
            if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for node in ast.walk(fn):
                if isinstance(node, ast.Call):
                    callee = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                    if callee in names:
                        found.add(f"{module}:{fn.name}")
    return found


def _calls(pattern: str, *, skip: tuple[str, ...] = ()) -> list[str]:
    """``file:line`` of each source line (not tests) matching ``pattern``."""
    hits = []
    for path in ROOT.rglob("*.py"):
        rel = path.relative_to(ROOT.parent)
        if "tests" in rel.parts or str(rel).startswith(skip):
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(pattern, line):
                hits.append(f"{rel}:{n}")
    return hits


def test_every_writer_is_listed():
    """Each writer found in the source has its hostile case below (PDF_CASES, XLSX_CASES)."""
    pdfs = _functions_calling({"SimpleDocTemplate", "BaseDocTemplate", "Canvas"}, skip=("tochuc/core/pdf.py",))
    assert pdfs == set(PDF_CASES), "a PDF writer was added or removed: give it a hostile case in PDF_CASES"
    assert _functions_calling({"xlsx_workbook"}, skip=("tochuc/core/tabular.py",)) == set(XLSX_CASES)
    # Workbooks and CSV writers come only from core/tabular (bench writes synthetic input files).
    made_elsewhere = _calls(r"xlsxwriter\.Workbook\(|\bWorkbook\(\)|csv\.(writer|DictWriter)\(",
                            skip=("tochuc/core/tabular.py", "tochuc/bench/"))
    assert made_elsewhere == []


def _escaped(node: ast.AST) -> bool:
    """A Paragraph's text is safe when it is a constant, ``escape(…)``, or an f-string whose every
    value is ``escape(…)`` (our own markup around escaped user parts)."""
    def is_escape(n: ast.AST) -> bool:
        return isinstance(n, ast.Call) and (getattr(n.func, "id", None) == "escape" or
                                            getattr(n.func, "attr", None) == "escape")
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return True
    if is_escape(node):
        return True
    if isinstance(node, ast.JoinedStr):
        return all(isinstance(v, ast.Constant) or (isinstance(v, ast.FormattedValue) and is_escape(v.value))
                   for v in node.values)
    return False


def test_every_paragraph_text_goes_through_the_escape_helper():
    unsafe = []
    for path in ROOT.rglob("*.py"):
        rel = path.relative_to(ROOT.parent)
        if "tests" in rel.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Paragraph" and node.args:
                if not _escaped(node.args[0]):
                    unsafe.append(f"{rel}:{node.lineno}")
    assert unsafe == []


def test_the_escape_helper():
    from tochuc.core.pdf import escape

    assert escape('<a href="x">&amp;</a>') == '&lt;a href="x"&gt;&amp;amp;&lt;/a&gt;'
    assert escape("Nguyễn\x00 Văn\x07 A\tB") == "Nguyễn Văn A\tB"
    assert escape(12) == "12"


# --- PDF: each writer with the hostile name ---------------------------------------------------------

def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def assert_literal(data: bytes, *texts: str) -> None:
    assert data.startswith(b"%PDF")
    printed = _squash(pdf_text(data))
    for text in texts:
        assert _squash(text) in printed, text
    assert b"/URI" not in data and b"/Annots" not in data and b"/XObject" not in data  # no link, no image


def _meeting_minutes() -> bytes:
    from tochuc.meetings.exports import minutes_pdf
    from tochuc.meetings.models import Meeting
    from tochuc.meetings.selectors import SheetRow

    meeting = Meeting(kind="monthly", planned_on=TODAY, held_on=TODAY, topic=HOSTILE, chair=HOSTILE,
                      secretary=HOSTILE, agenda=[HOSTILE], minutes=HOSTILE, resolutions=[HOSTILE],
                      summoned_count=2, present_count=0, excused_count=1, absent_count=1)
    sheet = [SheetRow(1, HOSTILE, "excused", HOSTILE), SheetRow(2, HOSTILE, "absent")]
    return minutes_pdf(meeting, HOSTILE, sheet)


def _counting_minutes() -> bytes:
    from tochuc.congresses.minutes import Line, Minutes, pdf_bytes

    return pdf_bytes(Minutes(
        party_line="ĐẢNG CỘNG SẢN VIỆT NAM", unit_name=HOSTILE, congress_name=HOSTILE, title="BIÊN BẢN KIỂM PHIẾU",
        election_label="Bầu chi ủy", round_label="Lần bầu thứ 1", place=HOSTILE,
        counted_at=datetime(2026, 1, 20, 9, tzinfo=UTC),
        counting_members=[(HOSTILE, HOSTILE)], kind_label="đảng viên", summoned=9, base=9,
        breakdown=[(HOSTILE, 1)], present=9, seats=1, candidates=1, issued=9, returned=9, valid=8, invalid=1,
        invalid_by_reason=[(HOSTILE, 1)], needed=5, lines=[Line(1, HOSTILE, 8, "88,89%", True, False)],
        elected=[HOSTILE], tied=[HOSTILE], unfilled=0, released=True))


def _ballots() -> list[bytes]:
    from tochuc.conftest import make_user
    from tochuc.congresses import services
    from tochuc.congresses.minutes import ballot_pdf
    from tochuc.congresses.tests.conftest import NAMES, add_members
    from tochuc.core.scope import scope_for_user

    add_members("CB-BD-1", NAMES)
    clerk = make_user("thu-ky-xa", "clerk", ["X00004"])
    scope = scope_for_user(clerk, TODAY)
    congress = services.congress_create(actor=clerk, scope=scope, unit_code="CB-BD-1", kind="members",
                                        starts_on=date(2026, 1, 20), ends_on=date(2026, 1, 20),
                                        cutoff_on=date(2026, 1, 10), name=HOSTILE)
    services.summons_generate(actor=clerk, scope=scope, congress=congress)
    pages = []
    for layout, kind in (("strike", "executive"), ("agree", "secretary")):
        others = NAMES[:3] if layout == "strike" else []
        election = services.election_create(actor=clerk, scope=scope, congress=congress, kind=kind,
                                            seats=max(1, len(others)), layout=layout)
        for name in [HOSTILE, *others]:
            services.candidate_add(actor=clerk, scope=scope, election=election, full_name=name)
        pages.append(ballot_pdf(services.round_open(actor=clerk, scope=scope, election=election, issued=9)))
    return pages


def _hostile_tree():
    """The small tree with a province renamed to the hostile name (its row in the report)."""
    from tochuc.core.scope import system_scope
    from tochuc.orgs.services import unit_rename

    unit_rename(actor=None, scope=system_scope(TODAY), code="T01", name=HOSTILE, effective=date(2025, 12, 1))


def _report(fmt: str) -> bytes:
    from tochuc.core.scope import system_scope
    from tochuc.reports import engine, exports

    ctx = engine.context_for(scope=system_scope(TODAY), code="TW", day=TODAY)
    heading = exports.Heading(HOSTILE if fmt == "pdf" else FORMULAS[0], "TW", TODAY, engine.AS_OF, TODAY,
                              datetime(2026, 1, 15, 8, tzinfo=UTC))
    tables = [engine.evaluate(engine.table_def("children"), ctx)]
    return exports.render(fmt, heading, tables)


def _report_pdf() -> bytes:
    _hostile_tree()
    return _report("pdf")


PDF_CASES = {
    "tochuc.meetings.exports:minutes_pdf": _meeting_minutes,
    "tochuc.reports.exports:pdf_bytes": _report_pdf,
    "tochuc.congresses.minutes:pdf_bytes": _counting_minutes,
    "tochuc.congresses.minutes:ballot_pdf": _ballots,
}


@pytest.mark.parametrize("writer", sorted(PDF_CASES))
def test_pdf_writer_prints_markup_literally(writer, small_tree):
    made = PDF_CASES[writer]()
    for data in made if isinstance(made, list) else [made]:
        assert_literal(data, HOSTILE)


# --- XLSX and CSV ------------------------------------------------------------------------------------

def _member_list() -> bytes:
    from tochuc.members.exports import xlsx_bytes

    return xlsx_bytes(title="=1+1", columns=["STT", "Họ và tên", "Ngày sinh"],
                      rows=[[n, text, date(1980, 1, 1)] for n, text in enumerate(FORMULAS, 1)])


def _attendance() -> bytes:
    from tochuc.conferences.exports import attendance_xlsx

    count = SimpleNamespace(points=1, connected=1, registered=1, checked_in=1, present=1)
    rows = [SimpleNamespace(point=SimpleNamespace(level="commune", unit=SimpleNamespace(code=text), name=text,
                                                  contact_name=text, contact_phone=text, reported_count=None),
                            connected=True, registered=1, checked_in=1, present=1) for text in FORMULAS]
    attendees = [SimpleNamespace(point=SimpleNamespace(name=text), full_name=text, position=text, member_id=1,
                                 member=SimpleNamespace(card_number=text), checked=True) for text in FORMULAS]
    conference = SimpleNamespace(title=FORMULAS[0], host_site=FORMULAS[1],
                                 starts_at=datetime(2026, 1, 15, 8, tzinfo=UTC))
    return attendance_xlsx(conference=conference, attendees=attendees, attendance=SimpleNamespace(
        rows=rows, totals=SimpleNamespace(by_level={"=x": count}, overall=count)))


def _report_xlsx() -> bytes:
    from tochuc.core.scope import system_scope
    from tochuc.orgs.services import unit_rename

    for code, text in (("T01", FORMULAS[0]), ("T79", FORMULAS[1])):
        unit_rename(actor=None, scope=system_scope(TODAY), code=code, name=text, effective=date(2025, 12, 1))
    return _report("xlsx")


XLSX_CASES = {
    "tochuc.members.exports:xlsx_bytes": (_member_list, FORMULAS),  # also compliance, coverage, due lists
    "tochuc.conferences.exports:attendance_xlsx": (_attendance, FORMULAS),
    "tochuc.reports.exports:xlsx_bytes": (_report_xlsx, FORMULAS[:2]),
}


@pytest.mark.parametrize("writer", sorted(XLSX_CASES))
def test_xlsx_writer_keeps_formulas_as_text(writer, small_tree):
    make, texts = XLSX_CASES[writer]
    book = load_workbook(io.BytesIO(make()))
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row if c.value is not None]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    text_cells = {c.value for c in cells if c.data_type == "s"}
    for text in texts:
        assert text in text_cells, text
    # Real numbers and dates stay typed.
    assert any(c.data_type == "n" for c in cells)


def test_csv_writers_prefix_formulas_and_read_back_unchanged(tmp_path):
    from tochuc.core.tabular import csv_dict_writer, csv_writer, read_csv

    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow(["name", "n"])
    for text in FORMULAS:
        writer.writerow([text, 3])
    lines = out.getvalue().splitlines()
    assert lines[1] == "'=1+1,3" and lines[2] == "'@SUM(A1),3" and lines[3] == "'+84 912,3"
    table = read_csv(io.StringIO(out.getvalue()))
    assert [cells[0] for _, cells in table.rows] == FORMULAS
    out = io.StringIO()
    writer = csv_dict_writer(out, ["code", "name"])
    writer.writeheader()
    writer.writerow({"code": "X1", "name": "-1"})
    assert out.getvalue().splitlines() == ["code,name", "X1,'-1"]


def test_member_rejects_file_prefixes_formulas(small_tree, tmp_path):
    from tochuc.members.management.commands.members_import import write_rejects

    source = tmp_path / "dv.csv"
    source.write_text("full_name,birth_date\n=HYPERLINK(\"http://evil.example/\"),1980-01-01\n", encoding="utf-8")
    result = SimpleNamespace(rejected=[SimpleNamespace(row=2, column="full_name", reason="sai")], rejected_rows={2})
    target = tmp_path / "loi.csv"
    write_rejects(source, target, result)
    assert target.read_text(encoding="utf-8").splitlines()[1].startswith("\"'=HYPERLINK(")
