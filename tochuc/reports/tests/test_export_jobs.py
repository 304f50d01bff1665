"""A report export whose worker died is shown failed, stops polling and can be retried (issue 13,
finding 8)."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from tochuc.audit.models import AuditEntry
from tochuc.reports.models import ReportExport
from tochuc.reports.tests.factories import add_members

pytestmark = pytest.mark.django_db


def test_a_dead_worker_s_export_shows_failed_and_retries(client, small_tree, province_clerk,
                                                         django_capture_on_commit_callbacks):
    add_members("CB-BD-1", 4, since=date(2025, 8, 1), seed=3)
    job = ReportExport.objects.create(
        created_by=province_clerk, unit_code="T01", unit_name="Hà Nội", structure_on=date(2026, 1, 15),
        day=date(2026, 1, 15), mode="as_of", period_start=date(2026, 1, 1), rating_year=2025, format="xlsx",
        status="running", done=2, total=9, heartbeat_at=timezone.now() - timedelta(minutes=5))
    client.force_login(province_clerk)
    partial = client.get(f"/bao-cao/xuat/{job.pk}/", headers={"HX-Request": "true"}).content.decode()
    assert "Tiến trình xử lý đã dừng" in partial and "hx-trigger" not in partial
    assert f'action="/bao-cao/xuat/{job.pk}/chay-lai/"' in partial
    job.refresh_from_db()
    assert job.status == "failed" and job.finished_at is not None
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/bao-cao/xuat/{job.pk}/chay-lai/")
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == "done" and job.failure == "" and bytes(job.content).startswith(b"PK")
    assert AuditEntry.objects.filter(action="report.export_retry").count() == 1
    assert client.post(f"/bao-cao/xuat/{job.pk}/chay-lai/").status_code == 400
