"""Browser: the import progress page of a job whose worker died stops polling, says so, and the
retry button runs the import to the end (issue 13, finding 8)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tochuc.members.models import ImportJob, Member
from tochuc.members.tests.test_import import HEADER, csv_rows

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_dead_worker_s_import_page_stops_polling_and_retries(login, live_server, province_clerk):
    job = ImportJob.objects.create(created_by=province_clerk, source="dv.csv", status=ImportJob.Status.RUNNING,
                                   content=(HEADER + "\n".join(csv_rows(3))).encode(), stage="validate",
                                   heartbeat_at=timezone.now())
    page = login("hanoi")
    page.goto(f"{live_server.url}/dang-vien/nhap/{job.pk}/")
    assert page.locator("#progress").get_attribute("hx-trigger") == "every 1s"  # alive: it polls
    # The worker dies: its last beat grows old; the next poll finds it.
    ImportJob.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - timedelta(minutes=10))
    page.wait_for_selector("#progress .error")
    assert "Tiến trình xử lý đã dừng" in page.locator("#progress .error").inner_text()
    assert page.locator("#progress").get_attribute("hx-trigger") is None  # polling stopped
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.wait_for_timeout(2500)
    assert not [url for url in requests if f"/dang-vien/nhap/{job.pk}/" in url]
    page.click("#retry")
    page.wait_for_selector("text=Đã nhập 3 đảng viên")
    assert Member.objects.count() == 3
