"""Background work of reports: a file of every statistical table, progress on the job row."""

from __future__ import annotations

import logging

from django.tasks import task
from django.utils import timezone

from tochuc.accounts.scope import scope_for_user
from tochuc.reports import engine, exports
from tochuc.reports.models import ReportExport

log = logging.getLogger(__name__)


@task
def run_report_export(export_id: int) -> int:
    """Evaluate the tables with the requester's scope (on the date they asked) and store the file."""
    job = ReportExport.objects.select_related("created_by").get(pk=export_id)
    ReportExport.objects.filter(pk=export_id).update(status=ReportExport.Status.RUNNING)

    def progress(done: int, total: int) -> None:
        # Job bookkeeping, not an audited record (the request was audited when queued).
        ReportExport.objects.filter(pk=export_id).update(done=done, total=total)

    try:
        scope = scope_for_user(job.created_by, job.structure_on)
        ctx = engine.context_for(scope=scope, code=job.unit_code, day=job.day, mode=job.mode)
        content = exports.build(ctx, job.format, period=engine.Period(job.period_start, job.day),
                                year=job.rating_year, progress=progress)
    except Exception:
        log.exception("report export %s failed", export_id)
        ReportExport.objects.filter(pk=export_id).update(status=ReportExport.Status.FAILED, finished_at=timezone.now())
        raise
    ReportExport.objects.filter(pk=export_id).update(
        status=ReportExport.Status.DONE, content=content, filename=exports.filename(ctx, job.format),
        finished_at=timezone.now())
    return len(content)
