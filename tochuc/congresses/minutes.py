"""The counting minutes (biên bản kiểm phiếu) of one round, as PDF and DOCX, ready to sign.

Fields follow the forms of the counting committee under Quyết định 190-QĐ/TW (2024): the congress
and the election, the counting committee, the members (delegates) summoned and the base with its
exclusions, those present, ballots issued / returned / valid / invalid (with the reasons), the
votes of each candidate with the percentage of the base, who is elected, ties and seats left.
The PDF uses the bundled DejaVu fonts (every Vietnamese letter); the DOCX uses Times New Roman,
which every Vietnamese office machine has.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from tochuc.congresses import selectors
from tochuc.congresses.models import Congress, CongressKind, Round
from tochuc.core.pdf import SERIF, SERIF_BOLD, escape, styles


@dataclass(frozen=True)
class Line:
    order: int
    name: str
    votes: int
    percent: str
    elected: bool
    tied: bool


@dataclass(frozen=True)
class Minutes:
    party_line: str
    unit_name: str
    congress_name: str
    title: str
    election_label: str
    round_label: str
    place: str
    counted_at: datetime
    counting_members: list[tuple[str, str]]
    kind_label: str
    summoned: int
    base: int
    breakdown: list[tuple[str, int]]
    present: int
    seats: int
    candidates: int
    issued: int
    returned: int
    valid: int
    invalid: int
    invalid_by_reason: list[tuple[str, int]]
    needed: int
    lines: list[Line]
    elected: list[str]
    tied: list[str]
    unfilled: int
    released: bool


def percent(votes: int, base: int) -> str:
    """Percentage of the base, two decimals with a decimal comma ("55,56%")."""
    return f"{100 * votes / base:.2f}".replace(".", ",") + "%" if base else "—"


def minutes_for(round_: Round) -> Minutes:
    election = round_.election
    congress: Congress = election.congress
    result = round_.result or {}
    votes: dict[str, int] = result.get("votes", {})
    elected = result.get("elected", [])
    tied = result.get("tied", [])
    order = sorted(votes, key=lambda n: (-votes[n], list(votes).index(n)))
    lines = [Line(i + 1, name, votes[name], percent(votes[name], round_.base or 0), name in elected, name in tied)
             for i, name in enumerate(order)]
    label = election.get_kind_display()
    return Minutes(
        party_line="ĐẢNG CỘNG SẢN VIỆT NAM",
        unit_name=selectors.congress_unit_name(congress),
        congress_name=congress.name,
        title="BIÊN BẢN KIỂM PHIẾU",
        election_label=f"Bầu {label[0].lower() + label[1:]}",
        round_label=f"Lần bầu thứ {round_.number}" + ("" if round_.number == 1 else
                                                       " (bầu lại do bằng phiếu)" if round_.reason == "tie"
                                                       else " (bầu bổ sung do chưa đủ số lượng)"),
        place=congress.place,
        counted_at=timezone.localtime(round_.counted_at) if round_.counted_at else timezone.localtime(),
        counting_members=list(congress.counting_members.values_list("full_name", "position")),
        kind_label="đảng viên" if congress.kind == CongressKind.MEMBERS else "đại biểu",
        summoned=round_.summoned or 0,
        base=round_.base or 0,
        breakdown=[tuple(x) for x in round_.base_breakdown],
        present=round_.present or 0,
        seats=round_.seats,
        candidates=len(votes),
        issued=result.get("issued", 0),
        returned=result.get("returned", 0),
        valid=result.get("valid", 0),
        invalid=result.get("invalid", 0),
        invalid_by_reason=sorted(result.get("invalid_by_reason", {}).items()),
        needed=result.get("needed", 0),
        lines=lines,
        elected=[n for n in order if n in elected],
        tied=tied,
        unfilled=result.get("unfilled", 0),
        released=election.released_at is not None,
    )


def _facts(m: Minutes) -> list[str]:
    facts = [
        f"Tổng số {m.kind_label} được triệu tập: {m.summoned}.",
    ]
    facts += [f"— {label}: {n}." for label, n in m.breakdown]
    facts += [
        f"Số {m.kind_label} làm căn cứ tính kết quả bầu cử: {m.base}; "
        f"trúng cử phải được trên một nửa, tức từ {m.needed} phiếu trở lên.",
        f"Số {m.kind_label} có mặt: {m.present}.",
        f"Số lượng cần bầu: {m.seats}; số người trong danh sách bầu cử: {m.candidates}.",
        f"Số phiếu phát ra: {m.issued}; số phiếu thu vào: {m.returned}.",
        f"Số phiếu hợp lệ: {m.valid}; số phiếu không hợp lệ: {m.invalid}.",
    ]
    facts += [f"— Không hợp lệ (lý do: {reason}): {n}." for reason, n in m.invalid_by_reason]
    return facts


def _conclusion(m: Minutes) -> list[str]:
    text = []
    if m.elected:
        text.append(f"Những người trúng cử ({len(m.elected)}): " + ", ".join(m.elected) + ".")
    else:
        text.append("Không có người nào trúng cử ở lần bầu này.")
    if m.tied:
        text.append("Bằng số phiếu ở vị trí cuối, cần bầu lại: " + ", ".join(m.tied) + ".")
    if m.unfilled:
        text.append(f"Số lượng còn thiếu: {m.unfilled}; đại hội quyết định việc bầu tiếp.")
    return text


def _when(m: Minutes) -> str:
    t = m.counted_at
    where = f", tại {m.place}" if m.place else ""
    return f"Hồi {t:%H} giờ {t:%M}, ngày {t.day:02d} tháng {t.month:02d} năm {t.year}{where}"


def pdf_bytes(m: Minutes) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    sheet = styles()
    body = ParagraphStyle("body", parent=sheet["Normal"], fontName=SERIF, fontSize=11, leading=15)
    center = ParagraphStyle("center", parent=body, alignment=TA_CENTER)
    head = ParagraphStyle("head", parent=center, fontName=SERIF_BOLD, fontSize=14, leading=18, spaceBefore=8)
    story = [
        Table([[Paragraph(escape(m.unit_name.upper()), center), Paragraph(f"<b>{escape(m.party_line)}</b>", center)]],
              colWidths=[8.5 * cm, 8.5 * cm]),
        Paragraph(escape(m.title), head),
        Paragraph(f"<b>{escape(m.election_label)}</b> — {escape(m.round_label)}", center),
        Paragraph(escape(m.congress_name), center),
        Spacer(1, 8),
        Paragraph(escape(_when(m) + ", Ban kiểm phiếu gồm:"), body),
    ]
    for i, (name, position) in enumerate(m.counting_members, 1):
        story.append(Paragraph(escape(f"{i}. {name} — {position}"), body))
    story.append(Paragraph("đã tiến hành kiểm phiếu và xác nhận kết quả như sau:", body))
    story += [Paragraph(escape(f), body) for f in _facts(m)]
    story.append(Spacer(1, 6))
    rows = [["STT", "Họ và tên", "Số phiếu", "Tỷ lệ so với căn cứ", "Kết quả"]]
    for line in m.lines:
        rows.append([str(line.order), Paragraph(escape(line.name), body), str(line.votes), line.percent,
                     "Trúng cử" if line.elected else "Bằng phiếu" if line.tied else ""])
    table = Table(rows, colWidths=[1.2 * cm, 7 * cm, 2.2 * cm, 3.6 * cm, 2.6 * cm], repeatRows=1)
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), SERIF), ("FONTNAME", (0, 0), (-1, 0), SERIF_BOLD),
        ("FONTSIZE", (0, 0), (-1, -1), 10), ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("ALIGN", (2, 1), (3, -1), "RIGHT"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
    ]))
    story.append(table)
    story.append(Spacer(1, 8))
    story += [Paragraph(escape(t), body) for t in _conclusion(m)]
    story.append(Paragraph("Biên bản được lập xong và thông qua trước đại hội, các thành viên Ban kiểm phiếu "
                           "cùng ký tên.", body))
    story.append(Spacer(1, 12))
    signers = [[Paragraph(f"<b>{escape(position.upper())}</b><br/><br/><br/><br/>{escape(name)}", center)]
               for name, position in m.counting_members] or [[Paragraph("<b>BAN KIỂM PHIẾU</b>", center)]]
    pairs = [sum(signers[i:i + 3], []) for i in range(0, len(signers), 3)]
    width = max(len(p) for p in pairs)
    story.append(Table([p + [""] * (width - len(p)) for p in pairs], colWidths=[17 * cm / width] * width))
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=2 * cm, rightMargin=2 * cm, topMargin=1.5 * cm,
                            bottomMargin=1.5 * cm, title=f"{m.title} — {m.election_label}", author="tochuc")
    doc.build(story)
    return buffer.getvalue()


def docx_bytes(m: Minutes) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    header = document.add_table(rows=1, cols=2)
    header.cell(0, 0).text = m.unit_name.upper()
    header.cell(0, 1).text = m.party_line
    for cell in header.rows[0].cells:
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for text, bold in ((m.title, True), (f"{m.election_label} — {m.round_label}", True), (m.congress_name, False)):
        p = document.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.add_run(text).bold = bold
    document.add_paragraph(_when(m) + ", Ban kiểm phiếu gồm:")
    for i, (name, position) in enumerate(m.counting_members, 1):
        document.add_paragraph(f"{i}. {name} — {position}")
    document.add_paragraph("đã tiến hành kiểm phiếu và xác nhận kết quả như sau:")
    for fact in _facts(m):
        document.add_paragraph(fact)
    table = document.add_table(rows=1, cols=5)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ["STT", "Họ và tên", "Số phiếu", "Tỷ lệ so với căn cứ", "Kết quả"],
                          strict=True):
        cell.text = text
    for line in m.lines:
        cells = table.add_row().cells
        for cell, text in zip(cells, [str(line.order), line.name, str(line.votes), line.percent,
                                      "Trúng cử" if line.elected else "Bằng phiếu" if line.tied else ""],
                              strict=True):
            cell.text = text
    for text in _conclusion(m):
        document.add_paragraph(text)
    document.add_paragraph("Biên bản được lập xong và thông qua trước đại hội, các thành viên Ban kiểm phiếu "
                           "cùng ký tên.")
    signers = document.add_table(rows=2, cols=max(len(m.counting_members), 1))
    for i, (name, position) in enumerate(m.counting_members):
        signers.cell(0, i).text = position.upper()
        signers.cell(1, i).text = f"\n\n\n{name}"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def ballot_pdf(round_: Round, *, copies: int = 1) -> bytes:
    """The ballot paper (phiếu bầu cử) of a round, in its layout: a list of names to strike out
    (with a surplus) or a table with "Đồng ý" / "Không đồng ý" columns (no surplus); the convening
    committee's stamp goes in the top corner (190-QĐ/TW: a ballot without it is invalid)."""
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.pagesizes import A5
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    election = round_.election
    congress = election.congress
    sheet = styles()
    body = ParagraphStyle("b", parent=sheet["Normal"], fontName=SERIF, fontSize=11, leading=14)
    center = ParagraphStyle("c", parent=body, alignment=TA_CENTER)
    head = ParagraphStyle("h", parent=center, fontName=SERIF_BOLD, fontSize=14, leading=18)
    names = [c.full_name for c in selectors.round_candidates(round_)]
    label = election.get_kind_display()
    story = []
    for copy in range(copies):
        story += [
            Table([[Paragraph(escape(selectors.congress_unit_name(congress).upper()), center),
                    Paragraph("(Dấu của cấp ủy triệu tập)", center)]], colWidths=[7 * cm, 5 * cm]),
            Paragraph(escape(congress.name), center), Spacer(1, 4),
            Paragraph("PHIẾU BẦU CỬ", head),
            Paragraph(escape(f"Bầu {label[0].lower() + label[1:]} — lần bầu thứ {round_.number}"), center),
            Spacer(1, 6),
        ]
        if election.layout == "strike":
            rows = [[str(i), Paragraph(escape(n), body)] for i, n in enumerate(names, 1)]
            table = Table(rows, colWidths=[1 * cm, 11 * cm])
            story.append(Paragraph(escape(f"Số lượng cần bầu: {round_.seats}. Gạch cả họ và tên người không bầu."),
                                   body))
        else:
            rows = [["STT", "Họ và tên", "Đồng ý", "Không đồng ý"]] + [
                [str(i), Paragraph(escape(n), body), "", ""] for i, n in enumerate(names, 1)]
            table = Table(rows, colWidths=[1 * cm, 6.6 * cm, 2 * cm, 2.4 * cm], repeatRows=1)
            story.append(Paragraph(escape(f"Số lượng cần bầu: {round_.seats}. "
                                          "Đánh dấu vào một trong hai ô của mỗi người."), body))
        table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), SERIF), ("FONTSIZE", (0, 0), (-1, -1), 10),
                                   ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                                   ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
        story += [Spacer(1, 4), table]
        if copy < copies - 1:
            story.append(PageBreak())
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A5, leftMargin=1.2 * cm, rightMargin=1.2 * cm, topMargin=1.2 * cm,
                      bottomMargin=1.2 * cm, title="Phiếu bầu cử", author="tochuc").build(story)
    return buffer.getvalue()
