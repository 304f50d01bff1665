"""Writes of conferences: atomic, audited (DESIGN.md invariant 2).

The host (a scope containing the organizing unit) writes the conference, its agenda, documents,
bridge points, conclusion and tasks; a bridge point's clerk writes only its point (contact,
connection, head count, registrations, check-ins); the assigned unit updates its task's status.

Check-ins are the hot path (thousands of clients at once): one ``INSERT … ON CONFLICT DO
NOTHING`` on the unique (conference, person) pair decides whether the person is new — never a
read-then-write, so two clients checking the same person in at the same instant count once. A
walk-in guest's registration is found the same way, on a unique walk-in key (the client's
idempotency key, or the guest's name and position at the point).
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tochuc.core.permissions import require
from tochuc.core.scope import Scope
from tochuc.audit.services import audit_record
from tochuc.conferences.models import (
    AgendaItem, Attendee, BridgePoint, CheckIn, ConclusionTask, Conference, ConferenceDocument, TaskStatus,
)
from tochuc.core.bulk import bulk_insert
from tochuc.core.tabular import ImportRejected, RowError, check_header, read_table
from tochuc.documents.selectors import visible_documents
from tochuc.domain import conferences as rules
from tochuc.domain.citations import extract_citations, normalize_code
from tochuc.domain.text import fold
from tochuc.members.selectors import scoped_members
from tochuc.orgs.models import Unit
from tochuc.orgs.selectors import versions_as_of

MAX_POINTS = 5_000
MAX_COUNT = 100_000


def _require_write(scope: Scope) -> None:
    require(scope, "conference.write")


def _require_host(scope: Scope, conference: Conference) -> None:
    _require_write(scope)
    if not versions_as_of(scope.as_of).filter(scope.path_q(), unit_id=conference.organizer_id).exists():
        raise PermissionDenied(_("Chỉ đơn vị tổ chức hội nghị mới được làm việc này."))


def _require_point(scope: Scope, point: BridgePoint) -> None:
    """The actor writes this point: its scope holds the point's unit or the organizer.
    (:func:`tochuc.conferences.selectors.point_access` has checked it already for this very
    scope and point object when it marked the point: the check-in path skips a query.)"""
    _require_write(scope)
    if getattr(point, "_reached_by", None) is scope:
        return
    wanted = [point.unit_id, point.conference.organizer_id]
    if not versions_as_of(scope.as_of).filter(scope.path_q(), unit_id__in=wanted).exists():
        raise PermissionDenied(_("Bạn chỉ được cập nhật điểm cầu của đơn vị mình."))


def conference_day(conference: Conference) -> date:
    return timezone.localdate(conference.starts_at)


def _check_times(starts_at: datetime, ends_at: datetime | None) -> None:
    if ends_at is not None and ends_at < starts_at:
        raise ValidationError({"ends_at": _("Thời gian kết thúc trước thời gian bắt đầu.")})


# --- The conference ----------------------------------------------------------------------------


@transaction.atomic
def conference_create(*, actor, scope: Scope, organizer_code: str, title: str, starts_at: datetime,
                      host_site: str, ends_at: datetime | None = None, video_link: str = "",
                      reason: str | None = None) -> Conference:
    """Create a conference organized by ``organizer_code`` (a unit in the actor's scope)."""
    _require_write(scope)
    title, host_site = title.strip(), host_site.strip()
    if not title:
        raise ValidationError({"title": _("Hãy nhập tên hội nghị.")})
    if not host_site:
        raise ValidationError({"host_site": _("Hãy nhập điểm cầu chính.")})
    _check_times(starts_at, ends_at)
    version = versions_as_of(scope.as_of).filter(scope.path_q(), unit__code=organizer_code.strip()).first()
    if version is None:
        raise ValidationError({"organizer_code": _("Không có đơn vị mã «%(code)s» trong phạm vi của bạn.")
                               % {"code": organizer_code}})
    conference = Conference.objects.create(
        organizer_id=version.unit_id, title=title, starts_at=starts_at, ends_at=ends_at, host_site=host_site,
        video_link=video_link.strip(), created_by=actor if actor is not None and actor.pk else None)
    audit_record(actor=actor, action="conference.create", obj=conference, unit_id=version.unit_id,
                 after={"title": title, "starts_at": starts_at.isoformat(), "host_site": host_site,
                        "video_link": conference.video_link}, reason=reason)
    return conference


EDITABLE = ("title", "starts_at", "ends_at", "host_site", "video_link")


@transaction.atomic
def conference_update(*, actor, scope: Scope, conference: Conference, reason: str | None = None,
                      **changes) -> Conference:
    _require_host(scope, conference)
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    before = {name: getattr(conference, name) for name in changes}
    for name, value in changes.items():
        setattr(conference, name, value.strip() if isinstance(value, str) else value)
    if not conference.title or not conference.host_site:
        raise ValidationError(_("Tên hội nghị và điểm cầu chính không được để trống."))
    _check_times(conference.starts_at, conference.ends_at)
    conference.save(update_fields=list(changes))
    audit_record(actor=actor, action="conference.update", obj=conference, unit_id=conference.organizer_id,
                 before={k: str(v) for k, v in before.items()},
                 after={k: str(getattr(conference, k)) for k in changes}, reason=reason)
    return conference


@transaction.atomic
def agenda_item_add(*, actor, scope: Scope, conference: Conference, title: str, presenter: str = "",
                    presenter_title: str = "", minutes: int | None = None, reason: str | None = None) -> AgendaItem:
    _require_host(scope, conference)
    if not title.strip():
        raise ValidationError({"title": _("Hãy nhập nội dung của mục chương trình.")})
    if minutes is not None and not 0 < minutes <= 24 * 60:
        raise ValidationError({"minutes": _("Thời lượng phải từ 1 đến 1440 phút.")})
    last = AgendaItem.objects.filter(conference=conference).order_by("-position").values_list("position", flat=True).first()
    item = AgendaItem.objects.create(conference=conference, position=(last or 0) + 1, title=title.strip(),
                                     presenter=presenter.strip(), presenter_title=presenter_title.strip(),
                                     minutes=minutes)
    audit_record(actor=actor, action="conference.agenda_add", obj=item, unit_id=conference.organizer_id,
                 after={"conference": conference.pk, "position": item.position, "title": item.title,
                        "presenter": item.presenter}, reason=reason)
    return item


@transaction.atomic
def document_add(*, actor, scope: Scope, conference: Conference, code: str, title: str,
                 issued_on: date | None = None, reason: str | None = None) -> ConferenceDocument:
    """Record a document disseminated at the conference (code, date, title as text)."""
    _require_host(scope, conference)
    code, title = " ".join(code.split()), title.strip()
    if not code:
        raise ValidationError({"code": _("Hãy nhập số, ký hiệu văn bản.")})
    if not title:
        raise ValidationError({"title": _("Hãy nhập trích yếu văn bản.")})
    if ConferenceDocument.objects.filter(conference=conference, code=code).exists():
        raise ValidationError({"code": _("Văn bản «%(code)s» đã có trong hội nghị.") % {"code": code}})
    registered = registry_match(scope=scope, code=code, issued_on=issued_on)
    if registered is not None:
        code, issued_on = registered.code, issued_on or registered.issued_on
    document = ConferenceDocument.objects.create(conference=conference, code=code, title=title, issued_on=issued_on,
                                                 document=registered)
    audit_record(actor=actor, action="conference.document_add", obj=document, unit_id=conference.organizer_id,
                 after={"conference": conference.pk, "code": code, "document": registered.pk if registered else None,
                        "issued_on": issued_on.isoformat() if issued_on else None, "title": title}, reason=reason)
    return document


def registry_match(*, scope: Scope, code: str, issued_on: date | None):
    """The registry's document with this code (written in any of the usual ways: "05 – CT / TW",
    "Chỉ thị 05-CT/TW") and date, among those the scope can read; with no date, the only one
    with the code, else None (two documents share a code across years: DOMAIN.md §5)."""
    normalized = normalize_code(code)
    if normalized is None:
        found = extract_citations(code)
        normalized = found[0].code if len(found) == 1 else None
    if normalized is None:
        return None
    candidates = visible_documents(scope).filter(code=normalized)
    if issued_on is not None:
        candidates = candidates.filter(issued_on=issued_on)
    matches = list(candidates[:2])
    return matches[0] if len(matches) == 1 else None


# --- Bridge points -----------------------------------------------------------------------------


@dataclass(frozen=True)
class PointRow:
    unit_code: str
    contact_name: str
    contact_phone: str = ""
    location: str = ""
    name: str = ""


def _max(field: str) -> int:
    return BridgePoint._meta.get_field(field).max_length


def _point_lengths(row: PointRow) -> list[tuple[str, str, int]]:
    """(column label, value, the model's max length) of a row's free-text fields."""
    return [(_("tên điểm cầu"), row.name, _max("name")), (_("địa điểm"), row.location, _max("location")),
            (_("người liên hệ"), row.contact_name, _max("contact_name")),
            (_("điện thoại"), row.contact_phone, _max("contact_phone"))]


@transaction.atomic
def bridge_points_add(*, actor, scope: Scope, conference: Conference, rows: Sequence[PointRow],
                      first_row: int = 1, row_numbers: Sequence[int] | None = None, reason: str | None = None) -> int:
    """Add bridge points set-based: every row checked first (unit in the actor's scope on the
    conference's day, not yet a point, a contact person); any problem → nothing written."""
    _require_host(scope, conference)
    if not rows:
        raise ValidationError(_("Không có điểm cầu nào để thêm."))
    if len(rows) > MAX_POINTS:
        raise ValidationError(_("Tối đa %(n)s điểm cầu mỗi lần.") % {"n": MAX_POINTS})
    day = conference_day(conference)
    day_scope = scope.at(day)
    codes = sorted({r.unit_code.strip() for r in rows})
    found = {}
    for start in range(0, len(codes), 10_000):
        for unit_id, code, kind, name in (versions_as_of(day).filter(day_scope.path_q(), unit__code__in=codes[start:start + 10_000])
                                          .values_list("unit_id", "unit__code", "kind", "name")):
            found[code] = (unit_id, kind, name)
    taken = set(BridgePoint.objects.filter(conference=conference).values_list("unit_id", flat=True))
    errors, seen, good = [], set(), []
    numbers = row_numbers if row_numbers is not None else range(first_row, first_row + len(rows))
    for number, row in zip(numbers, rows, strict=True):
        code = row.unit_code.strip()
        unit = found.get(code)
        if not code:
            errors.append(RowError(number, _("mã đơn vị"), _("thiếu mã đơn vị")))
        elif unit is None:
            errors.append(RowError(number, _("mã đơn vị"), _("không có đơn vị «%(code)s» trong phạm vi của bạn vào ngày %(day)s")
                                   % {"code": code, "day": day.strftime("%d/%m/%Y")}))
        elif unit[0] in taken or code in seen:
            errors.append(RowError(number, _("mã đơn vị"), _("đơn vị «%(code)s» đã là điểm cầu của hội nghị") % {"code": code}))
        if not row.contact_name.strip():
            errors.append(RowError(number, _("người liên hệ"), _("thiếu người liên hệ")))
        for label, value, limit in _point_lengths(row):
            if len(value.strip()) > limit:  # refused, not cut: a cut name or phone is a wrong one
                errors.append(RowError(number, label, _("quá %(max)s ký tự") % {"max": limit}))
        seen.add(code)
        if unit is not None:
            good.append((row, unit))
    if errors:
        raise ImportRejected(errors)
    written = bulk_insert(BridgePoint, ["conference", "unit", "level", "name", "location", "contact_name",
                                        "contact_phone", "connected_at", "reported_count", "reported_at"], [
        (conference.pk, unit_id, rules.level_of(kind), (row.name.strip() or name)[:_max("name")], row.location.strip(),
         row.contact_name.strip(), row.contact_phone.strip(), None, None, None)
        for row, (unit_id, kind, name) in good
    ])
    audit_record(actor=actor, action="conference.points_add", obj=conference, unit_id=conference.organizer_id,
                 after={"count": written, "units": [row.unit_code.strip() for row, _unit in good][:200]}, reason=reason)
    return written


POINT_COLUMNS = ("unit_code", "contact_name")
POINT_OPTIONAL = ("contact_phone", "location", "name")


def bridge_points_import(*, actor, scope: Scope, conference: Conference, stream, source: str,
                         reason: str | None = None) -> int:
    """Bridge points from a CSV/XLSX ``unit_code,contact_name[,contact_phone,location,name]``;
    every problem reported as ``dòng N, cột X: lý do``, nothing written unless all is right."""
    table = read_table(stream, source)
    problems = check_header(table.header, POINT_COLUMNS, POINT_OPTIONAL)
    if problems:
        raise ImportRejected(problems)
    index = {name: table.column(name) for name in (*POINT_COLUMNS, *POINT_OPTIONAL)}

    def cell(cells: list[str], name: str) -> str:
        i = index[name]
        return cells[i].strip() if i is not None and i < len(cells) else ""

    rows = [PointRow(**{name: cell(cells, name) for name in index}) for _n, cells in table.rows]
    return bridge_points_add(actor=actor, scope=scope, conference=conference, rows=rows,
                             row_numbers=[n for n, _cells in table.rows], reason=reason)


@transaction.atomic
def bridge_point_update(*, actor, scope: Scope, point: BridgePoint, contact_name: str, contact_phone: str = "",
                        location: str = "", reason: str | None = None) -> BridgePoint:
    _require_point(scope, point)
    if not contact_name.strip():
        raise ValidationError({"contact_name": _("Hãy nhập người liên hệ.")})
    fields = (("contact_name", contact_name), ("contact_phone", contact_phone), ("location", location))
    too_long = {field: _("Quá %(max)s ký tự.") % {"max": _max(field)}
                for field, value in fields if len(value.strip()) > _max(field)}
    if too_long:
        raise ValidationError(too_long)
    before = {"contact_name": point.contact_name, "contact_phone": point.contact_phone, "location": point.location}
    point.contact_name, point.contact_phone, point.location = contact_name.strip(), contact_phone.strip(), location.strip()
    point.save(update_fields=["contact_name", "contact_phone", "location"])
    audit_record(actor=actor, action="conference.point_update", obj=point, unit_id=point.unit_id, before=before,
                 after={"contact_name": point.contact_name, "contact_phone": point.contact_phone,
                        "location": point.location}, reason=reason)
    return point


@transaction.atomic
def bridge_point_connect(*, actor, scope: Scope, point: BridgePoint, reason: str | None = None) -> BridgePoint:
    """The point says it is connected (idempotent: the first time is kept)."""
    _require_point(scope, point)
    now = timezone.now()
    if BridgePoint.objects.filter(pk=point.pk, connected_at__isnull=True).update(connected_at=now):
        point.connected_at = now
        audit_record(actor=actor, action="conference.point_connect", obj=point, unit_id=point.unit_id,
                     after={"connected_at": now.isoformat()}, reason=reason)
    else:
        point.refresh_from_db(fields=["connected_at"])
    return point


@transaction.atomic
def bridge_point_report_count(*, actor, scope: Scope, point: BridgePoint, count: int | None,
                              reason: str | None = None) -> BridgePoint:
    """The point reports its head count (None withdraws it)."""
    _require_point(scope, point)
    if count is not None and not 0 <= count <= MAX_COUNT:
        raise ValidationError({"count": _("Số đại biểu phải từ 0 đến %(n)s.") % {"n": MAX_COUNT}})
    before = point.reported_count
    now = timezone.now()
    point.reported_count, point.reported_at = count, now if count is not None else None
    point.save(update_fields=["reported_count", "reported_at"])
    BridgePoint.objects.filter(pk=point.pk, connected_at__isnull=True).update(connected_at=now)
    audit_record(actor=actor, action="conference.point_count", obj=point, unit_id=point.unit_id,
                 before={"reported_count": before}, after={"reported_count": count}, reason=reason)
    return point


# --- Registrations ----------------------------------------------------------------------------


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
        names.update(scoped_members(scope).filter(pk__in=member_ids[start:start + 10_000]).values_list("pk", "full_name"))
    taken = {}
    for start in range(0, len(member_ids), 10_000):
        taken.update(Attendee.objects.filter(conference_id=point.conference_id, member_id__in=member_ids[start:start + 10_000])
                     .values_list("member_id", "point__name"))
    seen = set()
    for number, member_id in enumerate(member_ids, start=1):
        if member_id not in names:
            errors.append(RowError(number, _("đảng viên"), _("không có đảng viên số %(id)s trong phạm vi của bạn") % {"id": member_id}))
        elif member_id in taken:
            errors.append(RowError(number, _("đảng viên"), _("%(name)s đã đăng ký tại điểm cầu %(point)s")
                                   % {"name": names[member_id], "point": taken[member_id]}))
        elif member_id in seen:
            errors.append(RowError(number, _("đảng viên"), _("%(name)s có hai lần trong danh sách") % {"name": names[member_id]}))
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


# --- Check-ins (the hot path) -----------------------------------------------------------------


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
        raise ValidationError({"member_id": _("Không có đảng viên số %(id)s trong phạm vi của bạn.") % {"id": member_id}})
    table = Attendee._meta.db_table
    new_id = _insert_or_ignore(
        f'INSERT INTO "{table}" ("conference_id", "point_id", "member_id", "full_name", "position", "registered_at") '
        f'VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT DO NOTHING RETURNING "id"',
        [point.conference_id, point.pk, member_id, name, "", connection.ops.adapt_datetimefield_value(timezone.now())])
    if new_id is None:  # registered by another client meanwhile
        return Attendee.objects.get(conference_id=point.conference_id, member_id=member_id)
    return Attendee(pk=new_id, conference_id=point.conference_id, point_id=point.pk, member_id=member_id, full_name=name)


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
            raise ValidationError({"attendee_id": _("Đại biểu số %(id)s không đăng ký tại điểm cầu này.") % {"id": attendee_id}})
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
        first = CheckIn.objects.filter(conference_id=point.conference_id, person=person).values("point_id", "checked_at").get()
        return CheckInResult(created=False, attendee=attendee, point_id=first["point_id"], checked_at=first["checked_at"])
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


# --- Conclusion and tasks ----------------------------------------------------------------------


@transaction.atomic
def conclusion_record(*, actor, scope: Scope, conference: Conference, text: str, reason: str | None = None) -> Conference:
    _require_host(scope, conference)
    if not text.strip():
        raise ValidationError({"text": _("Hãy nhập nội dung kết luận.")})
    before = conference.conclusion
    conference.conclusion, conference.concluded_at = text.strip(), timezone.now()
    conference.save(update_fields=["conclusion", "concluded_at"])
    audit_record(actor=actor, action="conference.conclude", obj=conference, unit_id=conference.organizer_id,
                 before={"conclusion": before}, after={"conclusion": conference.conclusion}, reason=reason)
    return conference


@transaction.atomic
def task_assign(*, actor, scope: Scope, conference: Conference, unit_code: str, description: str,
                deadline: date | None = None, reason: str | None = None) -> ConclusionTask:
    """Assign a task of the conclusion to a unit (in the host's scope) with a deadline."""
    _require_host(scope, conference)
    if not description.strip():
        raise ValidationError({"description": _("Hãy nhập nội dung nhiệm vụ.")})
    unit_id = versions_as_of(scope.as_of).filter(scope.path_q(), unit__code=unit_code.strip()).values_list("unit_id", flat=True).first()
    if unit_id is None:
        raise ValidationError({"unit_code": _("Không có đơn vị mã «%(code)s» trong phạm vi của bạn.") % {"code": unit_code}})
    if deadline is not None and deadline < conference_day(conference):
        raise ValidationError({"deadline": _("Thời hạn trước ngày hội nghị.")})
    task = ConclusionTask.objects.create(conference=conference, unit_id=unit_id, description=description.strip(),
                                         deadline=deadline)
    audit_record(actor=actor, action="conference.task_assign", obj=task, unit_id=unit_id,
                 after={"conference": conference.pk, "unit": Unit.objects.get(pk=unit_id).code,
                        "deadline": deadline.isoformat() if deadline else None, "description": task.description},
                 reason=reason)
    return task


@transaction.atomic
def task_set_status(*, actor, scope: Scope, task: ConclusionTask, status: str, note: str = "",
                    reason: str | None = None) -> ConclusionTask:
    """The assigned unit (or the host) moves a task along (allowed moves: tochuc.domain.conferences)."""
    _require_write(scope)
    if not versions_as_of(scope.as_of).filter(scope.path_q(), unit_id__in=[task.unit_id, task.conference.organizer_id]).exists():
        raise PermissionDenied(_("Bạn không có quyền cập nhật nhiệm vụ này."))
    if status not in TaskStatus.values:
        raise ValidationError({"status": _("Tình trạng «%(s)s» không hợp lệ.") % {"s": status}})
    if not rules.task_can_move(task.status, status):
        raise ValidationError({"status": _("Không thể chuyển từ «%(a)s» sang «%(b)s».")
                               % {"a": TaskStatus(task.status).label, "b": TaskStatus(status).label}})
    before = task.status
    task.status, task.status_note, task.updated_at = status, note.strip(), timezone.now()
    task.save(update_fields=["status", "status_note", "updated_at"])
    audit_record(actor=actor, action="conference.task_status", obj=task, unit_id=task.unit_id,
                 before={"status": before}, after={"status": status, "note": task.status_note}, reason=reason)
    return task


@transaction.atomic
def attendance_exported(*, actor, scope: Scope, conference: Conference, rows: int) -> None:
    """Exports of attendee lists are audited (they carry names of members)."""
    audit_record(actor=actor, action="conference.export", obj=conference, unit_id=conference.organizer_id,
                 after={"rows": rows})
