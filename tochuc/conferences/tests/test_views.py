"""Conference pages and API: scope (host sees all, a point sees its own), idempotent check-ins
over HTTP, live totals in a few queries, the XLSX export."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from tochuc.accounts.services import api_token_create
from tochuc.audit.models import AuditEntry
from tochuc.conferences import services
from tochuc.conferences.models import Attendee, BridgePoint, CheckIn, Conference
from tochuc.conftest import make_user

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return response.content.decode()


@pytest.fixture
def registered(points, members, scopes, province_clerk):
    host = scopes["hanoi"]
    services.attendees_register(actor=province_clerk, scope=host, point=points["X00004"],
                                member_ids=[members["an"].pk, members["binh"].pk],
                                guests=[services.Guest("Khách Ba Đình")])
    services.attendees_register(actor=province_clerk, scope=host, point=points["X00008"],
                                member_ids=[members["cuong"].pk])
    return {a.full_name: a for a in Attendee.objects.all()}


def test_list_and_create(client, province_clerk, commune_clerk, other_province_clerk, conference):
    client.force_login(province_clerk)
    body = text(client.get("/hoi-nghi/"))
    assert conference.title in body and 'name="organizer_code"' in body and 'value="T01"' in body
    response = client.post("/hoi-nghi/",
                           {"organizer_code": "T01", "title": "Hội nghị sơ kết", "starts_at": "2026-02-03T08:00",
                                          "host_site": "Hội trường A", "video_link": "https://hop.example.vn/x"})
    created = Conference.objects.get(title="Hội nghị sơ kết")
    assert response.status_code == 302 and response["Location"] == f"/hoi-nghi/{created.pk}/"
    bad = client.post("/hoi-nghi/",
                      {"organizer_code": "T79", "title": "X", "starts_at": "2026-02-03T08:00", "host_site": "A"})
    assert bad.status_code == 400 and "Không có đơn vị mã «T79» trong phạm vi của bạn" in text(bad)
    client.force_login(commune_clerk)  # sees the conference through its bridge point
    assert conference.title in text(client.get("/hoi-nghi/"))
    client.force_login(other_province_clerk)
    assert conference.title not in text(client.get("/hoi-nghi/"))


def test_host_sees_every_point_and_a_point_only_its_own(client, conference, points, registered, province_clerk,
                                                         commune_clerk, other_province_clerk):
    client.force_login(province_clerk)
    body = text(client.get(f"/hoi-nghi/{conference.pk}/"))
    assert "Đảng bộ phường Ba Đình" in body and "Đảng bộ phường Ngọc Hà" in body and 'value="points"' in body
    client.force_login(commune_clerk)
    body = text(client.get(f"/hoi-nghi/{conference.pk}/"))
    assert "Đảng bộ phường Ba Đình" in body and "Đảng bộ phường Ngọc Hà" not in body and 'value="points"' not in body
    assert client.get(f"/hoi-nghi/{conference.pk}/diem-cau/{points['X00008'].pk}/").status_code == 404
    page = text(client.get(f"/hoi-nghi/{conference.pk}/diem-cau/{points['X00004'].pk}/"))
    assert "Nguyễn Văn An" in page and "Lê Văn Cường" not in page
    # A clerk cannot run the host's forms.
    denied = client.post(f"/hoi-nghi/{conference.pk}/", {"action": "agenda", "title": "Chen ngang"})
    assert denied.status_code == 403 and not conference.agenda.exists()
    client.force_login(other_province_clerk)
    assert client.get(f"/hoi-nghi/{conference.pk}/").status_code == 404
    assert client.get(f"/hoi-nghi/{conference.pk}/truc-tuyen/").status_code == 404
    assert client.get(f"/hoi-nghi/{conference.pk}/xuat-excel/").status_code == 404


def test_host_forms(client, conference, province_clerk):
    client.force_login(province_clerk)
    url = f"/hoi-nghi/{conference.pk}/"
    edited = client.post(url, {"action": "edit", "title": "Hội nghị quán triệt (sửa)", "starts_at": "2026-01-15T08:30",
                               "host_site": "Hội trường B", "video_link": "https://hop.example.vn/moi"})
    assert edited.status_code == 302
    conference.refresh_from_db()
    assert (conference.title, conference.host_site, conference.video_link) == (
        "Hội nghị quán triệt (sửa)", "Hội trường B", "https://hop.example.vn/moi")
    assert AuditEntry.objects.filter(action="conference.update").exists()
    assert client.post(url,
                       {"action": "agenda", "title": "Khai mạc", "presenter": "Đ/c Bí thư",
                        "minutes": "10"}).status_code == 302
    assert client.post(url, {"action": "document", "code": "294-QĐ/TW", "issued_on": "2025-05-26",
                             "title": "Quy định thi hành Điều lệ"}).status_code == 302
    bad = client.post(url, {"action": "points", "lines": "CB-BD-1; Người A\nX26734; Người B\nCB-BD-2"})
    assert bad.status_code == 400
    assert "dòng 2, cột mã đơn vị: không có đơn vị «X26734»" in text(bad) and "dòng 3, cột người liên hệ" in text(bad)
    assert client.post(url, {"action": "points", "lines": "CB-BD-1; Người A; 0900000000"}).status_code == 302
    assert client.post(url, {"action": "conclusion", "text": "Triển khai ngay."}).status_code == 302
    assert client.post(url,
                       {"action": "task", "unit_code": "X00004", "description": "Học tập",
                        "deadline": "2026-02-28"}).status_code == 302
    body = text(client.get(url))
    assert all(s in body for s in ("Khai mạc", "294-QĐ/TW", "Chi bộ Khu phố 1", "Triển khai ngay.", "Học tập"))
    assert BridgePoint.objects.filter(conference=conference).count() == 4


def test_point_page_registers_and_checks_in(client, conference, points, members, commune_clerk):
    client.force_login(commune_clerk)
    url = f"/hoi-nghi/{conference.pk}/diem-cau/{points['X00004'].pk}/"
    members["an"].card_number = "01000001"
    members["an"].save()
    bad = client.post(url, {"action": "register", "members": "01000001\n99999999", "guests": "Khách A; UBND\n"})
    assert bad.status_code == 400 and "dòng 2, cột đảng viên" in text(bad) and not Attendee.objects.exists()
    assert client.post(url, {"action": "register", "members": "01000001", "guests": "Khách A; UBND"}).status_code == 302
    an = Attendee.objects.get(member=members["an"])
    first = client.post(url, {"action": "checkin", "attendee": an.pk}, headers={"HX-Request": "true"})
    again = client.post(url, {"action": "checkin", "attendee": an.pk}, headers={"HX-Request": "true"})
    assert "Đã điểm danh Nguyễn Văn An." in text(first) and "<html" not in text(first)
    assert "không tính thêm" in text(again)
    walkin = client.post(url, {"action": "walkin", "guest_name": "Khách vãng lai"}, headers={"HX-Request": "true"})
    assert 'id="so-diem-danh">2<' in text(walkin)
    assert client.post(url, {"action": "count", "count": "30"}).status_code == 302
    assert BridgePoint.objects.get(pk=points["X00004"].pk).reported_count == 30
    assert CheckIn.objects.count() == 2


def test_live_totals_in_few_queries(client, conference, points, registered, province_clerk, scopes,
                                    django_assert_max_num_queries):
    host = scopes["hanoi"]
    for name in ("Nguyễn Văn An", "Khách Ba Đình"):
        services.checkin_record(actor=province_clerk, scope=host, point=points["X00004"],
                                attendee_id=registered[name].pk)
    services.bridge_point_report_count(actor=province_clerk, scope=host, point=points["X00008"], count=3)
    client.force_login(province_clerk)
    url = f"/hoi-nghi/{conference.pk}/truc-tuyen/"
    page = text(client.get(url))
    assert 'hx-trigger="every 5s"' in page and "htmx.min.js" in page
    # session, user, scope (2), access (2), totals (3), not connected, saving the session (3)
    with django_assert_max_num_queries(13):
        partial = text(client.get(url, headers={"HX-Request": "true"}))
    assert "<html" not in partial
    assert 'id="tong-ket-noi">2 / 3<' in partial  # Ba Đình (check-ins), Ngọc Hà (head count)
    assert (
        'id="tong-dang-ky">4<' in partial and 'id="tong-co-mat">5<' in partial
        and 'id="tong-diem-danh">2<' in partial
    )
    assert "Chi bộ Khoa Lịch sử</a></p>" in partial and "Ngọc Hà</a>" not in partial  # the one not connected
    # The same number of queries with many more points and people.
    more = [services.PointRow(code, "Người liên hệ") for code in ("CB-BD-1", "CB-BD-2", "DBCS-BD", "CB-NH-1")]
    services.bridge_points_add(actor=province_clerk, scope=host, conference=conference, rows=more)
    with django_assert_max_num_queries(13):
        partial = text(client.get(url, headers={"HX-Request": "true"}))
    assert 'id="tong-ket-noi">2 / 7<' in partial and "Chi bộ Khu phố 1" in partial


def test_export_xlsx(client, conference, points, registered, province_clerk, scopes):
    services.checkin_record(actor=province_clerk, scope=scopes["hanoi"], point=points["X00004"],
                            attendee_id=registered["Nguyễn Văn An"].pk)
    client.force_login(province_clerk)
    response = client.get(f"/hoi-nghi/{conference.pk}/xuat-excel/")
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["Điểm cầu"]
    rows = [[c.value for c in r] for r in sheet.iter_rows(min_row=5, max_row=7)]
    assert {r[2]: (r[7], r[8], r[10]) for r in rows} == {"X00004": (3, 1, 1), "X00008": (1, 0, 0), "CB-DH-1": (0, 0, 0)}
    people = [[c.value for c in r] for r in book["Đại biểu"].iter_rows(min_row=2)]
    assert sorted((r[2], r[5]) for r in people) == [("Khách Ba Đình", "Chưa"), ("Lê Văn Cường", "Chưa"),
                                                    ("Nguyễn Văn An", "Có"), ("Trần Thị Bình", "Chưa")]
    assert AuditEntry.objects.filter(action="conference.export").count() == 1


def test_api_check_in_is_idempotent_and_scoped(client, conference, points, registered, commune_clerk,
                                               other_province_clerk):
    token = api_token_create(actor=None, user=commune_clerk)
    auth = {"Authorization": f"Bearer {token}"}
    base = f"/api/v1/conferences/{conference.pk}/points/{points['X00004'].pk}"
    an = registered["Nguyễn Văn An"].pk
    first = client.post(f"{base}/check-ins", {"attendee_id": an}, content_type="application/json", headers=auth)
    again = client.post(f"{base}/check-ins", {"attendee_id": an}, content_type="application/json", headers=auth)
    assert (first.status_code, first.json()["created"]) == (201, True)
    assert (again.status_code, again.json()["created"]) == (200, False)
    guest = client.post(f"{base}/check-ins", {"guest_name": "Khách API"}, content_type="application/json", headers=auth)
    assert guest.status_code == 201
    wrong = client.post(f"{base}/check-ins", {"attendee_id": registered["Lê Văn Cường"].pk},
                        content_type="application/json", headers=auth)
    assert wrong.status_code == 400 and "không đăng ký tại điểm cầu này" in wrong.json()["detail"]
    other = f"/api/v1/conferences/{conference.pk}/points/{points['X00008'].pk}/check-ins"
    assert client.post(other, {"guest_name": "X"}, content_type="application/json", headers=auth).status_code == 404
    totals = client.get(f"/api/v1/conferences/{conference.pk}/totals", headers=auth).json()
    assert totals["is_host"] is False and totals["overall"]["present"] == 2 and totals["overall"]["points"] == 2
    assert sorted(p["unit"] for p in client.get(f"/api/v1/conferences/{conference.pk}/points",
                                                headers=auth).json()) == \
        ["CB-DH-1", "X00004"]
    count = client.post(f"{base}/count", {"count": 7}, content_type="application/json", headers=auth)
    assert count.status_code == 200 and count.json()["reported_count"] == 7
    foreign = {"Authorization": f"Bearer {api_token_create(actor=None, user=other_province_clerk)}"}
    assert client.get(f"/api/v1/conferences/{conference.pk}", headers=foreign).status_code == 404
    assert client.get(f"/api/v1/conferences/{conference.pk}/totals", headers=foreign).status_code == 404
    assert client.post(f"{base}/check-ins", {"attendee_id": an}, content_type="application/json",
                       headers=foreign).status_code == 404
    viewer = make_user("xem-badinh", "viewer", ["X00004"])
    seen = {"Authorization": f"Bearer {api_token_create(actor=None, user=viewer)}"}
    assert client.post(f"{base}/check-ins", {"guest_name": "Y"}, content_type="application/json",
                       headers=seen).status_code == 403


def test_api_create_and_add_points(client, province_clerk, small_tree):
    auth = {"Authorization": f"Bearer {api_token_create(actor=None, user=province_clerk)}"}
    made = client.post("/api/v1/conferences", {"organizer_code": "T01", "title": "Hội nghị API", "host_site": "Hà Nội",
                                               "starts_at": "2026-03-01T08:00:00+07:00"},
                       content_type="application/json", headers=auth)
    assert made.status_code == 201, made.content
    cid = made.json()["id"]
    bad = client.post(f"/api/v1/conferences/{cid}/points", [{"unit_code": "X26734", "contact_name": "A"}],
                      content_type="application/json", headers=auth)
    assert bad.status_code == 400 and bad.json()["errors"][0].startswith("dòng 1, cột mã đơn vị")
    good = client.post(f"/api/v1/conferences/{cid}/points", [{"unit_code": "X00004", "contact_name": "A"}],
                       content_type="application/json", headers=auth)
    assert good.status_code == 201 and good.json() == {"written": 1}
    detail = client.get(f"/api/v1/conferences/{cid}", headers=auth).json()
    assert detail["is_host"] and detail["title"] == "Hội nghị API"


def test_conference_and_point_pages_in_bounded_queries(client, conference, points, registered, province_clerk, scopes,
                                                       django_assert_max_num_queries):
    host = scopes["hanoi"]
    services.checkin_record(actor=province_clerk, scope=host, point=points["X00004"],
                            attendee_id=registered["Nguyễn Văn An"].pk)
    services.task_assign(actor=province_clerk, scope=host, conference=conference, unit_code="X00004",
                         description="Học tập")
    client.force_login(province_clerk)
    detail = f"/hoi-nghi/{conference.pk}/"
    point = f"/hoi-nghi/{conference.pk}/diem-cau/{points['X00004'].pk}/"
    with django_assert_max_num_queries(16) as first:
        client.get(detail)
    with django_assert_max_num_queries(14):
        client.get(point)
    # More points, attendees and tasks: the same number of queries.
    services.bridge_points_add(actor=province_clerk, scope=host, conference=conference,
                               rows=[services.PointRow(c, "Người liên hệ") for c in ("CB-BD-1", "CB-BD-2", "CB-NH-1")])
    services.attendees_register(actor=province_clerk, scope=host, point=points["X00004"],
                                guests=[services.Guest(f"Khách {i}") for i in range(20)])
    services.task_assign(actor=province_clerk, scope=host, conference=conference, unit_code="X00008",
                         description="Báo cáo")
    with django_assert_max_num_queries(len(first.captured_queries)):
        body = text(client.get(detail))
    assert "Chi bộ Khu phố 2" in body and "Báo cáo" in body


def test_assigned_unit_updates_its_task(client, conference, scopes, province_clerk, commune_clerk,
                                        other_province_clerk):
    host = scopes["hanoi"]
    mine = services.task_assign(actor=province_clerk, scope=host, conference=conference, unit_code="X00004",
                                description="Học tập nghị quyết")
    theirs = services.task_assign(actor=province_clerk, scope=host, conference=conference, unit_code="X00008",
                                  description="Báo cáo Ngọc Hà")
    client.force_login(commune_clerk)
    body = text(client.get(f"/hoi-nghi/{conference.pk}/"))
    assert "Học tập nghị quyết" in body and "Báo cáo Ngọc Hà" not in body
    done = client.post(f"/hoi-nghi/nhiem-vu/{mine.pk}/", {"status": "done", "note": "Xong ngày 20/1"})
    assert done.status_code == 302 and done["Location"] == f"/hoi-nghi/{conference.pk}/#task"
    mine.refresh_from_db()
    assert (mine.status, mine.status_note) == ("done", "Xong ngày 20/1")
    assert client.post(f"/hoi-nghi/nhiem-vu/{theirs.pk}/", {"status": "done"}).status_code == 404
    assert client.post(f"/hoi-nghi/nhiem-vu/{mine.pk}/", {"status": "cancelled"}).status_code == 400
    client.force_login(other_province_clerk)
    assert client.post(f"/hoi-nghi/nhiem-vu/{mine.pk}/", {"status": "in_progress"}).status_code == 404
