"""DESIGN.md invariant 1: walk every URL pattern and API route as a user of another subtree.

Every route is requested with its parameters pointing at data outside the user's scope (and
with query parameters that try to reach it); the answer must be 403/404, or a page that shows
nothing of the other subtree. A route with a parameter this test cannot fill fails the test, so
a new route cannot slip past it.
"""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tochuc.accounts.services import api_token_create
from tochuc.conftest import make_user
from tochuc.members.lifecycle import member_admit
from tochuc.meetings.services import meeting_plan, meeting_record_attendance
from tochuc.members.models import ImportJob
from tochuc.reorganizations.services import reorganization_apply
from tochuc.orgs.services import unit_rename

# What the other subtree (Hồ Chí Minh City) holds; none of it may appear in the answer. The code
# X26734 itself is not a marker: it is in the URL, which pages may echo (links, forms).
FOREIGN_MARKERS = ("CB-SG-1", "Sài Gòn", "Bến Nghé", "Hồ Chí Minh")
FOREIGN_VALUES = {"code": "X26734", "root": "X26734", "unit": "X26734"}
PUBLIC = {"accounts:login", "api:openapi-json", "api:openapi-view", "set_language", "accounts:logout"}
QUERY = ("?q=sai+gon&root=X26734&unit=X26734&code=X26734&unit_code=X26734&ngay=2026-01-15&year=2026&month=9"
         "&award_day=2026-09-02&as_of=2025-08-01&restated=true&so-sanh=2025-08-01")


def walk(resolver: URLResolver, prefix: str = "", namespace: str = ""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name}" if entry.name else "", prefix + str(entry.pattern)


def readable(response) -> str:
    """The body as text a marker can be found in (JSON escapes non-ASCII letters)."""
    body = response.content.decode(errors="replace")
    if response.get("Content-Type", "").startswith("application/json"):
        return json.dumps(json.loads(body), ensure_ascii=False)
    return body


