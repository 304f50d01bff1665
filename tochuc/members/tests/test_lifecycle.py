from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tochuc.audit.models import AuditEntry
from tochuc.members import lifecycle
from tochuc.members.models import MemberEvent, Membership, MemberStatus
from tochuc.members.selectors import member_branch, member_count, member_search, probation_due_in_month
from tochuc.members.tests.factories import admit
from tochuc.orgs.selectors import unit_get
from tochuc.orgs.tests.test_selectors import scope_of


@pytest.fixture
def member(small_tree, system):
    return admit(system, "Nguyễn Thị Hoà", birth=date(1995, 8, 19), sex="nu", admitted=date(2025, 8, 19),
                 national_id="001195000123", reason="Quyết định số 5-QĐ/ĐU")


def test_admission_creates_a_probationary_member_in_one_branch(member, system):
    assert member.status == MemberStatus.PROBATIONARY
    assert member_branch(member=member, as_of=date(2025, 9, 1)).unit.code == "CB-BD-1"
    assert AuditEntry.objects.filter(action="member.admission").count() == 1
    assert member.events.get().reason == "Quyết định số 5-QĐ/ĐU"


def test_admission_age_rules(small_tree, system):
    with pytest.raises(ValidationError, match="18 tuổi"):
        lifecycle.member_admit(actor=None, scope=system, branch_code="CB-BD-1", full_name="Trẻ",
                               birth_date=date(2007, 9, 2),
                               sex="nam", admitted_on=date(2025, 9, 1))
    with pytest.raises(ValidationError, match="60 tuổi"):
        lifecycle.member_admit(actor=None, scope=system, branch_code="CB-BD-1", full_name="Cao tuổi",
                               birth_date=date(1960, 1, 1),
                               sex="nam", admitted_on=date(2025, 9, 1))
    older = lifecycle.member_admit(actor=None, scope=system, branch_code="CB-BD-1", full_name="Cao tuổi",
                                   birth_date=date(1960, 1, 1),
                                   sex="nam", admitted_on=date(2025, 9, 1), consent_over_age=True)
    assert older.events.get().details["consent_over_age"] is True


def test_official_status_dates_from_end_of_probation_even_when_late(member, system):
    with pytest.raises(ValidationError, match="Chưa hết 12 tháng"):
        lifecycle.member_make_official(actor=None, scope=system, member=member, approved_on=date(2026, 8, 1))
    event = lifecycle.member_make_official(actor=None, scope=system, member=member, approved_on=date(2026, 11, 20))
    member.refresh_from_db()
    assert member.official_on == date(2026, 8, 19) and member.status == MemberStatus.OFFICIAL
    assert event.details["late"] is True
    with pytest.raises(ValidationError):
        lifecycle.member_make_official(actor=None, scope=system, member=member, approved_on=date(2026, 12, 1))


def test_due_for_official_status_in_month(member, system):
    assert list(probation_due_in_month(scope=system, year=2026, month=8)) == [member]
    assert list(probation_due_in_month(scope=system, year=2026, month=9)) == []


def test_transfer_within_never_leaves_the_member_in_two_branches_or_none(member, system):
    lifecycle.member_transfer(actor=None, scope=system, member=member, to_branch_code="CB-NH-1",
                              effective_on=date(2025, 10, 1))
    assert member_branch(member=member, as_of=date(2025, 9, 30)).unit.code == "CB-BD-1"
    assert member_branch(member=member, as_of=date(2025, 10, 1)).unit.code == "CB-NH-1"
    for day in (date(2025, 9, 30), date(2025, 10, 1), date(2026, 1, 1)):
        assert Membership.objects.filter(member=member, kind="primary",
                                         valid_from__lte=day).exclude(valid_to__lte=day).count() == 1
    ba_dinh = unit_get(scope=system, code="X00004")
    assert member_count(scope=system, path=ba_dinh.path) == 0
    with pytest.raises(ValidationError):
        lifecycle.member_transfer(actor=None, scope=system, member=member, to_branch_code="X00004",
                                  effective_on=date(2025, 11, 1))


def test_temporary_transfer_keeps_home_branch(member, system):
    lifecycle.member_temporary_transfer(actor=None, scope=system, member=member, to_branch_code="CB-SG-1",
                                        start=date(2025, 10, 1), end=date(2026, 3, 1))
    assert member_branch(member=member, as_of=date(2025, 12, 1)).unit.code == "CB-BD-1"
    with pytest.raises(ValidationError):
        lifecycle.member_temporary_transfer(actor=None, scope=system, member=member, to_branch_code="CB-SG-1",
                                            start=date(2025, 10, 1), end=date(2025, 11, 1))


