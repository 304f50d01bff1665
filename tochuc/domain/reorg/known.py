"""What the database knows of the units a plan names, and which extra facts a plan needs loaded."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from tochuc.domain import orgs as rules
from tochuc.domain.reorg.plan import CLOSE, MERGE, MOVE, RENAME, PlanLine


@dataclass(frozen=True)
class KnownUnit:
    """What the database knows of one unit, seen from the effective date E.

    ``key`` is the unit's stable id. ``exists`` says whether a version is valid on E; the other
    fields describe that version. ``children`` (open children on E) and ``kinds_below`` (kinds
    found strictly below it on E) are ``None`` when not loaded: the caller loads them for the
    units a plan empties, closes, re-kinds or moves (see :func:`needs`).
    """

    code: str
    key: int
    exists: bool = True
    kind: str = ""
    name: str = ""
    parent: str | None = None
    starts_on: date | None = None  # start of the version valid on E
    first_day: date | None = None  # first day the unit ever existed
    has_versions: bool = True  # False: an identity kept by a reverted reorganization (code reusable)
    members: int = 0  # primary memberships valid on E (branch kinds)
    members_later: int = 0  # memberships starting after E
    later_change: date | None = None  # earliest own version starting after E
    later_move: date | None = None  # earliest own version after E on another path
    later_below: tuple[str, date] | None = None  # earliest version after E of a unit below it
    kinds_below: frozenset[str] | None = None
    children: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Needs:
    """Which extra facts the caller must load for a plan (see :class:`KnownUnit`)."""

    children: frozenset[str]  # codes whose open children are needed
    kinds_below: frozenset[str]  # codes whose kinds below are needed (moved subtrees that may hold a kind ended on E)
    members: frozenset[str]  # codes whose member counts are needed


def kinds_that_may_contain(kinds: Iterable[str]) -> frozenset[str]:
    """Kinds under which a unit of one of ``kinds`` may sit, at any depth (from ALLOWED_PARENTS)."""
    found: set[str] = set()
    frontier = set(kinds)
    while frontier:
        parents = set().union(*(rules.ALLOWED_PARENTS.get(k, frozenset()) for k in frontier)) - found
        found |= parents
        frontier = parents
    return frozenset(found)


def kinds_ended_on(effective: date) -> frozenset[str]:
    return frozenset(k for k in rules.KINDS if not rules.kind_allowed_on(k, effective))


def needs(lines: Sequence[PlanLine], known_kinds: Mapping[str, str], effective: date) -> Needs:
    """What to load beyond the named units and their ancestors. ``known_kinds``: code → kind on E."""
    children = {ln.code for ln in lines if ln.op in (MERGE, CLOSE) or (ln.op == RENAME and ln.kind)}
    containers = kinds_that_may_contain(kinds_ended_on(effective))
    kinds_below = {ln.code for ln in lines if ln.op in (MOVE, MERGE) and known_kinds.get(ln.code) in containers}
    members = {c for ln in lines for c in (ln.code, ln.target) if c}
    return Needs(frozenset(children), frozenset(kinds_below), frozenset(members))
