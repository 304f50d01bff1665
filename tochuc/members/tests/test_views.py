"""Member pages: search, record, timeline, masking, events, due lists, XLSX exports."""

from __future__ import annotations

import io
from datetime import date, datetime

import pytest
from openpyxl import load_workbook

from tochuc.audit.models import AuditEntry
from tochuc.conftest import make_user
from tochuc.members.models import Member
from tochuc.members.tests.factories import admit as admit_member


def text(response) -> str:
    return response.content.decode()


@pytest.fixture
def members(small_tree, system):
    def admit(code, name, birth, sex, admitted, **extra):
        return admit_member(system, name, code, birth=birth, sex=sex, admitted=admitted, **extra)

    return {
        "hoa": admit("CB-BD-1", "Nguyễn Thị Hoà", date(1990, 4, 3), "nu", date(2025, 9, 2),
                     national_id="001190012345", phone="0912345678"),
        "dung": admit("CB-BD-2", "Trần Văn Dũng", date(1985, 6, 1), "nam", date(2025, 8, 1)),
        "nh": admit("CB-NH-1", "Lê Văn Đức", date(1992, 1, 1), "nam", date(2025, 8, 1)),
        "sg": admit("CB-SG-1", "Phạm Thị Sài Gòn", date(1991, 1, 1), "nu", date(2025, 8, 1)),
    }


@pytest.fixture
def clerk(members, commune_clerk, client):
    client.force_login(commune_clerk)
    return client


def test_pages_need_a_login(members, client):
    for url in ("/dang-vien/", "/dang-vien/den-han/", f"/dang-vien/{members['hoa'].pk}/"):
        response = client.get(url)
        assert response.status_code == 302 and "/tai-khoan/dang-nhap/" in response["Location"], url


def test_search_without_diacritics_and_partial(clerk, members):
    body = text(clerk.get("/dang-vien/?q=nguyen+thi+hoa"))
    assert "Nguyễn Thị Hoà" in body and "<form" in body and "1990" in body and "Dự bị" in body
    assert f'href="/dang-vien/{members["hoa"].pk}/"' in body
    partial = text(clerk.get("/dang-vien/?q=DUNG", headers={"HX-Request": "true"}))
    assert "Trần Văn Dũng" in partial and "<form" not in partial
    # Birth year, citizen ID; another subtree finds nothing.
    assert "Nguyễn Thị Hoà" in text(clerk.get("/dang-vien/?q=hoa+1990"))
    assert "Nguyễn Thị Hoà" in text(clerk.get("/dang-vien/?q=001190012345"))
    assert "Nguyễn Thị Hoà" not in text(clerk.get("/dang-vien/?q=hoa+1991"))
    outside = text(clerk.get("/dang-vien/?q=sai+gon"))
    assert "Phạm Thị" not in outside and 'class="empty"' in outside


def test_search_page_query_count_is_bounded(clerk, members, system, django_assert_max_num_queries):
    for n in range(10):
        admit_member(system, f"Nguyễn Văn Thử {n}", birth=date(1980, 1, 1 + n))
    with django_assert_max_num_queries(8):
        body = text(clerk.get("/dang-vien/?q=nguyen"))
    assert body.count("<li>") == 11


def test_record_outside_scope_is_404(clerk, members):
    for member in (members["sg"], members["nh"]):
        assert clerk.get(f"/dang-vien/{member.pk}/").status_code == 404
        assert clerk.post(f"/dang-vien/{member.pk}/su-kien/", {"kind": "rating"}).status_code == 404
    assert clerk.get("/dang-vien/999999/").status_code == 404


def test_viewer_sees_masked_ids_and_no_audit_row(members, client):
    viewer = make_user("xem", "viewer", ["X00004"])
    client.force_login(viewer)
    before = AuditEntry.objects.filter(action="member.view").count()
    body = text(client.get(f"/dang-vien/{members['hoa'].pk}/"))
    assert "Nguyễn Thị Hoà" in body
    assert "001190012345" not in body and "0011•••••345" in body
    assert "0912345678" not in body and "0912•••678" in body
    assert "Ghi sự kiện" not in body
    assert AuditEntry.objects.filter(action="member.view").count() == before
    response = client.post(f"/dang-vien/{members['hoa'].pk}/su-kien/",
                           {"kind": "rating", "effective_on": "2025-12-20", "score": "85"})
    assert response.status_code == 403 and "không có quyền" in text(response)


