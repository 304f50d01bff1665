"""Pure rules of a party member's life (DOMAIN.md §2; DESIGN.md invariant 3): no Django, plain
dates and numbers in, :class:`~.problems.Problem` lists (a code and a message of code and parameters,
worded by the boundary: :mod:`tochuc.domain.messages`) out.

- :mod:`.dates`: month and working-day arithmetic, age, membership years minus time out.
- :mod:`.citizen_id`: the 12-digit citizen ID (Thông tư 59/2021/TT-BCA).
- :mod:`.admission`: age, introducers, chi bộ resolution, course certificate, ceremony.
- :mod:`.probation`: end of probation, official status and its due lists.
- :mod:`.badges`: Huy hiệu Đảng levels, award days, early and posthumous awards.
- :mod:`.transfers`: permanent and temporary transfers of party activity.
- :mod:`.discipline`: forms by status, appeal, deferral (Quy định 296-QĐ/TW, 2025).
- :mod:`.rating`: annual rating on 100 points (Quy định 366-QĐ/TW, 2025).
- :mod:`.removal`: removal from the list, exemption from work and activities.
- :mod:`.dues`: party dues (Quy định 01-QĐ/TW, 2026).
- :mod:`.status`: statuses and the allowed-transitions table.
- :mod:`.reference`: ethnic groups, religions, names for demo data.
- :mod:`.policy`: :class:`MemberPolicy`, the figures regulations may change.
- :mod:`.rules`: the names the member services import, in one place.
"""

from tochuc.domain.members.policy import DEFAULT_POLICY, MemberPolicy, ProbationStart
from tochuc.domain.members.problems import MemberRuleError, Problem

__all__ = ["DEFAULT_POLICY", "MemberPolicy", "MemberRuleError", "Problem", "ProbationStart"]
