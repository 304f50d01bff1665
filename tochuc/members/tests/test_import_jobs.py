"""A member import whose worker died (kill -9, a restart): detected by its heartbeat, marked
failed, polling stops, and a retry runs it to the end (issue 13, finding 8)."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from tochuc.audit.models import AuditEntry
from tochuc.core import jobs
from tochuc.members.models import ImportJob, Member
from tochuc.members.tests.test_import import HEADER, csv_rows

CONTENT = (HEADER + "\n".join(csv_rows(3))).encode()


def dead_job(user, **fields) -> ImportJob:
    """A job a worker took and then died on: running, its last beat ten minutes ago."""
    return ImportJob.objects.create(created_by=user, source="dv.csv", content=CONTENT, status=ImportJob.Status.RUNNING,
                                    stage="validate", heartbeat_at=timezone.now() - timedelta(minutes=10), **fields)


@pytest.fixture
def api(client, province_clerk):
    from tochuc.accounts.services import api_token_create

    headers = {"Authorization": f"Bearer {api_token_create(actor=None, user=province_clerk)}"}
    return lambda method, url: getattr(client, method)(url, headers=headers)


def test_a_dead_worker_s_job_shows_failed_stops_polling_and_retries_to_the_end(small_tree, province_clerk, client,
                                                                              django_capture_on_commit_callbacks):
    job = dead_job(province_clerk)
    client.force_login(province_clerk)
    partial = client.get(f"/dang-vien/nhap/{job.pk}/", headers={"HX-Request": "true"}).content.decode()
    assert "Tiến trình xử lý đã dừng" in partial and "hx-trigger" not in partial  # said so, polling stops
    assert f'action="/dang-vien/nhap/{job.pk}/chay-lai/"' in partial
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED and "2 phút" in job.failure
    with django_capture_on_commit_callbacks(execute=True):  # the queued task runs inline
        response = client.post(f"/dang-vien/nhap/{job.pk}/chay-lai/")
    assert response.status_code == 302 and response["Location"] == f"/dang-vien/nhap/{job.pk}/"
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and job.created == 3 and job.failure == ""
    assert Member.objects.count() == 3
    assert AuditEntry.objects.filter(action="member.import_retry", object_id=str(job.pk)).count() == 1
    # Done: a second retry is refused, nothing imported twice.
    again = client.post(f"/dang-vien/nhap/{job.pk}/chay-lai/")
    assert again.status_code == 400 and "Chỉ chạy lại được" in again.content.decode() and Member.objects.count() == 3


def test_a_running_job_with_a_recent_beat_keeps_polling(small_tree, province_clerk, client):
    job = dead_job(province_clerk)
    ImportJob.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - timedelta(seconds=30))
    client.force_login(province_clerk)
    partial = client.get(f"/dang-vien/nhap/{job.pk}/", headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 1s"' in partial and "chay-lai" not in partial
    assert client.post(f"/dang-vien/nhap/{job.pk}/chay-lai/").status_code == 400  # a live job is not restarted
    job.refresh_from_db()
    assert job.status == ImportJob.Status.RUNNING


def test_the_stale_age_is_a_setting(small_tree, province_clerk, settings):
    job = dead_job(province_clerk)
    settings.TOCHUC_JOB_STALE_SECONDS = 3600
    assert not jobs.expire_if_stale(job) and job.status == ImportJob.Status.RUNNING
    settings.TOCHUC_JOB_STALE_SECONDS = 60
    assert jobs.expire_if_stale(job) and job.status == ImportJob.Status.FAILED
    assert not jobs.expire_if_stale(job)  # marked once


def test_api_shows_the_dead_job_failed_and_retries_it(small_tree, province_clerk, api,
                                                      django_capture_on_commit_callbacks):
    job = dead_job(province_clerk)
    body = api("get", f"/api/v1/members/imports/{job.pk}").json()
    assert body["status"] == "failed" and body["finished"] and body["can_retry"]
    assert "Tiến trình xử lý đã dừng" in body["failure"]
    with django_capture_on_commit_callbacks(execute=True):
        response = api("post", f"/api/v1/members/imports/{job.pk}/retry")
    assert response.status_code == 202 and response.json()["status"] in ("queued", "done")
    body = api("get", f"/api/v1/members/imports/{job.pk}").json()
    assert body["status"] == "done" and body["created"] == 3 and not body["can_retry"]
    assert api("post", f"/api/v1/members/imports/{job.pk}/retry").status_code == 400


def test_only_the_uploader_sees_or_retries_a_job(small_tree, province_clerk, other_province_clerk, client):
    job = dead_job(province_clerk)
    client.force_login(other_province_clerk)
    assert client.get(f"/dang-vien/nhap/{job.pk}/").status_code == 404
    assert client.post(f"/dang-vien/nhap/{job.pk}/chay-lai/").status_code == 404
    job.refresh_from_db()
    assert Member.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_retry_goes_through_the_queue_and_the_worker_completes_it(small_tree, province_clerk, settings):
    """The production path: the retried job waits in the database queue until a worker runs it."""
    from tochuc.members.services import member_import_retry
    from tochuc.orgs.tests.test_selectors import scope_of

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    job = dead_job(province_clerk)
    member_import_retry(actor=province_clerk, scope=scope_of("T01", role="clerk"), job_id=job.pk)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.QUEUED and job.heartbeat_at is None and Member.objects.count() == 0
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=io.StringIO(), stderr=io.StringIO())
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and Member.objects.count() == 3
    assert job.heartbeat_at is not None and timezone.now() - job.heartbeat_at < timedelta(minutes=1)


@pytest.mark.django_db(transaction=True)
def test_the_heartbeat_thread_beats_while_a_long_stage_runs(small_tree, province_clerk):
    import time

    job = ImportJob.objects.create(created_by=province_clerk, source="dv.csv", content=b"", status="running")
    with jobs.heartbeat(ImportJob, job.pk, interval=0.05):
        time.sleep(0.4)  # a stage that calls no progress
    job.refresh_from_db()
    assert job.heartbeat_at is not None and timezone.now() - job.heartbeat_at < timedelta(seconds=5)


def test_progress_inside_the_write_transaction_does_not_touch_the_job_row(small_tree, province_clerk):
    """On PostgreSQL an update there would lock the row until the import commits, and a reader
    marking stale jobs would wait for the whole import; the heartbeat thread beats instead."""
    from django.db import transaction

    job = ImportJob.objects.create(created_by=province_clerk, source="dv.csv", content=b"", status="running")
    beat = jobs.beater(ImportJob, job.pk)
    with transaction.atomic():
        beat(stage="write", done=1, total=2)
    job.refresh_from_db()
    assert job.stage == "" and job.heartbeat_at is None
    beat(stage="validate", done=2, total=2)
    job.refresh_from_db()
    assert job.stage == "validate" and job.heartbeat_at is not None
