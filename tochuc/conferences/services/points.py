"""Bridge points: added by the host set-based (by hand or from a CSV/XLSX file, every row checked
first, nothing written on any problem), then kept by each point's clerk (contact, connection,
head count)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tochuc.audit.services import audit_record
from tochuc.conferences.models import BridgePoint, Conference
from tochuc.conferences.services._common import _require_host, _require_point, conference_day
from tochuc.core.bulk import bulk_insert
from tochuc.core.scope import Scope
from tochuc.core.tabular import ImportRejected, RowError, check_header, read_table
from tochuc.domain import conferences as rules
from tochuc.orgs.selectors import versions_as_of

MAX_POINTS = 5_000
MAX_COUNT = 100_000


def _max(field: str) -> int:
    return BridgePoint._meta.get_field(field).max_length


@dataclass(frozen=True)
class PointRow:
    unit_code: str
    contact_name: str
    contact_phone: str = ""
    location: str = ""
    name: str = ""


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
        for unit_id, code, kind, name in (versions_as_of(day).filter(day_scope.path_q(),
                                                                     unit__code__in=codes[start:start + 10_000])
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
            errors.append(RowError(number, _("mã đơn vị"),
                                   _("không có đơn vị «%(code)s» trong phạm vi của bạn vào ngày %(day)s")
                                   % {"code": code, "day": day.strftime("%d/%m/%Y")}))
        elif unit[0] in taken or code in seen:
            errors.append(RowError(number, _("mã đơn vị"),
                                   _("đơn vị «%(code)s» đã là điểm cầu của hội nghị") % {"code": code}))
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
    point.contact_name, point.contact_phone, point.location = (
        contact_name.strip(), contact_phone.strip(), location.strip()
    )
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
