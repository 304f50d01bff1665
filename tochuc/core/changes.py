"""The change recorder: a service announces what it changed; what keeps figures listens.

Lower apps (orgs, members, meetings, reorganizations) must not call the apps built on them, yet the
figures kept by ``reports`` (and the coming dues totals) must follow every write. So a service calls
:func:`touched` inside its own transaction, after its writes, naming what it changed; the listeners
registered here (``reports`` registers one in its ``AppConfig.ready()``) run at once, in the same
transaction: if the service rolls back, what they wrote rolls back with it, and nothing commits
that the kept figures do not know about (DESIGN.md, invariant 8).

Usage::

    changes.touched(units=[branch.unit_id], kinds=[changes.MEETINGS])
    changes.touched(members=[member.pk], kinds=[changes.MEMBERS])
    changes.touched(epoch=True, kinds=[changes.TREE])      # the tree's shape changed
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import connection

#: What kind of data changed (listeners may care about some only).
UNITS = "units"  # a unit's record or place in the tree
TREE = "tree"  # the tree's shape as a whole (a reorganization, its revert)
MEMBERS = "members"  # member records, memberships, member events
MEETINGS = "meetings"  # branch meetings
KINDS = frozenset({UNITS, TREE, MEMBERS, MEETINGS})


@dataclass(frozen=True)
class Change:
    """One announcement: the unit ids and member ids concerned, the kinds of data, and whether
    everything kept must be counted again (``epoch``)."""

    units: frozenset[int]
    members: frozenset[int]
    kinds: frozenset[str]
    epoch: bool = False


Listener = Callable[[Change], None]
_listeners: list[Listener] = []


def listen(listener: Listener) -> None:
    """Register a listener (once: ``AppConfig.ready()`` may run more than once in tests)."""
    if listener not in _listeners:
        _listeners.append(listener)


def listeners() -> tuple[Listener, ...]:
    return tuple(_listeners)


def touched(*, units: Iterable[int | None] = (), members: Iterable[int] = (), kinds: Iterable[str] = (),
            epoch: bool = False) -> Change:
    """Announce a change inside the service's transaction; the listeners run now, in it.

    Refused outside a transaction: a listener's write must commit or roll back with the service's."""
    if not connection.in_atomic_block:
        raise RuntimeError("changes.touched() must be called inside the service's transaction")
    change = Change(units=frozenset(u for u in units if u is not None), members=frozenset(members),
                    kinds=frozenset(kinds), epoch=epoch)
    unknown = change.kinds - KINDS
    if unknown:
        raise ValueError(f"unknown kinds of change: {sorted(unknown)}")
    if change.units or change.members or change.epoch:
        for listener in _listeners:
            listener(change)
    return change
