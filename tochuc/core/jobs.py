"""Background jobs that outlive their worker: heartbeat, stale detection, retry bookkeeping.

A job row (member import, report export) has ``status``, ``heartbeat_at`` and ``failure``. While
the task runs, the worker beats: at start, on every progress call and from a small thread every
``interval`` seconds, so a long stage without progress calls still beats. A worker killed with
kill -9 (or a machine that died) stops beating; whoever next reads the job (the progress page,
the API) finds a running job whose beat is older than ``TOCHUC_JOB_STALE_SECONDS`` and marks it
failed with a message, so the page stops polling and offers a retry. Marking is one conditional
UPDATE, so two readers never both mark it and a live worker's beat in between wins.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.db import close_old_connections, connection, models
from django.utils import timezone
from django.utils.translation import gettext as _

DEFAULT_STALE_SECONDS = 120


def stale_after() -> timedelta:
    return timedelta(seconds=getattr(settings, "TOCHUC_JOB_STALE_SECONDS", DEFAULT_STALE_SECONDS))


def beat(model: type[models.Model], pk: int, **fields) -> None:
    """Record that the worker is alive (and any progress fields with it)."""
    model.objects.filter(pk=pk).update(heartbeat_at=timezone.now(), **fields)


def beater(model: type[models.Model], pk: int):
    """The beat of a progress callback: progress fields and the beat, unless the caller is now
    inside a transaction opened after this was made (an import's write phase). There the update
    would stay invisible until the commit, and on PostgreSQL it would lock the job row, so a
    reader marking stale jobs would wait for the whole import. The heartbeat thread, on its own
    connection, beats meanwhile."""
    depth = len(connection.atomic_blocks)

    def beat_now(**fields) -> None:
        if len(connection.atomic_blocks) <= depth:
            beat(model, pk, **fields)

    return beat_now


@contextmanager
def heartbeat(model: type[models.Model], pk: int, interval: float | None = None) -> Iterator[None]:
    """Beat from a side thread while the body runs. The thread waits ``interval`` (a quarter of
    the stale age) before its first beat, so short jobs (and tests) never touch the database
    from it; it uses and closes its own connection."""
    interval = stale_after().total_seconds() / 4 if interval is None else interval
    stop = threading.Event()

    def run() -> None:
        try:
            while not stop.wait(interval):
                try:
                    beat(model, pk)
                except Exception:  # a missed beat is retried; the job itself reports real errors
                    close_old_connections()
        finally:
            connection.close()

    thread = threading.Thread(target=run, name=f"heartbeat-{model._meta.label_lower}-{pk}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=interval + 5)


def stale_message() -> str:
    minutes = max(1, round(stale_after().total_seconds() / 60))
    return _("Tiến trình xử lý đã dừng (không có tín hiệu quá %(minutes)s phút, có thể máy chủ đã khởi động lại); "
             "không có dữ liệu nào được ghi dở. Bấm «Chạy lại».") % {"minutes": minutes}


def expire_if_stale(job: models.Model) -> bool:
    """Mark ``job`` failed if it is running without a recent beat; refresh it. True if marked."""
    model = type(job)
    cutoff = timezone.now() - stale_after()
    running = model.Status.RUNNING
    fields = {"status": model.Status.FAILED, "failure": stale_message()[:255]}
    if any(f.name == "finished_at" for f in model._meta.fields):
        fields["finished_at"] = timezone.now()
    marked = model.objects.filter(pk=job.pk, status=running).filter(
        models.Q(heartbeat_at__lt=cutoff) | models.Q(heartbeat_at__isnull=True, created_at__lt=cutoff),
    ).update(**fields)
    if marked:
        for name, value in fields.items():
            setattr(job, name, value)
    return bool(marked)


def requeue(job: models.Model, **reset) -> bool:
    """Put a failed job back in the queue (fields reset to their start values plus ``reset``).
    Conditional on its status, so a double click queues it once. The caller enqueues the task
    and audits the retry."""
    model = type(job)
    fields = {"status": model.Status.QUEUED, "failure": "", "heartbeat_at": None, "done": 0, **reset}
    if any(f.name == "finished_at" for f in model._meta.fields):
        fields["finished_at"] = None
    if not model.objects.filter(pk=job.pk, status=model.Status.FAILED).update(**fields):
        return False
    for name, value in fields.items():
        setattr(job, name, value)
    return True
