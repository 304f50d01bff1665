"""Background work of reports: a file of every statistical table, progress on the job row."""

from __future__ import annotations

import logging
from datetime import date

from django.db import IntegrityError, transaction
from django.tasks import task
from django.utils import timezone

from tochuc.core import jobs
from tochuc.core.scope import scope_for_user, system_scope
from tochuc.reports import engine, exports, tally
from tochuc.reports.models import ReportExport, TallyDone

log = logging.getLogger(__name__)


@task
def run_report_export(export_id: int) -> int:
    """Evaluate the tables with the requester's scope (on the date they asked) and store the file."""
    job = ReportExport.objects.select_related("created_by").get(pk=export_id)
    jobs.beat(ReportExport, export_id, status=ReportExport.Status.RUNNING, failure="")
    beat = jobs.beater(ReportExport, export_id)

    def progress(done: int, total: int) -> None:
        # Job bookkeeping, not an audited record (the request was audited when queued).
        beat(done=done, total=total)

    try:
        with jobs.heartbeat(ReportExport, export_id):
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


@task
def keep_dashboard(code: str, day: str, mode: str, structure_on: str, start: str, year: int) -> None:
    """Count the per-unit totals of a big subtree's dashboard (queued by its first view). The
    totals are data, not a view: counted with the system scope on the same structure date, they
    are kept under the same key as the requester's."""
    scope = system_scope(date.fromisoformat(structure_on))
    ctx = engine.context_for(scope=scope, code=code, day=date.fromisoformat(day), mode=mode)
    tally.keep(ctx, engine.Period(date.fromisoformat(start), ctx.day), year)


def queue_dashboard(ctx: engine.Context, period: engine.Period, year: int) -> bool:
    """Queue the counting of the context's figures unless it is queued already (a mark younger
    than QUEUE_TIMEOUT); True when this call queued it. Here, beside the task, so that the tally
    does not import the tasks built on it."""
    key = tally.key_of(ctx, period, year)
    now = timezone.now()
    TallyDone.objects.filter(key=key, path=tally.QUEUED, computed_at__lt=now - tally.QUEUE_TIMEOUT).delete()
    try:
        with transaction.atomic():
            TallyDone.objects.create(key=key, path=tally.QUEUED, generation=0, epoch=0, computed_at=now)
    except IntegrityError:
        return False
    transaction.on_commit(lambda: keep_dashboard.enqueue(
        ctx.code, ctx.day.isoformat(), ctx.mode, ctx.structure_on.isoformat(), period.start.isoformat(), year))
    return True
