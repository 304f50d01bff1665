"""Reorganizations seen from the outside: the web flow (plan, preview, apply, result, revert), the
unit page's timeline and restated figures, the API, and `org stats --restated`."""

import io
import json
from datetime import date

import pytest
from django.conf import settings
from django.core.management import call_command

from tochuc.conftest import TODAY, make_user
from tochuc.members.models import Membership
from tochuc.orgs.models import Reorganization, UnitVersion
from tochuc.reorganizations.tests.test_reorganize import E, add_members, apply

PLAN = ("op,code,target,name,kind,parent\ncreate,X-NEW,,Đảng bộ phường Mới,commune,T01\nmove,CB-NH-1,X-NEW,,,\n"
        "merge,CB-BD-1,CB-BD-2,,,\n")
BEFORE = date(2025, 9, 1)


def text(response) -> str:
    return response.content.decode()


@pytest.fixture
def members(small_tree):
    add_members("CB-BD-1", 3)
    add_members("CB-BD-2", 2)
    add_members("CB-NH-1", 5)


# --- Web flow ------------------------------------------------------------------------------------


def test_preview_shows_counts_per_receiving_unit_and_writes_nothing(members, province_clerk, as_user):
    client = as_user(province_clerk)
    assert client.get("/sap-xep-to-chuc/moi/").status_code == 200
    versions = UnitVersion.objects.count()
    response = client.post("/sap-xep-to-chuc/moi/", {"plan": PLAN, "effective": E.isoformat(), "reason": "QĐ 12-QĐ/TU",
                                                    "action": "preview"})
    page = text(response)
    assert response.status_code == 200 and UnitVersion.objects.count() == versions
    assert "Xác nhận áp dụng" in page
    # X-NEW receives CB-NH-1's 5 members; CB-BD-2 goes from 2 to 5.
    assert "<td>X-NEW</td><td>Đảng bộ phường Mới</td><td class=\"num\">0</td><td class=\"num\">5</td>" in page
    assert "<td>CB-BD-2</td><td>Chi bộ Khu phố 2</td><td class=\"num\">2</td><td class=\"num\">5</td>" in page


def test_the_plan_rules_speak_the_users_language(members, province_clerk, as_user):
    """The domain says what is wrong as a code and parameters; the page words it in the chosen
    language (Vietnamese by default, English when chosen), with the same line and column."""
    client = as_user(province_clerk)
    bad = {"plan": "op,code,target,name,kind,parent\nclose,X00004,,,,\n", "effective": E.isoformat(),
           "action": "preview"}
    assert "«X00004» còn 3 đơn vị trực thuộc" in text(client.post("/sap-xep-to-chuc/moi/", bad))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = text(client.post("/sap-xep-to-chuc/moi/", bad))
    assert "«X00004» still has 3 subordinate units" in page and "còn 3 đơn vị trực thuộc" not in page


def test_problems_are_listed_by_line_and_nothing_can_be_confirmed(members, province_clerk, as_user):
    client = as_user(province_clerk)
    bad = "op,code,target,name,kind,parent\nmove,CB-NH-1,NOPE,,,\nclose,X00004,,,,\n"
    response = client.post("/sap-xep-to-chuc/moi/", {"plan": bad, "effective": E.isoformat(), "action": "apply",
                                                    "reason": "QĐ"})
    page = text(response)
    assert "dòng 2, cột target" in page and "dòng 3, cột code" in page
    assert "Xác nhận áp dụng" not in page and not Reorganization.objects.exists()
    # Another province's branch is out of this clerk's scope: as good as unknown.
    outside = "op,code,target,name,kind,parent\nmerge,CB-SG-1,CB-BD-1,,,\n"
    page = text(client.post("/sap-xep-to-chuc/moi/",
                            {"plan": outside, "effective": E.isoformat(), "action": "preview"}))
    assert "dòng 2, cột code: không tìm thấy đơn vị «CB-SG-1» trong phạm vi của bạn" in page
    assert "Sài Gòn" not in page


def test_an_uploaded_file_replaces_the_text_and_can_be_edited(members, province_clerk, as_user):
    client = as_user(province_clerk)
    upload = io.BytesIO(PLAN.encode("utf-8-sig"))
    upload.name = "ke-hoach.csv"
    response = client.post("/sap-xep-to-chuc/moi/", {"plan": "", "effective": E.isoformat(), "file": upload,
                                                    "action": "preview"})
    assert "create,X-NEW,,Đảng bộ phường Mới,commune,T01" in text(response)
    assert response.context["summary"] == {"created": 1, "moved": 1, "merged": 1, "closed": 0, "renamed": 0,
                                           "members_moved": 8, "problems": []}


