"""Figures of the member rules that regulations may change (DESIGN.md invariant 3).

Each rule takes ``policy: MemberPolicy = DEFAULT_POLICY``; the Django setting ``TOCHUC_RULES``
will build a policy from overrides, so a changed figure is a setting, not an edit here. Defaults
are the figures of DOMAIN.md §2 with their confidence (H high, M medium, L low) and source.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from enum import StrEnum
from fractions import Fraction

from tochuc.domain.members.problems import MemberRuleError
from tochuc.domain.messages import msg


class ProbationStart(StrEnum):
    """Which date the 12 months of probation count from.

    The Charter counts from the admission ceremony (Điều lệ Đảng, Điều 5: "tính từ ngày
    chi bộ tổ chức lễ kết nạp"), while membership years count from the date written in the
    admission decision (Quy định 24-QĐ/TW). Records often hold only one of the two dates, so the
    choice is a named setting rather than a silent fallback.
    """

    CEREMONY = "ceremony"
    DECISION = "decision"


_FRACTION_FIELDS = (
    "resolution_share",
    "rating_excellent_min_share_exceeded",
    "rating_completed_max_share_late",
    "excellent_quota_percent",
    "dues_salary_percent",
    "dues_benefit_percent",
    "dues_pension_percent",
)


@dataclass(frozen=True)
class MemberPolicy:
    """Thresholds of a member's life, with the regulation each default comes from.

    Admission (Điều lệ Đảng, Điều 1, 4; Quy định 24-QĐ/TW, 2021):
    - ``min_admission_age_months`` 216 / ``max_admission_age_months`` 720: 18 to 60 years counted
      in months when the chi bộ considers the application; over 60 only with the consent of the
      provincial standing committee (H).
    - ``introducers_required`` 2, each an official member who has worked, studied or lived with the
      applicant ≥ ``introducer_months_together`` 12 months (H). ``organization_introducers_max`` 1:
      the executive committee of the grassroots Youth Union (or trade union) may introduce in
      place of one member (M).
    - ``resolution_share`` 2/3 of the chi bộ's official members must approve (H).
    - ``awareness_certificate_months`` 60: validity of the party-awareness course certificate (M).
    - ``ceremony_working_days`` 30: the ceremony is held within 30 working days of receiving the
      admission decision (H/M).

    Probation (Điều lệ Đảng, Điều 5; Quy định 24-QĐ/TW):
    - ``probation_months`` 12, counted from ``probation_counts_from`` (the ceremony, H).
    - ``official_decision_working_days`` 30: the chi bộ considers official status within 30 working
      days after probation ends (H).

    Party badges (Quy định 24-QĐ/TW; Hướng dẫn 01-HD/TW, 2021, mục 18):
    - ``badge_years`` 30, 40, 45 … 90 (H); ``badge_award_days`` 3/2, 19/5, 2/9, 7/11 (H).
    - Serious illness: up to ``badge_early_months_low`` 12 months early below
      ``badge_high_from_years`` 70 years, up to ``badge_early_months_high`` 24 from 70 years (H);
      posthumous awards up to ``badge_posthumous_early_months`` 12 months early (H).

    Transfers (Quy định 24-QĐ/TW; Hướng dẫn 12-HD/BTCTW, 2022): permanent within
    ``permanent_transfer_working_days`` 60 working days of the move; temporary for a stay of
    ``temporary_min_months`` 3 months to less than ``temporary_max_months`` 12, for study up to
    ``temporary_study_max_months`` 24 (H/M).

    Discipline (Quy định 296-QĐ/TW, 30/5/2025; Hướng dẫn 08-HD/TW, 2025): appeal within
    ``appeal_days`` 30 days of receiving the decision (M); consideration deferred while nursing a
    child under ``discipline_defer_child_months`` 12 months (M).

    Annual rating (Quy định 366-QĐ/TW, 30/8/2025): ``rating_general_max`` 30 + ``rating_tasks_max``
    70 points; excellent ≥ ``rating_excellent_min`` 90 with ≥ 30% of tasks exceeded; good ≥
    ``rating_good_min`` 70; completed ≥ ``rating_completed_min`` 50 with ≤ 20% late (H).
    ``excellent_quota_enabled`` False: the quota "excellent ≤ ``excellent_quota_percent`` 20% of
    good" applied until 2023; whether it survives Quy định 366 is unknown (L), so it is off.

    Removal from the list (Điều lệ Đảng, Điều 8; Quy định 24-QĐ/TW): ``removal_absent_months`` /
    ``removal_unpaid_dues_months`` 3 months in a year without good reason, ``removal_education_months``
    12 months of education without progress, ``removal_failed_years`` 2 consecutive years rated
    not completed (H).

    Exemption from work and activities (Quy định 24-QĐ/TW): weak health means treatment of at
    least ``exemption_min_treatment_months`` 3 months (M). ``exemption_old_age_years`` None: the
    regulation names no age, the chi bộ judges "tuổi cao"; set a number to enforce one.

    Dues (Quy định 01-QĐ/TW, 3/2/2026): 1% of the salary subject to social insurance, 1% of a
    sickness or maternity benefit, 0.5% of a pension, ``dues_student_amount`` 5,000 đồng a month
    for students; none at ≥ ``dues_exempt_years`` 50 years of membership; reductions of
    ``dues_reduction_percents`` 30/50/70% (or full relief) for at most ``dues_relief_max_months``
    12 months per decision (H/M). ``dues_round_to`` 1 đồng: no rounding rule was found (L).
    """

    min_admission_age_months: int = 18 * 12
    max_admission_age_months: int = 60 * 12
    introducers_required: int = 2
    introducer_months_together: int = 12
    organization_introducers_max: int = 1
    resolution_share: Fraction = Fraction(2, 3)
    awareness_certificate_months: int = 60
    ceremony_working_days: int = 30

    probation_months: int = 12
    probation_counts_from: ProbationStart = ProbationStart.CEREMONY
    official_decision_working_days: int = 30

    badge_years: tuple[int, ...] = (30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90)
    badge_award_days: tuple[tuple[int, int], ...] = ((2, 3), (5, 19), (9, 2), (11, 7))
    badge_high_from_years: int = 70
    badge_early_months_low: int = 12
    badge_early_months_high: int = 24
    badge_posthumous_early_months: int = 12

    permanent_transfer_working_days: int = 60
    temporary_min_months: int = 3
    temporary_max_months: int = 12
    temporary_study_max_months: int = 24

    appeal_days: int = 30
    discipline_defer_child_months: int = 12

    rating_general_max: int = 30
    rating_tasks_max: int = 70
    rating_excellent_min: int = 90
    rating_good_min: int = 70
    rating_completed_min: int = 50
    rating_excellent_min_share_exceeded: Fraction = Fraction(30, 100)
    rating_completed_max_share_late: Fraction = Fraction(20, 100)
    excellent_quota_enabled: bool = False
    excellent_quota_percent: Fraction = Fraction(20)

    removal_absent_months: int = 3
    removal_unpaid_dues_months: int = 3
    removal_education_months: int = 12
    removal_failed_years: int = 2

    exemption_min_treatment_months: int = 3
    exemption_old_age_years: int | None = None

    dues_salary_percent: Fraction = Fraction(1)
    dues_benefit_percent: Fraction = Fraction(1)
    dues_pension_percent: Fraction = Fraction(1, 2)
    dues_student_amount: int = 5_000
    dues_exempt_years: int = 50
    dues_reduction_percents: tuple[int, ...] = (30, 50, 70)
    dues_relief_max_months: int = 12
    dues_round_to: int = 1

    def __post_init__(self) -> None:
        for name in _FRACTION_FIELDS:
            raw = getattr(self, name)
            try:
                # str() first: Fraction(0.2) is the binary float, not the 0.2 a setting means.
                value = Fraction(str(raw)) if isinstance(raw, float) else Fraction(raw)
            except (TypeError, ValueError):
                raise MemberRuleError(f"policy.{name}", msg("member.policy.not_number", value=repr(raw))) from None
            if isinstance(raw, bool) or value < 0:
                raise MemberRuleError(f"policy.{name}", msg("member.policy.negative", value=repr(raw)))
            object.__setattr__(self, name, value)
        for f in fields(self):
            value = getattr(self, f.name)
            if f.type == "int" and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
                raise MemberRuleError(f"policy.{f.name}", msg("member.policy.not_count", value=repr(value)))
        try:
            object.__setattr__(self, "probation_counts_from", ProbationStart(self.probation_counts_from))
        except ValueError:
            raise MemberRuleError("policy.probation_counts_from",
                                  msg("member.policy.probation_counts_from",
                                      value=repr(self.probation_counts_from))) from None
        object.__setattr__(self, "badge_years", tuple(sorted(self.badge_years)))
        if self.min_admission_age_months > self.max_admission_age_months:
            raise MemberRuleError("policy.min_admission_age_months", msg("member.policy.min_admission_age_months"))
        if not self.rating_completed_min <= self.rating_good_min <= self.rating_excellent_min:
            raise MemberRuleError("policy.rating_good_min", msg("member.policy.rating_good_min"))
        if self.temporary_min_months > self.temporary_max_months:
            raise MemberRuleError("policy.temporary_min_months", msg("member.policy.temporary_min_months"))
        if self.dues_round_to < 1:
            raise MemberRuleError("policy.dues_round_to", msg("member.policy.dues_round_to"))


DEFAULT_POLICY = MemberPolicy()
