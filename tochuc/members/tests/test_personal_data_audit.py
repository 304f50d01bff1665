"""Reads of members' personal data through the API are audited, once per request (issue 13, 6)."""

from __future__ import annotations

from datetime import date

from tochuc.accounts.services import api_token_create
from tochuc.audit.models import AuditEntry
from tochuc.conftest import make_user
from tochuc.members.tests import factories


def admit(system, name: str, national_id: str):
    return factories.admit(system, name, birth=date(1990, 1, 5), admitted=date(2025, 8, 19), national_id=national_id)


def bearer(user) -> dict:
    return {"Authorization": f"Bearer {api_token_create(actor=None, user=user)}"}


def reads() -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action__in=["member.view", "member.search"]).order_by("id"))


def test_api_member_record_is_audited_once_per_request(small_tree, system, client, commune_clerk):
    member = admit(system, "Phạm Văn Đồng Chí", "001090000777")
    as_clerk = bearer(commune_clerk)
    assert client.get(f"/api/v1/members/{member.pk}", headers=as_clerk).json()["national_id"] == "001090000777"
    rows = reads()
    assert [(r.action, r.object_id, r.actor_id, r.unit.code) for r in rows] == [
        ("member.view", str(member.pk), commune_clerk.pk, "CB-BD-1")]
    # A viewer sees the numbers masked: nothing personal in full, no row (as on the record page).
    client.get(f"/api/v1/members/{member.pk}", headers=bearer(make_user("xem", "viewer", ["X00004"])))
    assert len(reads()) == 1


def test_api_member_search_is_audited_once_per_request_not_per_row(small_tree, system, client, commune_clerk):
    found = [admit(system, f"Phạm Văn {name}", f"00109000077{n}") for n, name in enumerate(["An", "Bình", "Cường"])]
    hits = client.get("/api/v1/members/search?q=pham+van", headers=bearer(commune_clerk)).json()
    assert len(hits) == 3 and {h["national_id"] for h in hits} == {m.national_id for m in found}
    [row] = reads()
    assert row.action == "member.search" and row.actor_id == commune_clerk.pk
    assert row.after["count"] == 3 and sorted(row.after["ids"]) == sorted(m.pk for m in found)
    assert row.after["query"] == "pham van"
    # Nothing found: nothing read.
    client.get("/api/v1/members/search?q=khong+ai", headers=bearer(commune_clerk))
    assert len(reads()) == 1
