import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from tochuc.members.models import ImportJob, Member
from tochuc.members.tests.test_import import HEADER, csv_rows


def upload(client, text: str, skip=False):
    data = {"file": SimpleUploadedFile("dv.csv", text.encode(), content_type="text/csv")}
    if skip:
        data["skip_bad_rows"] = "1"
    return client.post("/dang-vien/nhap/", data)


@pytest.mark.django_db(transaction=True)
def test_upload_imports_in_the_background_and_shows_progress(small_tree, province_clerk, client):
    client.force_login(province_clerk)
    response = upload(client, HEADER + "\n".join(csv_rows(30)))
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/dang-vien/nhap/{job.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "Đã nhập 30 đảng viên" in page and 'value="100"' in page
    assert Member.objects.count() == 30
    partial = client.get(response["Location"], headers={"HX-Request": "true"}).content.decode()
    assert "<progress" in partial and "<form" not in partial and "hx-trigger" not in partial  # finished: no polling


@pytest.mark.django_db(transaction=True)
def test_bad_rows_are_listed_and_nothing_written(small_tree, province_clerk, client):
    client.force_login(province_clerk)
    rows = csv_rows(10)
    rows[4] = rows[4].replace("CB-BD-1", "CB-SG-1")  # a branch outside Hà Nội
    job_url = upload(client, HEADER + "\n".join(rows))["Location"]
    page = client.get(job_url).content.decode()
    assert "dòng 6, cột branch_code" in page and Member.objects.count() == 0
    job_url = upload(client, HEADER + "\n".join(rows), skip=True)["Location"]
    assert "Đã nhập 9 đảng viên" in client.get(job_url).content.decode()


def test_only_writers_upload_and_only_the_uploader_sees_a_job(small_tree, province_clerk, other_province_clerk, client):
    from tochuc.conftest import make_user

    viewer = make_user("xem", "viewer", ["T01"])
    client.force_login(viewer)
    assert client.get("/dang-vien/nhap/").status_code == 403
    job = ImportJob.objects.create(created_by=province_clerk, source="x.csv", content=b"")
    client.force_login(other_province_clerk)
    assert client.get(f"/dang-vien/nhap/{job.pk}/").status_code == 404
    assert upload(client, "x").status_code == 302  # may upload: the rows are checked against their own scope


@pytest.mark.django_db(transaction=True)
def test_database_backend_and_worker(small_tree, province_clerk, settings):
    """The production path: the job waits in the queue until the worker runs it."""
    from tochuc.members.services import member_import_enqueue
    from tochuc.orgs.tests.test_selectors import scope_of

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    job = member_import_enqueue(actor=province_clerk, scope=scope_of("T01", role="clerk"), source="dv.csv",
                                content=(HEADER + "\n".join(csv_rows(5))).encode(), skip_bad_rows=False)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.QUEUED and Member.objects.count() == 0
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=io.StringIO(), stderr=io.StringIO())
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and Member.objects.count() == 5
