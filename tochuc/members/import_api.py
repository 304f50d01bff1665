"""API routes of member imports: upload a file, follow the job, retry a failed one."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from tochuc.core.api_scope import api_scope
from tochuc.members.selectors import import_job_get
from tochuc.members.services import member_import_enqueue, member_import_retry

router = Router(tags=["Nhập đảng viên"])


class ImportJobOut(Schema):
    id: int
    source: str
    status: str
    status_label: str
    percent: int
    created: int
    problems: list[str]
    failure: str
    heartbeat_at: datetime | None
    finished: bool
    can_retry: bool


class ErrorOut(Schema):
    detail: str


def _out(job) -> ImportJobOut:
    finished = job.status not in (job.Status.QUEUED, job.Status.RUNNING)
    return ImportJobOut(
        id=job.pk, source=job.source, status=job.status, status_label=str(job.get_status_display()),
        percent=job.percent, created=job.created, problems=job.problems, failure=job.failure,
        heartbeat_at=job.heartbeat_at, finished=finished, can_retry=job.status == job.Status.FAILED)


@router.post("/members/imports", response={202: ImportJobOut, 400: ErrorOut},
             summary="Nhập đảng viên từ tệp CSV/XLSX (chạy nền)")
def import_start(request, file: File[UploadedFile], skip_bad_rows: Form[bool] = False,
                 allow_duplicates: Form[bool] = False):
    """``allow_duplicates``: also import rows whose name, birth date and branch match a member
    already in the branch or another row (refused by default: a re-imported file)."""
    scope = api_scope(request)
    try:
        job = member_import_enqueue(actor=request.user, scope=scope, source=file.name or "", content=file.read(),
                                    skip_bad_rows=skip_bad_rows, allow_duplicates=allow_duplicates)
    except ValidationError as exc:
        return Status(400, ErrorOut(detail=" ".join(exc.messages)))
    return Status(202, _out(import_job_get(user=request.user, job_id=job.pk)))  # as it is after the commit


@router.get("/members/imports/{job_id}", response=ImportJobOut, summary="Tiến độ một lần nhập đảng viên")
def import_status(request, job_id: int):
    return _out(import_job_get(user=request.user, job_id=job_id))


@router.post("/members/imports/{job_id}/retry", response={202: ImportJobOut, 400: ErrorOut},
             summary="Chạy lại một lần nhập bị lỗi hệ thống")
def import_retry(request, job_id: int):
    try:
        job = member_import_retry(actor=request.user, scope=api_scope(request), job_id=job_id)
    except ValidationError as exc:
        return Status(400, ErrorOut(detail=" ".join(exc.messages) or _("Không chạy lại được.")))
    return Status(202, _out(import_job_get(user=request.user, job_id=job.pk)))
