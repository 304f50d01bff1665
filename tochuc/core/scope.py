"""The scope a user works in: subtrees, a role, an as-of date (DESIGN.md invariant 1).

Every selector of scoped data takes a :class:`Scope`. Paths are resolved once, for the scope's
date, so a selector adds one range condition per subtree and nothing else.

A scope dated other than today (``?ngay=`` / ``as_of``) reads the past, but it never reaches
further than the same user's scope today (DESIGN.md invariant 11): :meth:`Scope.path_q` then
also requires the unit to lie in today's subtrees (``today_paths``), so every scoped getter and
list built on it is cut to today's reach. Writes act on :meth:`Scope.current` and check their
effective date with :meth:`Scope.reaches_unit`.

The value lives in ``core`` because every app takes it; what it needs to know of the tree (the
paths of units on a date, today's reach) is read by ``tochuc.orgs.scopes``, which registers
itself here when the orgs app is ready (:func:`use_tree`): core reads no app's tables itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Protocol

from django.db.models import Q
from django.utils import timezone

from tochuc.domain.orgs import subtree_upper_bound


class Tree(Protocol):
    """What a scope asks of the organization tree (implemented by ``tochuc.orgs.scopes``)."""

    def paths(self, unit_ids: tuple[int, ...], as_of: date) -> tuple[str, ...]: ...

    def paths_today(self, unit_ids: tuple[int, ...], on: date) -> tuple[tuple[str, ...], bool]: ...

    def reach_q(self, paths: tuple[str, ...], column: str, today: date) -> Q: ...

    def has_unit(self, scope: Scope, unit_id: int, on: date) -> bool: ...

    def root_ids(self) -> tuple[int, ...]: ...


_tree: Tree | None = None


def use_tree(tree: Tree) -> None:
    """Called once by the orgs app when it is ready."""
    global _tree
    _tree = tree


def tree() -> Tree:
    if _tree is None:
        raise RuntimeError("the organization tree is not registered yet (tochuc.orgs is not ready)")
    return _tree


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
    # The same units' paths today, resolved when first needed (a scope of today has them already).
    today_paths: tuple[str, ...] | None = field(default=None, compare=False, repr=False)
    today: date = field(default_factory=lambda: today(), compare=False, repr=False)
    # Whether ``today_paths`` hold every root of today's tree; resolved with them.
    everywhere_today: bool | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.today_paths is None and self.as_of == self.today:
            object.__setattr__(self, "today_paths", self.paths)

    @property
    def dated(self) -> bool:
        """A read of another day than today (the system scope is everywhere on every day)."""
        return self.as_of != self.today and not self.is_system

    def current_paths(self) -> tuple[str, ...]:
        if self.today_paths is None or self.everywhere_today is None:
            paths, everywhere = resolve_today(self.unit_ids, self.today)
            object.__setattr__(self, "today_paths", paths)
            object.__setattr__(self, "everywhere_today", everywhere)
        return self.today_paths

    def current(self) -> Scope:
        """This scope today: what every write acts on, whatever date the page was read on."""
        if self.as_of == self.today:
            return self
        return replace(self, as_of=self.today, paths=self.current_paths())

    def path_q(self, prefix: str = "") -> Q:
        """A condition keeping version rows whose ``<prefix>path`` lies in one of the scope's
        subtrees; on a dated scope, only of units that the scope still reaches today."""
        condition = self.then_q(prefix)
        if self.dated and self.paths and not self._everywhere_today():
            # The unit's id without a second join: ``unit__versions__`` → ``unit__id``.
            column = prefix.removesuffix("versions__") + "id" if prefix.endswith("versions__") else f"{prefix}unit_id"
            condition &= self.reach_q(column)
        return condition

    def then_q(self, prefix: str = "") -> Q:
        """The scope's subtrees on its date, not cut to today: only for the history of members
        (who may have left since; their records are then masked) and for aggregate figures."""
        if not self.paths:
            return Q(pk__in=[])
        condition = Q()
        for path in self.paths:
            condition |= Q(**{f"{prefix}path__gte": path, f"{prefix}path__lt": subtree_upper_bound(path)})
        return condition

    def _everywhere_today(self) -> bool:
        """Whether the scope holds every root of today's tree (a national administrator): then
        nothing it read on another day can lie outside it today, and no cut is needed (for the
        whole country the cut made a dated list 1.5× slower: 533 → 824 ms on 105 k units)."""
        self.current_paths()
        return bool(self.everywhere_today)

    def reach_q(self, column: str = "unit_id"):
        """Rows whose unit (``column`` holds its id) is in the scope today. A unit closed since
        counts by its last version: the registry of a commune merged inside the subtree stays
        readable, a branch moved to another province (and closed there) does not.

        Correlated (one index probe per candidate row), not ``unit_id IN (every unit reached
        today)``: for the whole country that set made a dated ``unit_get`` 2 → 427 ms on 105 k
        units (SQLite); probed, it costs what a province's does.
        """
        paths = self.current_paths()
        if not paths:
            return Q(pk__in=[])
        return tree().reach_q(paths, column, self.today)

    def reaches_unit(self, unit_id: int, on: date) -> bool:
        """Whether a write dated ``on`` may touch the unit: it lies in the scope on that date
        and today (the scope's date plays no part: writes happen today)."""
        if self.is_system:
            return True
        # On another day than today ``path_q`` also asks for today's reach (a unit closed since
        # by its last version); on today it is today's scope itself.
        on_date = self.current().at(on)
        return bool(on_date.paths) and tree().has_unit(on_date, unit_id, on)

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
        return replace(self, as_of=as_of, paths=resolve_paths(self.unit_ids, as_of), today_paths=self.today_paths,
                       everywhere_today=self.everywhere_today)


def today() -> date:
    return timezone.localdate()


def resolve_paths(unit_ids: tuple[int, ...], as_of: date) -> tuple[str, ...]:
    """Paths of the given units as of a date, with nested ones folded into their ancestor."""
    return tree().paths(unit_ids, as_of)


def resolve_today(unit_ids: tuple[int, ...], on: date) -> tuple[tuple[str, ...], bool]:
    """:func:`resolve_paths` on ``on`` (today), and whether those paths hold every root of the
    tree on that day: one query for both."""
    return tree().paths_today(unit_ids, on)


def scope_for_user(user, as_of: date | None = None) -> Scope:
    """The scope of a logged-in user (no units: sees nothing)."""
    now = today()
    as_of = as_of or now
    unit_ids = tuple(user.scope_links.values_list("unit_id", flat=True)) if user.is_authenticated else ()
    # Today's paths come with the flag the dated scopes derived from this one need (no 2nd query).
    paths, everywhere = resolve_today(unit_ids, now) if as_of == now else (resolve_paths(unit_ids, as_of), None)
    return Scope(
        role=getattr(user, "role", "viewer"),
        unit_ids=unit_ids,
        paths=paths,
        as_of=as_of,
        user_id=user.pk,
        username=user.get_username(),
        today=now,
        everywhere_today=everywhere,
    )


def system_scope(as_of: date | None = None) -> Scope:
    """Everything, for operators' command-line work and set-up (never for web requests)."""
    as_of = as_of or today()
    root_ids = tree().root_ids()
    return Scope(
        role="administrator",
        unit_ids=root_ids,
        paths=resolve_paths(root_ids, as_of),
        as_of=as_of,
        username="system",
        is_system=True,
    )
