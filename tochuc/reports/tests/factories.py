"""Members for report tests, written set-based with varied attributes from a seeded generator,
and the independent counting the tests compare the engine with (plain Python over the rows)."""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.utils import timezone

from tochuc.core.bulk import allocate_ids, bulk_insert
from tochuc.domain.members.reference import EDUCATION_LEVELS, THEORY_LEVELS
from tochuc.members.models import Member, Membership
from tochuc.orgs.models import Unit
from tochuc.reports import stamps

MEMBER_FIELDS = ("id", "full_name", "search_key", "birth_date", "sex", "ethnicity", "religion", "hometown",
                 "national_id", "phone", "education", "theory_level", "admitted_on", "official_on", "card_number",
                 "status", "exempted", "created_at")


def add_members(branch: str, count: int, *, since: date, seed: int, until: date | None = None) -> list[int]:
    """``count`` members of ``branch`` from ``since`` (to ``until``), attributes drawn at random."""
    rng = random.Random(seed)
    unit_id = Unit.objects.get(code=branch).pk
    ids = allocate_ids(Member, count)
    now = timezone.now()
    rows = []
    for i in ids:
        birth = date(1930, 1, 1) + timedelta(days=rng.randrange(0, 75 * 365))
        admitted = min(since, birth + timedelta(days=rng.randrange(18 * 366, 40 * 366)))
        official = admitted.replace(year=admitted.year + 1) if rng.random() < 0.8 and admitted.month != 2 else None
        rows.append((i, f"Đảng viên {i}", f"dang vien {i}", birth, rng.choice(["nam", "nu"]),
                     rng.choice(["01", "01", "01", "02", "05", ""]), rng.choice(["", "", "Phật giáo", "Công giáo"]), "",
                     None, "", rng.choice(EDUCATION_LEVELS + ("",)), rng.choice(THEORY_LEVELS + ("",)), admitted,
                     official, None, "official" if official else "probationary", False, now))
    bulk_insert(Member, MEMBER_FIELDS, rows)
    bulk_insert(Membership, ("member", "unit", "kind", "valid_from", "valid_to"),
                [(i, unit_id, "primary", since, until) for i in ids])
    stamps.invalidate_units([unit_id])  # as the member services do: kept totals follow the write
    return ids


def whole_years(start: date, on: date) -> int:
    """Written independently of tochuc.domain.reports: compare month/day tuples."""
    return on.year - start.year - (1 if (on.month, on.day) < (start.month, start.day) else 0)


def members_on(day: date, branch_codes: set[str]) -> list[Member]:
    """Members whose primary membership on ``day`` is in one of the branches (by code)."""
    ids = [m for m, code, f, t in Membership.objects.filter(kind="primary").values_list(
        "member_id", "unit__code", "valid_from", "valid_to") if code in branch_codes and f <= day and (t is None or t > day)]
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
