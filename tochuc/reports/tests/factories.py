"""Members for report tests, written set-based (through the members' factory) with varied attributes
from a seeded generator, and the independent counting the tests compare the engine with (plain Python over the rows)."""

from __future__ import annotations

import random
from datetime import date, timedelta

from tochuc.domain.members.reference import EDUCATION_LEVELS, THEORY_LEVELS
from tochuc.members.models import Member, Membership
from tochuc.members.tests import factories as members_factory
from tochuc.orgs.models import Unit
from tochuc.reports import stamps


def add_members(branch: str, count: int, *, since: date, seed: int, until: date | None = None) -> list[int]:
    """``count`` members of ``branch`` from ``since`` (to ``until``), attributes drawn at random."""
    rng = random.Random(seed)

    def drawn(_member_id: int, _n: int) -> dict:
        birth = date(1930, 1, 1) + timedelta(days=rng.randrange(0, 75 * 365))
        admitted = min(since, birth + timedelta(days=rng.randrange(18 * 366, 40 * 366)))
        official = admitted.replace(year=admitted.year + 1) if rng.random() < 0.8 and admitted.month != 2 else None
        return {"birth_date": birth, "sex": rng.choice(["nam", "nu"]),
                "ethnicity": rng.choice(["01", "01", "01", "02", "05", ""]),
                "religion": rng.choice(["", "", "Phật giáo", "Công giáo"]),
                "education": rng.choice(EDUCATION_LEVELS + ("",)), "theory_level": rng.choice(THEORY_LEVELS + ("",)),
                "admitted_on": admitted, "official_on": official}

    ids = members_factory.add_members(branch, count, since=since, until=until, attrs=drawn)
    # as the member services do: kept totals follow the write
    stamps.invalidate_units([Unit.objects.get(code=branch).pk])
    return ids


def whole_years(start: date, on: date) -> int:
    """Written independently of tochuc.domain.reports: compare month/day tuples."""
    return on.year - start.year - (1 if (on.month, on.day) < (start.month, start.day) else 0)


def members_on(day: date, branch_codes: set[str]) -> list[Member]:
    """Members whose primary membership on ``day`` is in one of the branches (by code)."""
    ids = [m for m, code, f, t in Membership.objects.filter(kind="primary").values_list(
        "member_id", "unit__code", "valid_from",
        "valid_to") if code in branch_codes and f <= day and (t is None or t > day)]
    return list(Member.objects.filter(pk__in=ids))


def age_key(age: int) -> str:
    if age <= 30:
        return "den_30"
    if age > 70:
        return "tren_70"
    low = (age - 1) // 10 * 10 + 1
    return f"{low}_{low + 9}"


def years_key(years: int) -> str:
    levels = [30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90]
    if years < 30:
        return "duoi_30"
    if years >= 90:
        return "tu_90"
    low = max(level for level in levels if level <= years)
    high = levels[levels.index(low) + 1]
    return f"{low}_{high - 1}"
