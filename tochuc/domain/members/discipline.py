"""Discipline of members (kỷ luật đảng viên).

Quy định 296-QĐ/TW (30/5/2025) on inspection, supervision and discipline, with Hướng dẫn
08-HD/TW (2025); Điều lệ Đảng, chương VIII:
- official members: khiển trách, cảnh cáo, cách chức (only for holders of a post), khai trừ;
  probationary members: khiển trách or cảnh cáo only;
- the member may appeal within 30 days of receiving the decision;
- consideration is deferred (chưa xem xét, xử lý) during pregnancy or maternity leave, while
  raising a child under 12 months, during serious illness treated in hospital, or loss of
  capacity to understand (M: the list follows Quy định 69-QĐ/TW, 2022, carried over by 296).
"""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum

from tochuc.domain.members.dates import age_in_months
from tochuc.domain.members.policy import DEFAULT_POLICY, MemberPolicy
from tochuc.domain.members.problems import Problem
from tochuc.domain.messages import msg


class DisciplineForm(StrEnum):
    REPRIMAND = "khien_trach"
    WARNING = "canh_cao"
    DISMISSAL = "cach_chuc"
    EXPULSION = "khai_tru"


DISCIPLINE_FORMS: dict[str, str] = {
    DisciplineForm.REPRIMAND.value: "Khiển trách",
    DisciplineForm.WARNING.value: "Cảnh cáo",
    DisciplineForm.DISMISSAL.value: "Cách chức",
    DisciplineForm.EXPULSION.value: "Khai trừ",
}

#: Forms allowed for each member status; other statuses cannot be disciplined.
FORMS_BY_STATUS: dict[str, frozenset[str]] = {
    "official": frozenset(DisciplineForm),
    "probationary": frozenset({DisciplineForm.REPRIMAND, DisciplineForm.WARNING}),
}


def discipline_problems(form: str, *, status: str, holds_post: bool) -> list[Problem]:
    """Whether ``form`` may be imposed on a member of ``status`` (Quy định 296-QĐ/TW, 2025)."""
    if form not in DISCIPLINE_FORMS:
        return [Problem("discipline_form", msg("member.discipline_form", form=form))]
    if status not in FORMS_BY_STATUS:
        return [Problem("discipline_status", msg("member.discipline_status", status=status))]
    if form not in FORMS_BY_STATUS[status]:
        return [Problem("discipline_probationary", msg("member.discipline_probationary"))]
    if form == DisciplineForm.DISMISSAL and not holds_post:
        return [Problem("discipline_no_post", msg("member.discipline_no_post"))]
    return []


def appeal_deadline(received_on: date, *, policy: MemberPolicy = DEFAULT_POLICY) -> date:
    """The last day to appeal: 30 days after receiving the decision (the day of receipt not
    counted)."""
    return received_on + timedelta(days=policy.appeal_days)


def appeal_problems(received_on: date, appealed_on: date, *, policy: MemberPolicy = DEFAULT_POLICY) -> list[Problem]:
    """An appeal filed ``appealed_on`` against a decision received ``received_on``; a late appeal
    is not considered (Quy định 296-QĐ/TW, 2025)."""
    if appealed_on < received_on:
        return [Problem("appeal_before_decision", msg("member.appeal_before_decision"))]
    deadline = appeal_deadline(received_on, policy=policy)
    if appealed_on > deadline:
        return [Problem("appeal_late", msg("member.appeal_late", days=policy.appeal_days,
                                           day=f"{deadline:%d/%m/%Y}"))]
    return []


def discipline_deferral_reasons(on: date, *, pregnant: bool = False, maternity_leave: bool = False,
                                raising_child_born_on: date | None = None, seriously_ill_inpatient: bool = False,
                                lost_capacity: bool = False, policy: MemberPolicy = DEFAULT_POLICY) -> list[Problem]:
    """Reasons to defer considering discipline on ``on``; empty when it may go ahead.

    ``raising_child_born_on``: the birth date of a child the member is raising (a mother, or a
    father raising the child alone); deferral lasts until the child is 12 months old.
    """
    reasons = []
    if pregnant:
        reasons.append(Problem("defer_pregnancy", msg("member.defer_pregnancy")))
    if maternity_leave:
        reasons.append(Problem("defer_maternity", msg("member.defer_maternity")))
    if (raising_child_born_on is not None
            and 0 <= age_in_months(raising_child_born_on, on) < policy.discipline_defer_child_months):
        reasons.append(Problem(
            "defer_child", msg("member.defer_child", months=policy.discipline_defer_child_months)))
    if seriously_ill_inpatient:
        reasons.append(Problem("defer_hospital", msg("member.defer_hospital")))
    if lost_capacity:
        reasons.append(Problem("defer_capacity", msg("member.defer_capacity")))
    return reasons
