"""Check-ins, the hot path (thousands of clients at once).

One ``INSERT … ON CONFLICT DO NOTHING`` on the unique (conference, person) pair decides whether
the person is new — never a read-then-write, so two clients checking the same person in at the
same instant count once. A walk-in guest's registration is found the same way, on a unique
walk-in key (the client's idempotency key, or the guest's name and position at the point).
"""

from __future__ import annotations

import functools
import threading
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tochuc.audit.services import audit_record
from tochuc.conferences.models import Attendee, BridgePoint, CheckIn
from tochuc.conferences.services._common import _require_point
from tochuc.core.scope import Scope
from tochuc.domain import conferences as rules
from tochuc.domain.text import fold
from tochuc.members.selectors import scoped_members


@dataclass(frozen=True)
class CheckInResult:
    created: bool
    attendee: Attendee
    point_id: int  # where the person was (first) checked in
    checked_at: datetime


def _insert_or_ignore(sql: str, params: list) -> int | None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return row[0] if row else None


def _member_attendee(*, scope: Scope, point: BridgePoint, member_id: int) -> Attendee:
    """The member's registration in the conference; a member not registered anywhere, visible
    in the actor's scope, is registered at this point on the spot."""
    found = Attendee.objects.filter(conference_id=point.conference_id, member_id=member_id).first()
    if found is not None:
        return found
    name = scoped_members(scope).filter(pk=member_id).values_list("full_name", flat=True).first()
    if name is None:
        raise ValidationError(
            {"member_id": _("Không có đảng viên số %(id)s trong phạm vi của bạn.") % {"id": member_id}}
        )
    table = Attendee._meta.db_table
    new_id = _insert_or_ignore(
        f'INSERT INTO "{table}" ("conference_id", "point_id", "member_id", "full_name", "position", "registered_at") '
        f'VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT DO NOTHING RETURNING "id"',
        [point.conference_id, point.pk, member_id, name, "", connection.ops.adapt_datetimefield_value(timezone.now())])
    if new_id is None:  # registered by another client meanwhile
        return Attendee.objects.get(conference_id=point.conference_id, member_id=member_id)
    return Attendee(pk=new_id, conference_id=point.conference_id, point_id=point.pk, member_id=member_id,
                    full_name=name)


_KEY_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.:")


def _idempotency_key(value: str | None) -> str | None:
    value = (value or "").strip()
    if not value:
        return None
    if len(value) > 64 or not set(value) <= _KEY_CHARS:
        raise ValidationError({"idempotency_key": _("Mã chống lặp (idempotency_key) phải có 1–64 ký tự chữ không dấu, "
                                                    "số hoặc - _ . :")})
    return value


def _walk_in_attendee(*, point: BridgePoint, name: str, position: str, key: str | None) -> Attendee:
    """The walk-in guest's registration at ``point``: inserted or, when a retry (or a concurrent
    client) got there first, the one already there — insert-or-ignore on the unique walk-in key,
    never a read before the write."""
    import hashlib

    if len(name) > 120:
        raise ValidationError({"guest_name": _("Họ và tên quá 120 ký tự.")})
    position = " ".join(position.split())[:200]
    if key is not None:
        walk_in_key = f"k:{point.pk}:{key}"
    else:
        natural = f"{fold(name)}\x1f{fold(position)}".encode()
        walk_in_key = f"n:{point.pk}:{hashlib.sha256(natural).hexdigest()}"
    table = Attendee._meta.db_table
    new_id = _insert_or_ignore(
        f'INSERT INTO "{table}" ("conference_id", "point_id", "member_id", "full_name", "position", "registered_at", '
        f'"walk_in_key") VALUES (%s, %s, NULL, %s, %s, %s, %s) ON CONFLICT DO NOTHING RETURNING "id"',
        [point.conference_id, point.pk, name, position, connection.ops.adapt_datetimefield_value(timezone.now()),
         walk_in_key])
    if new_id is not None:
        return Attendee(pk=new_id, conference_id=point.conference_id, point_id=point.pk, full_name=name,
                        position=position, walk_in_key=walk_in_key)
    found = Attendee.objects.get(conference_id=point.conference_id, walk_in_key=walk_in_key)
    if key is not None and fold(found.full_name) != fold(name):
        message = _("Mã chống lặp (idempotency_key) «%(key)s» đã dùng để điểm danh %(name)s, không dùng lại cho "
                    "người khác.") % {"key": key, "name": found.full_name}
        raise ValidationError({"idempotency_key": message})
    return found


