"""Realistic synthetic members for demonstrations and benchmarks.

Names follow real surname frequencies; ages, sex, ethnicity and admission dates follow the
party's broad structure (about a third women, most admitted between 18 and 40, admissions spread
over six decades, a few per cent still on probation, the oldest exempted from activities).
Rows go through the same set-based writer as the member import.
"""

from __future__ import annotations

import io
import random
from collections.abc import Iterator
from datetime import date, timedelta

from tochuc.core.scope import Scope
from tochuc.domain import orgs as org_rules
from tochuc.domain.members import probation
from tochuc.domain.members.citizen_id import make_citizen_id, province_codes
from tochuc.domain.members.reference import GIVEN_NAMES, MIDDLE_NAMES, SURNAMES
from tochuc.members import importing
from tochuc.members.models import Member
from tochuc.orgs.selectors import scoped_versions
from tochuc.orgs.services import units_import

MEMBERS_PER_BRANCH = 20  # 5.6 million members in roughly 280,000 chi bộ
WOMEN_SHARE = 0.37
# Kinh ≈ 86% of members; the rest spread over the largest minority groups.
ETHNIC_WEIGHTS = {"01": 86.0, "02": 2.5, "03": 2.3, "06": 1.8, "07": 1.3, "05": 1.0, "08": 0.8, "09": 0.8, "04": 0.6,
                  "10": 0.4, "12": 0.4, "13": 0.3, "17": 0.3, "18": 0.3, "15": 0.2}


def ensure_branches(*, scope: Scope, wanted: int) -> list[tuple[int, date]]:
    """Branch-kind units in scope (created under its communes when there are too few)."""
    branches = list(scoped_versions(scope).filter(kind__in=org_rules.BRANCH_KINDS, valid_to__isnull=True)
                    .values_list("unit_id", "valid_from"))
    if len(branches) >= wanted:
        return branches
    communes = list(scoped_versions(scope).filter(kind=org_rules.COMMUNE).values_list("unit__code", "valid_from"))
    if not communes:
        return branches
    taken = set(scoped_versions(scope).filter(unit__code__startswith="CB-DEMO-").values_list("unit__code", flat=True))
    lines = ["code,name,kind,parent_code,valid_from"]
    created = 0
    per_commune: dict[str, int] = {}
    while len(branches) + created < wanted:
        commune, since = communes[created % len(communes)]
        per_commune[commune] = per_commune.get(commune, 0) + 1
        code = f"CB-DEMO-{commune}-{per_commune[commune]}"
        if code in taken:
            continue
        lines.append(f"{code},Chi bộ Khu dân cư số {per_commune[commune]},branch,{commune},{since.isoformat()}")
        created += 1
    units_import(actor=None, scope=scope, stream=io.StringIO("\n".join(lines) + "\n"), source="demo",
                 reason="Dữ liệu mẫu")
    return list(scoped_versions(scope).filter(kind__in=org_rules.BRANCH_KINDS, valid_to__isnull=True)
                .values_list("unit_id", "valid_from"))


def _weighted(rng: random.Random, table: dict[str, float]) -> Iterator[str]:
    keys, weights = list(table), list(table.values())
    while True:
        yield from rng.choices(keys, weights, k=1024)


def synthetic_members(*, total: int, branches: list[tuple[int, date]], today: date,
                      seed: int) -> list[importing.MemberRow]:
    rng = random.Random(seed)
    surnames = _weighted(rng, SURNAMES)
    ethnicities = _weighted(rng, ETHNIC_WEIGHTS)
    provinces = sorted(province_codes())
    # Global sequence numbers keep generated cards and citizen IDs unique across runs: the serial
    # part is the number mod 10⁶, and each block of 10⁶ draws its birth provinces from its own
    # subset (block b: provinces b, b+6, b+12, …), so no two numbers share a prefix and serial.
    start = Member.objects.count()
    rows = []
    for i in range(total):
        number = start + i
        sex = "nu" if rng.random() < WOMEN_SHARE else "nam"
        # Admission age 18–45 (mostly young), admission date spread back to the 1960s.
        admitted = today - timedelta(days=int(rng.triangular(0, 60 * 365, 12 * 365)))
        age_at_admission = int(rng.triangular(18.1, 45, 24) * 365.25)
        birth = admitted - timedelta(days=age_at_admission)
        probation_done = probation.probation_end(admitted) <= today
        official = probation.probation_end(admitted) if probation_done and rng.random() > 0.002 else None
        unit_id, branch_from = branches[rng.randrange(len(branches))]
        block, serial = divmod(number, 1_000_000)
        province = provinces[(block % 6 + 6 * rng.randrange(10)) % len(provinces)]
        name = f"{next(surnames)} {rng.choice(MIDDLE_NAMES[sex])} {rng.choice(GIVEN_NAMES[sex])}"
        rows.append(importing.MemberRow(
            row=i + 2, full_name=name, birth_date=birth, sex=sex, unit_id=unit_id, admitted_on=admitted,
            official_on=official, card_number=f"{90_000_000 + number}" if official else None,
            national_id=make_citizen_id(province, sex, birth, serial),
            ethnicity=next(ethnicities), joined_branch_on=max(admitted, branch_from),
        ))
    return rows


def demo_members(*, scope: Scope, total: int, seed: int = 2025) -> int:
    from tochuc.members.services import members_write_rows, taken_values

    branches = ensure_branches(scope=scope, wanted=max(1, total // MEMBERS_PER_BRANCH))
    if not branches:
        raise ValueError("Không có chi bộ hoặc đảng bộ xã nào trong phạm vi để thêm đảng viên mẫu.")
    rows = synthetic_members(total=total, branches=branches, today=scope.as_of, seed=seed)
    taken_ids = taken_values("national_id", {r.national_id for r in rows})
    taken_cards = taken_values("card_number", {r.card_number for r in rows if r.card_number})
    rows = [r for r in rows if r.national_id not in taken_ids and r.card_number not in taken_cards]
    return members_write_rows(actor=None, rows=rows, source="demo", reason="Dữ liệu mẫu")
