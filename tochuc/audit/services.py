"""Writing audit rows. Called by every service, inside the service's transaction."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from tochuc.audit.models import AuditEntry

#: The API token a request came with (set per request by accounts' middleware, filled by the
#: token check): the first audit row a write records brings one ``user.token_use`` row with it,
#: in the same transaction, so a refused write or a POST that writes nothing leaves no row.
_token_use: ContextVar[dict | None] = ContextVar("tochuc_token_use", default=None)


@contextmanager
def token_use_watch() -> Iterator[dict]:
    """For one request: a holder the token check fills with the ``user.token_use`` row to write."""
    holder: dict = {}
    reset = _token_use.set(holder)
    try:
        yield holder
    finally:
        _token_use.reset(reset)


def token_use_note(**row: Any) -> None:
    """The row (``audit_record``'s keywords) to write if this request's token writes anything."""
    holder = _token_use.get()
    if holder is not None:
        holder["row"] = row


def _token_use_record() -> None:
    holder = _token_use.get()
    if holder and "row" in holder and not holder.get("recorded"):
        holder["recorded"] = True
        row = holder["row"]
        AuditEntry.objects.create(actor=row["actor"], actor_name=actor_name(row["actor"]), action="user.token_use",
                                  object_type=row["actor"]._meta.label_lower, object_id=str(row["actor"].pk),
                                  object_repr=str(row["actor"]), unit_id=row.get("unit_id"), after=row.get("after"))


def actor_name(actor) -> str:
    return actor.get_username() if actor is not None else _("hệ thống")


def audit_record(
    *,
    actor,
    action: str,
    obj: Any = None,
    object_type: str = "",
    object_id: str | int = "",
    object_repr: str = "",
    unit_id: int | None = None,
    before: dict | None = None,
    after: dict | None = None,
    reason: str | None = None,
) -> AuditEntry:
    """Record one write. ``obj`` fills type/id/repr when given."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record must run inside the service's transaction")
    _token_use_record()
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or obj.pk
        object_repr = object_repr or str(obj)
    return AuditEntry.objects.create(
        actor=actor if actor is not None and actor.pk else None,
        actor_name=actor_name(actor),
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        object_repr=object_repr[:255],
        unit_id=unit_id,
        before=before,
        after=after,
        reason=reason or "",
    )


def audit_record_many(*, actor, entries: list[dict]) -> int:
    """Record many writes of one bulk operation at once (each dict: the keywords of
    :func:`audit_record` but ``actor`` and ``obj``)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record_many must run inside the service's transaction")
    _token_use_record()
    name = actor_name(actor)
    actor = actor if actor is not None and actor.pk else None
    rows = [
        AuditEntry(
            actor=actor, actor_name=name, action=e["action"], object_type=e.get("object_type", ""),
            object_id=str(e.get("object_id", "")), object_repr=e.get("object_repr", "")[:255],
            unit_id=e.get("unit_id"), before=e.get("before"), after=e.get("after"), reason=e.get("reason") or "",
        )
        for e in entries
    ]
    AuditEntry.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def personal_data_read(*, actor, action: str, obj: Any = None, object_type: str = "", object_id: str | int = "",
                       object_repr: str = "", unit_id: int | None = None, details: dict | None = None) -> AuditEntry:
    """One audit row for one request that reads or exports personal data (issue 13, finding 6):
    who read what, once per request, never once per row (``details`` carries counts and ids).

    What counts as personal data here, on every channel (page, API, file, CLI):
    - a member's citizen ID or phone shown in full (the record page, ``GET /members/{id}``,
      ``GET /members/search``);
    - the names of members absent from their branch meetings across a subtree (compliance page,
      XLSX, API, CLI ``--branches``);
    - every file that names people (member lists, due lists, compliance, meeting minutes, counting
      minutes, conference attendance).
    On-screen lists of names inside one's own working records (a meeting's sheet, a congress's
    delegates) are not logged: they are the work itself, and logging each view would bury the
    writes the log is for."""
    with transaction.atomic():
        return audit_record(actor=actor, action=action, obj=obj, object_type=object_type, object_id=object_id,
                            object_repr=object_repr, unit_id=unit_id, after=details)
