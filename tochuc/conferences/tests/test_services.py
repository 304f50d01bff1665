"""Conference services: bridge points, registrations, idempotent check-ins, head counts, scope."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tochuc.audit.models import AuditEntry
from tochuc.conferences import selectors, services
from tochuc.conferences.models import Attendee, BridgePoint, CheckIn
from tochuc.core.tabular import ImportRejected

pytestmark = pytest.mark.django_db


def test_points_get_their_unit_level_and_name(points):
    assert points["X00004"].level == "commune" and points["X00004"].name == "Đảng bộ phường Ba Đình"
    assert points["CB-DH-1"].level == "branch" and points["CB-DH-1"].location == "Phòng 201"
    assert AuditEntry.objects.filter(action="conference.points_add").count() == 1


def test_bad_point_rows_change_nothing_and_name_row_and_field(conference, scopes, province_clerk):
    with pytest.raises(ImportRejected) as caught:
        services.bridge_points_add(actor=province_clerk, scope=scopes["hanoi"], conference=conference, rows=[
            services.PointRow("CB-BD-1", "Người A"),
            services.PointRow("X26734", "Người B"),      # another province: out of scope
            services.PointRow("X00004", "Người C"),      # already a point
            services.PointRow("CB-BD-2", ""),            # no contact
        ], first_row=2)
    text = [str(e) for e in caught.value.errors]
    assert text == [
        "dòng 3, cột mã đơn vị: không có đơn vị «X26734» trong phạm vi của bạn vào ngày 15/01/2026",
        "dòng 4, cột mã đơn vị: đơn vị «X00004» đã là điểm cầu của hội nghị",
        "dòng 5, cột người liên hệ: thiếu người liên hệ",
    ]
    assert BridgePoint.objects.filter(conference=conference).count() == 3


def test_only_the_host_adds_points(conference, scopes, commune_clerk):
    with pytest.raises(PermissionDenied):
        services.bridge_points_add(actor=commune_clerk, scope=scopes["badinh"], conference=conference,
                                   rows=[services.PointRow("CB-BD-1", "A")])


def test_register_members_and_guests_all_or_nothing(points, members, scopes, commune_clerk):
    point = points["X00004"]
    clerk = scopes["badinh"]
    assert services.attendees_register(actor=commune_clerk, scope=clerk, point=point,
                                       member_ids=[members["an"].pk, members["binh"].pk],
                                       guests=[services.Guest("Ông Khách Mời", "Sở Nội vụ")]) == 3
    with pytest.raises(ImportRejected) as caught:
        services.attendees_register(actor=commune_clerk, scope=clerk, point=point,
                                    member_ids=[members["an"].pk, members["sg"].pk], guests=[services.Guest(" ")])
    assert [str(e) for e in caught.value.errors] == [
        "dòng 1, cột đảng viên: Nguyễn Văn An đã đăng ký tại điểm cầu Đảng bộ phường Ba Đình",
        f"dòng 2, cột đảng viên: không có đảng viên số {members['sg'].pk} trong phạm vi của bạn",
        "dòng 3, cột họ và tên: thiếu họ và tên khách mời",
    ]
    assert Attendee.objects.filter(point=point).count() == 3


def test_a_clerk_writes_only_its_point(points, members, scopes, commune_clerk):
    with pytest.raises(PermissionDenied):
        services.bridge_point_report_count(actor=commune_clerk, scope=scopes["badinh"], point=points["X00008"], count=5)
    with pytest.raises(PermissionDenied):
        services.checkin_record(actor=commune_clerk, scope=scopes["badinh"], point=points["X00008"], guest_name="A")
    # The Ba Đình clerk reaches the branch under Ba Đình too (CB-DH-1 is in its subtree).
    services.bridge_point_report_count(actor=commune_clerk, scope=scopes["badinh"], point=points["CB-DH-1"], count=5)


def test_checking_in_twice_counts_once(points, members, scopes, commune_clerk, province_clerk):
    point = points["X00004"]
    clerk = scopes["badinh"]
    services.attendees_register(actor=commune_clerk, scope=clerk, point=point, member_ids=[members["an"].pk])
    attendee = Attendee.objects.get(member=members["an"])
    first = services.checkin_record(actor=commune_clerk, scope=clerk, point=point, attendee_id=attendee.pk)
    again = services.checkin_record(actor=commune_clerk, scope=clerk, point=point, attendee_id=attendee.pk)
    # The same member checked in by the host at another point is still the same person.
    elsewhere = services.checkin_record(actor=province_clerk, scope=scopes["hanoi"], point=points["X00008"],
                                        member_id=members["an"].pk)
    assert (first.created, again.created, elsewhere.created) == (True, False, False)
    assert again.point_id == elsewhere.point_id == point.pk and again.checked_at == first.checked_at
    assert CheckIn.objects.filter(conference=point.conference).count() == 1
    assert AuditEntry.objects.filter(action="conference.checkin").count() == 1


def test_walk_ins_are_registered_on_the_spot(points, members, scopes, commune_clerk):
    point = points["X00004"]
    clerk = scopes["badinh"]
    member = services.checkin_record(actor=commune_clerk, scope=clerk, point=point, member_id=members["binh"].pk)
    guest = services.checkin_record(actor=commune_clerk, scope=clerk, point=point, guest_name="Bà Khách",
                                    guest_position="UBND")
    assert member.created and guest.created
    assert set(Attendee.objects.filter(point=point).values_list("full_name", flat=True)) == {"Trần Thị Bình",
                                                                                             "Bà Khách"}
    with pytest.raises(ValidationError):  # another province's member is not reachable
        services.checkin_record(actor=commune_clerk, scope=clerk, point=point, member_id=members["sg"].pk)
    with pytest.raises(ValidationError):  # nobody named
        services.checkin_record(actor=commune_clerk, scope=clerk, point=point, guest_name="  ")
    with pytest.raises(ValidationError):  # a registration of another point
        other = Attendee.objects.create(conference=point.conference, point=points["X00008"], full_name="X")
        services.checkin_record(actor=commune_clerk, scope=clerk, point=point, attendee_id=other.pk)


def test_totals_by_level_with_head_counts(points, members, scopes, commune_clerk, province_clerk):
    host = scopes["hanoi"]
    services.attendees_register(actor=province_clerk, scope=host, point=points["X00004"],
                                member_ids=[members["an"].pk, members["binh"].pk])
    services.attendees_register(actor=province_clerk, scope=host, point=points["X00008"],
                                member_ids=[members["cuong"].pk],
                                guests=[services.Guest("Khách 1"), services.Guest("Khách 2")])
    services.checkin_record(actor=province_clerk, scope=host, point=points["X00004"], member_id=members["an"].pk)
    services.checkin_record(actor=province_clerk, scope=host, point=points["X00004"], member_id=members["an"].pk)
    services.checkin_record(actor=province_clerk, scope=host, point=points["X00008"], member_id=members["cuong"].pk)
    services.bridge_point_report_count(actor=province_clerk, scope=host, point=points["X00008"], count=4)
    services.bridge_point_report_count(actor=province_clerk, scope=host, point=points["CB-DH-1"], count=0)
    access = selectors.conference_access(scope=host, conference_id=points["X00004"].conference_id)
    result = selectors.attendance(access)
    # Points in level order (commune before branch), by name within a level.
    assert [r.point.unit.code for r in result.rows] == ["X00004", "X00008", "CB-DH-1"]
    totals = result.totals
    o = totals.overall
    assert (o.points, o.connected, o.registered, o.checked_in, o.present) == (3, 3, 5, 2, 5)
    commune, branch = totals.by_level["commune"], totals.by_level["branch"]
    assert (commune.points, commune.registered, commune.checked_in, commune.present) == (2, 5, 2, 5)
    assert (branch.points, branch.connected, branch.present) == (1, 1, 0)
    assert list(totals.by_level) == ["commune", "branch"]
    # The Ba Đình clerk sees its two points only (Ba Đình and the branch below it).
    clerk_access = selectors.conference_access(scope=scopes["badinh"], conference_id=access.conference.pk)
    assert not clerk_access.is_host
    assert selectors.attendance(clerk_access).totals.overall.present == 1


def test_other_province_reaches_nothing(conference, points, scopes):
    saigon = scopes["saigon"]
    assert not selectors.conferences_visible(saigon).exists()
    with pytest.raises(type(conference).DoesNotExist):
        selectors.conference_access(scope=saigon, conference_id=conference.pk)
    with pytest.raises(BridgePoint.DoesNotExist):
        selectors.point_access(scope=saigon, conference_id=conference.pk, point_id=points["X00004"].pk)
    assert list(selectors.conferences_visible(scopes["badinh"])) == [conference]


def test_conclusion_and_tasks(conference, scopes, province_clerk, commune_clerk):
    host = scopes["hanoi"]
    services.conclusion_record(actor=province_clerk, scope=host, conference=conference,
                               text="Các đơn vị triển khai ngay.")
    task = services.task_assign(actor=province_clerk, scope=host, conference=conference, unit_code="X00004",
                                description="Tổ chức học tập nghị quyết", deadline=date(2026, 2, 28))
    other = services.task_assign(actor=province_clerk, scope=host, conference=conference, unit_code="X00008",
                                 description="Báo cáo kết quả", deadline=date(2026, 3, 1))
    with pytest.raises(ValidationError):
        services.task_assign(actor=province_clerk, scope=host, conference=conference, unit_code="X00004",
                             description="Trước ngày hội nghị", deadline=date(2026, 1, 1))
    clerk = scopes["badinh"]
    access = selectors.conference_access(scope=clerk, conference_id=conference.pk)
    assert list(selectors.tasks_visible(scope=clerk, access=access)) == [task]
    services.task_set_status(actor=commune_clerk, scope=clerk, task=task, status="done", note="Đã học tập 12/2")
    with pytest.raises(PermissionDenied):
        services.task_set_status(actor=commune_clerk, scope=clerk, task=other, status="done")
    with pytest.raises(ValidationError):
        services.task_set_status(actor=commune_clerk, scope=clerk, task=task, status="cancelled")
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"conference.create", "conference.conclude", "conference.task_assign", "conference.task_status"} <= actions


def test_agenda_and_documents(conference, scopes, province_clerk, commune_clerk):
    host = scopes["hanoi"]
    services.agenda_item_add(actor=province_clerk, scope=host, conference=conference, title="Khai mạc",
                             presenter="Đồng chí Bí thư Thành ủy", minutes=10)
    services.agenda_item_add(actor=province_clerk, scope=host, conference=conference, title="Quán triệt Quy định 294")
    services.document_add(actor=province_clerk, scope=host, conference=conference, code="294-QĐ/TW",
                          issued_on=date(2025, 5, 26), title="Quy định thi hành Điều lệ Đảng")
    with pytest.raises(ValidationError):
        services.document_add(actor=province_clerk, scope=host, conference=conference, code="294-QĐ/TW",
                              title="Lần hai")
    with pytest.raises(PermissionDenied):
        services.agenda_item_add(actor=commune_clerk, scope=host.__class__(**{**host.__dict__, "role": "viewer"}),
                                 conference=conference, title="Viewer")
    assert [i.position for i in conference.agenda.all()] == [1, 2]


def test_disseminated_documents_link_to_the_registry(conference, scopes, province_clerk, system):
    from tochuc.documents.services import DocumentData, document_create

    host = scopes["hanoi"]
    for day in (date(2019, 3, 1), date(2024, 6, 1)):  # the same code in two years (DOMAIN.md §5)
        document_create(actor=None, scope=system, owner_code="TW", data=DocumentData(
            kind="Chỉ thị", number=35, issuer_code="TW", issuing_body="Bộ Chính trị", issued_on=day, subject="Đại hội"))
    registered = document_create(actor=None, scope=system, owner_code="TW", data=DocumentData(
        kind="Quy định", number=294, issuer_code="TW", issuing_body="Ban Chấp hành Trung ương",
        issued_on=date(2025, 5, 26), subject="Thi hành Điều lệ Đảng"))
    linked = services.document_add(actor=province_clerk, scope=host, conference=conference,
                                   code="Quy định 294 – QĐ / TW", title="Quy định thi hành Điều lệ Đảng")
    assert (linked.document, linked.code, linked.issued_on) == (registered, "294-QĐ/TW", date(2025, 5, 26))
    ambiguous = services.document_add(actor=province_clerk, scope=host, conference=conference, code="35-CT/TW",
                                      title="Chỉ thị về đại hội")
    assert ambiguous.document is None  # two documents share the code: the date decides, and none was given
    assert services.registry_match(scope=host, code="35-CT/TW", issued_on=date(2024, 6, 1)).issued_on == date(2024, 6,
                                                                                                              1)
    unknown = services.document_add(actor=province_clerk, scope=host, conference=conference, code="12-KH/TU",
                                    title="Kế hoạch của Thành ủy")
    assert unknown.document is None
