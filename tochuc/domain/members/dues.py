"""Party dues (đảng phí), Quy định 01-QĐ/TW (3/2/2026, in force 1/2/2026, replacing Quyết định
342-QĐ/TW, 2010).

Monthly, by what the member lives on:
- a member under compulsory social insurance: 1% of the previous month's salary on which
  insurance is paid; while on sickness or maternity leave, 1% of the benefit;
- a pensioner outside social insurance: 0.5% of the pension;
- a student: a fixed 5,000 đồng; other members: the amount the competent committee sets;
- exempt: ≥ 50 years of membership, or living on the social pension allowance (trợ cấp hưu trí
  xã hội);
- hardship: reduced by 30, 50 or 70% (or waived) for at most 12 months per decision.
Three months of unpaid dues in a year without good reason are a ground for removal (see
:mod:`.removal`).
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from fractions import Fraction

from tochuc.domain.members.dates import add_months
from tochuc.domain.members.policy import DEFAULT_POLICY, MemberPolicy
from tochuc.domain.members.problems import MemberRuleError, Problem
from tochuc.domain.messages import msg


class DuesBasis(StrEnum):
    SALARY = "salary"
    BENEFIT = "benefit"
    PENSION = "pension"
    STUDENT = "student"
    SOCIAL_PENSION = "social_pension"
    OTHER = "other"


def dues_exempt(*, membership_years: int, basis: str = DuesBasis.SALARY, policy: MemberPolicy = DEFAULT_POLICY) -> bool:
    """Whether the member pays no dues at all."""
    return membership_years >= policy.dues_exempt_years or basis == DuesBasis.SOCIAL_PENSION


def dues_percent(basis: str, *, policy: MemberPolicy = DEFAULT_POLICY) -> Fraction | None:
    """The percentage of income for ``basis``; None for the fixed-amount bases."""
    percents = {
        DuesBasis.SALARY: policy.dues_salary_percent,
        DuesBasis.BENEFIT: policy.dues_benefit_percent,
        DuesBasis.PENSION: policy.dues_pension_percent,
    }
    if basis not in DuesBasis.__members__.values():
        raise MemberRuleError("dues_basis", msg("member.dues_basis", basis=basis))
    return percents.get(DuesBasis(basis))


def dues_rate(*, kind: str, membership_years: int, policy: MemberPolicy = DEFAULT_POLICY) -> float:
    """Monthly dues as a share of income (0.01 for 1%); 0 when exempt."""
    if dues_exempt(membership_years=membership_years, basis=kind, policy=policy):
        return 0.0
    percent = dues_percent(kind, policy=policy)
    if percent is None:
        raise MemberRuleError("dues_fixed", msg("member.dues_fixed", basis=kind))
    return float(percent / 100)


def monthly_dues(basis: str, amount: int = 0, *, membership_years: int, reduction_percent: int = 0,
                 policy: MemberPolicy = DEFAULT_POLICY) -> int:
    """The dues of one month, in đồng.

    ``amount`` is the income the percentage applies to (salary, benefit, pension), or for
    ``other`` the fixed amount the competent committee set; ignored for students. A reduction
    (30, 50, 70 or 100%) applies after the rate.
    """
    if amount < 0:
        raise MemberRuleError("dues_amount", msg("member.dues_amount"))
    if reduction_percent not in (0, 100, *policy.dues_reduction_percents):
        raise MemberRuleError("dues_reduction", msg("member.dues_reduction", percent=reduction_percent))
    if dues_exempt(membership_years=membership_years, basis=basis, policy=policy):
        return 0
    percent = dues_percent(basis, policy=policy)
    if percent is not None:
        due = Fraction(amount) * percent / 100
    elif basis == DuesBasis.STUDENT:
        due = Fraction(policy.dues_student_amount)
    else:
        due = Fraction(amount)
    due *= Fraction(100 - reduction_percent, 100)
    # Half-up on exact values: 1% of 12,345,650 đồng is 123,456.5 → 123,457.
    step = policy.dues_round_to
    exact = Decimal(due.numerator) / Decimal(due.denominator) / step
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP)) * step


def dues_relief_problems(percent: int, start: date, end: date, *,
                         policy: MemberPolicy = DEFAULT_POLICY) -> list[Problem]:
    """A hardship reduction (30/50/70%) or waiver (100%) for the months ``[start, end)``: at most
    12 months per decision."""
    problems = []
    if percent not in (*policy.dues_reduction_percents, 100):
        allowed = ", ".join(f"{p}%" for p in policy.dues_reduction_percents)
        problems.append(Problem("dues_relief_percent", msg("member.dues_relief_percent", allowed=allowed)))
    if end <= start:
        problems.append(Problem("dues_relief_dates", msg("member.dues_relief_dates")))
    elif end > add_months(start, policy.dues_relief_max_months):
        problems.append(Problem("dues_relief_months", msg("member.dues_relief_months",
                                                          months=policy.dues_relief_max_months)))
    return problems