def fill(route: str, values: dict[str, str]) -> str:
    """A concrete path for a route pattern, with every parameter aimed at the other subtree."""

    def value(match: re.Match) -> str:
        name = match.group("name")
        if name not in values:
            pytest.fail(f"scope-leak test does not know how to fill <{name}> in {route!r}: teach it")
        return values[name]

    path = re.sub(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>", value, route)
    path = path.lstrip("^").rstrip("$")
    return "/" + path


def foreign_congress(system) -> dict[str, str]:
    """A congress of the other subtree with a delegate, an election and a counted round."""
    from tochuc.congresses import services as congress_services

    congress = congress_services.congress_create(
        actor=None, scope=system, unit_code="X26734", kind="members", starts_on=date(2026, 1, 20),
        ends_on=date(2026, 1, 20), cutoff_on=date(2026, 1, 10))
    delegate = congress_services.delegate_add(actor=None, scope=system, congress=congress, category="member",
                                              full_name="Võ Thị Sài Gòn", branch_name="Chi bộ Bến Nghé")
    election = congress_services.election_create(actor=None, scope=system, congress=congress, kind="secretary", seats=1)
    congress_services.candidate_add(actor=None, scope=system, election=election, full_name="Võ Thị Sài Gòn")
    round_ = congress_services.round_open(actor=None, scope=system, election=election, issued=1)
    cid = round_.candidates.get().pk
    for teller in (1, 2):
        congress_services.ballot_enter(actor=None, scope=system, round_=round_, teller=teller, number=1, kept=[cid])
    congress_services.round_count(actor=None, scope=system, round_=round_)
    congress_services.election_release(actor=None, scope=system, election=election)
    return {"congress_id": str(congress.pk), "delegate_id": str(delegate.pk), "election_id": str(election.pk),
            "round_id": str(round_.pk)}


def foreign_documents(system, foreigner) -> dict[str, str]:
    """A document of Hồ Chí Minh City's registry and a study session of its branch."""
    from tochuc.documents.services import DocumentData, StudyData, document_create, study_session_record

    document = document_create(actor=None, scope=system, owner_code="X26734", data=DocumentData(
        kind="Kế hoạch", number=7, issuer_code="ĐU", issuing_body="Đảng ủy phường Sài Gòn",
        issued_on=date(2025, 9, 1), subject="học tập ở Bến Nghé"))
    session = study_session_record(actor=None, scope=system, unit_code="CB-SG-1", data=StudyData(
        held_on=date(2025, 9, 5), title="Học tập tại Bến Nghé"), document_ids=[document.pk], attendee_ids=[foreigner.pk])
    return {"document_id": str(document.pk), "session_id": str(session.pk)}


@pytest.mark.django_db
def test_no_route_leaks_another_subtree(client, commune_clerk, system):
    # Give the other subtree an audit trail too, so a leaking log would show it.
    unit_rename(actor=None, scope=system, code="CB-SG-1", name="Chi bộ Khu phố Bến Nghé 2", effective=date(2025, 9, 1))
    foreigner = member_admit(actor=None, scope=system, branch_code="CB-SG-1", full_name="Võ Thị Sài Gòn",
                             birth_date=date(1990, 4, 30), sex="nu", admitted_on=date(2025, 9, 2))
    uploader = make_user("saigon-upload", "clerk", ["X26734"])
    job = ImportJob.objects.create(created_by=uploader, source="Sài Gòn.csv", content=b"")
    foreign_meeting = meeting_plan(actor=None, scope=system, branch_code="CB-SG-1", kind="thematic",
                                   planned_on=date(2025, 10, 3), topic="Sài Gòn chuyên đề")
    meeting_record_attendance(actor=None, scope=system, meeting=foreign_meeting, held_on=date(2025, 10, 3),
                              entries={foreigner.pk: ("present", "")})
    reorganization = reorganization_apply(
        actor=None, scope=system, effective=date(2025, 10, 1), reason="Quyết định của Thành ủy Hồ Chí Minh",
        plan_rows=[{"op": "rename", "code": "CB-SG-1", "name": "Chi bộ Bến Nghé Sài Gòn"}])
    values = (FOREIGN_VALUES | {"member_id": str(foreigner.pk), "job_id": str(job.pk),
                                "pk": str(reorganization.reorganization_id)} | foreign_congress(system)
              | _foreign_conference(system)
              | {"meeting_id": str(foreign_meeting.pk)})
    values |= foreign_documents(system, foreigner)
    values |= _reports_values(uploader, system)
    values |= {"user_id": str(uploader.pk), "token_id": str(_token_of(uploader))}
    token = api_token_create(actor=None, user=commune_clerk)
    client.force_login(commune_clerk)
    routes = [(name, route) for name, route in walk(get_resolver()) if name not in PUBLIC and not route.startswith("static")]
    assert len(routes) >= 4, routes
    checked = []
    for name, route in routes:
        url = fill(route, values) + QUERY
        response = client.get(url, headers={"Authorization": f"Bearer {token}", "HX-Request": "true"})
        body = readable(response)
        assert response.status_code in (200, 302, 403, 404, 405), (name, url, response.status_code)
        leaked = [marker for marker in FOREIGN_MARKERS if marker in body]
        assert not leaked, f"{name} {url} shows {leaked}"
        checked.append(name)
    assert {"web:home", "api:get_unit", "api:get_children", "api:search_units", "api:get_stats",
            "api:get_member", "api:search_members", "api:get_timeline", "api:get_restated_children",
            "web:reorg_detail", "web:reorg_list", "congresses:election", "congresses:minutes_pdf",
            "api:get_results", "api:list_delegates",
            "conferences:detail", "conferences:point", "conferences:live", "api:get_totals", "api:check_in",
            "meetings:detail", "meetings:compliance", "meetings:minutes_pdf", "api:get_meeting", "api:compliance",
            "documents:detail", "documents:coverage", "documents:study_detail", "documents:study_edit",
            "documents:study_delete", "api:get_document", "api:get_coverage", "api:get_session", "api:list_sessions",
            "reports:dashboard", "reports:members", "reports:programme",
            "accounts:users", "accounts:user", "accounts:tokens", "api:list_users", "api:list_user_tokens"} <= set(checked)


def _token_of(user) -> int:
    """A token of a user of the other subtree (the accounts pages and routes)."""
    api_token_create(actor=None, user=user)
    return user.api_tokens.get().pk


def _reports_values(uploader, system) -> dict[str, str]:
    """A finished export and a work programme of the other subtree (reports app)."""
    from tochuc.reports.models import ReportExport
    from tochuc.reports.services import programme_create

    export = ReportExport.objects.create(created_by=uploader, unit_code="X26734", unit_name="Đảng bộ phường Sài Gòn",
                                         structure_on=date(2026, 1, 15), day=date(2026, 1, 15), mode="as_of",
                                         period_start=date(2026, 1, 1), rating_year=2025, format="xlsx", status="done",
                                         content=b"Sai Gon", filename="Sài Gòn.xlsx")
    programme = programme_create(actor=None, scope=system, unit_code="X26734", year=2026, title="Chương trình Sài Gòn")
    return {"export_id": str(export.pk), "programme_id": str(programme.pk)}


@pytest.mark.django_db
def test_the_walk_itself_would_catch_a_leak(client, commune_clerk, national_admin):
    """The same request as the national administrator does show the other subtree: the markers
    and parameters of the walk are real, not a test that cannot fail."""
    token = api_token_create(actor=None, user=national_admin)
    response = client.get("/api/v1/units/X26734", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200 and "Sài Gòn" in readable(response)


def _foreign_conference(system) -> dict[str, str]:
    """A conference of Hồ Chí Minh City with a bridge point, an attendee and a task."""
    from datetime import datetime, timezone

    from tochuc.conferences import services as conferences
    from tochuc.conferences.models import BridgePoint

    conference = conferences.conference_create(actor=None, scope=system, organizer_code="T79", title="Hội nghị Sài Gòn",
                                               starts_at=datetime(2026, 1, 10, 1, tzinfo=timezone.utc),
                                               host_site="Hội trường Bến Nghé")
    conferences.bridge_points_add(actor=None, scope=system, conference=conference,
                                  rows=[conferences.PointRow("CB-SG-1", "Người Sài Gòn")])
    point = BridgePoint.objects.get(conference=conference)
    conferences.attendees_register(actor=None, scope=system, point=point, guests=[conferences.Guest("Khách Sài Gòn")])
    task = conferences.task_assign(actor=None, scope=system, conference=conference, unit_code="CB-SG-1",
                                   description="Nhiệm vụ Sài Gòn")
    return {"conference_id": str(conference.pk), "point_id": str(point.pk), "task_id": str(task.pk)}
