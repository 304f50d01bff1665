"""One import for the member services: the rules of the member package under the names
``tochuc.members.lifecycle`` and ``selectors`` use (``rules.admission_problems``,
``rules.TRANSITIONS`` …). New code may import from the topic modules directly.
"""

from __future__ import annotations

from tochuc.domain.members.admission import (
    AdmissionApplication,
    Introducer,
    admission_problems,
    ceremony_deadline,
    ceremony_problems,
    certificate_problems,
    check_admission,
    introducer_problems,
    resolution_problems,
)
from tochuc.domain.members.badges import (
    BadgeDue,
    BadgeStatus,
    badge_due,
    badge_levels_reached,
    earliest_award_date,
    next_award_date,
    next_badge,
    upcoming_badge,
)
from tochuc.domain.members.discipline import (
    DISCIPLINE_FORMS,
    DisciplineForm,
    appeal_deadline,
    appeal_problems,
    discipline_deferral_reasons,
    discipline_problems,
)
from tochuc.domain.members.dues import DuesBasis, dues_rate, dues_relief_problems, monthly_dues
from tochuc.domain.members.policy import DEFAULT_POLICY, MemberPolicy, ProbationStart
from tochuc.domain.members.rating import (
    RATING_LEVELS,
    RatingLevel,
    excellent_quota_problems,
    rating_level,
    rating_score,
)
from tochuc.domain.members.removal import RemovalFacts, exemption_problems, removal_grounds
from tochuc.domain.members.status import TRANSITIONS, check_transition, next_status, transition_problems
from tochuc.domain.members.transfers import permanent_transfer_problems, temporary_transfer_problems

#: National anniversaries on which badges are usually awarded, as (month, day).
BADGE_DAYS = DEFAULT_POLICY.badge_award_days

#: Former name of :func:`next_award_date`.
next_badge_day = next_award_date

__all__ = [
    "BADGE_DAYS",
    "DEFAULT_POLICY",
    "DISCIPLINE_FORMS",
    "RATING_LEVELS",
    "TRANSITIONS",
    "AdmissionApplication",
    "BadgeDue",
    "BadgeStatus",
    "DisciplineForm",
    "DuesBasis",
    "Introducer",
    "MemberPolicy",
    "ProbationStart",
    "RatingLevel",
    "RemovalFacts",
    "admission_problems",
    "appeal_deadline",
    "appeal_problems",
    "badge_due",
    "badge_levels_reached",
    "ceremony_deadline",
    "ceremony_problems",
    "certificate_problems",
    "check_admission",
    "check_transition",
    "discipline_deferral_reasons",
    "discipline_problems",
    "dues_rate",
    "dues_relief_problems",
    "earliest_award_date",
    "excellent_quota_problems",
    "exemption_problems",
    "introducer_problems",
    "monthly_dues",
    "next_award_date",
    "next_badge",
    "next_badge_day",
    "next_status",
    "permanent_transfer_problems",
    "rating_level",
    "rating_score",
    "removal_grounds",
    "resolution_problems",
    "temporary_transfer_problems",
    "transition_problems",
    "upcoming_badge",
]
