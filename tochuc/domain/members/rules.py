"""Eligibility and classification rules of a member's life, citing their regulation.

Thresholds that regulations may change are fields of :class:`MemberPolicy` (defaults from
DOMAIN.md; the Django settings ``TOCHUC_RULES`` override them).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from tochuc.domain.members import dates
from tochuc.domain.members.problems import Problem


@dataclass(frozen=True)
class MemberPolicy:
    min_admission_age_months: int = 18 * 12  # Điều lệ Đảng, Điều 1
    max_admission_age_months: int = 60 * 12  # Quy định 24-QĐ/TW: over 60 needs the provincial standing committee
    introducer_months_together: int = 12  # Điều lệ Đảng, Điều 4
    awareness_certificate_months: int = 60  # Hướng dẫn 12-HD/BTCTW: the course certificate is valid 60 months
    badge_years: tuple[int, ...] = (30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90)  # Quy định 94-QĐ/TW
    badge_early_months_low: int = 12  # 30–65 years: up to 12 months early for serious illness
    badge_early_months_high: int = 24  # 70–90 years: up to 24 months early
    excellent_quota_of_good: float | None = None  # Quy định 366-QĐ/TW (2025): the 20% quota's fate is unknown
    dues_exempt_years: int = 50  # Quy định 01-QĐ/TW (2026)


DEFAULT_POLICY = MemberPolicy()

#: National anniversaries on which badges are usually awarded (3/2, 19/5, 2/9, 7/11).
BADGE_DAYS = ((2, 3), (5, 19), (9, 2), (11, 7))


def admission_problems(*, birth_date: date, considered_on: date, consent_over_age: bool = False,
                       policy: MemberPolicy = DEFAULT_POLICY) -> list[Problem]:
    """Age at the chi bộ's consideration, counted in months (Điều lệ Đảng, Điều 1; Quy định 24-QĐ/TW)."""
    months = dates.age_in_months(birth_date, considered_on)
    if months < policy.min_admission_age_months:
        return [Problem("age_under", "chưa đủ 18 tuổi (tính theo tháng) khi chi bộ xét kết nạp")]
    if months > policy.max_admission_age_months and not consent_over_age:
        return [Problem("age_over", "trên 60 tuổi: cần ý kiến đồng ý của ban thường vụ tỉnh ủy, thành ủy")]
    return []


def badge_levels_reached(admitted_on: date, on: date, time_out: Iterable[dates.Interval] = (),
                         policy: MemberPolicy = DEFAULT_POLICY) -> list[int]:
    """Badge levels (years) reached by ``on``."""
    years = dates.membership_years(admitted_on, on, list(time_out))
    return [level for level in policy.badge_years if level <= years]


def next_badge(admitted_on: date, awarded: Iterable[int], on: date, time_out: Iterable[dates.Interval] = (), *,
               seriously_ill: bool = False, policy: MemberPolicy = DEFAULT_POLICY) -> int | None:
    """The highest badge due by ``on`` and not yet awarded (Quy định 94-QĐ/TW; early award up to
    12/24 months for serious illness)."""
    time_out = list(time_out)
    done = set(awarded)
    due = None
    for level in policy.badge_years:
        if level in done:
            continue
        early = 0
        if seriously_ill:
            early = policy.badge_early_months_low if level <= 65 else policy.badge_early_months_high
        if dates.membership_months(admitted_on, on, time_out) + early >= level * 12:
            due = level
    return due


def next_badge_day(after: date) -> date:
    """The first national anniversary on or after ``after``."""
    for year in (after.year, after.year + 1):
        for month, day in BADGE_DAYS:
            candidate = date(year, month, day)
            if candidate >= after:
                return candidate
    raise AssertionError("unreachable")


DISCIPLINE_FORMS = {"khien_trach": "Khiển trách", "canh_cao": "Cảnh cáo", "cach_chuc": "Cách chức", "khai_tru": "Khai trừ"}


def discipline_problems(form: str, *, status: str, holds_post: bool) -> list[Problem]:
    """Forms allowed by status (Quy định 296-QĐ/TW, 2025): probationary members only khiển trách
    or cảnh cáo; cách chức only for post holders."""
    if form not in DISCIPLINE_FORMS:
        return [Problem("discipline_form", f"hình thức kỷ luật «{form}» không hợp lệ")]
    if status == "probationary" and form not in ("khien_trach", "canh_cao"):
        return [Problem("discipline_probationary", "đảng viên dự bị chỉ bị khiển trách hoặc cảnh cáo")]
    if form == "cach_chuc" and not holds_post:
        return [Problem("discipline_no_post", "cách chức chỉ áp dụng với đảng viên giữ chức vụ")]
    return []


RATING_LEVELS = {
    "xuat_sac": "Hoàn thành xuất sắc nhiệm vụ", "tot": "Hoàn thành tốt nhiệm vụ",
    "hoan_thanh": "Hoàn thành nhiệm vụ", "khong_hoan_thanh": "Không hoàn thành nhiệm vụ",
}


def rating_level(score: float, *, all_tasks_done: bool = True, share_exceeded: float = 0.0,
                 share_late: float = 0.0, violations: bool = False) -> str:
    """Annual rating on the 100-point scale (Quy định 366-QĐ/TW, 30/8/2025)."""
    if not 0 <= score <= 100:
        raise ValueError("score must be within 0–100")
    if violations or score < 50:
        return "khong_hoan_thanh"
    if score >= 90 and all_tasks_done and share_exceeded >= 0.30:
        return "xuat_sac"
    if score >= 70:
        return "tot"
    return "hoan_thanh" if share_late <= 0.20 else "khong_hoan_thanh"


#: Allowed status changes by event (django-oscar's pipeline idea): event → (from statuses, to status).
TRANSITIONS: dict[str, tuple[frozenset[str], str | None]] = {
    "official": (frozenset({"probationary"}), "official"),
    "probation_failed": (frozenset({"probationary"}), "removed"),
    "transfer": (frozenset({"probationary", "official"}), None),
    "transfer_out": (frozenset({"probationary", "official"}), "transfer_pending"),
    "transfer_out_done": (frozenset({"transfer_pending"}), "left"),
    "temporary_transfer": (frozenset({"probationary", "official"}), None),
    "exemption": (frozenset({"official"}), None),
    "exemption_end": (frozenset({"official"}), None),
    "rating": (frozenset({"probationary", "official"}), None),
    "badge": (frozenset({"official"}), None),
    "discipline": (frozenset({"probationary", "official"}), None),
    "removal": (frozenset({"probationary", "official"}), "removed"),
    "leave": (frozenset({"probationary", "official"}), "left"),
    "death": (frozenset({"probationary", "official", "transfer_pending"}), "died"),
}


def transition_problems(status: str, event: str) -> list[Problem]:
    if event not in TRANSITIONS:
        return [Problem("event_kind", f"loại sự kiện «{event}» không hợp lệ")]
    allowed, _to = TRANSITIONS[event]
    if status not in allowed:
        return [Problem("event_status", f"không thể ghi sự kiện này với đảng viên đang ở tình trạng «{status}»")]
    return []


def dues_rate(*, kind: str, membership_years: int, policy: MemberPolicy = DEFAULT_POLICY) -> float:
    """Monthly dues as a share of income (Quy định 01-QĐ/TW, 3/2/2026): 1% of salary or of
    sickness/maternity benefit, 0.5% of a pension; none at ≥ 50 years of membership."""
    if membership_years >= policy.dues_exempt_years:
        return 0.0
    return {"salary": 0.01, "benefit": 0.01, "pension": 0.005}[kind]
