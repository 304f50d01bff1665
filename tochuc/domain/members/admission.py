"""Admission (kết nạp đảng viên): who may be admitted and how the steps are timed.

Điều lệ Đảng, Điều 1 and 4; Quy định 24-QĐ/TW (2021), 1.1 and the points on Điều 4; Hướng dẫn
12-HD/BTCTW (2022). Each check returns the problems found (empty when the step is valid), so a
form or an import can show them all at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from tochuc.domain.members.dates import add_months, add_working_days, age_in_months
from tochuc.domain.members.policy import DEFAULT_POLICY, MemberPolicy
from tochuc.domain.members.problems import MemberRuleError, Problem
from tochuc.domain.messages import msg


def admission_problems(*, birth_date: date, considered_on: date, consent_over_age: bool = False,
                       policy: MemberPolicy = DEFAULT_POLICY) -> list[Problem]:
    """Age when the chi bộ considers the application: 18 to 60 years counted in months; over 60
    only with the recorded consent of the provincial standing committee (Điều lệ Đảng, Điều 1;
    Quy định 24-QĐ/TW, 1.1).

    "Đủ 60 tuổi" is still allowed: 60 years and a few days is 720 months, not more.
    """
    months = age_in_months(birth_date, considered_on)
    if months < policy.min_admission_age_months:
        return [Problem("age_under", msg("member.age_under", years=policy.min_admission_age_months // 12))]
    if months > policy.max_admission_age_months and not consent_over_age:
        return [Problem("age_over", msg("member.age_over", years=policy.max_admission_age_months // 12))]
    return []


@dataclass(frozen=True)
class Introducer:
    """One introducer of an applicant.

    ``organization`` marks the executive committee of the grassroots Youth Union (or trade union)
    introducing in place of one party member; the membership and 12-month conditions do not apply
    to it.
    """

    is_official_member: bool = True
    months_together: int = 0
    organization: bool = False
    name: str = ""


def introducer_problems(introducers: Sequence[Introducer], *, policy: MemberPolicy = DEFAULT_POLICY) -> list[Problem]:
    """Two introducers, each an official member who has worked, studied or lived with the
    applicant for at least 12 months (Điều lệ Đảng, Điều 4; Quy định 24-QĐ/TW, 2021)."""
    problems = []
    if len(introducers) != policy.introducers_required:
        problems.append(Problem("introducer_count", msg("member.introducer_count",
                                                        required=policy.introducers_required,
                                                                      count=len(introducers))))
    organizations = sum(1 for i in introducers if i.organization)
    if organizations > policy.organization_introducers_max:
        problems.append(Problem("introducer_organizations", msg("member.introducer_organizations",
                                                                      most=policy.organization_introducers_max)))
    for number, person in enumerate(introducers, start=1):
        if person.organization:
            continue
        label = (msg("member.introducer_named", number=number, name=person.name) if person.name
                 else msg("member.introducer", number=number))
        if not person.is_official_member:
            problems.append(Problem("introducer_not_official", msg("member.introducer_not_official", who=label)))
        if person.months_together < policy.introducer_months_together:
            problems.append(Problem(
                "introducer_months",
                msg("member.introducer_months", who=label, months=person.months_together,
                    needed=policy.introducer_months_together),
            ))
    return problems


def resolution_problems(votes_for: int, official_members: int, *,
                        policy: MemberPolicy = DEFAULT_POLICY) -> list[Problem]:
    """A chi bộ resolution (admission, official status) needs the votes of at least 2/3 of the
    chi bộ's official members, not of those present (Điều lệ Đảng, Điều 4 and 5)."""
    if official_members <= 0 or votes_for < 0 or votes_for > official_members:
        raise MemberRuleError("resolution_counts", msg("member.resolution_counts", votes=votes_for,
                                                                   members=official_members))
    # Exact arithmetic: 6 of 9 is exactly 2/3 and passes.
    if votes_for < policy.resolution_share * official_members:
        share = policy.resolution_share
        return [Problem("resolution_share", msg("member.resolution_share", votes=votes_for, members=official_members,
                                                         share=f"{share.numerator}/{share.denominator}"))]
    return []


def certificate_problems(issued_on: date, considered_on: date, *,
                         policy: MemberPolicy = DEFAULT_POLICY) -> list[Problem]:
    """The certificate of the party-awareness course is valid for 60 months from its issue
    (Hướng dẫn 12-HD/BTCTW, 2022), i.e. through the same day 60 months later."""
    if issued_on > considered_on:
        return [Problem("certificate_future", msg("member.certificate_future"))]
    expires = add_months(issued_on, policy.awareness_certificate_months)
    if considered_on > expires:
        return [Problem("certificate_expired", msg("member.certificate_expired", day=f"{expires:%d/%m/%Y}"))]
    return []


def ceremony_deadline(decision_on: date, holidays: Iterable[date] = (), *,
                      policy: MemberPolicy = DEFAULT_POLICY) -> date:
    """The last day for the admission ceremony: 30 working days after the chi bộ receives the
    admission decision (Quy định 24-QĐ/TW, 2021). Pass the receipt date when it is recorded, else
    the decision date."""
    return add_working_days(decision_on, policy.ceremony_working_days, holidays)


def ceremony_problems(decision_on: date, ceremony_on: date, holidays: Iterable[date] = (), *,
                      policy: MemberPolicy = DEFAULT_POLICY) -> list[Problem]:
    """The ceremony is held after the decision and within its 30 working days."""
    if ceremony_on < decision_on:
        return [Problem("ceremony_before_decision", msg("member.ceremony_before_decision"))]
    deadline = ceremony_deadline(decision_on, holidays, policy=policy)
    if ceremony_on > deadline:
        return [Problem("ceremony_late", msg("member.ceremony_late", days=policy.ceremony_working_days,
                                                 day=f"{deadline:%d/%m/%Y}"))]
    return []


@dataclass(frozen=True)
class AdmissionApplication:
    """What the chi bộ and the superior committee know about an application; ``None`` means the
    step has not happened yet and is not checked."""

    birth_date: date
    considered_on: date
    introducers: tuple[Introducer, ...] = ()
    votes_for: int | None = None
    official_members: int | None = None
    certificate_issued_on: date | None = None
    consent_over_age: bool = False
    decision_on: date | None = None
    ceremony_on: date | None = None
    holidays: frozenset[date] = field(default_factory=frozenset)


def check_admission(application: AdmissionApplication, *, policy: MemberPolicy = DEFAULT_POLICY) -> list[Problem]:
    """Every problem of an application, step by step: age, introducers, chi bộ resolution,
    certificate, then the ceremony once the decision is known."""
    a = application
    problems = admission_problems(birth_date=a.birth_date, considered_on=a.considered_on,
                                  consent_over_age=a.consent_over_age, policy=policy)
    problems += introducer_problems(a.introducers, policy=policy)
    if a.votes_for is not None and a.official_members is not None:
        problems += resolution_problems(a.votes_for, a.official_members, policy=policy)
    if a.certificate_issued_on is None:
        problems.append(Problem("certificate_missing", msg("member.certificate_missing")))
    else:
        problems += certificate_problems(a.certificate_issued_on, a.considered_on, policy=policy)
    if a.decision_on is not None:
        if a.decision_on < a.considered_on:
            problems.append(Problem("decision_before_resolution", msg("member.decision_before_resolution")))
        if a.ceremony_on is not None:
            problems += ceremony_problems(a.decision_on, a.ceremony_on, a.holidays, policy=policy)
    return problems
