"""Reads of the organization tree. Every read of scoped data takes a :class:`Scope`.

Subtrees are path ranges (``path >= p AND path < p || '~'``) on the version rows valid at the
date asked: no recursion, no LIKE (DESIGN.md "Tree storage").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Substr

from tochuc.accounts.scope import Scope
from tochuc.domain import orgs as rules
from tochuc.domain.text import search_terms
from tochuc.orgs.models import Unit, UnitKind, UnitVersion


def valid_on(as_of: date, prefix: str = "") -> Q:
    """Rows whose ``[valid_from, valid_to)`` contains ``as_of``."""
    return Q(**{f"{prefix}valid_from__lte": as_of}) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gt": as_of})
    )


def versions_as_of(as_of: date) -> QuerySet[UnitVersion]:
    """Every unit version valid on ``as_of`` (unscoped: for building scopes and set-up only)."""
    return UnitVersion.objects.filter(valid_on(as_of))


def subtree_versions(scope: Scope, path: str) -> QuerySet[UnitVersion]:
    """Versions valid on the scope's date in the subtree at ``path``, cut to the scope."""
    return versions_as_of(scope.as_of).filter(scope.subtree_q(path))


def scoped_versions(scope: Scope) -> QuerySet[UnitVersion]:
    """Versions valid on the scope's date, inside the scope."""
    return versions_as_of(scope.as_of).filter(scope.path_q())


def unit_get(*, scope: Scope, code: str) -> UnitVersion:
    """The version of unit ``code`` on the scope's date; ``UnitVersion.DoesNotExist`` if it is
    unknown, did not exist then, or lies outside the scope (callers turn that into a 404)."""
    return scoped_versions(scope).select_related("unit", "parent").get(unit__code=code)


def branch_get(*, scope: Scope, code: str, on: date) -> UnitVersion:
    """The branch-kind unit ``code`` on ``on`` inside the scope; a ValidationError (in Vietnamese)
    otherwise: the lookup of every service that puts a member or a meeting in a branch."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    # The scope on ``on`` (not on the scope's date) and, on any other day, cut to today's reach:
    # a write may put nobody in a branch that is outside the actor's subtree then or now.
    on_date = scope.current().at(on)
    branch = (UnitVersion.objects.filter(valid_on(on), on_date.path_q(), unit__code=code,
                                         kind__in=rules.BRANCH_KINDS).select_related("unit").first())
    if branch is None:
        raise ValidationError(_("Không có chi bộ «%(code)s» trong phạm vi vào ngày %(day)s.") % {
            "code": code, "day": on.strftime("%d/%m/%Y")})
    return branch


def unit_get_by_id(*, scope: Scope, unit_id: int) -> UnitVersion:
    return scoped_versions(scope).select_related("unit", "parent").get(unit_id=unit_id)


def scope_roots(scope: Scope) -> list[UnitVersion]:
    """The scope's own top units, as of its date, in tree order."""
    return list(
        versions_as_of(scope.as_of).filter(path__in=scope.paths).select_related("unit").order_by("path")
    )


def unit_ancestors(*, version: UnitVersion, as_of: date) -> list[UnitVersion]:
    """The chain from the root down to the unit's parent, as of ``as_of``.

    Not scoped on purpose: a clerk may see the names above their subtree (a breadcrumb), never
    their contents; views render ancestors outside the scope without links.
    """
    ids = rules.path_ids(version.path)[:-1]
    if not ids:
        return []
    found = {v.unit_id: v for v in versions_as_of(as_of).filter(unit_id__in=ids).select_related("unit")}
    return [found[i] for i in ids if i in found]


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
    from tochuc.members.selectors import member_counts_by_prefix

    for child_path, count in member_counts_by_prefix(scope=scope, path=version.path, prefix_length=prefix_length).items():
        if child_path in rows:
            rows[child_path].members = count
    return list(rows.values())


def member_count(*, scope: Scope, path: str) -> int:
    """Members whose branch lies in the subtree at ``path`` on the scope's date."""
    from tochuc.members.selectors import member_count as count  # members build on orgs, not back

    return count(scope=scope, path=path)


def subtree_kind_counts(*, scope: Scope, version: UnitVersion) -> dict[str, int]:
    """Units of the subtree (the root included) by kind, in the domain's kind order."""
    counts = dict(
        subtree_versions(scope, version.path)
        .values_list("kind")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("kind", "n")
    )
    return {kind: counts[kind] for kind in rules.KINDS if kind in counts}


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


def unit_search(*, scope: Scope, query: str, kind: str | None = None, limit: int = 50) -> list[UnitVersion]:
    """Units in scope whose name contains every folded term of ``query`` (diacritics ignored)."""
    terms = search_terms(query)
    if not terms:
        return []
    versions = scoped_versions(scope)
    for term in terms:
        versions = versions.filter(search_key__contains=term)
    if kind:
        versions = versions.filter(kind=kind)
    # Short names first: "Xã Ba" before "Xã Ba Vì Thượng" when both match "ba".
    return list(versions.select_related("unit", "parent").order_by("depth", "name")[:limit])


def unit_history(*, scope: Scope, version: UnitVersion) -> list[UnitVersion]:
    """Every version of the unit (names, kinds, parents over time), oldest first.

    The unit is in scope today (``version`` came from a scoped getter); its past versions are
    its own history, shown even where it sat elsewhere then.
    """
    return list(
        UnitVersion.objects.filter(unit_id=version.unit_id).select_related("parent").order_by("valid_from")
    )


def parent_codes(versions: list[UnitVersion]) -> dict[int, str]:
    """Codes of the parents of ``versions`` (one query)."""
    ids = {v.parent_id for v in versions if v.parent_id}
    return dict(Unit.objects.filter(id__in=ids).values_list("id", "code"))


def kind_labels() -> dict[str, str]:
    return {kind.value: str(kind.label) for kind in UnitKind}


__all__ = [
    "ChildRow",
    "branch_get",
    "SubtreeStats",
    "kind_labels",
    "member_count",
    "parent_codes",
    "scope_roots",
    "scoped_versions",
    "subtree_kind_counts",
    "subtree_stats",
    "subtree_versions",
    "unit_ancestors",
    "unit_children",
    "unit_get",
    "unit_get_by_id",
    "unit_history",
    "unit_search",
    "valid_on",
    "versions_as_of",
]
