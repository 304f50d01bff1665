"""Words of the branch-meeting rules (:mod:`tochuc.domain.meetings`): code → Vietnamese template."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

MESSAGES = {
    "meeting.policy.not_number": _("không phải là một số: %(value)s"),
    "meeting.policy.percent": _("phải từ 0 đến 100, nhận %(value)s"),
    "meeting.policy.not_count": _("phải là số nguyên không âm: %(value)s"),
    "meeting.policy.regular_day": _("phải là một ngày từ 1 đến 28: %(value)s"),
    "meeting.month_range": _("tháng phải từ 1 đến 12: %(month)s"),
    "meeting.month_invalid": _("tháng «%(text)s» không hợp lệ (dùng YYYY-MM)"),
    "meeting.present_invalid": _("số có mặt %(present)s không hợp lệ với %(summoned)s triệu tập"),
    "meeting.quarter": _("Quý %(number)s/%(year)s"),
    "meeting.attendance_missing": _("chưa điểm danh"),
    "meeting.attendance_status": _("trạng thái «%(status)s» không hợp lệ"),
    "meeting.excused_reason": _("vắng có lý do phải ghi lý do"),
    "meeting.not_on_roster": _("không thuộc danh sách đảng viên của chi bộ vào ngày họp"),
}
