"""Reads of the audit log, kept to the caller's scope (the audit page).

Here, not in ``audit``: every app writes the log (``audit`` sits low, under accounts and orgs),
but reading it within a scope needs the tree's versions (orgs), so the read lives with the page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet, Subquery
from django.utils import timezone

from tochuc.audit.models import AuditEntry
from tochuc.audit.redaction import redact
from tochuc.core.scope import Scope
from tochuc.orgs.selectors import scoped_versions


@dataclass(frozen=True)
class AuditFilter:
    action: str = ""
    actor: str = ""
    unit_code: str = ""
    date_from: date | None = None
    date_to: date | None = None


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def audit_entries(*, scope: Scope, filters: AuditFilter = AuditFilter()) -> QuerySet[AuditEntry]:
    """Entries about units in the scope (as of the scope's date), newest first. Raw rows: show
    them only after :func:`redact` (as :func:`audit_page` does)."""
    in_scope = scoped_versions(scope)
    if filters.unit_code:
        in_scope = in_scope.filter(unit__code=filters.unit_code)
    entries = AuditEntry.objects.filter(unit_id__in=Subquery(in_scope.values("unit_id")))
    if filters.action:
        entries = entries.filter(action=filters.action)
    if filters.actor:
        entries = entries.filter(actor_name__icontains=filters.actor)
    if filters.date_from:
        entries = entries.filter(at__gte=_start_of(filters.date_from))
    if filters.date_to:
        entries = entries.filter(at__lt=_start_of(filters.date_to + timedelta(days=1)))
    return entries.select_related("unit").order_by("-at", "-id")


def audit_page(*, scope: Scope, filters: AuditFilter, before_id: int | None, size: int = 50) -> tuple[list[AuditEntry],
                                                                                                      int | None]:
    """One page by keyset (no COUNT(*) over a long log): the entries and the id to continue from."""
    entries = audit_entries(scope=scope, filters=filters).order_by("-id")
    if before_id:
        entries = entries.filter(id__lt=before_id)
    page = list(entries[: size + 1])
    more = page[size].id if len(page) > size else None
    page = redact(page[:size], scope)
    return page, (page[-1].id if more else None)


def audit_actions() -> list[str]:
    return list(AuditEntry.objects.order_by().values_list("action", flat=True).distinct())
