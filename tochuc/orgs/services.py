"""Writes to the organization tree. Each is atomic and writes its audit row (DESIGN.md inv. 2)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import IO

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext as _

from tochuc.audit.services import audit_record, audit_record_many
from tochuc.core import changes
from tochuc.core.bulk import allocate_ids, bulk_insert
from tochuc.core.permissions import allows, denied_message, require
from tochuc.core.scope import Scope
from tochuc.core.tabular import read_csv
from tochuc.domain import orgs as rules
from tochuc.domain.text import fold
from tochuc.orgs import importing
from tochuc.orgs.models import Unit, UnitVersion
from tochuc.orgs.selectors import valid_on

Progress = Callable[[str, int, int], None]

IN_CHUNK = 30_000  # below SQLite's default limit of 32,766 bound parameters


def _no_progress(stage: str, done: int, total: int) -> None:
    return None


def _version_snapshot(version: UnitVersion) -> dict:
    return {
        "name": version.name,
        "kind": version.kind,
        "parent_id": version.parent_id,
        "valid_from": version.valid_from.isoformat(),
        "valid_to": version.valid_to.isoformat() if version.valid_to else None,
    }


def _require_in_scope(scope: Scope, path: str) -> None:
    """The role may change units (the permission table), and this one lies in the scope."""
    require(scope, "unit.write")
    if not scope.contains_path(path):
        raise PermissionDenied(denied_message("unit.write"))


@transaction.atomic
def unit_create(
    *,
    actor,
    scope: Scope,
    code: str,
    name: str,
    kind: str,
    parent_code: str,
    valid_from: date,
    admin_code: str = "",
    reason: str | None = None,
) -> UnitVersion:
    """Create one unit under ``parent_code`` from ``valid_from`` on."""
    code, name = code.strip(), name.strip()
    if not code or not name:
        raise ValidationError(_("Mã và tên đơn vị là bắt buộc."))
    if Unit.objects.filter(code=code).exists():
        raise ValidationError(_("Mã «%(code)s» đã có trong hệ thống.") % {"code": code})
    parent = (
        UnitVersion.objects.select_for_update()
        .filter(valid_on(valid_from), unit__code=parent_code)
        .first()
    )
    if parent is None:
        raise ValidationError(_("Không tìm thấy cấp trên «%(code)s» vào ngày %(day)s.") % {
            "code": parent_code, "day": valid_from.strftime("%d/%m/%Y")})
    _require_in_scope(scope, parent.path)
    if not rules.parent_kind_allowed(kind, parent.kind):
        raise ValidationError(_("Loại «%(kind)s» không thể trực thuộc «%(parent)s».") % {"kind": kind,
                                                                                         "parent": parent.kind})
    if not rules.kind_allowed_on(kind, valid_from):
        raise ValidationError(_("Cấp huyện đã kết thúc từ 01/07/2025 (Quy định 294-QĐ/TW)."))
    if parent.valid_to is not None:
        raise ValidationError(
            _("Cấp trên «%(code)s» thay đổi sau ngày hiệu lực; hãy chọn ngày sau đó.") % {"code": parent_code}
        )
    unit = Unit.objects.create(code=code, admin_code=admin_code)
    version = UnitVersion.objects.create(
        unit=unit,
        name=name,
        search_key=fold(name),
        kind=kind,
        parent_id=parent.unit_id,
        path=parent.path + rules.path_segment(unit.pk),
        depth=parent.depth + 1,
        valid_from=valid_from,
    )
    audit_record(actor=actor, action="unit.create", obj=unit, object_repr=f"{code} {name}", unit_id=unit.pk,
                 after=_version_snapshot(version), reason=reason)
    changes.touched(units=[unit.pk], kinds=[changes.UNITS])
    return version


@transaction.atomic
def unit_rename(
    *, actor, scope: Scope, code: str, name: str, effective: date, reason: str | None = None
) -> UnitVersion:
    """Give a unit a new name from ``effective`` on; the old name stays in its history."""
    name = name.strip()
    if not name:
        raise ValidationError(_("Tên đơn vị là bắt buộc."))
    current = UnitVersion.objects.select_for_update().select_related("unit").filter(
        unit__code=code, valid_to__isnull=True).first()
    if current is None:
        raise UnitVersion.DoesNotExist(code)
    _require_in_scope(scope, current.path)
    if effective <= current.valid_from:
        raise ValidationError(_("Ngày hiệu lực phải sau ngày %(day)s của tên hiện tại.") % {
            "day": current.valid_from.strftime("%d/%m/%Y")})
    if name == current.name:
        raise ValidationError(_("Tên mới trùng tên hiện tại."))
    before = _version_snapshot(current)
    current.valid_to = effective
    current.save(update_fields=["valid_to"])
    renamed = UnitVersion.objects.create(
        unit=current.unit, name=name, search_key=fold(name), kind=current.kind, parent_id=current.parent_id,
        path=current.path, depth=current.depth, valid_from=effective,
    )
    audit_record(actor=actor, action="unit.rename", obj=current.unit, object_repr=f"{code} {name}",
                 unit_id=current.unit_id, before=before, after=_version_snapshot(renamed), reason=reason)
    changes.touched(units=[current.unit_id], kinds=[changes.UNITS])
    return renamed


@dataclass(frozen=True)
class ImportResult:
    created: int
    roots: dict[str, int]  # parent code outside the file (or the file's root) → units created under it


def existing_units(codes: Iterable[str]) -> dict[str, importing.ExistingUnit]:
    """What the database knows of ``codes``: one array query on PostgreSQL (a statement with
    hundreds of thousands of ``%s`` is re-parsed per call), chunks of IN on SQLite."""
    codes = list(codes)
    versions: dict[str, list[importing.ExistingVersion]] = {}
    fields = ("unit__code", "unit_id", "kind", "path", "depth", "valid_from", "valid_to")
    if connection.vendor == "postgresql":
        batches = [UnitVersion.objects.filter(unit_id__in=RawSQL("SELECT id FROM orgs_unit WHERE code = ANY(%s)",
                                                                 (codes,)))]
    else:
        batches = [UnitVersion.objects.filter(unit__code__in=codes[i : i + IN_CHUNK]) for i in range(0, len(codes),
                                                                                                     IN_CHUNK)]
    for batch in batches:
        for code, *values in batch.values_list(*fields):
            versions.setdefault(code, []).append(importing.ExistingVersion(*values))
    return {code: importing.ExistingUnit(tuple(sorted(v, key=lambda x: x.valid_from))) for code, v in versions.items()}


def units_import(
    *, actor, scope: Scope, stream: IO[bytes] | IO[str], source: str = "", reason: str | None = None,
    progress: Progress = _no_progress,
) -> ImportResult:
    """Load units from a CSV: all rows, or nothing (raises :class:`importing.ImportRejected`)."""
    table = read_csv(stream)
    progress("read", len(table.rows), len(table.rows))
    columns = [i for i in (table.column("code"), table.column("parent_code")) if i is not None]
    codes = {cells[i].strip() for _, cells in table.rows for i in columns if i < len(cells)}
    codes.discard("")
    existing = existing_units(codes)
    rows, errors = importing.validate_rows(table, existing)
    progress("validate", len(table.rows), len(table.rows))
    if errors:
        raise importing.ImportRejected(errors)
    outside_scope = sorted({
        row.parent_code for row in rows
        if row.parent_code in existing
        and not (allows(scope, "unit.write") and scope.contains_path(existing[row.parent_code].versions[-1].path))
    } | ({"-"} if any(row.parent_code is None for row in rows) and not scope.is_system else set()))
    if outside_scope:
        raise PermissionDenied(_("Bạn không có quyền thêm đơn vị dưới: %(codes)s") % {"codes": ", "
                                                                                               "".join(outside_scope)})
    return _write_units(actor=actor, rows=rows, existing=existing, source=source, reason=reason, progress=progress)


@transaction.atomic
def _write_units(*, actor, rows, existing, source, reason, progress: Progress) -> ImportResult:
    by_code = {row.code: row for row in rows}
    order = rules.topological_order({row.code: row.parent_code for row in rows})
    ids = dict(zip(order, allocate_ids(Unit, len(order)), strict=True))
    placed: dict[str, tuple[str, int, int]] = {}  # code → (path, depth, top code)
    roots: dict[str, int] = {}
    now = timezone.now()
    unit_rows, version_rows = [], []
    for code in order:
        row = by_code[code]
        unit_id = ids[code]
        if row.parent_code is None:
            path, depth, top = rules.path_segment(unit_id), 0, code
        elif row.parent_code in placed:
            parent_path, parent_depth, top = placed[row.parent_code]
            path, depth = parent_path + rules.path_segment(unit_id), parent_depth + 1
        else:
            parent = existing[row.parent_code].at(row.valid_from)
            path, depth, top = parent.path + rules.path_segment(unit_id), parent.depth + 1, row.parent_code
        placed[code] = (path, depth, top)
        roots[top] = roots.get(top, 0) + 1
        parent_id = ids.get(row.parent_code) or (
            existing[row.parent_code].versions[-1].unit_id if row.parent_code else None
        )
        unit_rows.append((unit_id, code, row.admin_code, now))
        version_rows.append((unit_id, row.name, fold(row.name), row.kind, parent_id, path, depth, row.valid_from, None))
    total = len(order)
    bulk_insert(Unit, ["id", "code", "admin_code", "created_at"], unit_rows)
    progress("write", total // 2, total)
    bulk_insert(UnitVersion,
                ["unit", "name", "search_key", "kind", "parent", "path", "depth", "valid_from", "valid_to"],
                version_rows)
    progress("write", total, total)
    changes.touched(units=ids.values(), kinds=[changes.UNITS])
    # One audit row per subtree the file adds to, so each clerk sees the import in their scope.
    audit_record_many(actor=actor, entries=[
        {"action": "unit.import", "object_type": "orgs.unit",
         "object_id": ids.get(top) or existing[top].versions[-1].unit_id,
         "object_repr": _("%(count)s đơn vị dưới %(code)s") % {"count": count, "code": top},
         "unit_id": ids.get(top) or existing[top].versions[-1].unit_id,
         "after": {"count": count, "source": source}, "reason": reason}
        for top, count in roots.items()
    ])
    return ImportResult(created=total, roots=roots)
