"""Members a plan moves: where a branch's members end, and the counts per target unit."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field

from tochuc.domain.reorg.result import PlanResult


@dataclass
class MemberAccounting:
    """Members whose branch changes place (or who change branch), and per target unit the
    members under it on E before and after the plan."""

    moved: int = 0
    before: dict[str, int] = field(default_factory=dict)
    after: dict[str, int] = field(default_factory=dict)


def branch_place(result: PlanResult, ids: Sequence[Hashable]) -> tuple[Hashable, ...]:
    """Where the members of a branch end after the plan: the keys from the root down to the
    branch they are in. ``ids``: the unit ids of the branch's path on E (root first).

    The deepest unit on the path that the plan knows decides: below it nothing changes (every
    unit whose parent changes is known to the plan), so the path continues unchanged from there;
    a branch merged into a branch sends its members to the branch it ends in.
    """
    code_of = result.code_of
    original = tuple(ids)
    for i in range(len(original) - 1, -1, -1):
        code = code_of.get(original[i])
        if code is None:
            continue
        if i == len(original) - 1 and code in result.successor:
            return result.chain(result.successor[code])
        return result.chain(code) + original[i + 1 :]
    return original


def member_accounting(result: PlanResult, branches: Iterable[tuple[Sequence[int], int]],
                      targets: Iterable[str] = ()) -> MemberAccounting:
    """Count members moved by the plan.

    ``branches``: for each branch with members on E, the unit ids of its path on E (root first,
    the branch last) and its number of members. It must cover every branch under a unit the plan
    moves, empties or targets (see :func:`branch_place`).
    """
    targets = [t for t in targets if t in result.key_of]
    acc = MemberAccounting(before=dict.fromkeys(targets, 0), after=dict.fromkeys(targets, 0))
    target_keys = {result.key_of[t]: t for t in targets}
    for ids, count in branches:
        if not count:
            continue
        original = tuple(ids)
        final = branch_place(result, original)
        if final != original:
            acc.moved += count
        for key in original:
            if key in target_keys:
                acc.before[target_keys[key]] += count
        for key in final:
            if key in target_keys:
                acc.after[target_keys[key]] += count
    return acc
