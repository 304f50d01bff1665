"""Words of the election rules (:mod:`tochuc.domain.elections`): code → Vietnamese template."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

MESSAGES = {
    "election.limit_decided": _("đại hội đã quyết định số dư tối đa %(cap)s người"),
    "election.limit_small_body": _("cơ quan có từ %(low)s đến %(high)s thành viên chỉ được dư tối đa %(cap)s người"),
    "election.limit_percent": _("số dư không quá %(percent)s số lượng cần bầu, tức %(cap)s người"),
    "election.people": _("%(count)s người"),
    "election.people_range": _("%(low)s–%(high)s người"),
    "election.not_int": _("phải là một số nguyên, nhận được %(value)s"),
    "election.below_minimum": _("phải lớn hơn hoặc bằng %(minimum)s, nhận được %(value)s"),
    "election.allocation_mapping": _("phải là ánh xạ đơn vị → số đảng viên chính thức"),
    "election.unit_code": _("mã đơn vị phải là chuỗi khác rỗng: %(unit)s"),
    "election.official_count": _("số đảng viên chính thức phải là số nguyên không âm, nhận %(count)s"),
    "election.too_few_delegates": _("%(total)s đại biểu không đủ để mỗi đơn vị có ít nhất %(minimum)s đại biểu "
                                    "(%(units)s đơn vị cần %(needed)s đại biểu)"),
    "election.too_many_delegates": _("%(total)s đại biểu nhiều hơn tổng số đảng viên chính thức của các đơn vị "
                                     "(%(everyone)s)"),
    "election.present_and_excused": _("vừa có mặt vừa vắng mặt suốt đại hội có lý do: chỉ chọn một"),
    "election.ex_officio_alternate": _("đại biểu đương nhiên (cấp ủy viên) không có đại biểu dự khuyết"),
    "election.present_replaced": _("đại biểu có mặt và đủ tư cách thì không có ai thay thế"),
    "election.records_list": _("phải là danh sách hồ sơ từng người"),
    "election.record_type": _("phải là %(expected)s, nhận %(got)s"),
    "election.person_code": _("mã người phải là chuỗi khác rỗng, nhận %(person)s"),
    "election.person_twice": _('"%(person)s" có hai hồ sơ'),
    "election.records_over_summoned": _("có %(count)s hồ sơ, nhiều hơn số được triệu tập (%(summoned)s)"),
    "election.attendees_needed": _("cần số người dự đại hội để xét người được đề cử tại chỗ"),
    "election.floor_type": _("phải là FloorNominee, nhận %(got)s"),
    "election.support_not_count": _("số người đồng ý phải là số nguyên không âm: %(support)s"),
    "election.support_over_attendees": _("%(support)s người đồng ý, nhiều hơn số dự (%(attendees)s)"),
    "election.floor_support": _('"%(name)s" được %(support)s/%(attendees)s người dự đồng ý giới thiệu (%(percent)s), '
                                'chưa quá %(share)s: không đưa vào danh sách bầu cử'),
    "election.decided_over_max": _("Đại hội quyết định số dư tối đa %(decided)s người, vượt mức quy định (%(cap)s "
                                   "người cho %(seats)s vị trí)"),
    "election.too_few": _("Danh sách có %(count)s người, ít hơn số lượng cần bầu (%(seats)s)"),
    "election.no_surplus": _("Danh sách bầu cử phải nhiều hơn số lượng cần bầu (%(seats)s), hiện bằng số lượng cần "
                             "bầu"),
    "election.surplus_over": _("Danh sách có %(count)s người cho %(seats)s vị trí, dư %(surplus)s người (%(percent)s); "
                               "%(limit)s: đại hội cần biểu quyết để rút bớt"),
    "election.prepared_surplus": _("Cấp ủy triệu tập chuẩn bị %(count)s người cho %(seats)s vị trí, dư %(surplus)s "
                                   "người (%(percent)s); mức chuẩn bị là %(low)s–%(high)s (%(people)s)"),
    "election.not_list": _("phải là một danh sách"),
    "election.name_empty": _("tên phải là chuỗi khác rỗng, nhận %(name)s"),
    "election.name_twice": _('"%(name)s" có hai lần trong danh sách'),
    "election.layout": _('phải là "strike" (phiếu gạch tên) hoặc "agree" (phiếu đồng ý / không đồng ý), nhận '
                         '%(layout)s'),
    "election.ballots_list": _("phải là danh sách các phiếu bầu"),
    "election.ballots_over_issued": _("số phiếu thu vào (%(count)s) nhiều hơn số phiếu phát ra (%(issued)s): ban kiểm "
                                      "phiếu phải đối chiếu lại trước khi kiểm phiếu"),
    "election.candidates_list": _("phải là danh sách tên ứng cử viên"),
    "election.candidates_empty": _("danh sách bầu cử không có ai"),
    "election.candidate_name": _("tên ứng cử viên phải là chuỗi khác rỗng, nhận %(name)s"),
    "election.candidate_twice": _('"%(name)s" có hai lần trong danh sách bầu cử'),
    "election.invalid_with_names": _('phiếu không hợp lệ chỉ ghi {"invalid": "lý do"}, không kèm tên'),
    "election.invalid_reason": _("lý do phiếu không hợp lệ phải là chuỗi khác rỗng, nhận %(reason)s"),
    "election.strike_ballot": _('phiếu gạch tên phải là danh sách các tên được giữ lại (không bị gạch), hoặc '
                                '{"invalid": "lý do"}'),
    "election.name_twice_on_ballot": _('"%(name)s" có hai lần trên cùng một phiếu'),
    "election.agree_ballot": _('phiếu đồng ý / không đồng ý phải ghi mỗi tên với "agree", "disagree" hoặc null, hoặc '
                               '{"invalid": "lý do"}'),
    "election.agree_mark": _('ô của "%(name)s" phải là "agree", "disagree" hoặc null, nhận %(mark)s'),
    "election.ballot_name": _("tên trên phiếu phải là chuỗi, nhận %(name)s"),
    "election.name_not_candidate": _('"%(name)s" không có trong danh sách bầu cử'),
    "election.tie_no_extra": _("bầu lại do bằng phiếu chỉ bầu giữa những người bằng phiếu, không bổ sung người vào "
                               "danh sách"),
    "election.extra_list": _("phải là danh sách tên bổ sung"),
    "election.extra_name": _("tên bổ sung phải là chuỗi khác rỗng, nhận %(name)s"),
    "election.extra_twice": _('"%(name)s" đã có trong danh sách bầu cử vòng trước'),
    "election.nobody_left": _("không còn ai để bầu tiếp: đại hội cần bổ sung người vào danh sách"),
    "election.json_object": _("phải là một đối tượng JSON {...}"),
    "election.json_missing": _("thiếu trường bắt buộc"),
    "election.json_unknown": _("trường không có trong định dạng kiểm phiếu (%(keys)s)"),
    "election.votes_mapping": _("phải là ánh xạ tên → số phiếu"),
    "election.votes_not_candidate": _("không có trong danh sách bầu cử"),
    "election.votes_not_count": _("số phiếu phải là số nguyên không âm, nhận %(count)s"),
    "election.votes_over_valid": _("%(count)s phiếu, nhiều hơn số phiếu hợp lệ (%(valid)s)"),
    "election.votes_missing": _("thiếu số phiếu của ứng cử viên này"),
    "election.invalid_mapping": _("phải là ánh xạ lý do → số phiếu"),
    "election.invalid_reason_empty": _("lý do phải là chuỗi khác rỗng, nhận %(reason)s"),
    "election.invalid_count": _("phải là số nguyên không âm, nhận %(count)s"),
    "election.policy.not_number": _("không phải là một số: %(value)s"),
    "election.policy.percent": _("phải từ 0 đến 100 (%%), nhận %(value)s"),
    "election.policy.prepared_range": _("mức dư tối thiểu cấp ủy chuẩn bị lớn hơn mức tối đa"),
    "election.policy.not_count": _("phải là số nguyên không âm: %(value)s"),
    "election.policy.small_body_range": _("số ghế tối thiểu của cơ quan nhỏ lớn hơn tối đa"),
}
