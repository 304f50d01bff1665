"""Who is expected at a bridge point (members of the registry in the actor's scope, named guests),
registered set-based and all or nothing; and the audit of attendee lists leaving as files."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tochuc.audit.services import audit_record
from tochuc.conferences.models import Attendee, BridgePoint, Conference
from tochuc.conferences.services._common import _require_point
from tochuc.core.bulk import bulk_insert
from tochuc.core.scope import Scope
from tochuc.core.tabular import ImportRejected, RowError
from tochuc.members.selectors import scoped_members


@dataclass(frozen=True)
class Guest:
    full_name: str
    position: str = ""


@transaction.atomic
def attendees_register(*, actor, scope: Scope, point: BridgePoint, member_ids: Sequence[int] = (),
                       guests: Sequence[Guest] = (), reason: str | None = None) -> int:
    """Register expected attendees at a point, set-based and all or nothing: members of the
    registry visible in the actor's scope (each at one point of the conference), and named
    guests. Rows are numbered members first, then guests, from 1."""
    _require_point(scope, point)
    member_ids = list(member_ids)
    errors: list[RowError] = []
    names = {}
    for start in range(0, len(member_ids), 10_000):
        names.update(scoped_members(scope).filter(pk__in=member_ids[start:start + 10_000]).values_list("pk",
                                                                                                       "full_name"))
    taken = {}
    for start in range(0, len(member_ids), 10_000):
        taken.update(Attendee.objects.filter(conference_id=point.conference_id,
                                             member_id__in=member_ids[start:start + 10_000])
                     .values_list("member_id", "point__name"))
    seen = set()
    for number, member_id in enumerate(member_ids, start=1):
        if member_id not in names:
            errors.append(RowError(number, _("đảng viên"),
                                   _("không có đảng viên số %(id)s trong phạm vi của bạn") % {"id": member_id}))
        elif member_id in taken:
            errors.append(RowError(number, _("đảng viên"), _("%(name)s đã đăng ký tại điểm cầu %(point)s")
                                   % {"name": names[member_id], "point": taken[member_id]}))
        elif member_id in seen:
            errors.append(RowError(number, _("đảng viên"),
                                   _("%(name)s có hai lần trong danh sách") % {"name": names[member_id]}))
        seen.add(member_id)
    for number, guest in enumerate(guests, start=len(member_ids) + 1):
        if not guest.full_name.strip():
            errors.append(RowError(number, _("họ và tên"), _("thiếu họ và tên khách mời")))
        elif len(guest.full_name.strip()) > 120:
            errors.append(RowError(number, _("họ và tên"), _("quá 120 ký tự")))
    if errors:
        raise ImportRejected(errors)
    if not member_ids and not guests:
        raise ValidationError(_("Không có đại biểu nào để đăng ký."))
    now = timezone.now()
    rows = [(point.conference_id, point.pk, member_id, names[member_id], "", now) for member_id in member_ids]
    rows += [(point.conference_id, point.pk, None, g.full_name.strip(), g.position.strip()[:200], now) for g in guests]
    written = bulk_insert(Attendee, ["conference", "point", "member", "full_name", "position", "registered_at"], rows)
    audit_record(actor=actor, action="conference.register", obj=point, unit_id=point.unit_id,
                 after={"members": len(member_ids), "guests": len(guests)}, reason=reason)
    return written


@transaction.atomic
def attendance_exported(*, actor, scope: Scope, conference: Conference, rows: int) -> None:
    """Exports of attendee lists are audited (they carry names of members)."""
    audit_record(actor=actor, action="conference.export", obj=conference, unit_id=conference.organizer_id,
                 after={"rows": rows})