def test_missing_date_or_reason_is_said_in_vietnamese(members, province_clerk, as_user):
    client = as_user(province_clerk)
    response = client.post("/sap-xep-to-chuc/moi/", {"plan": PLAN, "effective": "", "action": "preview"})
    assert response.status_code == 400 and "Ngày hiệu lực" in text(response)
    response = client.post("/sap-xep-to-chuc/moi/", {"plan": PLAN, "effective": E.isoformat(), "action": "apply"})
    assert response.status_code == 400 and "Căn cứ" in text(response) and not Reorganization.objects.exists()


@pytest.mark.parametrize("action", ["preview", "apply"])
def test_a_plan_without_lines_is_a_400_with_its_reason_not_a_500(members, province_clerk, as_user, action):
    client = as_user(province_clerk)
    header = PLAN.splitlines()[0] + "\n"
    response = client.post("/sap-xep-to-chuc/moi/", {"plan": header, "effective": E.isoformat(), "action": action,
                                                     "reason": "QĐ 12-QĐ/TU ngày 01/10/2025"})
    assert response.status_code == 400 and "không có dòng dữ liệu nào" in text(response)
    assert not Reorganization.objects.exists()


def test_confirm_applies_shows_the_result_then_revert(members, province_clerk, as_user):
    client = as_user(province_clerk)
    response = client.post("/sap-xep-to-chuc/moi/", {"plan": PLAN, "effective": E.isoformat(),
                                                    "reason": "Quyết định 12-QĐ/TU", "action": "apply"})
    reorganization = Reorganization.objects.get()
    assert response.status_code == 302 and response.url == f"/sap-xep-to-chuc/{reorganization.pk}/"
    assert reorganization.created_by == province_clerk and reorganization.reason == "Quyết định 12-QĐ/TU"
    assert reorganization.home_unit.code == "T01"
    page = text(client.get(response.url))
    assert "Đã áp dụng đợt sắp xếp" in page and "Hoàn tác đợt sắp xếp này" in page
    assert page.count("<tr>\n    <td>") == 3  # its three lines
    listing = text(client.get("/sap-xep-to-chuc/"))
    assert "Quyết định 12-QĐ/TU" in listing and "đang hiệu lực (gần nhất)" in listing
    response = client.post("/sap-xep-to-chuc/hoan-tac/", {"reason": "Nhầm ngày"})
    assert response.status_code == 302
    page = text(client.get(response.url))  # still visible once its lines are gone
    assert "Đã hoàn tác đợt sắp xếp" in page and "Nhầm ngày" in page
    assert not UnitVersion.objects.filter(unit__code="X-NEW").exists()


def test_revert_refusal_is_shown(members, province_clerk, as_user):
    client = as_user(province_clerk)
    apply("move,CB-NH-1,X00004")
    from tochuc.core.scope import system_scope
    from tochuc.orgs.services import unit_rename

    unit_rename(actor=None, scope=system_scope(TODAY), code="CB-NH-1", name="Chi bộ Mới", effective=date(2025, 12, 1))
    reorganization = Reorganization.objects.get()
    page = text(client.get(f"/sap-xep-to-chuc/{reorganization.pk}/"))
    assert "Không thể hoàn tác" in page and "Hoàn tác đợt sắp xếp này" not in page
    response = client.post("/sap-xep-to-chuc/hoan-tac/", {"reason": "thử"}, follow=True)
    assert "Không thể hoàn tác" in text(response)
    assert Reorganization.objects.get().reverted_at is None


def test_scope_viewers_and_other_provinces(members, province_clerk, other_province_clerk, as_user, client):
    apply("create,X-NEW,,Đảng bộ phường Mới,commune,T01", "move,CB-NH-1,X-NEW")
    reorganization = Reorganization.objects.get()
    other = as_user(other_province_clerk)
    assert other.get(f"/sap-xep-to-chuc/{reorganization.pk}/").status_code == 404
    assert "phường Mới" not in text(other.get("/sap-xep-to-chuc/"))
    response = other.post("/sap-xep-to-chuc/hoan-tac/", {"reason": "x"}, follow=True)
    assert "ngoài phạm vi" in text(response) and Reorganization.objects.get().reverted_at is None
    viewer = make_user("xem", "viewer", ["T01"])
    client.force_login(viewer)
    assert client.get("/sap-xep-to-chuc/moi/").status_code == 403
    assert client.get(f"/sap-xep-to-chuc/{reorganization.pk}/").status_code == 200
    assert "Hoàn tác đợt sắp xếp này" not in text(client.get(f"/sap-xep-to-chuc/{reorganization.pk}/"))


