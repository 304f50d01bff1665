"""XLSX export of a conference's attendance: a sheet of bridge points with their totals by
level, and a sheet of attendees with their check-in (xlsxwriter, as the member exports)."""

from __future__ import annotations

import io

from django.utils import timezone
from django.utils.translation import gettext as _

from tochuc.conferences.models import Level
from tochuc.core.tabular import write_cell, xlsx_workbook


def attendance_xlsx(*, conference, attendance, attendees) -> bytes:
    out = io.BytesIO()
    book = xlsx_workbook(out)
    bold = book.add_format({"bold": True, "bg_color": "#F4C542", "border": 1})
    title_format = book.add_format({"bold": True, "font_size": 13})
    levels = dict(Level.choices)

    sheet = book.add_worksheet(_("Điểm cầu")[:31])
    sheet.write_string(0, 0, conference.title, title_format)
    sheet.write_string(1, 0, _("Điểm cầu chính: %(site)s — %(time)s") % {
        "site": conference.host_site, "time": timezone.localtime(conference.starts_at).strftime("%H:%M %d/%m/%Y")})
    columns = [_("STT"), _("Cấp"), _("Mã đơn vị"), _("Điểm cầu"), _("Người liên hệ"), _("Điện thoại"), _("Đã kết nối"),
               _("Đăng ký"), _("Điểm danh"), _("Báo cáo số lượng"), _("Có mặt")]
    for col, name in enumerate(columns):
        sheet.write_string(3, col, name, bold)
    row = 4
    for n, r in enumerate(attendance.rows, start=1):
        p = r.point
        values = [n, str(levels.get(p.level, p.level)), p.unit.code, p.name, p.contact_name, p.contact_phone,
                  _("Có") if r.connected else _("Chưa"), r.registered, r.checked_in, p.reported_count, r.present]
        for col, value in enumerate(values):
            write_cell(sheet, row, col, value)
        row += 1
    row += 1
    sheet.write_string(row, 0, _("Tổng hợp theo cấp"), title_format)
    row += 1
    summary = [_("Cấp"), _("Điểm cầu"), _("Đã kết nối"), _("Đăng ký"), _("Điểm danh"), _("Có mặt")]
    for col, name in enumerate(summary):
        sheet.write_string(row, col, name, bold)
    totals = attendance.totals
    for label, t in [*((str(levels.get(k, k)), v) for k, v in totals.by_level.items()),
                     (_("Tổng cộng"), totals.overall)]:
        row += 1
        sheet.write_string(row, 0, label)
        for col, value in enumerate([t.points, t.connected, t.registered, t.checked_in, t.present], start=1):
            sheet.write_number(row, col, value)
    sheet.set_column(0, 0, 6)
    sheet.set_column(1, 2, 14)
    sheet.set_column(3, 3, 40)
    sheet.set_column(4, 10, 14)

    people = book.add_worksheet(_("Đại biểu")[:31])
    columns = [_("STT"), _("Điểm cầu"), _("Họ và tên"), _("Chức vụ, đơn vị"), _("Số thẻ đảng viên"), _("Đã điểm danh")]
    for col, name in enumerate(columns):
        people.write_string(0, col, name, bold)
    for n, a in enumerate(attendees, start=1):
        people.write_number(n, 0, n)
        for col, value in enumerate([a.point.name, a.full_name, a.position,
                                     (a.member.card_number or "") if a.member_id else "",
                                     _("Có") if a.checked else _("Chưa")], start=1):
            write_cell(people, n, col, value)
    people.set_column(1, 3, 30)
    people.set_column(4, 5, 16)
    people.freeze_panes(1, 0)
    book.close()
    return out.getvalue()
