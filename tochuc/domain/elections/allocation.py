"""Allocating the delegates of a delegates' congress among the subordinate units.

Source: the number of delegates and their allocation are decided by the convening committee
(Quy chế bầu cử trong Đảng, 190-QĐ/TW, 2024; Chỉ thị 45-CT/TW, 2025; DOMAIN.md §4, M). No text
fixes the arithmetic; the usual practice, implemented here, is "in proportion to official
members, with at least N delegates per unit". Ex-officio delegates (members of the convening
committee) are outside ``total``: allocate only the delegates the units elect.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from fractions import Fraction

from tochuc.domain.elections._util import check_int, is_int
from tochuc.domain.elections.errors import ElectionInputError, Problems
from tochuc.domain.messages import msg


def allocate_delegates(
    total: int, official_members_by_unit: Mapping[str, int], minimum_per_unit: int
) -> dict[str, int]:
    """Share ``total`` delegates among units in proportion to their official members.

    Method: largest remainder (Hamilton). Each unit's quota is
    ``remaining seats × its members / members of the units still in proportion``; a unit whose
    quota is under the minimum gets the minimum and leaves the proportion, and the quotas of the
    others are recomputed on what is left (so the minimum is paid for by all others in proportion,
    not by inflating every unit). Then every unit gets the whole part of its quota, and the seats
    left go one each to the largest fractional parts.

    Ties of fractional parts go to the unit with more official members, then to the smaller unit
    key (string order). The last rule is arbitrary but deterministic: the same figures always give
    the same allocation, whatever the order of the mapping; the convening committee may still
    swap two exactly tied units by its own decision.

    A unit never gets more delegates than it has official members (delegates are official
    members), so its minimum is ``min(minimum_per_unit, its members)``; a unit with no official
    member gets none. The result keeps the order of ``official_members_by_unit``.

    Raises :class:`ElectionInputError` when ``total`` is below the sum of the minimums
    (``minimum_per_unit × units`` when every unit has that many members) or above all official
    members, or on malformed input.
    """
    problems = Problems()
    check_int(problems, "total", total, minimum=1)
    check_int(problems, "minimum_per_unit", minimum_per_unit, minimum=0)
    if not isinstance(official_members_by_unit, Mapping) or not official_members_by_unit:
        problems.add("official_members_by_unit", msg("election.allocation_mapping"))
        problems.raise_if_any()
    members = official_members_by_unit
    for unit, count in members.items():
        if not isinstance(unit, str) or not unit.strip():
            problems.add("official_members_by_unit", msg("election.unit_code", unit=repr(unit)))
        if not is_int(count) or count < 0:
            problems.add(
                f"official_members_by_unit[{unit!r}]",
                msg("election.official_count", count=repr(count)),
            )
    problems.raise_if_any()

    floor_of = {unit: min(minimum_per_unit, count) for unit, count in members.items()}
    needed = sum(floor_of.values())
    everyone = sum(members.values())
    if total < needed:
        raise ElectionInputError(
            "total",
            msg("election.too_few_delegates", total=total, minimum=minimum_per_unit, units=len(members),
                needed=needed),
        )
    if total > everyone:
        raise ElectionInputError(
            "total",
            msg("election.too_many_delegates", total=total, everyone=everyone),
        )

    fixed: dict[str, int] = {}
    free = list(members)
    while True:
        remaining = total - sum(fixed.values())
        pool = sum(members[unit] for unit in free)
        quota = {
            unit: Fraction(remaining * members[unit], pool) if pool else Fraction(0)
            for unit in free
        }
        below = [unit for unit in free if quota[unit] < floor_of[unit]]
        if not below:
            break
        # total ≥ Σ minimums guarantees some unit stays free (its quota then reaches its
        # minimum), so this loop ends after at most len(members) passes.
        for unit in below:
            fixed[unit] = floor_of[unit]
        free = [unit for unit in free if unit not in fixed]

    seats = {unit: math.floor(quota[unit]) for unit in free}
    left = remaining - sum(seats.values())
    by_remainder = sorted(free, key=lambda u: (-(quota[u] - seats[u]), -members[u], u))
    for unit in by_remainder[:left]:
        seats[unit] += 1
    return {unit: fixed[unit] if unit in fixed else seats[unit] for unit in members}
