"""Counting minutes and ballot papers name people: each file is audited once (issue 13, finding 6),
without the votes (the counting row holds those)."""

from __future__ import annotations

import io

from django.core.management import call_command

from tochuc.audit.models import AuditEntry


def rows() -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action__in=["election.minutes_export", "election.ballots_export"])
                .order_by("id"))


def test_minutes_and_ballots_audited_once_per_file(client, counted_election, commune_clerk, tmp_path):
    client.force_login(commune_clerk)
    assert client.get(f"/dai-hoi/vong/{counted_election.pk}/bien-ban.pdf").status_code == 200
    assert client.get(f"/dai-hoi/vong/{counted_election.pk}/bien-ban.docx").status_code == 200
    assert client.get(f"/dai-hoi/vong/{counted_election.pk}/phieu-bau.pdf?so-ban=50").status_code == 200
    assert [(r.action, r.after["format"], r.actor_id) for r in rows()] == [
        ("election.minutes_export", "pdf", commune_clerk.pk), ("election.minutes_export", "docx", commune_clerk.pk),
        ("election.ballots_export", "pdf", commune_clerk.pk)]
    assert all(r.object_id == str(counted_election.pk) and "Đức" not in str(r.after) for r in rows())
    call_command("congress_minutes", str(counted_election.pk), "--pdf", str(tmp_path / "b.pdf"), stdout=io.StringIO())
    assert rows()[-1].actor is None and len(rows()) == 4
