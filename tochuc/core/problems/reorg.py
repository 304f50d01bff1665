"""Words of the reorganization plan rules (:mod:`tochuc.domain.reorg`): code → Vietnamese template.

The words put into other messages (which unit, how it ended) carry the context "reorg": alone,
"đơn vị" or "giải thể" mean something else elsewhere in the catalog.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

MESSAGES = {
    "reorg.what_target": pgettext_lazy("reorg", "đơn vị đích"),
    "reorg.what_parent": pgettext_lazy("reorg", "cấp trên"),
    "reorg.what_unit": pgettext_lazy("reorg", "đơn vị"),
    "reorg.how_merged": pgettext_lazy("reorg", "sáp nhập"),
    "reorg.how_closed": pgettext_lazy("reorg", "giải thể"),
    "reorg.in_subtree": _(" trong cây con của «%(code)s»"),
    "reorg.reference_missing": _("Căn cứ: hãy ghi số, ngày của quyết định."),
    "reorg.op_invalid": _("thao tác «%(op)s» không hợp lệ (dùng một trong: %(ops)s)"),
    "reorg.code_missing": _("thiếu mã đơn vị"),
    "reorg.code_invalid": _("mã «%(code)s» không hợp lệ (tối đa %(most)s ký tự, không có khoảng trắng)"),
    "reorg.column_needed": _("thao tác %(op)s cần cột %(column)s"),
    "reorg.column_unused": _("thao tác %(op)s không dùng cột %(column)s (để trống)"),
    "reorg.name_too_long": _("tên dài quá %(most)s ký tự"),
    "reorg.kind_invalid": _("loại «%(kind)s» không hợp lệ (dùng một trong: %(kinds)s)"),
    "reorg.unit_ended": _("%(what)s «%(code)s» đã bị %(how)s ở dòng %(row)s"),
    "reorg.unit_not_found": _("không tìm thấy %(what)s «%(code)s»"),
    "reorg.unit_not_on_date": _("%(what)s «%(code)s» không tồn tại vào ngày %(day)s"),
    "reorg.later_change": _("đơn vị «%(code)s» đã có thay đổi từ ngày %(day)s, sau ngày hiệu lực %(effective)s; hãy "
                            "chọn ngày hiệu lực từ ngày đó trở đi"),
    "reorg.later_change_below": _("đơn vị «%(other)s» thuộc «%(code)s» đã có thay đổi từ ngày %(day)s, sau ngày hiệu "
                                  "lực %(effective)s"),
    "reorg.later_move": _("«%(code)s» chuyển vị trí từ ngày %(day)s, sau ngày hiệu lực %(effective)s"),
    "reorg.kind_ended_move": _("loại «%(kind)s»%(where)s không còn từ ngày %(day)s (Quy định 294-QĐ/TW); không thể "
                               "chuyển vào ngày %(effective)s"),
    "reorg.ends_on_first_day": _("«%(code)s» bắt đầu từ ngày %(day)s; không thể kết thúc ngay trong ngày đó"),
    "reorg.code_duplicate": _("mã «%(code)s» trùng với dòng %(row)s"),
    "reorg.code_exists": _("mã «%(code)s» đã có trong hệ thống"),
    "reorg.kind_ended": _("loại «%(kind)s» không còn từ ngày %(day)s (Quy định 294-QĐ/TW)"),
    "reorg.parent_kind": _("«%(kind)s» không thể trực thuộc «%(code)s» (loại %(parent_kind)s)"),
    "reorg.move_into_itself": _("không thể chuyển đơn vị vào chính nó"),
    "reorg.cycle": _("vòng lặp cấp trên: «%(target)s» nằm trong cây con của «%(code)s»"),
    "reorg.already_under": _("«%(code)s» đã trực thuộc «%(target)s»"),
    "reorg.move_kind": _("«%(code)s» (loại %(kind)s) không thể trực thuộc «%(target)s» (loại %(target_kind)s)"),
    "reorg.merge_into_itself": _("không thể sáp nhập đơn vị vào chính nó"),
    "reorg.merge_child_kind": _("đơn vị trực thuộc «%(code)s» (loại %(kind)s) không thể trực thuộc «%(target)s» (loại "
                                "%(target_kind)s)"),
    "reorg.branch_members_later": _("chi bộ «%(code)s» có %(later)s lượt sinh hoạt đảng bắt đầu sau ngày %(day)s"),
    "reorg.merge_branch_members": _("chi bộ «%(code)s» còn %(members)s đảng viên; chỉ sáp nhập được vào một chi bộ"),
    "reorg.rename_same": _("tên (và loại) mới trùng với hiện tại của «%(code)s»"),
    "reorg.rename_parent_kind": _("loại «%(kind)s» không thể trực thuộc «%(parent)s» (loại %(parent_kind)s)"),
    "reorg.rename_child_kind": _("đơn vị trực thuộc «%(code)s» (loại %(kind)s) không thể trực thuộc loại "
                                 "«%(new_kind)s»"),
    "reorg.rename_branch_members": _("chi bộ «%(code)s» còn %(members)s đảng viên; không thể đổi sang loại «%(kind)s»"),
    "reorg.close_children": _("«%(code)s» còn %(count)s đơn vị trực thuộc (%(shown)s); hãy chuyển hoặc sáp nhập trước "
                              "khi giải thể"),
    "reorg.close_members": _("chi bộ «%(code)s» còn %(members)s đảng viên đang sinh hoạt"),
}
