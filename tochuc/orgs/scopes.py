"""What a scope needs to know of the tree (``tochuc.core.scope.Tree``): the paths of a user's
units on a date, today's reach of a dated read, whether a write's unit is in scope.

Beside ``orgs.selectors``, because these are reads of the tree's versions; the ``Scope`` value
itself lives in ``core`` (every app takes it) and asks these through the registered tree, so no
layer below orgs reads orgs' tables.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Exists, OuterRef, Q

from tochuc.core.scope import Scope
from tochuc.domain.orgs import subtree_upper_bound
from tochuc.orgs.models import UnitVersion
from tochuc.orgs.selectors import valid_on, versions_as_of


def _folded(paths) -> tuple[str, ...]:
    """Sorted paths with nested ones folded into their ancestor."""
    roots: list[str] = []
    for path in sorted(paths):
        if not roots or not path.startswith(roots[-1]):
            roots.append(path)
    return tuple(roots)


class VersionedTree:
    def paths(self, unit_ids: tuple[int, ...], as_of: date) -> tuple[str, ...]:
        return _folded(versions_as_of(as_of).filter(unit_id__in=unit_ids).values_list("path", flat=True))

    def paths_today(self, unit_ids: tuple[int, ...], on: date) -> tuple[tuple[str, ...], bool]:
        rows = list(versions_as_of(on).filter(Q(unit_id__in=unit_ids) | Q(parent__isnull=True))
                    .values_list("unit_id", "path", "parent_id"))
        roots = _folded(path for unit_id, path, _parent in rows if unit_id in unit_ids)
        tops = {path for _unit, path, parent in rows if parent is None}
        return roots, bool(tops) and tops <= set(roots)

    def reach_q(self, paths: tuple[str, ...], column: str, today: date) -> Q:
        """Rows whose unit (``column`` holds its id) is in ``paths`` today. A unit closed since
        counts by its last version: the registry of a commune merged inside the subtree stays
        readable, a branch moved to another province (and closed there) does not.

        Correlated (one index probe per candidate row), not ``unit_id IN (every unit reached
        today)``: for the whole country that set made a dated ``unit_get`` 2 → 427 ms on 105 k
        units (SQLite); probed, it costs what a province's does.
        """
        later = UnitVersion.objects.filter(unit_id=OuterRef("unit_id"), valid_from__gt=OuterRef("valid_from"),
                                           valid_from__lte=today)
        on_today = Q()
        for path in paths:
            on_today |= Q(path__gte=path, path__lt=subtree_upper_bound(path))
        reached = Exists(UnitVersion.objects.filter(on_today, unit_id=OuterRef(column), valid_from__lte=today)
                         .filter(~Exists(later)))
        # A unit that does not exist yet (created from a later date) is nobody's today: a read of
        # that later date may show it where it will be.
        not_yet = ~Exists(UnitVersion.objects.filter(unit_id=OuterRef(column), valid_from__lte=today))
        return reached | not_yet

    def has_unit(self, scope: Scope, unit_id: int, on: date) -> bool:
        return UnitVersion.objects.filter(valid_on(on), scope.path_q(), unit_id=unit_id).exists()

    def root_ids(self) -> tuple[int, ...]:
        return tuple(UnitVersion.objects.filter(parent__isnull=True).values_list("unit_id", flat=True).distinct())
