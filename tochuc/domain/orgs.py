"""Rules of the party organization system (pure; no Django).

Sources: Điều lệ Đảng (2011) Điều 21–25 on grassroots organizations; Quy định 294-QĐ/TW
(26/5/2025, in force 1/7/2025) on the three levels after the district level was abolished.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

CENTRAL = "central"
PROVINCE = "province"
CENTRAL_COMMITTEE = "central_committee"
DISTRICT = "district"
COMMUNE = "commune"
GRASSROOTS_COMMITTEE = "grassroots_committee"
GRASSROOTS_BRANCH = "grassroots_branch"
SUB_COMMITTEE = "sub_committee"
BRANCH = "branch"

#: Every kind, from the top of the tree down (display order).
KINDS: tuple[str, ...] = (
    CENTRAL,
    PROVINCE,
    CENTRAL_COMMITTEE,
    DISTRICT,
    COMMUNE,
    GRASSROOTS_COMMITTEE,
    GRASSROOTS_BRANCH,
    SUB_COMMITTEE,
    BRANCH,
)

#: Kinds a member's party activity happens in (chi bộ): a member belongs to exactly one.
BRANCH_KINDS: frozenset[str] = frozenset({BRANCH, GRASSROOTS_BRANCH})

#: The district level existed only until 30/6/2025 (Quy định 294-QĐ/TW, 2025).
DISTRICT_ABOLISHED_ON = date(2025, 7, 1)

#: Which kinds may be the direct superior of each kind. Commune committees sat under districts
#: before 2025 and under provinces since; grassroots organizations sit under a commune or
#: directly under a province or central-level committee (Điều lệ Đảng, Điều 21).
ALLOWED_PARENTS: Mapping[str, frozenset[str]] = {
    CENTRAL: frozenset(),
    PROVINCE: frozenset({CENTRAL}),
    CENTRAL_COMMITTEE: frozenset({CENTRAL}),
    DISTRICT: frozenset({PROVINCE}),
    COMMUNE: frozenset({PROVINCE, DISTRICT}),
    GRASSROOTS_COMMITTEE: frozenset({COMMUNE, PROVINCE, CENTRAL_COMMITTEE, DISTRICT}),
    GRASSROOTS_BRANCH: frozenset({COMMUNE, PROVINCE, CENTRAL_COMMITTEE, DISTRICT}),
    SUB_COMMITTEE: frozenset({GRASSROOTS_COMMITTEE}),
    BRANCH: frozenset({COMMUNE, GRASSROOTS_COMMITTEE, SUB_COMMITTEE}),
}


def parent_kind_allowed(kind: str, parent_kind: str | None) -> bool:
    """Whether a unit of ``kind`` may sit under a unit of ``parent_kind`` (None: a root)."""
    if parent_kind is None:
        return kind == CENTRAL
    return parent_kind in ALLOWED_PARENTS.get(kind, frozenset())


def kind_allowed_on(kind: str, on: date) -> bool:
    """Whether a unit of ``kind`` may be created effective ``on`` (no district since 1/7/2025)."""
    return not (kind == DISTRICT and on >= DISTRICT_ABOLISHED_ON)


@dataclass(frozen=True)
class Cycle:
    """Codes that form a loop through their parent links, in order."""

    codes: tuple[str, ...]


def find_cycles(parent_of: Mapping[str, str | None]) -> list[Cycle]:
    """Every loop in a child→parent mapping, each reported once (iterative, O(n))."""
    state: dict[str, int] = {}  # 1 = on the current walk, 2 = done
    cycles: list[Cycle] = []
    for start in parent_of:
        if state.get(start):
            continue
        walk: list[str] = []
        node: str | None = start
        while node is not None and node in parent_of and not state.get(node):
            state[node] = 1
            walk.append(node)
            node = parent_of[node]
        if node is not None and state.get(node) == 1:
            cycles.append(Cycle(tuple(walk[walk.index(node):])))
        for seen in walk:
            state[seen] = 2
    return cycles


def topological_order(parent_of: Mapping[str, str | None]) -> list[str]:
    """Codes ordered so that every parent that is in the mapping comes before its children.

    The mapping must be free of cycles (check with :func:`find_cycles` first).
    """
    children: dict[str | None, list[str]] = {}
    for code, parent in parent_of.items():
        key = parent if parent in parent_of else None
        children.setdefault(key, []).append(code)
    order: list[str] = []
    stack = list(reversed(children.get(None, [])))
    while stack:
        code = stack.pop()
        order.append(code)
        stack.extend(reversed(children.get(code, [])))
    return order


SEGMENT_WIDTH = 8


def path_segment(unit_id: int) -> str:
    """The fixed-width segment of one unit in a materialized path (DESIGN.md "Tree storage")."""
    if not 0 < unit_id < 10**SEGMENT_WIDTH:
        raise ValueError(f"unit id out of range for a path segment: {unit_id}")
    return f"{unit_id:0{SEGMENT_WIDTH}d}"


def path_ids(path: str) -> list[int]:
    """The unit ids along a path, root first."""
    return [int(path[i : i + SEGMENT_WIDTH]) for i in range(0, len(path), SEGMENT_WIDTH)]


def subtree_upper_bound(path: str) -> str:
    """Exclusive upper bound of the subtree range: ``path <= p < bound`` (paths are digits)."""
    return path + "~"

