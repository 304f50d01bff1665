"""Annual quality rating of members (đánh giá, xếp loại chất lượng đảng viên).

Quy định 366-QĐ/TW (30/8/2025, replacing Quy định 124-QĐ/TW, 2023): a 100-point scale, 30 points
for the general criteria (politics, ethics, discipline) and 70 for task results:
- hoàn thành xuất sắc: ≥ 90 points, every task done and ≥ 30% of them exceeded;
- hoàn thành tốt: 70 to under 90 (or ≥ 90 without the conditions above);
- hoàn thành: 50 to under 70 with at most 20% of tasks late;
- không hoàn thành: under 50, more than 20% late at the lowest band, or a violation the
  regulation names (such a violation overrides the score).
The quota "excellent ≤ 20% of good" was applied until 2023; it is a policy switch, off by default.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from enum import StrEnum
from fractions import Fraction

from tochuc.domain.members.policy import DEFAULT_POLICY, MemberPolicy
from tochuc.domain.members.problems import MemberRuleError, Problem
from tochuc.domain.messages import msg


class RatingLevel(StrEnum):
    EXCELLENT = "xuat_sac"
    GOOD = "tot"
    COMPLETED = "hoan_thanh"
    NOT_COMPLETED = "khong_hoan_thanh"


RATING_LEVELS: dict[str, str] = {
    RatingLevel.EXCELLENT.value: "Hoàn thành xuất sắc nhiệm vụ",
    RatingLevel.GOOD.value: "Hoàn thành tốt nhiệm vụ",
    RatingLevel.COMPLETED.value: "Hoàn thành nhiệm vụ",
    RatingLevel.NOT_COMPLETED.value: "Không hoàn thành nhiệm vụ",
}


def _share(value: float | Fraction, name: str) -> Fraction:
    share = Fraction(str(value)) if isinstance(value, float) else Fraction(value)
    if not 0 <= share <= 1:
        raise MemberRuleError(f"rating_{name}", msg("member.rating_share", name=name, value=repr(value)))
    return share


def rating_score(general: float, tasks: float, *, policy: MemberPolicy = DEFAULT_POLICY) -> float:
    """The total of the general criteria (0–30) and the task results (0–70)."""
    if not 0 <= general <= policy.rating_general_max:
        raise MemberRuleError("rating_general", msg("member.rating_general", most=policy.rating_general_max))
    if not 0 <= tasks <= policy.rating_tasks_max:
        raise MemberRuleError("rating_tasks", msg("member.rating_tasks", most=policy.rating_tasks_max))
    return general + tasks


def rating_level(score: float, *, all_tasks_done: bool = True, share_exceeded: float | Fraction = 0.0,
                 share_late: float | Fraction = 0.0, violations: bool | Iterable[str] = False,
                 policy: MemberPolicy = DEFAULT_POLICY) -> RatingLevel:
    """The level for ``score`` on the 100-point scale (Quy định 366-QĐ/TW, 30/8/2025).

    ``share_exceeded`` / ``share_late`` are the shares (0–1) of tasks done beyond target / late;
    ``violations`` is True or the codes of named violations, any of which means not completed.
    """
    if not 0 <= score <= policy.rating_general_max + policy.rating_tasks_max:
        raise MemberRuleError("rating_score", msg("member.rating_score"))
    exceeded, late = _share(share_exceeded, "vượt"), _share(share_late, "chậm")
    has_violation = violations if isinstance(violations, bool) else any(True for _ in violations)
    if has_violation or score < policy.rating_completed_min:
        return RatingLevel.NOT_COMPLETED
    if (score >= policy.rating_excellent_min and all_tasks_done
            and exceeded >= policy.rating_excellent_min_share_exceeded):
        return RatingLevel.EXCELLENT
    if score >= policy.rating_good_min:
        return RatingLevel.GOOD
    return RatingLevel.COMPLETED if late <= policy.rating_completed_max_share_late else RatingLevel.NOT_COMPLETED


def excellent_quota(good: int, *, policy: MemberPolicy = DEFAULT_POLICY) -> int | None:
    """How many members may be rated excellent when ``good`` are rated good; None when the quota
    is off. Rounded down: "không vượt quá 20%"."""
    if not policy.excellent_quota_enabled:
        return None
    if good < 0:
        raise MemberRuleError("rating_counts", msg("member.rating_counts"))
    return math.floor(policy.excellent_quota_percent * good / 100)


def excellent_over_quota(excellent: int, good: int, *, policy: MemberPolicy = DEFAULT_POLICY) -> int:
    """How many provisional "excellent" ratings must become "good" to respect the quota (0 when
    it is off). Each one moved also raises the number of good ratings the quota is counted on."""
    if excellent < 0 or good < 0:
        raise MemberRuleError("rating_counts", msg("member.rating_counts"))
    if not policy.excellent_quota_enabled:
        return 0
    moved = 0
    while excellent - moved > (excellent_quota(good + moved, policy=policy) or 0):
        moved += 1
    return moved


def excellent_quota_problems(excellent: int, good: int, *, policy: MemberPolicy = DEFAULT_POLICY) -> list[Problem]:
    """A problem when more members are rated excellent than the quota allows."""
    quota = excellent_quota(good, policy=policy)
    if quota is not None and excellent > quota:
        return [Problem(
            "excellent_quota",
            msg("member.excellent_quota", excellent=excellent, percent=policy.excellent_quota_percent, good=good,
                quota=quota),
        )]
    return []
