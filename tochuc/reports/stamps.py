"""How the per-unit totals (:mod:`tochuc.reports.tally`) hear of a change: the services announce
what they changed through the core change recorder (:mod:`tochuc.core.changes`), and
:func:`on_change` (registered in ``ReportsConfig.ready()``) bumps the stamps of the tally units
concerned, inside the service's own transaction, so the kept figures of those units are counted
again on the next view. Kept apart from the tally so that start-up imports only models."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import F

from tochuc.core.changes import Change
from tochuc.domain import orgs as org_rules
from tochuc.members.models import Membership
from tochuc.orgs.models import UnitVersion
from tochuc.reports.models import TallyStamp

TALLY_DEPTH = 2
CUT = (TALLY_DEPTH + 1) * org_rules.SEGMENT_WIDTH
EPOCH = "*"
_CHUNK = 500


def tally_path(path: str) -> str:
    """The tally unit a unit at ``path`` is counted in (its ancestor at TALLY_DEPTH, or itself)."""
    return path[:CUT]


def _bump(paths: Iterable[str]) -> None:
    paths = sorted(set(paths))
    for i in range(0, len(paths), _CHUNK):
        chunk = paths[i:i + _CHUNK]
        TallyStamp.objects.filter(path__in=chunk).update(generation=F("generation") + 1)
        TallyStamp.objects.bulk_create([TallyStamp(path=p, generation=1) for p in chunk], ignore_conflicts=True)


def invalidate_units(unit_ids: Iterable[int | None]) -> None:
    """What the units count has changed: every tally unit any version of them ever lay in."""
    ids = sorted({i for i in unit_ids if i is not None})
    paths: set[str] = set()
    for i in range(0, len(ids), _CHUNK):
        paths.update(tally_path(p) for p in UnitVersion.objects.filter(unit_id__in=ids[i:i + _CHUNK])
                     .values_list("path", flat=True).distinct())
    _bump(paths)


def invalidate_members(member_ids: Iterable[int]) -> None:
    """A member's record or life changed: the tally units of every branch they were ever in."""
    ids = sorted(set(member_ids))
    units: set[int] = set()
    for i in range(0, len(ids), _CHUNK):
        units.update(Membership.objects.filter(member_id__in=ids[i:i + _CHUNK]).values_list("unit_id", flat=True)
                     .distinct())
    invalidate_units(units)


def invalidate_all() -> None:
    """The tree's shape changed (a reorganization or its revert): nothing kept is trusted."""
    _bump([EPOCH])


def on_change(change: Change) -> None:
    """The change recorder's listener: every kind of change announced today moves a figure the
    tally counts (members, memberships, units, meetings), so each bumps the stamps it concerns."""
    if change.epoch:
        invalidate_all()
    if change.units:
        invalidate_units(change.units)
    if change.members:
        invalidate_members(change.members)