def test_clerk_sees_full_record_and_each_view_is_audited(clerk, members, commune_clerk):
    member = members["hoa"]
    body = text(clerk.get(f"/dang-vien/{member.pk}/"))
    assert "001190012345" in body and "0912345678" in body
    assert "Chi bộ Khu phố 1" in body and "Kết nạp" in body and "02/09/2025" in body
    clerk.get(f"/dang-vien/{member.pk}/")
    rows = AuditEntry.objects.filter(action="member.view", object_id=str(member.pk))
    assert rows.count() == 2 and {r.actor_id for r in rows} == {commune_clerk.pk}


def test_imported_member_timeline_comes_from_the_record(clerk, members):
    member = members["dung"]
    member.events.all().delete()
    Member.objects.filter(pk=member.pk).update(status="official", official_on=date(2026, 8, 1))
    body = text(clerk.get(f"/dang-vien/{member.pk}/"))
    assert "Kết nạp" in body and "01/08/2025" in body
    assert "Công nhận chính thức" in body and "01/08/2026" in body and "theo hồ sơ" in body


def test_record_a_rating_shows_on_the_timeline(clerk, members):
    url = f"/dang-vien/{members['hoa'].pk}/"
    response = clerk.post(url + "su-kien/", {"kind": "rating", "effective_on": "2025-12-20", "score": "92",
                                             "reason": "Hội nghị chi bộ tháng 12"})
    assert response.status_code == 302 and response["Location"] == url
    body = text(clerk.get(url))
    assert "Xếp loại chất lượng" in body and "20/12/2025" in body and "Hội nghị chi bộ tháng 12" in body
    assert AuditEntry.objects.filter(action="member.rating", object_id=str(members["hoa"].pk)).exists()


def test_bad_events_are_refused_in_vietnamese(clerk, members):
    url = f"/dang-vien/{members['hoa'].pk}/su-kien/"
    missing = clerk.post(url, {"kind": "rating", "effective_on": "2025-12-20"})
    assert missing.status_code == 400 and "Hãy nhập điểm xếp loại." in text(missing)
    early = clerk.post(url, {"kind": "official", "effective_on": "2026-01-10"})
    assert early.status_code == 400 and "Chưa hết 12 tháng dự bị" in text(early)
    nowhere = clerk.post(url, {"kind": "transfer", "effective_on": "2026-01-10", "to_branch": "CB-SG-1"})
    assert nowhere.status_code == 400 and "CB-SG-1" in text(nowhere)
    assert not members["hoa"].events.exclude(kind="admission").exists()
    assert clerk.get(url).status_code == 405


def test_transfer_moves_the_member(clerk, members):
    url = f"/dang-vien/{members['hoa'].pk}/"
    response = clerk.post(url + "su-kien/", {"kind": "transfer", "effective_on": "2026-01-10", "to_branch": "CB-BD-2"})
    assert response.status_code == 302
    body = text(clerk.get(url))
    assert "Chuyển sinh hoạt trong hệ thống" in body and "Chi bộ Khu phố 2" in body


def test_due_page_lists_and_exports(clerk, members, commune_clerk):
    body = text(clerk.get("/dang-vien/den-han/?thang=2026-09"))
    assert "Nguyễn Thị Hoà" in body  # admitted 02/09/2025: probation ends in 09/2026
    assert "Chi bộ Khu phố 1" in body and "Phạm Thị" not in body  # branches below 3 officials
    response = clerk.get("/dang-vien/den-han/?thang=2026-09&danh-sach=du-bi-den-han&export=xlsx")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("STT", "Họ và tên", "Ngày sinh")
    assert rows[1][1] == "Nguyễn Thị Hoà" and rows[1][2] == datetime(1990, 4, 3)
    assert len(rows) == 2
    entry = AuditEntry.objects.get(action="member.export")
    assert entry.actor_id == commune_clerk.pk and entry.after["count"] == 1 and entry.after["list"] == "du-bi-den-han"
    branches = load_workbook(
        io.BytesIO(clerk.get("/dang-vien/den-han/?danh-sach=chi-bo-duoi-3&export=xlsx").content)
    ).active
    codes = {row[1] for row in branches.iter_rows(min_row=2, values_only=True)}
    assert {"CB-BD-1", "CB-BD-2"} <= codes and "CB-SG-1" not in codes


def test_search_results_export(clerk, members):
    response = clerk.get("/dang-vien/?q=van&export=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    names = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert names == ["Trần Văn Dũng"]  # Lê Văn Đức is in Ngọc Hà, outside the scope
    assert sheet.cell(row=2, column=6).value == datetime(2025, 8, 1)
    assert AuditEntry.objects.filter(action="member.export", after__list="tim-kiem-dang-vien").count() == 1
