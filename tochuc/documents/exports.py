"""XLSX export of the study coverage report (same writer as the member lists)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from tochuc.members.exports import xlsx_bytes


def coverage_xlsx(report, rows, *, level_label: str) -> bytes:
    columns = [_("STT"), _("Mã"), _("Tên tổ chức đảng"), _("Loại"), _("Đã học tập, quán triệt"), _("Số buổi"),
               _("Buổi đầu tiên"), _("Buổi gần nhất"), _("Số đảng viên"), _("Đảng viên đã dự"), _("Tỷ lệ dự (%)")]
    data = [
        [n, r.version.unit.code, r.version.name, r.version.get_kind_display(), _("Đã") if r.studied else _("Chưa"),
         r.sessions, r.first_held_on, r.last_held_on, r.members, r.attended,
         r.attendance_rate if r.attendance_rate is not None else ""]
        for n, r in enumerate(rows, start=1)
    ]
    title = _("Học tập %(code)s") % {"code": report.document.code.replace("/", "-")}
    return xlsx_bytes(title=title, columns=columns, rows=data)
