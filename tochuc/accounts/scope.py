"""The scope a user works in: subtrees, a role, an as-of date (DESIGN.md invariant 1).

Every selector of scoped data takes a :class:`Scope`. Paths are resolved once, for the scope's
date, so a selector adds one range condition per subtree and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from django.db.models import Q
from django.utils import timezone

from tochuc.domain.orgs import subtree_upper_bound

ROLE_RANK = {"viewer": 0, "clerk": 1, "administrator": 2}


@dataclass(frozen=True)
class Scope:
    """What one actor may see and do. ``paths`` are the scope roots' paths as of ``as_of``."""

    role: str
    unit_ids: tuple[int, ...]
    paths: tuple[str, ...]
    as_of: date
    user_id: int | None = None
    username: str = ""
    is_system: bool = field(default=False, compare=False)

    def path_q(self, prefix: str = "") -> Q:
        """A condition keeping rows whose ``<prefix>path`` lies in one of the scope's subtrees."""
        if not self.paths:
            return Q(pk__in=[])
        condition = Q()
        for path in self.paths:
            condition |= Q(**{f"{prefix}path__gte": path, f"{prefix}path__lt": subtree_upper_bound(path)})
        return condition

    def subtree_q(self, path: str, prefix: str = "") -> Q:
        """The subtree at ``path`` cut to the scope, as ONE range per piece.

        Intersecting in Python keeps a single range condition on ``path``: with two ranges on
        the same column (scope and subtree), SQLite's planner may scan the wider one.
        """
        pieces = [path] if self.contains_path(path) else [root for root in self.paths if root.startswith(path)]
        if not pieces:
            return Q(pk__in=[])
        condition = Q()
        for piece in pieces:
            condition |= Q(**{f"{prefix}path__gte": piece, f"{prefix}path__lt": subtree_upper_bound(piece)})
        return condition

    def contains_path(self, path: str) -> bool:
        return any(path.startswith(root) for root in self.paths)

    def at(self, as_of: date) -> Scope:
        """The same scope on another date (paths re-resolved: units may have moved)."""
        if as_of == self.as_of:
            return self
        return replace(self, as_of=as_of, paths=resolve_paths(self.unit_ids, as_of))

    @property
    def can_write(self) -> bool:
        return ROLE_RANK.get(self.role, -1) >= ROLE_RANK["clerk"]

    @property
    def can_manage_users(self) -> bool:
        return ROLE_RANK.get(self.role, -1) >= ROLE_RANK["administrator"]


def today() -> date:
    return timezone.localdate()


def resolve_paths(unit_ids: tuple[int, ...], as_of: date) -> tuple[str, ...]:
    """Paths of the given units as of a date, with nested ones folded into their ancestor."""
    from tochuc.orgs.selectors import versions_as_of

    paths = sorted(versions_as_of(as_of).filter(unit_id__in=unit_ids).values_list("path", flat=True))
    roots: list[str] = []
    for path in paths:
        if not roots or not path.startswith(roots[-1]):
            roots.append(path)
    return tuple(roots)


def scope_for_user(user, as_of: date | None = None) -> Scope:
    """The scope of a logged-in user (no units: sees nothing)."""
    as_of = as_of or today()
    unit_ids = tuple(user.scope_links.values_list("unit_id", flat=True)) if user.is_authenticated else ()
    return Scope(
        role=getattr(user, "role", "viewer"),
        unit_ids=unit_ids,
        paths=resolve_paths(unit_ids, as_of),
        as_of=as_of,
        user_id=user.pk,
        username=user.get_username(),
    )


def system_scope(as_of: date | None = None) -> Scope:
    """Everything, for operators' command-line work and set-up (never for web requests)."""
    from tochuc.orgs.models import UnitVersion

    as_of = as_of or today()
    root_ids = tuple(UnitVersion.objects.filter(parent__isnull=True).values_list("unit_id", flat=True).distinct())
    return Scope(
        role="administrator",
        unit_ids=root_ids,
        paths=resolve_paths(root_ids, as_of),
        as_of=as_of,
        username="system",
        is_system=True,
    )
