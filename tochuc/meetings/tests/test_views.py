"""Meeting pages: branches, plan, the record with its attendance sheet and minutes, exports, the
compliance page (bounded queries), scope."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from tochuc.audit.models import AuditEntry
from tochuc.conftest import make_user
from tochuc.meetings.models import Attendance, Meeting, MeetingStatus


def text(response) -> str:
    return response.content.decode()


@pytest.fixture
def clerk(branch_members, commune_clerk, client):
    client.force_login(commune_clerk)
    return client


def test_pages_need_a_login(branch_members, client):
    for url in ("/sinh-hoat/", "/sinh-hoat/tuan-thu/", "/sinh-hoat/chi-bo/CB-BD-1/"):
        response = client.get(url)
        assert response.status_code == 302 and "/tai-khoan/dang-nhap/" in response["Location"], url


def test_home_lists_branches_in_scope_and_plans_a_month(clerk):
    body = text(clerk.get("/sinh-hoat/"))
    assert "Chi bộ Khu phố 1" in body and "Chi bộ Khoa Lịch sử" in body and "Bến Nghé" not in body
    assert "Chi bộ Khu phố 1" in text(clerk.get("/sinh-hoat/?q=khu+pho"))
    response = clerk.post("/sinh-hoat/ke-hoach/", {"what": "monthly", "root": "X00004", "month": "2026-03"})
    assert response.status_code == 302 and "da-lap=3" in response["Location"]
    assert Meeting.objects.filter(planned_on=date(2026, 3, 3)).count() == 3
    response = clerk.post("/sinh-hoat/ke-hoach/", {"what": "thematic", "root": "X00004", "quarter": "2026-Q1",
                                                   "topic": ""})
    assert response.status_code == 400 and "chủ đề" in text(response)
    response = clerk.post("/sinh-hoat/ke-hoach/", {"what": "monthly", "root": "X26734", "month": "2026-03"})
    assert response.status_code == 400 and not Meeting.objects.filter(unit__code="CB-SG-1").exists()


def test_branch_page_plans_and_records_a_meeting(clerk, branch_members):
    assert clerk.get("/sinh-hoat/chi-bo/CB-SG-1/").status_code == 404
    assert clerk.get("/sinh-hoat/chi-bo/X00004/").status_code == 404  # not a branch
    response = clerk.post("/sinh-hoat/chi-bo/CB-BD-1/", {"kind": "monthly", "planned_on": "2025-10-03",
                                                         "agenda": "Điểm danh\nKiểm điểm tháng 9"})
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/sinh-hoat/{meeting.pk}/"
    page = text(clerk.get(f"/sinh-hoat/{meeting.pk}/"))
    an, binh, cuong, dung = branch_members["CB-BD-1"]
    assert all(m.full_name in page for m in (an, binh, cuong, dung)) and "Ghi điểm danh" in page
    # An excused absence without reason: rejected with row and field, nothing written, input kept.
    post = {"held_on": "2025-10-03", f"status-{an.pk}": "present", f"status-{binh.pk}": "excused",
            f"status-{cuong.pk}": "absent", f"status-{dung.pk}": "present", f"arrived-{an.pk}": "07:55"}
    response = clerk.post(f"/sinh-hoat/{meeting.pk}/diem-danh/", post)
    assert (
        response.status_code == 400
        and "cột lý do vắng: Trần Thị Bình: vắng có lý do phải ghi lý do" in text(response)
    )
    assert not Attendance.objects.exists()
    post[f"reason-{binh.pk}"] = "Đi công tác"
    assert clerk.post(f"/sinh-hoat/{meeting.pk}/diem-danh/", post).status_code == 302
    meeting.refresh_from_db()
    assert (meeting.present_count, meeting.summoned_count) == (2, 4)
    assert str(Attendance.objects.get(member=an).arrived_at) == "07:55:00"
    page = text(clerk.get(f"/sinh-hoat/{meeting.pk}/"))
    assert "2/4 (50,0%)" in page and "Ghi biên bản" in page
    response = clerk.post(f"/sinh-hoat/{meeting.pk}/bien-ban/", {"minutes": "", "self_rating": "tot",
                                                                 "duration_minutes": "95"})
    assert response.status_code == 400 and "Biên bản: chưa có nội dung" in text(response)
    response = clerk.post(f"/sinh-hoat/{meeting.pk}/bien-ban/", {
        "minutes": "Đồng chí Bí thư quán triệt nghị quyết.\nChi bộ thảo luận.", "self_rating": "kha",
        "duration_minutes": "80", "started_at": "08:00", "chair": "Nguyễn Văn An", "secretary": "Phạm Thị Dung",
        "agenda": "Điểm danh\nKiểm điểm tháng 9", "resolutions": "Hoàn thành chỉ tiêu thu đảng phí"})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD and meeting.self_rating == "kha"
    page = text(clerk.get(f"/sinh-hoat/{meeting.pk}/"))
    assert "dưới 85%" in page and "ngắn hơn 90 phút" in page and "Hoàn thành chỉ tiêu thu đảng phí" in page
    assert AuditEntry.objects.filter(action="meeting.close", actor__username="badinh").exists()


def test_minutes_pdf_and_docx(clerk, branch_members, hold):
    from docx import Document

    cuong = branch_members["CB-BD-1"][2]
    meeting = hold("CB-BD-1", date(2025, 10, 3), statuses={cuong.pk: "excused"})
    pdf = clerk.get(f"/sinh-hoat/{meeting.pk}/bien-ban.pdf")
    assert pdf["Content-Type"] == "application/pdf" and "bien-ban-CB-BD-1-2025-10-03.pdf" in pdf["Content-Disposition"]
    # Text in the PDF is set in subset glyphs of the bundled font (no parser is pinned to read it
    # back); the same facts feed the DOCX, whose text is checked below.
    assert pdf.content.startswith(b"%PDF") and b"DejaVuSerif" in pdf.content and b"FontFile2" in pdf.content
    docx = clerk.get(f"/sinh-hoat/{meeting.pk}/bien-ban.docx")
    paragraphs = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert "BIÊN BẢN SINH HOẠT THƯỜNG KỲ" in paragraphs and "có mặt: 3; vắng có lý do: 1" in paragraphs
    assert "Tốt" in paragraphs and "Lê Văn Cường (Ốm)" in paragraphs and "Thống nhất nghị quyết tháng" in paragraphs


def test_compliance_page_shows_the_gaps_in_bounded_queries(clerk, branch_members, hold,
                                                           django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    an = branch_members["CB-BD-1"][0]
    hold("CB-BD-1", date(2025, 10, 3), statuses={an.pk: "absent"})
    hold("CB-BD-2", date(2025, 10, 3))
    url = "/sinh-hoat/tuan-thu/?root=X00004&tu=2025-10&den=2025-12"
    with CaptureQueriesContext(connection) as first:
        body = text(clerk.get(url))
    from tochuc.meetings.tests.test_compliance import statement_queries

    # session, user, scope, roots, summary, page of gaps; + 4 for the audit row of the absentees' names
    # (savepoint, root unit, insert, release)
    assert len(first) <= 18 + 2 * statement_queries()
    assert 'class="expected">3<' in body and 'class="compliant">0<' in body and 'class="missing-monthly">3<' in body
    assert "11/2025, 12/2025" in body and "Nguyễn Văn An" in body and "10/2025, 11/2025, 12/2025" in body
    # Ten more branches with gaps cost no more queries.
    from tochuc.core.scope import system_scope
    from tochuc.orgs.services import units_import

    lines = ["code,name,kind,parent_code,valid_from"] + [f"CB-T-{n},Chi bộ Thêm {n},branch,X00004,2025-07-01"
                                                          for n in range(10)]
    units_import(actor=None, scope=system_scope(date(2026, 1, 15)), stream=io.StringIO("\n".join(lines) + "\n"),
                 source="test")
    with django_assert_max_num_queries(len(first)):
        body = text(clerk.get(url))
    assert body.count('<tr data-code="') == 13
    xlsx = clerk.get(url + "&export=xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("STT", "Mã", "Chi bộ") and len(rows) == 1 + 13 + 1
    assert ("CB-BD-1", "11/2025, 12/2025") in [(r[1], r[4]) for r in rows]


def test_compliance_outside_scope_is_404(clerk, branch_members):
    assert clerk.get("/sinh-hoat/tuan-thu/?root=X26734&tu=2025-10&den=2025-12").status_code == 404
    assert clerk.get("/sinh-hoat/tuan-thu/?root=X00004&tu=2025-13&den=2025-12").status_code == 400


def test_meeting_of_another_subtree_is_404_and_viewers_cannot_write(client, branch_members, hold, other_province_clerk):
    meeting = hold("CB-BD-1", date(2025, 10, 3))
    client.force_login(other_province_clerk)
    for url in (f"/sinh-hoat/{meeting.pk}/", f"/sinh-hoat/{meeting.pk}/bien-ban.pdf",
                f"/sinh-hoat/{meeting.pk}/bien-ban.docx"):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/sinh-hoat/{meeting.pk}/diem-danh/", {"held_on": "2025-10-03"}).status_code == 404
    viewer = make_user("xem", "viewer", ["X00004"])
    client.force_login(viewer)
    page = text(client.get(f"/sinh-hoat/{meeting.pk}/"))
    assert "Nguyễn Văn An" in page and "Ghi điểm danh" not in page
    assert client.post(f"/sinh-hoat/{meeting.pk}/diem-danh/", {"held_on": "2025-10-03"}).status_code == 403


def test_branch_and_meeting_pages_do_not_grow_with_meetings_or_members(clerk, branch_members, hold, system,
                                                                         django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tochuc.members.tests.factories import admit

    first = hold("CB-BD-1", date(2025, 9, 3))
    with CaptureQueriesContext(connection) as few:
        assert clerk.get("/sinh-hoat/chi-bo/CB-BD-1/").status_code == 200
    with CaptureQueriesContext(connection) as one_sheet:
        assert clerk.get(f"/sinh-hoat/{first.pk}/").status_code == 200
    for month in (10, 11, 12):
        hold("CB-BD-1", date(2025, month, 3))
    for n in range(8):
        admit(system, f"Đảng Viên Thêm {n}", birth=date(1990, 1, 1 + n))
    last = hold("CB-BD-1", date(2026, 1, 3))
    with django_assert_max_num_queries(len(few)):
        body = text(clerk.get("/sinh-hoat/chi-bo/CB-BD-1/"))
    assert body.count('<tr class="meeting-held">') == 5
    with django_assert_max_num_queries(len(one_sheet)):
        body = text(clerk.get(f"/sinh-hoat/{last.pk}/"))
    assert body.count("<tr data-member=") == 12


def test_compliance_export_stops_at_its_limit(clerk, branch_members, monkeypatch):
    from tochuc.meetings import views

    monkeypatch.setattr(views, "EXPORT_MAX", 2)
    xlsx = clerk.get("/sinh-hoat/tuan-thu/?root=X00004&tu=2025-10&den=2025-12&export=xlsx")
    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True))
    assert [r[1] for r in rows[1:3]] == ["CB-BD-1", "CB-BD-2"] and "dừng ở 2 chi bộ" in rows[-1][2]


def test_cancel_a_planned_meeting(clerk, branch_members):
    clerk.post("/sinh-hoat/chi-bo/CB-BD-2/", {"kind": "monthly", "planned_on": "2026-02-03"})
    meeting = Meeting.objects.get()
    assert "Hủy buổi sinh hoạt" in text(clerk.get(f"/sinh-hoat/{meeting.pk}/"))
    assert clerk.post(f"/sinh-hoat/{meeting.pk}/huy/", {"reason": "Trùng sinh hoạt chuyên đề"}).status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CANCELLED
    assert AuditEntry.objects.get(action="meeting.cancel").reason == "Trùng sinh hoạt chuyên đề"
    assert clerk.post(f"/sinh-hoat/{meeting.pk}/huy/").status_code == 400  # only once
