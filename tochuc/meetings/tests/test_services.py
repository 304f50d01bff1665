"""Meeting services: planning (one, a month, a quarter), attendance, closing; audit; bad input."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tochuc.audit.models import AuditEntry
from tochuc.conftest import make_user
from tochuc.core.scope import scope_for_user
from tochuc.core.tabular import ImportRejected
from tochuc.domain.meetings import Month, Quarter
from tochuc.meetings import services
from tochuc.meetings.models import Attendance, Meeting, MeetingStatus
from tochuc.meetings.selectors import branch_roster, meeting_sheet, scoped_meetings


def test_plan_defaults_to_the_3rd_and_refuses_a_second_monthly(branch_members, system):
    meeting = services.meeting_plan(actor=None, scope=system, branch_code="CB-BD-1", kind="monthly",
                                    month=Month(2026, 2))
    assert meeting.planned_on == date(2026, 2, 3) and meeting.status == MeetingStatus.PLANNED
    assert AuditEntry.objects.filter(action="meeting.plan", object_id=str(meeting.pk)).exists()
    with pytest.raises(ValidationError, match="đã có kế hoạch"):
        services.meeting_plan(actor=None, scope=system, branch_code="CB-BD-1", kind="monthly",
                              planned_on=date(2026, 2, 10))
    with pytest.raises(ValidationError, match="chủ đề"):
        services.meeting_plan(actor=None, scope=system, branch_code="CB-BD-1", kind="thematic", month=Month(2026, 2))
    with pytest.raises(ValidationError, match="Không có chi bộ"):
        services.meeting_plan(actor=None, scope=system, branch_code="X00004", kind="monthly", month=Month(2026, 2))
    # CB-DH-1 exists only from 1/8/2025.
    with pytest.raises(ValidationError, match="Không có chi bộ"):
        services.meeting_plan(actor=None, scope=system, branch_code="CB-DH-1", kind="monthly", month=Month(2025, 7))


def test_plan_month_for_a_subtree_is_set_based_and_idempotent(branch_members, system, commune_clerk,
                                                              django_assert_max_num_queries):
    scope = scope_for_user(commune_clerk, date(2026, 1, 15))
    services.meeting_plan(actor=commune_clerk, scope=scope, branch_code="CB-BD-2", kind="monthly",
                          planned_on=date(2026, 3, 5))
    with django_assert_max_num_queries(12):
        planned = services.meetings_plan_month(actor=commune_clerk, scope=scope, root_code="X00004",
                                               month=Month(2026, 3))
    assert planned == 2  # CB-BD-1 and CB-DH-1; CB-BD-2 already had one
    days = dict(Meeting.objects.filter(planned_month=Month(2026, 3).index).values_list("unit__code", "planned_on"))
    assert days == {"CB-BD-1": date(2026, 3, 3), "CB-BD-2": date(2026, 3, 5), "CB-DH-1": date(2026, 3, 3)}
    assert services.meetings_plan_month(actor=commune_clerk, scope=scope, root_code="X00004", month=Month(2026, 3)) == 0
    entry = AuditEntry.objects.get(action="meeting.plan_monthly", after__count=2)
    assert entry.actor == commune_clerk and entry.unit_id is not None
    # Outside the clerk's scope: refused, nothing planned.
    with pytest.raises(ValidationError, match="X26734"):
        services.meetings_plan_month(actor=commune_clerk, scope=scope, root_code="X26734", month=Month(2026, 3))
    assert not Meeting.objects.filter(unit__code="CB-SG-1").exists()


def test_plan_quarter_thematic(branch_members, system):
    planned = services.meetings_plan_quarter(actor=None, scope=system, root_code="X00004", quarter=Quarter(2026, 1),
                                             topic="Học tập Nghị quyết")
    assert planned == 3
    assert set(Meeting.objects.filter(kind="thematic").values_list("planned_on", "topic")) == {
        (date(2026, 3, 3), "Học tập Nghị quyết")}
    assert services.meetings_plan_quarter(actor=None, scope=system, root_code="X00004", quarter=Quarter(2026, 1),
                                          topic="Lần nữa", month_of_quarter=1) == 0
    with pytest.raises(ValidationError):
        services.meetings_plan_quarter(actor=None, scope=system, root_code="X00004", quarter=Quarter(2026, 2),
                                       topic=" ")


def test_roster_is_the_branch_members_on_the_day(branch_members, system):
    from tochuc.members.lifecycle import member_transfer

    an, binh = branch_members["CB-BD-1"][:2]
    member_transfer(actor=None, scope=system, member=binh, to_branch_code="CB-BD-2", effective_on=date(2025, 11, 10))
    unit_id = Meeting._meta.get_field("unit").related_model.objects.get(code="CB-BD-1").pk
    before = {m for m, _n in branch_roster(unit_id=unit_id, on=date(2025, 11, 3))}
    after = {m for m, _n in branch_roster(unit_id=unit_id, on=date(2025, 12, 3))}
    assert binh.pk in before and binh.pk not in after and an.pk in before & after
    assert branch_roster(unit_id=unit_id, on=date(2025, 7, 3)) == []  # admitted 1/8/2025


def test_attendance_all_or_nothing_with_row_and_field(branch_members, system):
    an, binh, cuong, dung = branch_members["CB-BD-1"]
    meeting = services.meeting_plan(actor=None, scope=system, branch_code="CB-BD-1", kind="monthly",
                                    month=Month(2025, 10))
    stranger = branch_members["CB-SG-1"][0]
    with pytest.raises(ImportRejected) as rejected:
        services.meeting_record_attendance(actor=None, scope=system, meeting=meeting, held_on=date(2025, 10, 3),
                                           entries={
            an.pk: ("present", ""), binh.pk: ("excused", "  "), cuong.pk: ("late", ""), stranger.pk: ("present", "")})
    text = "\n".join(str(e) for e in rejected.value.errors)
    roster = [m for m, _n in branch_roster(unit_id=meeting.unit_id, on=date(2025, 10, 3))]
    assert f"dòng {roster.index(binh.pk) + 1}, cột lý do vắng: Trần Thị Bình: vắng có lý do phải ghi lý do" in text
    assert "Lê Văn Cường: trạng thái «late» không hợp lệ" in text
    assert "Phạm Thị Dung: chưa điểm danh" in text
    assert f"dòng —, cột đảng viên: đảng viên mã {stranger.pk}: không thuộc danh sách" in text
    assert not Attendance.objects.exists()
    meeting.refresh_from_db()
    assert meeting.attendance_taken_at is None and meeting.held_on is None
    with pytest.raises(ValidationError, match="chưa đến"):
        services.meeting_record_attendance(actor=None, scope=system, meeting=meeting, held_on=date(2099, 1, 3),
                                           entries={})


def test_attendance_then_close_and_totals_match_a_fresh_count(branch_members, system):
    an, binh, cuong, dung = branch_members["CB-BD-1"]
    meeting = services.meeting_plan(actor=None, scope=system, branch_code="CB-BD-1", kind="monthly",
                                    month=Month(2025, 10), agenda=["Điểm danh", "Kiểm điểm tháng 9"])
    with pytest.raises(ValidationError, match="điểm danh trước"):
        services.meeting_close(actor=None, scope=system, meeting=meeting, minutes="x", resolutions=[],
                               self_rating="tot", duration_minutes=90)
    entries = {an.pk: ("present", ""), binh.pk: ("excused", "Đi công tác"), cuong.pk: ("absent", ""),
               dung.pk: ("present", "")}
    services.meeting_record_attendance(actor=None, scope=system, meeting=meeting, held_on=date(2025, 10, 4),
                                       entries=entries)
    # Record again (a correction): replaces the sheet, the audit keeps both versions.
    entries[cuong.pk] = ("present", "")
    meeting = services.meeting_record_attendance(actor=None, scope=system, meeting=meeting, held_on=date(2025, 10, 4),
                                                 entries=entries)
    fresh = {s: Attendance.objects.filter(meeting=meeting, status=s).count() for s in ("present", "excused", "absent")}
    assert (meeting.summoned_count, meeting.present_count, meeting.excused_count, meeting.absent_count) == (
        4, fresh["present"], fresh["excused"], fresh["absent"]) == (4, 3, 1, 0)
    assert Attendance.objects.get(meeting=meeting, member=binh).reason == "Đi công tác"
    audits = list(AuditEntry.objects.filter(action="meeting.attendance").order_by("id"))
    assert audits[0].before is None and audits[1].before["absent"] == 1 and audits[1].after["absent"] == 0
    with pytest.raises(ValidationError) as bad:
        services.meeting_close(actor=None, scope=system, meeting=meeting, minutes=" ", resolutions=[],
                               self_rating="xuat_sac", duration_minutes=0)
    assert len(bad.value.messages) == 3
    meeting = services.meeting_close(actor=None, scope=system, meeting=meeting, minutes="Chi bộ họp đủ nội dung.",
                                     resolutions="Nghị quyết 1\n\nNghị quyết 2", self_rating="tot",
                                     duration_minutes=100, chair="Nguyễn Văn An", secretary="Phạm Thị Dung")
    assert meeting.status == MeetingStatus.HELD and meeting.held_month == Month(2025, 10).index
    assert meeting.resolutions == ["Nghị quyết 1", "Nghị quyết 2"] and meeting.agenda == ["Điểm danh",
                                                                                          "Kiểm điểm tháng 9"]
    assert [r.status for r in meeting_sheet(meeting=meeting)].count("present") == 3
    assert AuditEntry.objects.filter(action="meeting.close", object_id=str(meeting.pk)).exists()


def test_viewers_and_other_subtrees_cannot_write(branch_members, system, other_province_clerk):
    viewer = make_user("xem", "viewer", ["X00004"])
    with pytest.raises(PermissionDenied):
        services.meeting_plan(actor=viewer, scope=scope_for_user(viewer), branch_code="CB-BD-1", kind="monthly",
                              month=Month(2026, 2))
    meeting = services.meeting_plan(actor=None, scope=system, branch_code="CB-BD-1", kind="monthly",
                                    month=Month(2025, 10))
    other = scope_for_user(other_province_clerk)
    with pytest.raises(ValidationError):
        services.meeting_plan(actor=other_province_clerk, scope=other, branch_code="CB-BD-1", kind="monthly",
                              month=Month(2026, 2))
    with pytest.raises(ValidationError, match="ngoài phạm vi"):
        services.meeting_record_attendance(actor=other_province_clerk, scope=other, meeting=meeting,
                                           held_on=date(2025, 10, 3), entries={})
    assert not scoped_meetings(other).filter(pk=meeting.pk).exists()


def test_cancel_only_planned(branch_members, system, hold):
    planned = services.meeting_plan(actor=None, scope=system, branch_code="CB-BD-2", kind="monthly",
                                    month=Month(2026, 2))
    assert services.meeting_cancel(actor=None, scope=system, meeting=planned).status == MeetingStatus.CANCELLED
    # A cancelled monthly meeting frees the month.
    services.meeting_plan(actor=None, scope=system, branch_code="CB-BD-2", kind="monthly", month=Month(2026, 2))
    held = hold("CB-BD-2", date(2025, 10, 3))
    with pytest.raises(ValidationError):
        services.meeting_cancel(actor=None, scope=system, meeting=held)
