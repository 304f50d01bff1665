"""Writes of the reports app: queueing an export, work programmes and their items' statuses.
Each service is atomic and writes its audit row in the same transaction (DESIGN.md inv. 2)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tochuc.audit.services import audit_record
from tochuc.core import jobs
from tochuc.core.permissions import require
from tochuc.core.scope import Scope
from tochuc.orgs.selectors import unit_get
from tochuc.reports import engine
from tochuc.reports.models import ItemKind, ItemStatus, ItemStatusChange, Programme, ProgrammeItem, ReportExport


@transaction.atomic
def report_export_enqueue(*, actor, scope: Scope, code: str, day: date, mode: str, period_start: date,
                          rating_year: int, fmt: str, reason: str | None = None) -> ReportExport:
    """Queue the statistical tables of unit ``code`` as a file; a background task makes it and
    the job row carries its progress. ``UnitVersion.DoesNotExist`` outside the scope."""
    if fmt not in ReportExport.Format.values:
        raise ValidationError(_("Định dạng tệp không hợp lệ."))
    if mode not in engine.MODES:
        raise ValidationError(_("Cách tính không hợp lệ."))
    if period_start > day:
        raise ValidationError(_("Ngày bắt đầu kỳ phải trước ngày số liệu."))
    version = unit_get(scope=scope, code=code)
    job = ReportExport.objects.create(
        created_by=actor, unit_code=code, unit_name=version.name, structure_on=scope.as_of, day=day, mode=mode,
        period_start=period_start, rating_year=rating_year, format=fmt, total=engine.PASSES)
    audit_record(actor=actor, action="report.export", obj=job, object_repr=f"{fmt} {code} {day.isoformat()}",
                 unit_id=version.unit_id, after={"code": code, "day": day.isoformat(), "mode": mode, "format": fmt},
                 reason=reason)
    from tochuc.reports.tasks import run_report_export

    transaction.on_commit(lambda: run_report_export.enqueue(job.pk))
    return job


@transaction.atomic
def report_export_retry(*, actor, scope: Scope, export_id: int, reason: str | None = None) -> ReportExport:
    """Queue a failed export again (its worker died or the system failed); only the requester's
    own (``DoesNotExist`` otherwise), only a failed one."""
    from tochuc.reports.tasks import run_report_export

    job = ReportExport.objects.defer("content").get(pk=export_id, created_by=actor)
    jobs.expire_if_stale(job)
    if not jobs.requeue(job):
        raise ValidationError(_("Chỉ chạy lại được lần xuất bị lỗi hệ thống."))
    audit_record(actor=actor, action="report.export_retry", obj=job, object_repr=f"{job.format} {job.unit_code}",
                 after={"export": job.pk}, reason=reason)
    transaction.on_commit(lambda: run_report_export.enqueue(job.pk))
    return job


@transaction.atomic
def programme_create(*, actor, scope: Scope, unit_code: str, year: int, title: str,
                     reason: str | None = None) -> Programme:
    """The annual work programme of a unit in scope."""
    require(scope, "programme.write")
    title = " ".join((title or "").split())
    if not title:
        raise ValidationError(_("Tên chương trình không được để trống."))
    if not 2000 <= year <= 2100:
        raise ValidationError(_("Năm không hợp lệ."))
    version = unit_get(scope=scope, code=unit_code)
    programme = Programme.objects.create(unit_id=version.unit_id, year=year, title=title,
                                         created_by=actor if actor is not None and actor.pk else None)
    audit_record(actor=actor, action="programme.create", obj=programme, unit_id=version.unit_id,
                 after={"unit": unit_code, "year": year, "title": title}, reason=reason)
    return programme


@transaction.atomic
def programme_item_add(*, actor, scope: Scope, programme: Programme, kind: str, title: str, lead_unit_code: str,
                       deadline: date, on: date, reason: str | None = None) -> ProgrammeItem:
    """A project or task of the programme, led by a unit of the programme unit's subtree."""
    require(scope, "programme.write")
    if kind not in ItemKind.values:
        raise ValidationError(_("Loại nội dung không hợp lệ."))
    title = " ".join((title or "").split())
    if not title:
        raise ValidationError(_("Nội dung không được để trống."))
    owner = unit_get(scope=scope, code=programme.unit.code)
    try:
        lead = unit_get(scope=scope, code=lead_unit_code)
    except Exception:
        raise ValidationError(_("Không có đơn vị «%(code)s» trong phạm vi.") % {"code": lead_unit_code}) from None
    if not lead.path.startswith(owner.path):
        raise ValidationError(_("Đơn vị chủ trì phải thuộc %(unit)s.") % {"unit": owner.name})
    item = ProgrammeItem.objects.create(programme=programme, kind=kind, title=title, lead_unit_id=lead.unit_id,
                                        deadline=deadline, status=ItemStatus.PLANNED, status_on=on)
    ItemStatusChange.objects.create(item=item, status=ItemStatus.PLANNED, on=on, reason=reason or "",
                                    recorded_by=actor if actor is not None and actor.pk else None)
    audit_record(actor=actor, action="programme.item_add", obj=item, unit_id=lead.unit_id,
                 after={"programme": programme.pk, "kind": kind, "title": title, "lead": lead_unit_code,
                        "deadline": deadline.isoformat()}, reason=reason)
    return item


@transaction.atomic
def programme_item_set_status(*, actor, scope: Scope, item: ProgrammeItem, status: str, on: date,
                              reason: str | None = None) -> ItemStatusChange:
    """A status change on a date, not before the item's latest change (the history is kept)."""
    require(scope, "programme.write")
    if status not in ItemStatus.values:
        raise ValidationError(_("Trạng thái không hợp lệ."))
    item = ProgrammeItem.objects.select_for_update().get(pk=item.pk)
    if on < item.status_on:
        raise ValidationError(_("Ngày thay đổi phải từ %(day)s trở đi.") % {"day": item.status_on.strftime("%d/%m/%Y")})
    if status == item.status:
        raise ValidationError(_("Trạng thái không thay đổi."))
    before = {"status": item.status, "on": item.status_on.isoformat()}
    change = ItemStatusChange.objects.create(item=item, status=status, on=on, reason=reason or "",
                                             recorded_by=actor if actor is not None and actor.pk else None)
    item.status, item.status_on = status, on
    item.save(update_fields=["status", "status_on"])
    audit_record(actor=actor, action="programme.item_status", obj=item, unit_id=item.lead_unit_id, before=before,
                 after={"status": status, "on": on.isoformat()}, reason=reason)
    return change
