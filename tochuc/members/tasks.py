"""Background work of the member registry (django.tasks with the database backend)."""

from __future__ import annotations

import io
import logging

from django.tasks import task

from tochuc.core import jobs
from tochuc.core.scope import scope_for_user
from tochuc.core.tabular import ImportRejected
from tochuc.members.models import ImportJob
from tochuc.members.services import members_import

log = logging.getLogger(__name__)
MAX_PROBLEMS_KEPT = 5000


@task
def run_member_import(job_id: int) -> int:
    """Import the job's file with the uploader's scope; progress lands on the job row."""
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    jobs.beat(ImportJob, job_id, status=ImportJob.Status.RUNNING, failure="")
    beat = jobs.beater(ImportJob, job_id)

    def progress(stage: str, done: int, total: int) -> None:
        # Job bookkeeping, not an audited record: the import itself audits what it writes.
        beat(stage=stage, done=done, total=total)

    try:
        with jobs.heartbeat(ImportJob, job_id):
            result = members_import(
                actor=job.created_by, scope=scope_for_user(job.created_by), stream=io.BytesIO(bytes(job.content)),
                source=job.source, skip_bad_rows=job.skip_bad_rows, allow_duplicates=job.allow_duplicates,
                progress=progress)
    except ImportRejected as rejected:
        ImportJob.objects.filter(pk=job_id).update(
            status=ImportJob.Status.REJECTED, problems=[str(e) for e in rejected.errors[:MAX_PROBLEMS_KEPT]])
        return 0
    except Exception:
        log.exception("member import %s failed", job_id)
        ImportJob.objects.filter(pk=job_id).update(status=ImportJob.Status.FAILED)
        raise
    ImportJob.objects.filter(pk=job_id).update(
        status=ImportJob.Status.DONE, created=result.created,
        problems=[str(e) for e in result.rejected[:MAX_PROBLEMS_KEPT]], rejected_rows=sorted(result.rejected_rows))
    return result.created
