import io
import json
from datetime import date

from django.core.management import call_command

from tochuc.accounts.services import api_token_create
from tochuc.conftest import make_user
from tochuc.members.tests import factories


def admit(system, name, branch="CB-BD-1", admitted=date(2025, 8, 19)):
    return factories.admit(system, name, branch, birth=date(1990, 1, 5), admitted=admitted,
                           national_id="001090000777" if branch == "CB-BD-1" else None)


def test_member_api_masks_personal_numbers_for_viewers(small_tree, system, client, commune_clerk):
    member = admit(system, "Phạm Văn Đồng Chí")
    viewer = make_user("xem", "viewer", ["X00004"])
    as_viewer = {"Authorization": f"Bearer {api_token_create(actor=None, user=viewer)}"}
    as_clerk = {"Authorization": f"Bearer {api_token_create(actor=None, user=commune_clerk)}"}
    seen = client.get(f"/api/v1/members/{member.pk}", headers=as_viewer).json()
    assert seen["national_id"] == "0010•••••777"
    assert client.get(f"/api/v1/members/{member.pk}", headers=as_clerk).json()["national_id"] == "001090000777"
    hits = client.get("/api/v1/members/search?q=pham+van+dong", headers=as_viewer).json()
    assert [h["id"] for h in hits] == [member.pk]
    due = client.get("/api/v1/members/due/official?year=2026&month=8", headers=as_clerk).json()
    assert [d["id"] for d in due] == [member.pk]


def test_due_lists_command(small_tree, system):
    admit(system, "Dự Bị Một")
    out = io.StringIO()
    call_command("members_due", "official", "--month", "2026-08", "--json", stdout=out)
    assert [row["full_name"] for row in json.loads(out.getvalue())] == ["Dự Bị Một"]
    out = io.StringIO()
    call_command("members_due", "small-branches", "--json", stdout=out)
    small = {row["code"]: row for row in json.loads(out.getvalue())}
    assert small["CB-BD-1"] == {"code": "CB-BD-1", "name": "Chi bộ Khu phố 1", "official_members": 0, "all_members": 1}
    assert {"CB-BD-2", "CB-NH-1", "CB-SG-1", "CB-DH-1"} <= set(small)
    out = io.StringIO()
    call_command("members_due", "overdue", "--date", "2026-11-30", "--json", stdout=out)
    assert [row["full_name"] for row in json.loads(out.getvalue())] == ["Dự Bị Một"]


def test_badge_candidates(small_tree, system):
    from tochuc.core.bulk import bulk_insert
    from tochuc.members.models import Member, Membership
    from tochuc.members.selectors import badge_candidates
    from tochuc.orgs.models import Unit

    unit = Unit.objects.get(code="CB-BD-2")
    bulk_insert(Member, ["id", "full_name", "search_key", "birth_date", "sex", "admitted_on", "official_on", "status",
                         "exempted", "ethnicity", "religion", "hometown", "phone", "education", "theory_level",
                         "created_at"],
                [(901, "Lão Thành", "lao thanh", date(1950, 1, 1), "nam", date(1995, 12, 1), date(1996, 12, 1),
                  "official",
                  False, "01", "", "", "", "", "", date(2025, 1, 1))])
    bulk_insert(Membership, ["member", "unit", "kind", "valid_from"], [(901, unit.pk, "primary", date(2025, 7, 1))])
    assert [(m.full_name, level) for m,
            level in badge_candidates(scope=system, award_day=date(2026, 2, 3))] == [("Lão Thành", 30)]
    assert badge_candidates(scope=system, award_day=date(2025, 11, 7)) == []


def test_badge_due_list_in_api_and_page(small_tree, system, client, commune_clerk):
    from tochuc.core.bulk import bulk_insert
    from tochuc.members.models import Member, Membership
    from tochuc.orgs.models import Unit

    unit = Unit.objects.get(code="CB-BD-2")
    bulk_insert(Member, ["id", "full_name", "search_key", "birth_date", "sex", "admitted_on", "official_on", "status",
                         "exempted", "ethnicity", "religion", "hometown", "phone", "education", "theory_level",
                         "created_at"],
                [(902, "Cụ Bốn Mươi", "cu bon muoi", date(1940, 1, 1), "nam", date(1985, 12, 1), date(1986, 12, 1),
                  "official",
                  False, "01", "", "", "", "", "", date(2025, 1, 1))])
    bulk_insert(Membership, ["member", "unit", "kind", "valid_from"], [(902, unit.pk, "primary", date(2025, 7, 1))])
    headers = {"Authorization": f"Bearer {api_token_create(actor=None, user=commune_clerk)}"}
    found = client.get("/api/v1/members/due/badges?award_day=2026-02-03", headers=headers).json()
    assert found == [{"id": 902, "full_name": "Cụ Bốn Mươi", "admitted_on": "1985-12-01", "level": 40}]
    client.force_login(commune_clerk)
    page = client.get("/dang-vien/den-han/?ngay=2026-01-15").content.decode()
    assert "Cụ Bốn Mươi" in page and "03/02/2026" in page
