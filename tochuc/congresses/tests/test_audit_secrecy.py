"""Unreleased results do not leak through the audit log (issue 13, point 3).

Every reader in scope reads the audit page. Counting writes only a reference into the audit row
(the election's own log, shown to the congress's roles, holds the result); rows written the old
way (names elected, votes) are shown without them to anyone without a role in the congress until
the presidium releases the results.
"""

from __future__ import annotations

from datetime import date

import pytest

from tochuc.audit.models import AuditEntry
from tochuc.conftest import make_user
from tochuc.core.scope import scope_for_user
from tochuc.web.audit_log import AuditFilter, audit_page

pytestmark = pytest.mark.django_db

ELECTED = ["Nguyễn Văn Đức", "Phạm Thị Ngọc Ánh", "Trần Thị Hằng"]
RESULT_WORDS = ("'elected'", "'tied'", "'votes'", "'unfilled'")


def audit_html(client, user) -> str:
    client.force_login(user)
    answer = client.get("/nhat-ky/?action=election.count")
    assert answer.status_code == 200
    return answer.content.decode()


def legacy_count_row(election):
    """A counting row as services wrote it before the fix."""
    from django.db import transaction

    from tochuc.audit.services import audit_record

    with transaction.atomic():
        return audit_record(actor=None, action="election.count", obj=election, unit_id=election.congress.unit_id,
                            after={"round": 1, "elected": ELECTED, "tied": [], "unfilled": 0})


def test_counting_writes_no_names_or_votes_into_the_audit_log(counted_election):
    election = counted_election.election
    count = AuditEntry.objects.get(action="election.count", object_id=str(election.pk))
    assert set(count.after) == {"round", "log"}
    assert election.log.get(pk=count.after["log"]).details["result"]["elected"] == ELECTED
    for row in AuditEntry.objects.filter(object_type="congresses.election", object_id=str(election.pk)):
        assert not {"elected", "tied", "votes", "valid"} & set(row.after or {}), row.action


def test_a_viewer_reads_no_unreleased_result_on_the_audit_page(client, counted_election, commune_clerk):
    election = counted_election.election
    legacy_count_row(election)
    viewer = make_user("xem", "viewer", ["X00004"])
    html = audit_html(client, viewer)
    assert 'class="grid audit"' in html  # the rows are there, who counted and when …
    for word in (*RESULT_WORDS, *ELECTED):
        assert word not in html  # … not who was elected
    clerk_without_role = make_user("khac", "clerk", ["X00004"])
    assert not any(word in audit_html(client, clerk_without_role) for word in ELECTED)
    entries, _next = audit_page(scope=scope_for_user(viewer, date(2026, 1, 15)),
                                filters=AuditFilter(action="election.count"), before_id=None)
    assert entries and all(not {"elected", "tied"} & set(e.after) for e in entries)
    # the stored row itself is untouched (the audit log is append-only)
    assert AuditEntry.objects.filter(after__elected=ELECTED).count() == 1


def test_the_congress_roles_and_everyone_after_release_read_it(client, counted_election, commune_clerk):
    election = counted_election.election
    legacy_count_row(election)
    assert ELECTED[0] in audit_html(client, commune_clerk)  # convening committee
    from tochuc.congresses.services import election_release

    election_release(actor=commune_clerk, scope=scope_for_user(commune_clerk, date(2026, 1, 15)), election=election)
    viewer = make_user("xem", "viewer", ["X00004"])
    assert ELECTED[0] in audit_html(client, viewer)
