"""Removal from the list of members (xóa tên) and exemption from work and activities
(miễn công tác và sinh hoạt đảng).

Removal, Điều lệ Đảng, Điều 8 khoản 2; Quy định 24-QĐ/TW (2021); Quy định 01-QĐ/TW (3/2/2026) on
dues: the chi bộ considers removing a member who
- without good reason missed party activities, or did not pay dues, for 3 months in a year;
- returned or destroyed the party card of their own will;
- lost the will to strive and, after 12 months of education by the chi bộ, shows no clear progress;
- was rated "không hoàn thành nhiệm vụ" two years running;
- no longer meets the political standards (tiêu chuẩn chính trị).

Exemption, Quy định 24-QĐ/TW; Hướng dẫn 12-HD/BTCTW (2022): an old or weak member (illness needing
at least 3 months' treatment) may, on their own written request, be exempted by the chi bộ. The
exempted member stays a member (see :mod:`.status`: exemption is a flag, not a status).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from tochuc.domain.members.dates import age_in_years, whole_months_between
from tochuc.domain.members.policy import DEFAULT_POLICY, MemberPolicy
from tochuc.domain.members.problems import MemberRuleError, Problem
from tochuc.domain.members.rating import RatingLevel
from tochuc.domain.messages import msg


@dataclass(frozen=True)
class RemovalFacts:
    """What the chi bộ knows about a member when it reviews removal.

    The month counts are for the calendar year under review and count only months without a
    good reason. Absence and unpaid dues are counted separately, as the Charter lists them
    ("bỏ sinh hoạt đảng hoặc không đóng đảng phí ba tháng trong năm").
    """

    unexcused_absent_months: int = 0
    unexcused_unpaid_dues_months: int = 0
    card_returned_or_destroyed: bool = False
    education_started_on: date | None = None
    shows_progress: bool = True
    ratings_by_year: Mapping[int, str] | None = None
    fails_political_standards: bool = False


def failed_years_running(ratings_by_year: Mapping[int, str]) -> int:
    """Consecutive years rated "không hoàn thành" ending at the latest rated year (a run that
    ended before a better year no longer counts)."""
    if not ratings_by_year:
        return 0
    year, run = max(ratings_by_year), 0
    while ratings_by_year.get(year) == RatingLevel.NOT_COMPLETED:
        run += 1
        year -= 1
    return run


def removal_grounds(facts: RemovalFacts, on: date, *, policy: MemberPolicy = DEFAULT_POLICY) -> list[Problem]:
    """The grounds for removal that hold on ``on`` (empty: none)."""
    for name in ("unexcused_absent_months", "unexcused_unpaid_dues_months"):
        if not 0 <= getattr(facts, name) <= 12:
            raise MemberRuleError(f"removal_{name}", msg("member.removal_months"))
    grounds = []
    if facts.unexcused_absent_months >= policy.removal_absent_months:
        grounds.append(Problem("removal_absence", msg("member.removal_absence",
                                                      months=facts.unexcused_absent_months)))
    if facts.unexcused_unpaid_dues_months >= policy.removal_unpaid_dues_months:
        grounds.append(Problem("removal_dues", msg("member.removal_dues", months=facts.unexcused_unpaid_dues_months)))
    if facts.card_returned_or_destroyed:
        grounds.append(Problem("removal_card", msg("member.removal_card")))
    if (facts.education_started_on is not None and not facts.shows_progress
            and whole_months_between(facts.education_started_on, on) >= policy.removal_education_months):
        grounds.append(Problem("removal_no_progress", msg("member.removal_no_progress",
                                                          months=policy.removal_education_months)))
    if facts.ratings_by_year and failed_years_running(facts.ratings_by_year) >= policy.removal_failed_years:
        grounds.append(Problem("removal_ratings", msg("member.removal_ratings", years=policy.removal_failed_years)))
    if facts.fails_political_standards:
        grounds.append(Problem("removal_political", msg("member.removal_political")))
    return grounds


class ExemptionGround(StrEnum):
    OLD_AGE = "old_age"
    WEAK_HEALTH = "weak_health"


def exemption_problems(*, requested: bool, ground: str, on: date, birth_date: date | None = None,
                       treatment_months: int | None = None, policy: MemberPolicy = DEFAULT_POLICY) -> list[Problem]:
    """Whether the chi bộ may exempt a member from work and activities on ``on``."""
    problems = []
    if not requested:
        problems.append(Problem("exemption_no_request", msg("member.exemption_no_request")))
    if ground == ExemptionGround.OLD_AGE:
        minimum = policy.exemption_old_age_years
        if minimum is not None and (birth_date is None or age_in_years(birth_date, on) < minimum):
            problems.append(Problem("exemption_age", msg("member.exemption_age", years=minimum)))
    elif ground == ExemptionGround.WEAK_HEALTH:
        if treatment_months is None or treatment_months < policy.exemption_min_treatment_months:
            problems.append(Problem(
                "exemption_health",
                msg("member.exemption_health", months=policy.exemption_min_treatment_months)))
    else:
        problems.append(Problem("exemption_ground", msg("member.exemption_ground", ground=ground)))
    return problems
