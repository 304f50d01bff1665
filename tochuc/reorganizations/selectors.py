"""Scoped reads of reorganizations (DESIGN.md invariant 1): a reorganization is visible to a scope
when one of its lines concerns a unit that lies, in any version, inside the scope (or, once
reverted, when its home unit does); its lines are cut to the scope."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet

from tochuc.core.scope import Scope
from tochuc.orgs.models import Reorganization, ReorganizationLine, UnitVersion


def _in_scope_q(scope: Scope, column: str) -> Exists:
    return Exists(UnitVersion.objects.filter(scope.path_q(), unit_id=OuterRef(column)))


def _visible_lines(scope: Scope) -> QuerySet[ReorganizationLine]:
    lines = ReorganizationLine.objects.all()
    if scope.is_system:
        return lines
    return lines.filter(_in_scope_q(scope, "unit_id") | _in_scope_q(scope, "target_id"))


def reorganizations_in_scope(scope: Scope) -> QuerySet[Reorganization]:
    """Newest first; one query whatever the number of lines."""
    found = Reorganization.objects.select_related("home_unit")
    if not scope.is_system:
        # Lines in scope, or (reverted: its lines are gone) the unit holding them all.
        found = found.filter(Exists(_visible_lines(scope).filter(reorganization_id=OuterRef("pk")))
                             | _in_scope_q(scope, "home_unit_id"))
    return found.order_by("-id")


def reorganization_get(*, scope: Scope, pk: int) -> Reorganization:
    """``Reorganization.DoesNotExist`` when none of its lines concerns the scope."""
    return reorganizations_in_scope(scope).get(pk=pk)


def reorganization_lines(*, scope: Scope, reorganization: Reorganization, limit: int = 500
                         ) -> tuple[list[ReorganizationLine], int]:
    """The first ``limit`` lines in scope, and how many there are in all."""
    lines = _visible_lines(scope).filter(reorganization=reorganization)
    return list(lines.select_related("unit", "target", "from_parent").order_by("line_no")[:limit]), lines.count()


def latest_active() -> Reorganization | None:
    """The one reorganization ``revert-last`` would undo."""
    return Reorganization.objects.filter(reverted_at__isnull=True).order_by("-id").first()


@dataclass(frozen=True)
class TargetCount:
    code: str
    name: str
    before: int
    after: int


def target_counts(preview_targets: dict[str, dict[str, int]], names: dict[str, str]) -> list[TargetCount]:
    return [TargetCount(code, names.get(code, ""), row["before"], row["after"])
            for code, row in sorted(preview_targets.items())]


__all__ = ["TargetCount", "latest_active", "reorganization_get", "reorganization_lines", "reorganizations_in_scope",
           "target_counts"]
