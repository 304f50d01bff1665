"""Pages, API and exports show the engine's numbers, which equal a fresh count; query counts do
not grow with the data; everything outside the scope is a 404."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from openpyxl import load_workbook

from tochuc.accounts.services import api_token_create
from tochuc.audit.models import AuditEntry
from tochuc.conftest import TODAY
from tochuc.core.scope import system_scope
from tochuc.reports import engine, exports
from tochuc.reports.models import ReportExport
from tochuc.reports.tests.factories import add_members, members_on

pytestmark = pytest.mark.django_db


@pytest.fixture
def populated(small_tree):
    add_members("CB-BD-1", 12, since=date(2025, 8, 1), seed=11)
    add_members("CB-DH-1", 7, since=date(2025, 8, 1), seed=12)
    add_members("CB-NH-1", 5, since=date(2025, 8, 1), seed=13)
    add_members("CB-SG-1", 9, since=date(2025, 8, 1), seed=14)


def numbers_in(html: str, table: str) -> dict[tuple[str, str], int]:
    """Cells of one rendered table, by data-row / data-col."""
    block = re.search(rf'<table class="grid" id="table-{table}".*?</table>', html, re.S).group(0)
    out = {}
    for row_key, row_html in re.findall(r'<tr data-row="([^"]*)">(.*?)</tr>', block, re.S):
        for col, value in re.findall(r'<td class="num" data-col="([^"]*)">(?:<a [^>]*>)?([\d.]+)', row_html):
            out[(row_key, col)] = int(value.replace(".", ""))
    return out


def test_dashboard_shows_fresh_counts_and_drills_down(client, populated, national_admin):
    client.force_login(national_admin)
    response = client.get("/bao-cao/don-vi/T01/?tai_ngay=2026-01-15")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<svg" in html and "Đảng viên theo giới tính và độ tuổi" in html
    children = numbers_in(html, "children")
    assert children[("X00004", "tong")] == 19 and children[("X00008", "tong")] == 5
    assert children[("cong", "tong")] == 24
    hanoi = members_on(TODAY, {"CB-BD-1", "CB-DH-1", "CB-NH-1"})
    women = sum(1 for m in hanoi if m.sex == "nu")
    cells = numbers_in(html, "sex_age")
    assert cells[("cong", "nu")] == women and cells[("cong", "tong")] == 24
    # A number links to the members behind it: the list has exactly that many.
    link = re.search(r'href="(/bao-cao/don-vi/T01/dang-vien/\?[^"]*bang=sex_age[^"]*cot=nu)"', html).group(1)
    listed = client.get(link.replace("&amp;", "&"))
    assert listed.status_code == 200
    row = re.search(r"dong=([^&]+)", link).group(1)
    assert f"{cells[(row, 'nu')]} đảng viên" in listed.content.decode()
    # Drill from the province to the commune.
    commune = client.get("/bao-cao/don-vi/X00004/?tai_ngay=2026-01-15")
    assert numbers_in(commune.content.decode(), "children")[("cong", "tong")] == 19


def test_dashboard_query_count_does_not_grow_with_data(client, populated, national_admin,
                                                       django_assert_max_num_queries):
    client.force_login(national_admin)
    client.get("/bao-cao/don-vi/TW/")
    # The first view of a key counts the tally units (one GROUP BY per source), later ones read them.
    with django_assert_max_num_queries(52):
        small = client.get("/bao-cao/don-vi/TW/?che_do=restated")
    assert small.status_code == 200
    with django_assert_max_num_queries(30):
        assert client.get("/bao-cao/don-vi/TW/?che_do=restated").status_code == 200
    for n, branch in enumerate(["CB-BD-2", "CB-NH-1", "CB-SG-1"]):
        add_members(branch, 40, since=date(2025, 9, 1), seed=100 + n)
    with django_assert_max_num_queries(52):
        assert client.get("/bao-cao/don-vi/TW/?che_do=restated").status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get("/bao-cao/don-vi/TW/dang-vien/?bang=status&dong=official").status_code == 200


def test_out_of_scope_and_before_the_unit_existed(client, populated, commune_clerk):
    client.force_login(commune_clerk)
    assert client.get("/bao-cao/don-vi/X26734/").status_code == 404
    assert client.get("/bao-cao/don-vi/T01/").status_code == 404
    assert client.get("/bao-cao/").status_code == 302
    before = client.get("/bao-cao/don-vi/X00004/?tai_ngay=2025-01-01")
    assert before.status_code == 200 and "chưa tồn tại" in before.content.decode()
    assert client.get("/bao-cao/don-vi/X00004/dang-vien/?bang=units").status_code == 404
    assert client.get("/bao-cao/don-vi/X00004/dang-vien/?bang=nope").status_code == 404


def test_export_job_with_progress_then_xlsx_matching_the_page(client, populated, province_clerk,
                                                             django_capture_on_commit_callbacks):
    client.force_login(province_clerk)
    page = client.get("/bao-cao/don-vi/T01/?tai_ngay=2026-01-15").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/bao-cao/don-vi/T01/xuat/", {"tai_ngay": "2026-01-15", "che_do": "as_of",
                                                             "tu": "2026-01-01", "nam": "2025", "dinh_dang": "xlsx"})
    assert response.status_code == 302
    job = ReportExport.objects.get()
    assert job.status == "done" and job.done == job.total > 0
    assert AuditEntry.objects.filter(action="report.export").count() == 1
    progress = client.get(f"/bao-cao/xuat/{job.pk}/", headers={"HX-Request": "true"}).content.decode()
    assert "tai-ve" in progress and "hx-trigger" not in progress
    download = client.get(f"/bao-cao/xuat/{job.pk}/tai-ve/")
    assert download["Content-Type"] == exports.XLSX
    book = load_workbook(io.BytesIO(download.content))
    sheet = book["03 sex_age"]
    text = [str(c.value) for c in sheet["A"] if c.value]
    assert any("Đơn vị: Đảng bộ thành phố Hà Nội" in t for t in text)
    assert any("Số liệu tại ngày: 15/01/2026" in t for t in text)
    assert any(t.startswith("Lập lúc:") for t in text)
    on_page = numbers_in(page, "sex_age")
    rows = [r for r in sheet.iter_rows(values_only=True) if isinstance(r[0], int)]
    ctx = engine.context_for(scope=system_scope(TODAY), code="T01")
    table = engine.evaluate(engine.table_def("sex_age"), ctx)
    for line, category in zip(rows, table.rows, strict=True):
        assert line[1] == category.label
        assert (line[2], line[3], line[4]) == (on_page.get((category.key, "nam"), 0),
                                               on_page.get((category.key, "nu"), 0),
                                               on_page.get((category.key, "tong"), 0))
    # Someone else's job is a 404; so is an export of a unit outside the scope.
    client.force_login(province_clerk.__class__.objects.create_user("khac", password="x"))
    assert client.get(f"/bao-cao/xuat/{job.pk}/").status_code == 404


def test_pdf_export_of_a_commune_restated(client, populated, province_clerk, django_capture_on_commit_callbacks):
    client.force_login(province_clerk)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/bao-cao/don-vi/X00004/xuat/", {"dinh_dang": "pdf", "che_do": "restated"})
    job = ReportExport.objects.get()
    assert job.status == "done" and job.mode == "restated"
    body = client.get(f"/bao-cao/xuat/{job.pk}/tai-ve/")
    assert body["Content-Type"] == exports.PDF and body.content.startswith(b"%PDF")
    assert client.post("/bao-cao/don-vi/X26734/xuat/", {"dinh_dang": "pdf"}).status_code == 404
    assert client.post("/bao-cao/don-vi/X00004/xuat/", {"dinh_dang": "doc"}).status_code == 400


def test_api_returns_the_same_tables(client, populated, province_clerk):
    token = api_token_create(actor=None, user=province_clerk)
    auth = {"Authorization": f"Bearer {token}"}
    body = client.get("/api/v1/reports/T01?table=children", headers=auth).json()
    assert body["tables"][0]["total"] == 24
    assert {r["key"]: r["total"] for r in body["tables"][0]["rows"]} == {"X00004": 19, "X00008": 5}
    everything = client.get("/api/v1/reports/X00004?mode=restated", headers=auth).json()
    assert [t["key"] for t in everything["tables"]] == ["children"] + [t.key for t in engine.TABLES]
    assert client.get("/api/v1/reports/X26734", headers=auth).status_code == 404
    assert client.get("/api/v1/reports/X00004?on=2025-01-01", headers=auth).json()["exists"] is False
    assert len(client.get("/api/v1/reports/tables", headers=auth).json()) == 1 + len(engine.TABLES)


def test_a_big_cold_subtree_is_counted_in_the_background_while_the_page_waits(
        client, populated, national_admin, monkeypatch, django_capture_on_commit_callbacks):
    from tochuc.reports import tally
    from tochuc.reports.models import TallyDone

    monkeypatch.setattr(tally, "BACKGROUND_AFTER", 0)  # the small tree: every missing unit is "many"
    client.force_login(national_admin)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        waiting = client.get("/bao-cao/don-vi/TW/")
        again = client.get("/bao-cao/don-vi/TW/")  # a second view does not queue it twice
    assert waiting.status_code == 200 and "Đang tổng hợp số liệu" in waiting.content.decode()
    assert (
        'hx-get="/bao-cao/don-vi/TW/tong-hop/?' in waiting.content.decode()
        and "Đang tổng hợp" in again.content.decode()
    )
    assert len(queued) == 1 and TallyDone.objects.filter(path=tally.QUEUED).count() == 1
    status = client.get("/bao-cao/don-vi/TW/tong-hop/", headers={"HX-Request": "true"})
    assert "HX-Refresh" not in status and 'id="waiting"' in status.content.decode()
    queued[0]()  # the worker runs the task
    assert not TallyDone.objects.filter(path=tally.QUEUED).exists()
    done = client.get("/bao-cao/don-vi/TW/tong-hop/", headers={"HX-Request": "true"})
    assert done["HX-Refresh"] == "true"
    page = client.get("/bao-cao/don-vi/TW/")
    fresh = engine.evaluate_all(engine.context_for(scope=system_scope(TODAY), code="TW"))
    assert "Đang tổng hợp" not in page.content.decode()
    assert page.context["total"] == fresh[1].total == 33
    # A commune is always counted in the request.
    assert "Đang tổng hợp" not in client.get("/bao-cao/don-vi/X00004/").content.decode()
