"""Exports of branch meetings: compliance to XLSX; the minutes of a meeting to PDF (ReportLab with
the bundled DejaVu fonts, tochuc/core/pdf.py) and DOCX (python-docx).

The minutes follow the usual form of a biên bản sinh hoạt chi bộ: the party's heading, the branch,
time and place, who chaired and who took the minutes, attendance (summoned, present, excused with
the reasons, absent), the agenda, the proceedings, the resolutions and the self-rating.
"""

from __future__ import annotations

import io
from collections.abc import Iterable

from django.utils.translation import gettext as _

from tochuc.core.pdf import SERIF, SERIF_BOLD, escape, styles
from tochuc.meetings.models import Meeting, SelfRating
from tochuc.meetings.selectors import BranchGaps, ComplianceSummary, SheetRow
from tochuc.members.exports import xlsx_bytes


def compliance_columns() -> list[str]:
    return [_("STT"), _("Mã"), _("Chi bộ"), _("Số tháng phải sinh hoạt"), _("Tháng không sinh hoạt"),
            _("Quý thiếu sinh hoạt chuyên đề"), _("Buổi dự dưới ngưỡng"), _("Vắng không lý do"),
            _("Vắng có lý do liên tiếp quá số buổi cho phép")]


def compliance_rows(rows: Iterable[BranchGaps]) -> list[list]:
    return [[n, r.code, r.name, r.expected_months, ", ".join(str(m) for m in r.missed),
             ", ".join(str(q) for q in r.quarters),
             ", ".join(f"{m.held_on:%d/%m/%Y} ({m.present}/{m.summoned})" for m in r.low),
             ", ".join(r.absent_names), ", ".join(r.excused_names)] for n, r in enumerate(rows, start=1)]


def compliance_xlsx(summary: ComplianceSummary, rows: list[BranchGaps], truncated: bool = False) -> bytes:
    title = _("Sinh hoạt %(start)s–%(end)s") % {"start": summary.start.iso(), "end": summary.end.iso()}
    totals = [["", "", _("Tổng: %(n)s chi bộ phải sinh hoạt, %(ok)s đạt yêu cầu") % {
        "n": summary.branches_expected, "ok": summary.branches_compliant},
        "", summary.missing_monthly, summary.missing_thematic, summary.low_attendance,
        summary.members_absent_without_reason, summary.members_excused_in_a_row]]
    if truncated:
        totals.append(["", "",
                       _("Danh sách dừng ở %(n)s chi bộ; hãy chọn đơn vị nhỏ hơn để xem hết.") % {"n": len(rows)}])
    return xlsx_bytes(title=title, columns=compliance_columns(), rows=[*compliance_rows(rows), *totals])


def _facts(meeting: Meeting, branch_name: str, sheet: list[SheetRow]) -> dict:
    excused = [r for r in sheet if r.status == "excused"]
    absent = [r for r in sheet if r.status == "absent"]
    day = meeting.held_on or meeting.planned_on
    when = day.strftime("%d/%m/%Y")
    if meeting.started_at:
        when = _("%(time)s ngày %(day)s") % {"time": meeting.started_at.strftime("%H giờ %M"), "day": when}
    return {
        "title": _("BIÊN BẢN %(kind)s") % {"kind": meeting.get_kind_display().upper()},
        "branch": branch_name,
        "when": when,
        "topic": meeting.topic,
        "chair": meeting.chair or "—",
        "secretary": meeting.secretary or "—",
        "attendance": _("Tổng số đảng viên được triệu tập: %(s)s; có mặt: %(p)s; vắng có lý do: %(e)s; "
                        "vắng không lý do: %(a)s.") % {"s": meeting.summoned_count, "p": meeting.present_count,
                                                       "e": meeting.excused_count, "a": meeting.absent_count},
        "excused": [f"{r.full_name} ({r.reason})" for r in excused],
        "absent": [r.full_name for r in absent],
        "duration": (_("%(n)s phút") % {"n": meeting.duration_minutes}) if meeting.duration_minutes else "—",
        "agenda": list(meeting.agenda or []),
        "minutes": meeting.minutes or "",
        "resolutions": list(meeting.resolutions or []),
        "rating": SelfRating(meeting.self_rating).label if meeting.self_rating else "—",
    }