@pytest.mark.parametrize(("end", "study", "reason"), [
    (date(2025, 12, 31), False, "đi dưới 3 tháng không chuyển sinh hoạt tạm thời"),
    (date(2026, 10, 1), False, "đi từ 12 tháng trở lên phải chuyển sinh hoạt đảng chính thức"),
    # 24 months and a fortnight: over the domain's "study up to 24 months", which the service's own
    # count of whole months (24) used to let through.
    (date(2027, 10, 15), True, "đi học quá 24 tháng phải chuyển sinh hoạt đảng chính thức"),
])
def test_temporary_transfer_limits_are_the_domain_rule(member, system, end, study, reason):
    with pytest.raises(ValidationError) as refused:
        lifecycle.member_temporary_transfer(actor=None, scope=system, member=member, to_branch_code="CB-SG-1",
                                            start=date(2025, 10, 1), end=end, study=study)
    assert refused.value.messages[0] == "Sinh hoạt tạm thời từ 3 tháng đến dưới 1 năm (đi học: đến 2 năm)."
    assert reason in refused.value.messages[1]
    assert not Membership.objects.filter(member=member, kind="temporary").exists()


def test_death_ends_membership_and_counts(member, system):
    lifecycle.member_leave_registry(actor=None, scope=system, member=member, kind="death",
                                    effective_on=date(2026, 2, 1))
    member.refresh_from_db()
    assert member.status == MemberStatus.DIED
    assert member_branch(member=member, as_of=date(2026, 2, 1)) is None
    with pytest.raises(ValidationError):
        lifecycle.member_record(actor=None, scope=system, member=member, kind="rating", effective_on=date(2026, 12, 1),
                                details={"score": 80})


def test_discipline_by_status_and_rating(member, system):
    with pytest.raises(ValidationError, match="dự bị"):
        lifecycle.member_record(actor=None, scope=system, member=member, kind="discipline",
                                effective_on=date(2025, 12, 1),
                                details={"form": "khai_tru"})
    event = lifecycle.member_record(actor=None, scope=system, member=member, kind="rating",
                                    effective_on=date(2025, 12, 15),
                                    details={"score": 92, "share_exceeded": 0.5})
    assert event.details["level"] == "xuat_sac"


def test_correction_voids_and_keeps_the_old_event(member, system):
    wrong = lifecycle.member_record(actor=None, scope=system, member=member, kind="rating",
                                    effective_on=date(2025, 12, 15),
                                    details={"score": 60})
    right = lifecycle.member_event_correct(actor=None, scope=system, event=wrong, details={"score": 75, "level": "tot"},
                                           reason="Nhập nhầm điểm")
    wrong.refresh_from_db()
    assert wrong.voided and right.corrects == wrong and MemberEvent.objects.filter(member=member).count() == 3
    with pytest.raises(ValidationError):
        lifecycle.member_event_correct(actor=None, scope=system, event=right, reason="  ")


def test_viewer_cannot_record_and_search_is_scoped(member):
    with pytest.raises(PermissionDenied):
        lifecycle.member_record(actor=None, scope=scope_of("X00004", role="viewer"), member=member, kind="rating",
                                effective_on=date(2025, 12, 1), details={"score": 80})
    assert member_search(scope=scope_of("X00004"), query="nguyen thi hoa") == [member]
    assert member_search(scope=scope_of("X00004"), query="HOÀ 1995") == [member]
    assert member_search(scope=scope_of("X00004"), query="001195000123") == [member]
    assert member_search(scope=scope_of("X26734"), query="nguyen thi hoa") == []


def test_model_statuses_are_the_domain_statuses():
    from tochuc.domain.members.status import MemberStatus as DomainStatus

    assert set(MemberStatus.values) == {s.value for s in DomainStatus}


def test_transfer_out_is_pending_until_received(member, system):
    lifecycle.member_leave_registry(actor=None, scope=system, member=member, kind="transfer_out",
                                    effective_on=date(2025, 12, 1),
                                    details={"destination": "Đảng bộ Khối doanh nghiệp ngoài hệ thống"})
    member.refresh_from_db()
    assert member.status == MemberStatus.TRANSFER_PENDING and member_branch(member=member,
                                                                            as_of=date(2025, 12, 1)) is None
    lifecycle.member_transfer_out_received(actor=None, scope=system, member=member, received_on=date(2025, 12, 20))
    member.refresh_from_db()
    assert member.status == MemberStatus.TRANSFERRED_OUT
    with pytest.raises(ValidationError):
        lifecycle.member_transfer_out_received(actor=None, scope=system, member=member, received_on=date(2025, 12, 21))


def test_transfer_in_from_outside(small_tree, system):
    arrived = lifecycle.member_transfer_in(actor=None, scope=system, branch_code="CB-NH-1", full_name="Đỗ Văn Đến",
                                           birth_date=date(1980, 3, 3), sex="nam", admitted_on=date(2005, 5, 19),
                                           official_on=date(2006, 5, 19), card_number="12345678",
                                           received_on=date(2025, 11, 3),
                                           origin="Đảng bộ Quân khu 7")
    assert arrived.status == MemberStatus.OFFICIAL
    assert member_branch(member=arrived, as_of=date(2025, 11, 3)).unit.code == "CB-NH-1"
    assert member_branch(member=arrived, as_of=date(2025, 11, 2)) is None
    with pytest.raises(ValidationError):
        lifecycle.member_transfer_in(actor=None, scope=system, branch_code="CB-NH-1", full_name="Trùng thẻ",
                                     birth_date=date(1980, 3, 3), sex="nam", admitted_on=date(2005, 5, 19),
                                     official_on=date(2006, 5, 19), card_number="12345678",
                                     received_on=date(2025, 11, 3))
