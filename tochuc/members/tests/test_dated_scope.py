"""DESIGN.md invariant 11 (issue 13, finding 2): an as-of date changes what is read, never what can
be written, and a read of a past date never reaches beyond the reader's subtree today.

Two ways out of the Ba Đình clerk's subtree (X00004), both on 1/3/2026: Hoà is transferred to a
branch of Hồ Chí Minh City; the whole branch CB-BD-2, with Dũng in it, is moved there by a
reorganization. Read as of 1/2/2026 they were the clerk's; today they are not.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from tochuc.audit.models import AuditEntry
from tochuc.core.scope import scope_for_user
from tochuc.members import lifecycle
from tochuc.members.models import MemberEvent, Membership
from tochuc.reorganizations.services import reorganization_apply

LEFT = date(2026, 3, 1)
BEFORE = "2026-02-01"
HOA_ID, HOA_PHONE = "001190012345", "0912345678"
DUNG_ID, DUNG_PHONE = "001085012345", "0987654321"


@pytest.fixture
def departed(small_tree, system):
    def admit(code, name, birth, sex, national_id, phone):
        return lifecycle.member_admit(actor=None, scope=system, branch_code=code, full_name=name, birth_date=birth,
                                      sex=sex, admitted_on=date(2025, 9, 2), national_id=national_id, phone=phone)

    hoa = admit("CB-BD-1", "Nguyễn Thị Hoà", date(1990, 4, 3), "nu", HOA_ID, HOA_PHONE)
    dung = admit("CB-BD-2", "Trần Văn Dũng", date(1985, 6, 1), "nam", DUNG_ID, DUNG_PHONE)
    for member in (hoa, dung):
        lifecycle.member_record(actor=None, scope=system, member=member, kind="rating", effective_on=date(2025, 12, 20),
                                details={"score": 80, "year": 2025}, reason="Xếp loại ở Ba Đình")
    lifecycle.member_transfer(actor=None, scope=system, member=hoa, to_branch_code="CB-SG-1", effective_on=LEFT,
                              reason="Chuyển về Sài Gòn")
    reorganization_apply(actor=None, scope=system, effective=LEFT, reason="Quyết định điều chỉnh địa giới",
                         plan_rows=[{"op": "move", "code": "CB-BD-2", "target": "X26734", "name": "", "kind": "",
                                     "parent": ""}])
    for member in (hoa, dung):
        lifecycle.member_record(actor=None, scope=system, member=member, kind="discipline",
                                effective_on=date(2026, 6, 1), details={"form": "khien_trach"},
                                reason="Kỷ luật ở Bến Nghé")
    return {"hoa": hoa, "dung": dung}


def _rows() -> tuple[int, int, int]:
    return MemberEvent.objects.count(), AuditEntry.objects.count(), Membership.objects.count()


@pytest.mark.parametrize("who", ["hoa", "dung"])
@pytest.mark.django_db
def test_a_past_date_shows_only_masked_history_from_before_they_left(client, commune_clerk, departed, who):
    member = departed[who]
    national_id, phone = {"hoa": (HOA_ID, HOA_PHONE), "dung": (DUNG_ID, DUNG_PHONE)}[who]
    client.force_login(commune_clerk)
    today = client.get(f"/dang-vien/{member.pk}/")
    assert today.status_code == 404  # not theirs today
    response = client.get(f"/dang-vien/{member.pk}/?ngay={BEFORE}")
    body = response.content.decode()
    assert response.status_code == 200 and member.full_name in body
    assert national_id not in body and phone not in body and national_id[:4] + "•••••" in body
    assert "Xếp loại ở Ba Đình" in body  # the history inside the subtree …
    assert "Kỷ luật ở Bến Nghé" not in body and "Khiển trách" not in body  # … and nothing after it left
    assert "Sài Gòn" not in body and "Bến Nghé" not in body
    assert 'action="/dang-vien/' not in body  # no form: writes happen today


@pytest.mark.parametrize("who", ["hoa", "dung"])
@pytest.mark.django_db
def test_the_api_masks_a_member_read_as_of_before_they_left(client_for, commune_clerk, departed, who):
    member = departed[who]
    national_id = {"hoa": HOA_ID, "dung": DUNG_ID}[who]
    get = client_for(commune_clerk)
    assert get(f"/api/v1/members/{member.pk}").status_code == 404
    found = get(f"/api/v1/members/{member.pk}?as_of={BEFORE}")
    assert found.status_code == 200
    data = found.json()
    assert data["national_id"] != national_id and data["national_id"].startswith(national_id[:4] + "•")
    assert national_id[-3:] == data["national_id"][-3:] and data["phone"].count("•") == 3 and data["status"] == ""
    listed = get(f"/api/v1/members/search?q={national_id}&as_of={BEFORE}").json()
    assert [m["national_id"] for m in listed] == [data["national_id"]]


@pytest.mark.parametrize("who", ["hoa", "dung"])
@pytest.mark.parametrize("post", [
    {"kind": "rating", "effective_on": "2026-02-10", "score": "90"},
    {"kind": "transfer", "effective_on": "2026-12-01", "to_branch": "CB-BD-1"},  # bring them back
    {"kind": "death", "effective_on": "2026-02-10"},
])
@pytest.mark.django_db
def test_a_write_from_a_page_read_on_a_past_date_is_refused(client, commune_clerk, departed, who, post):
    member = departed[who]
    client.force_login(commune_clerk)
    assert client.get(f"/dang-vien/{member.pk}/?ngay={BEFORE}").status_code == 200  # the date is remembered
    before = _rows()
    response = client.post(f"/dang-vien/{member.pk}/su-kien/", post)
    assert response.status_code == 404
    assert _rows() == before
    assert Membership.objects.get(member=member, valid_to__isnull=True).unit.code != "CB-BD-1"


@pytest.mark.parametrize("who", ["hoa", "dung"])
@pytest.mark.django_db
def test_services_refuse_a_member_outside_the_scope_today_or_on_the_effective_date(
        commune_clerk, other_province_clerk, departed, who):
    member = departed[who]
    old_clerk = scope_for_user(commune_clerk, date(2026, 2, 1))
    new_clerk = scope_for_user(other_province_clerk)
    before = _rows()
    with pytest.raises(PermissionDenied):  # the old subtree, through a scope dated before they left
        lifecycle.member_record(actor=commune_clerk, scope=old_clerk, member=member, kind="rating",
                                effective_on=date(2026, 2, 10), details={"score": 90, "year": 2026})
    with pytest.raises(PermissionDenied):  # … or bringing them back
        lifecycle.member_transfer(actor=commune_clerk, scope=old_clerk, member=member, to_branch_code="CB-BD-1",
                                  effective_on=date(2026, 12, 1))
    with pytest.raises(PermissionDenied):  # the new subtree, writing into the old subtree's past
        lifecycle.member_record(actor=other_province_clerk, scope=new_clerk, member=member, kind="rating",
                                effective_on=date(2026, 2, 10), details={"score": 90, "year": 2026})
    assert _rows() == before
    # Both are the new subtree's today: a write dated after they arrived goes through.
    lifecycle.member_record(actor=other_province_clerk, scope=new_clerk, member=member, kind="rating",
                            effective_on=date(2026, 4, 1), details={"score": 90, "year": 2026})


@pytest.mark.django_db
def test_a_moved_branch_and_its_meetings_are_not_reached_through_a_past_date(client, client_for, commune_clerk,
                                                                           departed, system):
    from tochuc.meetings.services import meeting_plan

    meeting = meeting_plan(actor=None, scope=system, branch_code="CB-BD-2", kind="thematic",
                           planned_on=date(2026, 2, 5), topic="Chuyên đề trước khi chuyển")
    client.force_login(commune_clerk)
    for url in (f"/to-chuc/CB-BD-2/?ngay={BEFORE}", f"/sinh-hoat/{meeting.pk}/?ngay={BEFORE}",
                f"/sinh-hoat/chi-bo/CB-BD-2/?ngay={BEFORE}"):
        assert client.get(url).status_code == 404, url
    get = client_for(commune_clerk)
    assert get(f"/api/v1/units/CB-BD-2?as_of={BEFORE}").status_code == 404
    assert get(f"/api/v1/meetings/{meeting.pk}?as_of={BEFORE}").status_code == 404
    # The branch that stayed is read on the same date as before.
    assert client.get(f"/to-chuc/CB-BD-1/?ngay={BEFORE}").status_code == 200


@pytest.mark.django_db
def test_a_unit_merged_away_inside_the_subtree_stays_readable_on_a_past_date(client, commune_clerk, departed, system):
    """The cut to today's reach goes by a closed unit's last version: not every past unit is lost."""
    reorganization_apply(actor=None, scope=system, effective=date(2026, 5, 1), reason="Hợp nhất chi bộ",
                         plan_rows=[{"op": "merge", "code": "CB-DH-1", "target": "CB-BD-1", "name": "", "kind": "",
                                     "parent": ""}])
    client.force_login(commune_clerk)
    assert client.get("/to-chuc/CB-DH-1/?ngay=2026-04-01").status_code == 200
    assert client.get("/to-chuc/CB-DH-1/?ngay=").status_code == 404


@pytest.mark.django_db
def test_a_dated_list_shows_no_current_data_of_those_who_left(client, commune_clerk, departed):
    import io

    from openpyxl import load_workbook

    from tochuc.members.models import Member

    Member.objects.filter(pk=departed["hoa"].pk).update(card_number="79123456")
    client.force_login(commune_clerk)
    found = client.get(f"/dang-vien/?q=hoa&ngay={BEFORE}", headers={"HX-Request": "true"}).content.decode()
    assert "Nguyễn Thị Hoà" in found and "Dự bị" not in found  # her status is today's, not the list's day's
    sheet = load_workbook(io.BytesIO(client.get("/dang-vien/?q=hoa&export=xlsx").content)).active
    row = [cell.value for cell in sheet[2]]
    assert "Nguyễn Thị Hoà" in row and "79123456" not in row and "7912•456" in row
    assert client.get("/dang-vien/?q=hoa&ngay=").content.decode().count("Nguyễn Thị Hoà") == 0  # not hers today


@pytest.mark.django_db
def test_a_later_date_shows_a_unit_created_from_that_date_but_not_one_moving_in(client, commune_clerk, departed,
                                                                                system):
    """A read of a later day: a branch that will be created in the subtree is there; a branch of
    another subtree that will be moved into it is not the clerk's yet."""
    from tochuc.orgs.selectors import versions_as_of
    from tochuc.orgs.services import unit_create

    later = date.today().replace(year=date.today().year + 1)
    unit_create(actor=None, scope=system, code="CB-BD-9", name="Chi bộ Khu phố 9", kind="branch", parent_code="X00004",
                valid_from=later)
    reorganization_apply(actor=None, scope=system, effective=later, reason="Điều chỉnh sau",
                         plan_rows=[{"op": "move", "code": "CB-NH-1", "target": "X00004", "name": "", "kind": "",
                                     "parent": ""}])
    assert versions_as_of(later).get(unit__code="CB-NH-1").parent.code == "X00004"
    client.force_login(commune_clerk)
    assert client.get(f"/to-chuc/CB-BD-9/?ngay={later.isoformat()}").status_code == 200
    assert client.get(f"/to-chuc/CB-NH-1/?ngay={later.isoformat()}").status_code == 404
