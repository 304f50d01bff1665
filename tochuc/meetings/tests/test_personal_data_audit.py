"""The names of members absent from their meetings, on every channel, are audited once per request
(issue 13, finding 6): the compliance page, XLSX, API and CLI, and a meeting's minutes as a file."""

from __future__ import annotations

import io
from datetime import date

from django.core.management import call_command

from tochuc.accounts.services import api_token_create
from tochuc.audit.models import AuditEntry

URL = "/sinh-hoat/tuan-thu/?root=X00004&tu=2025-10&den=2025-12"


def rows() -> list[AuditEntry]:
    actions = ["meeting.compliance_view", "meeting.compliance_export", "meeting.minutes_export"]
    return list(AuditEntry.objects.filter(action__in=actions).order_by("id"))


def absent(branch_members, hold):
    an, binh = branch_members["CB-BD-1"][:2]
    hold("CB-BD-1", date(2025, 10, 3), statuses={an.pk: "absent", binh.pk: "absent"})
    hold("CB-BD-2", date(2025, 10, 3))


def test_compliance_xlsx_page_api_and_cli_each_audited_once(branch_members, hold, client, commune_clerk):
    absent(branch_members, hold)
    client.force_login(commune_clerk)
    assert client.get(URL + "&export=xlsx").status_code == 200
    [xlsx] = rows()
    assert (xlsx.action, xlsx.actor_id, xlsx.unit.code) == ("meeting.compliance_export", commune_clerk.pk, "X00004")
    assert xlsx.after["names"] == 2 and xlsx.after["channel"] == "xlsx"
    assert "Nguyễn Văn An" in client.get(URL).content.decode()
    assert [r.action for r in rows()] == ["meeting.compliance_export", "meeting.compliance_view"]
    headers = {"Authorization": f"Bearer {api_token_create(actor=None, user=commune_clerk)}"}
    data = client.get("/api/v1/meetings/compliance?root=X00004&start=2025-10&end=2025-12", headers=headers).json()
    assert any(b["absent_without_reason"] for b in data["branches"])
    assert [r.after["channel"] for r in rows()] == ["xlsx", "page", "api"]
    call_command("meetings_compliance", "--root", "X00004", "--from", "2025-10", "--to", "2025-12", "--today",
                 "2026-01-15", "--branches", stdout=io.StringIO())
    assert [r.after["channel"] for r in rows()] == ["xlsx", "page", "api", "cli"]
    assert rows()[-1].actor is None
    # The counts alone (no names) read nobody's data.
    call_command("meetings_compliance", "--root", "X00004", "--from", "2025-10", "--to", "2025-12", "--today",
                 "2026-01-15", stdout=io.StringIO())
    assert len(rows()) == 4


def test_minutes_files_audited_once_each(branch_members, hold, client, commune_clerk):
    meeting = hold("CB-BD-1", date(2025, 10, 3), statuses={branch_members["CB-BD-1"][0].pk: "excused"})
    client.force_login(commune_clerk)
    assert client.get(f"/sinh-hoat/{meeting.pk}/bien-ban.pdf").status_code == 200
    assert client.get(f"/sinh-hoat/{meeting.pk}/bien-ban.docx").status_code == 200
    assert [(r.action, r.object_id, r.after["format"]) for r in rows()] == [
        ("meeting.minutes_export", str(meeting.pk), "pdf"), ("meeting.minutes_export", str(meeting.pk), "docx")]
