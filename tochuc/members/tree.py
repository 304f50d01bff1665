"""The organization tree with its members: a unit's children with their subtrees' units by kind
and members, and a subtree's statistics. Here, not in :mod:`tochuc.orgs.selectors`, because
members build on orgs and not back (README, Architecture)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count
from django.db.models.functions import Substr

from tochuc.core.scope import Scope
from tochuc.domain import orgs as rules
from tochuc.members.selectors import member_count, member_counts_by_prefix
from tochuc.orgs.models import UnitVersion
from tochuc.orgs.selectors import scope_roots, subtree_kind_counts, subtree_versions, unit_get, versions_as_of


@dataclass
class ChildRow:
    version: UnitVersion
    units: dict[str, int] = field(default_factory=dict)  # descendants (the child included) by kind
    members: int = 0

    @property
    def total_units(self) -> int:
        return sum(self.units.values())

    @property
    def has_children(self) -> bool:
        return self.total_units > 1


def unit_children(*, scope: Scope, version: UnitVersion) -> list[ChildRow]:
    """Children of ``version`` on the scope's date with counts of their subtrees by kind.

    Three queries whatever the number of children: the children, then one GROUP BY of units and
    one of members over the subtree, keyed by the child's path prefix.
    """
    as_of = scope.as_of
    # ``version`` came from a scoped getter, so its children lie in the scope; the check below
    # keeps that true without a second range condition the planner might prefer to the parent.
    children = [
        child
        for child in versions_as_of(as_of).filter(parent_id=version.unit_id).select_related("unit").order_by("name")
        if scope.contains_path(child.path)
    ]
    if not children:
        return []
    rows = {child.path: ChildRow(child) for child in children}
    prefix_length = len(version.path) + rules.SEGMENT_WIDTH
    counts = (
        subtree_versions(scope, version.path)
        .filter(depth__gt=version.depth)
        .annotate(child_path=Substr("path", 1, prefix_length))
        .values("child_path", "kind")
        .annotate(n=Count("id"))
        .order_by()
    )
    for entry in counts:
        row = rows.get(entry["child_path"])
        if row is not None:
            row.units[entry["kind"]] = entry["n"]
    for child_path, count in member_counts_by_prefix(scope=scope, path=version.path,
                                                     prefix_length=prefix_length).items():
        if child_path in rows:
            rows[child_path].members = count
    return list(rows.values())


@dataclass(frozen=True)
class SubtreeStats:
    root: UnitVersion
    as_of: date
    units: dict[str, int]
    members: int

    def as_json(self) -> dict:
        return {
            "root": self.root.unit.code,
            "as_of": self.as_of.isoformat(),
            "units": self.units,
            "members": self.members,
        }


def subtree_stats(*, scope: Scope, code: str | None = None) -> SubtreeStats:
    """Counts of the subtree of ``code`` (default: the scope's first root) on the scope's date."""
    if code is None:
        roots = scope_roots(scope)
        if not roots:
            raise UnitVersion.DoesNotExist("no unit in scope on this date")
        root = roots[0]
    else:
        root = unit_get(scope=scope, code=code)
    return SubtreeStats(
        root=root,
        as_of=scope.as_of,
        units=subtree_kind_counts(scope=scope, version=root),
        members=member_count(scope=scope, path=root.path),
    )
