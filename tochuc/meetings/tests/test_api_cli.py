"""Meeting API (plan, attendance, close, compliance; scope) and the compliance command."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tochuc.accounts.services import api_token_create
from tochuc.conftest import make_user
from tochuc.meetings.models import Meeting


@pytest.fixture
def api(branch_members, commune_clerk, client):
    headers = {"Authorization": f"Bearer {api_token_create(actor=None, user=commune_clerk)}"}

    def call(method, url, body=None):
        if method == "get":
            return client.get(url, headers=headers)
        return client.post(url, data=json.dumps(body), content_type="application/json", headers=headers)

    return call


def test_plan_attend_close_through_the_api(api, branch_members):
    response = api("post", "/api/v1/meetings", {"branch": "CB-BD-1", "kind": "monthly", "month": "2025-10"})
    assert response.status_code == 201, response.content
    meeting = response.json()
    assert meeting["planned_on"] == "2025-10-03" and meeting["status"] == "planned"
    an, binh, cuong, dung = branch_members["CB-BD-1"]
    entries = [{"member_id": m.pk, "status": "present", "arrived_at": "07:50"} for m in (an, cuong, dung)]
    bad = api("post", f"/api/v1/meetings/{meeting['id']}/attendance", {"held_on": "2025-10-03", "entries": entries})
    assert bad.status_code == 400 and "Trần Thị Bình: chưa điểm danh" in bad.json()["detail"]
    entries.append({"member_id": binh.pk, "status": "excused", "reason": "Ốm"})
    done = api("post", f"/api/v1/meetings/{meeting['id']}/attendance", {"held_on": "2025-10-03", "entries": entries})
    assert done.status_code == 200 and (done.json()["present"], done.json()["summoned"]) == (3, 4)
    assert {a["full_name"]: a["arrived_at"] for a in done.json()["attendance"]}["Nguyễn Văn An"] == "07:50:00"
    closed = api("post", f"/api/v1/meetings/{meeting['id']}/close", {
        "minutes": "Họp đủ nội dung.", "resolutions": ["Nghị quyết tháng 10"], "self_rating": "tot",
        "duration_minutes": 100})
    assert closed.status_code == 200 and closed.json()["status"] == "held"
    listed = api("get", "/api/v1/meetings/branches/CB-BD-1").json()
    assert [m["id"] for m in listed] == [meeting["id"]]
    detail = api("get", f"/api/v1/meetings/{meeting['id']}").json()
    assert detail["resolutions"] == ["Nghị quyết tháng 10"] and len(detail["attendance"]) == 4


def test_compliance_api_and_scope(api, hold, branch_members):
    hold("CB-BD-1", date(2025, 10, 3))
    hold("CB-SG-1", date(2025, 10, 3))
    data = api("get", "/api/v1/meetings/compliance?root=X00004&start=2025-10&end=2025-10").json()
    assert data["summary"]["branches_expected"] == 3 and data["summary"]["missing_monthly"] == 2
    assert {b["code"]: b["missed_months"] for b in data["branches"]} == {"CB-BD-2": ["2025-10"], "CB-DH-1": ["2025-10"]}
    assert api("get", "/api/v1/meetings/compliance?root=X26734&start=2025-10&end=2025-10").status_code == 404
    assert api("get", "/api/v1/meetings/compliance?root=X00004&start=2025-10&end=2025-01").status_code == 400
    foreign = Meeting.objects.get(unit__code="CB-SG-1")
    assert api("get", f"/api/v1/meetings/{foreign.pk}").status_code == 404
    assert api("get", "/api/v1/meetings/branches/CB-SG-1").status_code == 404
    assert api("post", "/api/v1/meetings", {"branch": "CB-SG-1", "month": "2026-01"}).status_code == 400
    assert api("post", f"/api/v1/meetings/{foreign.pk}/close", {"minutes": "x", "self_rating": "tot",
                                                               "duration_minutes": 90}).status_code == 404


def test_viewer_cannot_write_through_the_api(branch_members, client):
    viewer = make_user("xem", "viewer", ["X00004"])
    headers = {"Authorization": f"Bearer {api_token_create(actor=None, user=viewer)}"}
    response = client.post("/api/v1/meetings", data=json.dumps({"branch": "CB-BD-1", "month": "2026-01"}),
                           content_type="application/json", headers=headers)
    assert response.status_code == 403


def test_compliance_command(branch_members, hold):
    an = branch_members["CB-BD-1"][0]
    hold("CB-BD-1", date(2025, 10, 3), statuses={an.pk: "absent"})
    hold("CB-BD-2", date(2025, 10, 3), kind="thematic")
    out = io.StringIO()
    call_command("meetings_compliance", "--root", "T01", "--from", "2025-10", "--to", "2025-12", "--today",
                 "2026-01-15", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert (data["branches_expected"], data["branches_compliant"], data["missing_monthly"], data["missing_thematic"],
            data["low_attendance"]) == (4, 0, 4, 3, 1)
    out = io.StringIO()
    call_command("meetings_compliance", "--root", "X00004", "--from", "2025-10", "--to", "2025-10", "--today",
                 "2026-01-15", "--branches", stdout=out)
    text = out.getvalue()
    assert "Chi bộ phải sinh hoạt: 3" in text and "CB-BD-1  Chi bộ Khu phố 1: 03/10/2025; Nguyễn Văn An" in text
    with pytest.raises(CommandError, match="không hợp lệ"):
        call_command("meetings_compliance", "--root", "T01", "--from", "2025-13", "--to", "2025-12")
    with pytest.raises(CommandError, match="Không có đơn vị"):
        call_command("meetings_compliance", "--root", "NOPE", "--from", "2025-10", "--to", "2025-12")


def test_console_script_maps_the_two_words(branch_members, capsys):
    from tochuc.cli import main

    main(["meetings", "compliance", "--root", "X00004", "--from", "2025-10", "--to", "2025-10", "--today",
          "2026-01-15", "--json"])
    assert json.loads(capsys.readouterr().out)["branches_expected"] == 3