def minutes_pdf(meeting: Meeting, branch_name: str, sheet: list[SheetRow]) -> bytes:
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    sheet_styles = styles()
    body = ParagraphStyle("body", parent=sheet_styles["Normal"], fontName=SERIF, fontSize=12, leading=16)
    center = ParagraphStyle("center", parent=body, alignment=TA_CENTER)
    title = ParagraphStyle("title", parent=center, fontName=SERIF_BOLD, fontSize=14, leading=20, spaceBefore=12)
    facts = _facts(meeting, branch_name, sheet)
    story = [
        Paragraph(escape(_("ĐẢNG CỘNG SẢN VIỆT NAM")), ParagraphStyle("party", parent=center, fontName=SERIF_BOLD)),
        Paragraph(escape(facts["branch"]), center),
        Paragraph(escape(facts["title"]), title),
    ]
    if facts["topic"]:
        story.append(Paragraph(escape(_("Chủ đề: %(topic)s") % {"topic": facts["topic"]}), center))
    story.append(Spacer(1, 0.4 * cm))

    def line(label: str, value: str) -> None:
        story.append(Paragraph(f"<b>{escape(label)}</b> {escape(value)}", body))

    for label, value in _heading_lines(facts):
        line(label, value)
    if facts["agenda"]:
        story.append(Paragraph(f"<b>{escape(_('Nội dung sinh hoạt:'))}</b>", body))
        story.extend(Paragraph(escape(f"{n}. {item}"), body) for n, item in enumerate(facts["agenda"], start=1))
    story.append(Paragraph(f"<b>{escape(_('Diễn biến:'))}</b>", body))
    story.extend(Paragraph(escape(p), body) for p in facts["minutes"].splitlines() if p.strip())
    if facts["resolutions"]:
        story.append(Paragraph(f"<b>{escape(_('Nghị quyết, kết luận:'))}</b>", body))
        story.extend(Paragraph(escape(f"{n}. {item}"), body) for n, item in enumerate(facts["resolutions"], start=1))
    line(_("Chi bộ tự đánh giá chất lượng buổi sinh hoạt:"), facts["rating"])
    story.append(Spacer(1, 1 * cm))
    story.append(Paragraph(escape(_("CHỦ TRÌ") + " " * 40 + _("THƯ KÝ")), center))
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=2.5 * cm, rightMargin=2 * cm, topMargin=2 * cm,
                            bottomMargin=2 * cm, title=facts["title"], author="tochuc")
    doc.build(story)
    return out.getvalue()


def _heading_lines(facts: dict) -> list[tuple[str, str]]:
    """The labelled lines at the head of the minutes (both formats print the same)."""
    lines = [(_("Thời gian:"), facts["when"]), (_("Chủ trì:"), facts["chair"]), (_("Thư ký:"), facts["secretary"]),
             (_("Thành phần:"), facts["attendance"])]
    if facts["excused"]:
        lines.append((_("Vắng có lý do:"), "; ".join(facts["excused"])))
    if facts["absent"]:
        lines.append((_("Vắng không lý do:"), "; ".join(facts["absent"])))
    lines.append((_("Thời lượng:"), facts["duration"]))
    return lines


def minutes_docx(meeting: Meeting, branch_name: str, sheet: list[SheetRow]) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    facts = _facts(meeting, branch_name, sheet)
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)

    def centered(text: str, bold: bool = False, size: int | None = None) -> None:
        paragraph = doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(text)
        run.bold = bold
        if size:
            run.font.size = Pt(size)

    def line(label: str, value: str) -> None:
        paragraph = doc.add_paragraph()
        paragraph.add_run(label + " ").bold = True
        paragraph.add_run(value)

    centered(_("ĐẢNG CỘNG SẢN VIỆT NAM"), bold=True)
    centered(facts["branch"])
    centered(facts["title"], bold=True, size=15)
    if facts["topic"]:
        centered(_("Chủ đề: %(topic)s") % {"topic": facts["topic"]})
    for label, value in _heading_lines(facts):
        line(label, value)
    if facts["agenda"]:
        doc.add_paragraph().add_run(_("Nội dung sinh hoạt:")).bold = True
        for item in facts["agenda"]:
            doc.add_paragraph(item, style="List Number")
    doc.add_paragraph().add_run(_("Diễn biến:")).bold = True
    for text in facts["minutes"].splitlines():
        if text.strip():
            doc.add_paragraph(text)
    if facts["resolutions"]:
        doc.add_paragraph().add_run(_("Nghị quyết, kết luận:")).bold = True
        for item in facts["resolutions"]:
            doc.add_paragraph(item, style="List Number 2")
    line(_("Chi bộ tự đánh giá chất lượng buổi sinh hoạt:"), facts["rating"])
    table = doc.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = _("CHỦ TRÌ")
    table.rows[0].cells[1].text = _("THƯ KÝ")
    for cell in table.rows[0].cells:
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
