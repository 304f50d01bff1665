"""Reads of the organization tree. Every read of scoped data takes a :class:`Scope`.
Figures that count members beside the units live above, in :mod:`tochuc.members.tree`.

Subtrees are path ranges (``path >= p AND path < p || '~'``) on the version rows valid at the
date asked: no recursion, no LIKE (DESIGN.md "Tree storage").
"""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Q, QuerySet

from tochuc.core.scope import Scope
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
    "branch_get",
    "kind_labels",
    "parent_codes",
    "scope_roots",
    "scoped_versions",
    "subtree_kind_counts",
    "subtree_versions",
    "unit_ancestors",
    "unit_get",
    "unit_get_by_id",
    "unit_history",
    "unit_search",
    "valid_on",
    "versions_as_of",
]
