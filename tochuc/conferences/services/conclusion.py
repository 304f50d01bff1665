"""The conference's conclusion and the tasks it assigns to units: written by the host; the
assigned unit moves its task along (allowed moves in ``tochuc.domain.conferences``)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tochuc.audit.services import audit_record
from tochuc.conferences.models import ConclusionTask, Conference, TaskStatus
from tochuc.conferences.services._common import _require_host, _require_write, conference_day
from tochuc.core.scope import Scope
from tochuc.domain import conferences as rules
from tochuc.orgs.models import Unit
from tochuc.orgs.selectors import versions_as_of


@transaction.atomic
def conclusion_record(*, actor, scope: Scope, conference: Conference, text: str,
                      reason: str | None = None) -> Conference:
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
    unit_id = versions_as_of(scope.as_of).filter(scope.path_q(), unit__code=unit_code.strip()).values_list("unit_id",
                                                                                                           flat=True).first()
    if unit_id is None:
        raise ValidationError(
            {"unit_code": _("Không có đơn vị mã «%(code)s» trong phạm vi của bạn.") % {"code": unit_code}}
        )
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
    if not versions_as_of(scope.as_of).filter(scope.path_q(),
                                              unit_id__in=[task.unit_id, task.conference.organizer_id]).exists():
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
