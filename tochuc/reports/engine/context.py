"""The report's subject: which memberships and units a report counts, as of the report date or
restated to the structure of the scope's date (the two counting modes)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _

from tochuc.core.scope import Scope
from tochuc.domain import orgs as org_rules
from tochuc.members.models import Membership
from tochuc.members.selectors import memberships_on
from tochuc.orgs.models import UnitVersion
from tochuc.orgs.selectors import subtree_versions, unit_get, versions_as_of
from tochuc.reorganizations.history import merged_into

AS_OF, RESTATED = "as_of", "restated"
MODES = {AS_OF: _("Theo cơ cấu tại ngày số liệu"), RESTATED: _("Quy đổi theo cơ cấu hiện nay")}
TOTAL = "tong"
UNKNOWN = ""


@dataclass(frozen=True)
class Category:
    key: str
    label: str


# --- Context: which memberships and units a report counts -----------------------------------------


@dataclass(frozen=True)
class Context:
    """A report's subject: ``root`` (its version on ``structure_on``), the date ``day`` of the
    figures, the counting ``mode``; ``earlier`` are branches merged into the subtree (restated)."""

    scope: Scope
    root: UnitVersion
    day: date
    mode: str
    structure_on: date
    structure_scope: Scope
    earlier: dict[int, str] = field(default_factory=dict)  # merged branch → its target's path on S

    @property
    def code(self) -> str:
        return self.root.unit.code

    def branch_ids(self) -> QuerySet:
        """Branch-kind units of the subtree on the structure date (a subquery)."""
        versions = subtree_versions(self.structure_scope, self.root.path)
        if self.mode == RESTATED:
            versions = versions.filter(kind__in=org_rules.BRANCH_KINDS)
        return versions.values("unit_id")

    def in_subtree(self, prefix: str = "unit_id") -> Q:
        condition = Q(**{f"{prefix}__in": Subquery(self.branch_ids())})
        if self.earlier:
            condition |= Q(**{f"{prefix}__in": sorted(self.earlier)})
        return condition

    def memberships(self) -> QuerySet[Membership]:
        """Primary memberships valid on ``day`` counted for the unit (one row per member)."""
        return memberships_on(self.day).filter(self.in_subtree())


class NotOnDate(Exception):
    """The unit did not exist (or was outside the scope) on the report date: no as-of figure."""


def context_for(*, scope: Scope, code: str, day: date | None = None, mode: str = AS_OF) -> Context:
    """The report context; ``UnitVersion.DoesNotExist`` when ``code`` is not in the scope today
    (a 404), :class:`NotOnDate` when counting as of a date the unit did not exist on."""
    day = day or scope.as_of
    if mode not in MODES:
        raise ValueError(mode)
    current = unit_get(scope=scope, code=code)
    if mode == RESTATED:
        earlier: dict[int, str] = {}
        branch_ids = set(subtree_versions(scope, current.path).filter(kind__in=org_rules.BRANCH_KINDS)
                         .values_list("unit_id", flat=True))
        final = merged_into(scope.as_of)
        targets = {new for old, new in final.items() if new in branch_ids and old not in branch_ids}
        paths = dict(versions_as_of(scope.as_of).filter(unit_id__in=targets).values_list("unit_id", "path"))
        for old, new in final.items():
            if new in paths and old not in branch_ids:
                earlier[old] = paths[new]
        return Context(scope, current, day, mode, scope.as_of, scope, earlier)
    then = scope.at(day)
    try:
        root = unit_get(scope=then, code=code)
    except UnitVersion.DoesNotExist:
        raise NotOnDate(code) from None
    return Context(scope, root, day, mode, day, then)