def test_the_list_costs_the_same_queries_for_any_number_of_reorganizations(members, province_clerk, as_user,
                                                                           django_assert_max_num_queries):
    client = as_user(province_clerk)
    apply("rename,CB-BD-1,,Chi bộ Một")
    with django_assert_max_num_queries(12) as one:
        client.get("/sap-xep-to-chuc/")
    for k, day in enumerate((date(2025, 11, 1), date(2025, 12, 1), date(2026, 1, 1))):
        apply(f"rename,CB-BD-1,,Chi bộ Một {k}", effective=day)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert text(client.get("/sap-xep-to-chuc/")).count("Quyết định 01-QĐ/TU") == 4


# --- Unit page -----------------------------------------------------------------------------------


def test_unit_page_timeline_and_restated_comparison(members, national_admin, as_user, django_assert_max_num_queries):
    apply("create,X-NEW,,Đảng bộ phường Mới,commune,T01", "move,CB-NH-1,X-NEW", "merge,X00004,X-NEW")
    client = as_user(national_admin)
    page = text(client.get("/to-chuc/X-NEW/"))
    assert "Thành lập ngày 1/10/2025 do hợp nhất Đảng bộ phường Ba Đình và một phần Đảng bộ phường Ngọc Hà" in page
    with django_assert_max_num_queries(40):
        response = client.get(f"/to-chuc/T01/?so-sanh={BEFORE.isoformat()}")
    rows = {r.version.unit.code: (r.as_of_count, r.restated) for r in response.context["compared_children"]}
    assert rows == {"X00008": (5, 0), "X-NEW": (None, 10)}
    assert (response.context["compared"].as_of_count, response.context["compared"].restated) == (10, 10)
    assert "chưa thành lập" in text(response)


# --- API -----------------------------------------------------------------------------------------


def test_api_restated_stats_timeline_and_children(members, province_clerk, commune_clerk, client_for):
    apply("create,X-NEW,,Đảng bộ phường Mới,commune,T01", "move,CB-NH-1,X-NEW", "merge,CB-BD-1,CB-BD-2")
    get = client_for(province_clerk)
    plain = get(f"/api/v1/stats?root=X-NEW&as_of={BEFORE}")
    assert plain.status_code == 404  # it did not exist then
    restated = get(f"/api/v1/stats?root=X-NEW&as_of={BEFORE}&restated=true").json()
    assert restated["members"] == 5 and restated["members_as_of"] is None and restated["restated"] is True
    assert restated["units"] == {"commune": 1, "branch": 1}
    timeline = get("/api/v1/units/CB-BD-1/timeline?as_of=2025-09-30").json()
    assert [e["text"] for e in timeline] == ["Thành lập ngày 1/7/2025",
                                             "Giải thể, sáp nhập vào Chi bộ Khu phố 2 ngày 1/10/2025"]
    assert timeline[1]["reason"] == "Quyết định 01-QĐ/TU" and timeline[1]["reorganization"]
    children = get(f"/api/v1/units/X00004/restated?as_of={BEFORE}").json()
    assert {c["code"]: (c["members_as_of"], c["members_restated"]) for c in children} == {
        "CB-BD-2": (2, 5), "DBCS-BD": (0, 0)}
    assert client_for(commune_clerk)(f"/api/v1/stats?root=X-NEW&as_of={BEFORE}&restated=true").status_code == 404


# --- Command ----------------------------------------------------------------------------------


def test_org_stats_restated(members, capsys):
    apply("create,X-NEW,,Đảng bộ phường Mới,commune,T01", "move,CB-NH-1,X-NEW", "merge,CB-BD-1,CB-BD-2")
    call_command("org_stats", "--root", "X-NEW", "--as-of", BEFORE.isoformat(), "--restated",
                 "--structure-on", TODAY.isoformat(), "--json")
    out = json.loads(capsys.readouterr().out)
    assert out == {"root": "X-NEW", "as_of": "2025-09-01", "units": {"commune": 1, "branch": 1}, "members": 5,
                   "restated": True, "structure_on": "2026-01-15", "members_as_of": None}
    call_command("org_stats", "--root", "T01", "--as-of", BEFORE.isoformat(), "--json")
    plain = json.loads(capsys.readouterr().out)
    assert plain["members"] == 10 and "X-NEW" not in json.dumps(plain)
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Không có đơn vị «CB-BD-1» trong cơ cấu"):
        call_command("org_stats", "--root", "CB-BD-1", "--restated", "--structure-on", TODAY.isoformat())
    assert Membership.objects.count() >= 10