_sqlite_writers = threading.Lock()


def one_writer_at_a_time_on_sqlite(write):
    """SQLite has one writer at a time; threads of one server process that wait for it in
    SQLite's busy handler sleep in growing steps and are served in no order (p95 of seconds under
    32 clients). Queuing them on a lock first serves them in turn. Other processes still wait in
    the busy handler (``timeout`` in settings), so this is only about latency, never correctness;
    on PostgreSQL it does nothing."""

    @functools.wraps(write)
    def wrapper(*args, **kwargs):
        if connection.vendor != "sqlite" or connection.in_atomic_block:
            return write(*args, **kwargs)
        with _sqlite_writers:
            return write(*args, **kwargs)

    return wrapper


@one_writer_at_a_time_on_sqlite
@transaction.atomic
def checkin_record(*, actor, scope: Scope, point: BridgePoint, attendee_id: int | None = None,
                   member_id: int | None = None, guest_name: str | None = None, guest_position: str = "",
                   idempotency_key: str | None = None, reason: str | None = None) -> CheckInResult:
    """Check a person in at ``point``: a registration (``attendee_id``, at this point), a member
    (registered anywhere in the conference, or on the spot), or a walk-in guest (registered here).
    Idempotent: a person already checked in (here or at another point) is not counted again and
    ``created`` is False. A walk-in guest is one person per ``idempotency_key`` (the client's key
    for this check-in, sent again on a retry) or, without a key, per name and position at the
    point; both are unique in the database, so concurrent retries register one guest."""
    _require_point(scope, point)
    key = _idempotency_key(idempotency_key)
    guest_name = " ".join((guest_name or "").split()) or None
    given = [v for v in (attendee_id, member_id, guest_name) if v is not None]
    if len(given) != 1:
        raise ValidationError(_("Hãy cho biết đúng một trong: số đăng ký, đảng viên, hoặc tên khách mời."))
    if attendee_id is not None:
        attendee = Attendee.objects.filter(pk=attendee_id, point=point).first()
        if attendee is None:
            raise ValidationError(
                {"attendee_id": _("Đại biểu số %(id)s không đăng ký tại điểm cầu này.") % {"id": attendee_id}}
            )
    elif member_id is not None:
        attendee = _member_attendee(scope=scope, point=point, member_id=member_id)
    else:
        attendee = _walk_in_attendee(point=point, name=guest_name, position=guest_position, key=key)
    person = rules.person_key(member_id=attendee.member_id, attendee_id=attendee.pk)
    now = timezone.now()
    table = CheckIn._meta.db_table
    new_id = _insert_or_ignore(
        f'INSERT INTO "{table}" ("conference_id", "point_id", "person", "attendee_id", "checked_at", "checked_by_id") '
        f'VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT ("conference_id", "person") DO NOTHING RETURNING "id"',
        [point.conference_id, point.pk, person, attendee.pk, connection.ops.adapt_datetimefield_value(now),
         actor.pk if actor is not None and actor.pk else None])
    if new_id is None:
        first = CheckIn.objects.filter(conference_id=point.conference_id, person=person).values("point_id",
                                                                                                "checked_at").get()
        return CheckInResult(created=False, attendee=attendee, point_id=first["point_id"],
                             checked_at=first["checked_at"])
    if point.connected_at is None:
        BridgePoint.objects.filter(pk=point.pk, connected_at__isnull=True).update(connected_at=now)
    audit_record(actor=actor, action="conference.checkin", object_type="conferences.checkin", object_id=new_id,
                 object_repr=attendee.full_name, unit_id=point.unit_id,
                 after={"conference": point.conference_id, "point": point.pk, "person": person}, reason=reason)
    return CheckInResult(created=True, attendee=attendee, point_id=point.pk, checked_at=now)


@transaction.atomic
def checkin_cancel(*, actor, scope: Scope, point: BridgePoint, attendee_id: int, reason: str | None = None) -> bool:
    """Undo a mistaken check-in made at this point."""
    _require_point(scope, point)
    found = CheckIn.objects.filter(point=point, attendee_id=attendee_id).select_related("attendee").first()
    if found is None:
        return False
    audit_record(actor=actor, action="conference.checkin_cancel", object_type="conferences.checkin", object_id=found.pk,
                 object_repr=found.attendee.full_name, unit_id=point.unit_id,
                 before={"person": found.person, "checked_at": found.checked_at.isoformat()}, reason=reason)
    found.delete()
    return True
