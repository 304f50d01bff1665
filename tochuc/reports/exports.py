"""Statistical tables to XLSX (xlsxwriter) and PDF (ReportLab with the bundled fonts), each with
the unit, the date of the figures, the way they are counted and the time they were made."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone

from tochuc.core import pdf
from tochuc.core.tabular import write_cell, xlsx_workbook
from tochuc.reports import engine, tally

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"


@dataclass(frozen=True)
class Heading:
    unit: str
    code: str
    day: date
    mode: str
    structure_on: date
    generated: datetime

    def lines(self) -> list[str]:
        mode = str(engine.MODES[self.mode])
        if self.mode == engine.RESTATED:
            mode += f" (cơ cấu ngày {self.structure_on:%d/%m/%Y})"
        return [f"Đơn vị: {self.unit} (mã {self.code})",
                f"Số liệu tại ngày: {self.day:%d/%m/%Y} — {mode}",
                f"Lập lúc: {timezone.localtime(self.generated):%H:%M ngày %d/%m/%Y}"]


def heading_for(ctx: engine.Context) -> Heading:
    return Heading(ctx.root.name, ctx.code, ctx.day, ctx.mode, ctx.structure_on, timezone.now())


def sheet_rows(table: engine.Table) -> list[list]:
    """The table as printed: header, one line per row with its total, then the totals line."""
    header = ["STT", table.definition.rows.label if table.definition.rows else
              {"movements": "Nội dung", "ratings": "Mức xếp loại", "badges": "Huy hiệu", "units": "Loại tổ chức",
               "children": "Đơn vị"}
              .get(table.definition.source, "")] + [c.label for c in table.columns]
    if table.has_total_column:
        header.append("Tổng số")
    out = [header]
    for n, row in enumerate(table.grid(), start=1):
        line = [n, row["label"]] + [v for _, v in row["cells"]]
        if table.has_total_column:
            line.append(row["total"])
        out.append(line)
    totals = ["", "Cộng"] + [table.column_total(c.key) for c in table.columns]
    if table.has_total_column:
        totals.append(table.total)
    out.append(totals)
    return out


def sheet_title(table: engine.Table, n: int) -> str:
    return f"{n:02d} {table.key}"[:31]


def xlsx_bytes(heading: Heading, tables: list[engine.Table]) -> bytes:
    """One sheet per table (xlsxwriter through the one cell writer: a unit named ``=…`` is text)."""
    out = io.BytesIO()
    book = xlsx_workbook(out)
    title_format = book.add_format({"bold": True, "font_size": 13})
    cell = {"border": 1, "border_color": "#999999"}
    header = book.add_format({**cell, "bold": True, "bg_color": "#F4C542", "text_wrap": True, "valign": "vcenter"})
    body = book.add_format(cell)
    totals = book.add_format({**cell, "bold": True})
    for n, table in enumerate(tables, start=1):
        sheet = book.add_worksheet(sheet_title(table, n))
        lines = [table.title, *heading.lines(), *([table.note] if table.note else [])]
        for r, line in enumerate(lines):
            write_cell(sheet, r, 0, line, title_format if r == 0 else None)
        first = len(lines) + 1  # a blank line, then the table (0-based row of its header)
        rows = sheet_rows(table)
        for i, row in enumerate(rows):
            style = header if i == 0 else totals if i == len(rows) - 1 else body
            for col, value in enumerate(row):
                write_cell(sheet, first + i, col, value, style)
        sheet.set_column(0, 0, 6)
        sheet.set_column(1, 1, 46)
        sheet.set_column(2, 7, 14)
        sheet.freeze_panes(first + 1, 2)
    book.close()
    return out.getvalue()


def pdf_bytes(heading: Heading, tables: list[engine.Table]) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, TableStyle
    from reportlab.platypus import Table as PdfTable

    sheet = pdf.styles()
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm,
                            bottomMargin=15 * mm, title=f"Báo cáo thống kê — {heading.unit}", author="tochuc")
    story = [Paragraph("BÁO CÁO THỐNG KÊ ĐẢNG VIÊN VÀ TỔ CHỨC ĐẢNG", sheet["Title"])]
    story += [Paragraph(pdf.escape(line), sheet["Normal"]) for line in heading.lines()]
    story.append(Spacer(1, 6 * mm))
    for table in tables:
        rows = sheet_rows(table)
        data = [[Paragraph(pdf.escape(v), sheet["BodyText"]) if i == 0 or j == 1 else v for j, v in enumerate(row)]
                for i, row in enumerate(rows)]
        widths = [12 * mm, 68 * mm] + [(180 - 80) * mm / max(1, len(rows[0]) - 2)] * (len(rows[0]) - 2)
        grid = PdfTable(data, colWidths=widths, repeatRows=1)
        grid.setStyle(TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), pdf.SERIF), ("FONTNAME", (0, -1), (-1, -1), pdf.SERIF_BOLD),
            ("FONTSIZE", (0, 0), (-1, -1), 9), ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#F4C542")), ("ALIGN", (2, 1), (-1, -1), "RIGHT"),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ]))
        title = [Paragraph(pdf.escape(table.title), sheet["Heading3"])]
        if table.note:
            title.append(Paragraph(pdf.escape(table.note), sheet["Normal"]))
        # The title stays with the table's first rows; a long table (communes of a province)
        # flows over pages with its header row repeated.
        story += [KeepTogether(title), grid, Spacer(1, 5 * mm)] if len(rows) > 30 else \
            [KeepTogether(title + [grid]), Spacer(1, 5 * mm)]
    doc.build(story)
    return out.getvalue()


def render(fmt: str, heading: Heading, tables: list[engine.Table]) -> bytes:
    return xlsx_bytes(heading, tables) if fmt == "xlsx" else pdf_bytes(heading, tables)


def filename(ctx: engine.Context, fmt: str) -> str:
    return f"bao-cao-{ctx.code}-{ctx.day.isoformat()}-{ctx.mode}.{fmt}"


def build(ctx: engine.Context, fmt: str, *, period: engine.Period, year: int,
          progress: Callable[[int, int], None] = lambda done, total: None) -> bytes:
    tables = tally.tables(ctx, period=period, year=year, progress=progress)
    return render(fmt, heading_for(ctx), tables)
