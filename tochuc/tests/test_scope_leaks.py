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
from tochuc.meetings.services import meeting_plan, meeting_record_attendance
from tochuc.members.lifecycle import member_admit
from tochuc.members.models import ImportJob
from tochuc.orgs.services import unit_rename
from tochuc.reorganizations.services import reorganization_apply

# What the other subtree (Hồ Chí Minh City) holds; none of it may appear in the answer. The code
# X26734 itself is not a marker: it is in the URL, which pages may echo (links, forms).
FOREIGN_MARKERS = ("CB-SG-1", "Sài Gòn", "Bến Nghé", "Hồ Chí Minh")
FOREIGN_VALUES = {"code": "X26734", "root": "X26734", "unit": "X26734"}
PUBLIC = {"accounts:login", "api:openapi-json", "api:openapi-view", "set_language", "accounts:logout"}
# Pages that write only the requesting user's own account (their own API tokens, their own
# password): nothing of a subtree is reachable through them (tested in accounts/tests).
OWN_ACCOUNT = {"accounts:tokens", "accounts:password"}
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
        held_on=date(2025, 9, 5), title="Học tập tại Bến Nghé"), document_ids=[document.pk],
                                   attendee_ids=[foreigner.pk])
    return {"document_id": str(document.pk), "session_id": str(session.pk)}


def foreign_world(system) -> dict[str, str]:
    """Data of the other subtree (Hồ Chí Minh City) for every parameter a route can take."""
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
    return values


@pytest.mark.django_db
def test_no_route_leaks_another_subtree(client, commune_clerk, system):
    values = foreign_world(system)
    token = api_token_create(actor=None, user=commune_clerk)
    client.force_login(commune_clerk)
    routes = [(name, route) for name,
              route in walk(get_resolver()) if name not in PUBLIC and not route.startswith("static")]
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
            "accounts:users", "accounts:user", "accounts:tokens", "api:list_users",
            "api:list_user_tokens"} <= set(checked)


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
    from datetime import UTC, datetime

    from tochuc.conferences import services as conferences
    from tochuc.conferences.models import BridgePoint

    conference = conferences.conference_create(actor=None, scope=system, organizer_code="T79", title="Hội nghị Sài Gòn",
                                               starts_at=datetime(2026, 1, 10, 1, tzinfo=UTC),
                                               host_site="Hội trường Bến Nghé")
    conferences.bridge_points_add(actor=None, scope=system, conference=conference,
                                  rows=[conferences.PointRow("CB-SG-1", "Người Sài Gòn")])
    point = BridgePoint.objects.get(conference=conference)
    conferences.attendees_register(actor=None, scope=system, point=point, guests=[conferences.Guest("Khách Sài Gòn")])
    task = conferences.task_assign(actor=None, scope=system, conference=conference, unit_code="CB-SG-1",
                                   description="Nhiệm vụ Sài Gòn")
    return {"conference_id": str(conference.pk), "point_id": str(point.pk), "task_id": str(task.pk)}


# --- Writes, and reads of a past date (DESIGN.md invariant 11; issue 13, finding 2) --------------

WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
REFUSED = (400, 403, 404, 405, 422)
BEFORE_LEAVING = "2026-02-01"  # the departures below happen on 1/3/2026
DATED_QUERY = QUERY.replace("ngay=2026-01-15", f"ngay={BEFORE_LEAVING}").replace(
    "as_of=2025-08-01", f"as_of={BEFORE_LEAVING}") + (
    f"&tai_ngay={BEFORE_LEAVING}&on={BEFORE_LEAVING}&structure_on={BEFORE_LEAVING}&ngay-hop={BEFORE_LEAVING}")
# What the clerk of Ba Đình must never see again once it left: identifiers in full, what happened after.
DEPARTED_MARKERS = ("001190012345", "0912345678", "001085012345", "0987654321", "Kỷ luật ở Bến Nghé",
                    "Chuyên đề sau khi chuyển")
#: Every form field a write page reads, aimed at the other subtree (or, with ``departed``, back home).
FORM = {"kind": "rating", "effective_on": "2026-12-01", "score": "90", "to_branch": "CB-SG-1", "unit": "X26734",
        "unit_code": "X26734", "branch": "CB-SG-1", "code": "CB-SG-1", "owner": "X26734", "organizer_code": "T79",
        "username": "saigon-upload", "role": "clerk", "title": "Ghi đè", "name": "Ghi đè", "full_name": "Ghi đè",
        "subject": "Ghi đè", "topic": "Ghi đè", "reason": "Ghi đè", "planned_on": "2026-12-10", "held_on": "2026-12-03",
        "starts_on": "2026-12-20", "ends_on": "2026-12-20", "cutoff_on": "2026-12-10", "issued_on": "2026-12-01",
        "starts_at": "2026-12-10T08:00", "host_site": "Hội trường", "issuing_body": "Đảng ủy", "issuer_code": "ĐU",
        "number": "9", "seats": "1", "teller": "1", "total": "1", "count": "5", "status": "done", "year": "2026",
        "month": "2026-12", "self_rating": "good", "minutes": "Ghi đè", "duration_minutes": "60",
        "contact_name": "Ghi đè", "description": "Ghi đè", "guest_name": "Khách", "q": "Sài Gòn", "action": "release",
        "category": "member", "effective": "2026-12-01", "on": "2026-12-01", "deadline": "2026-12-31",
        "password": "mat-khau-moi-2026-dai", "valid": "on", "skip_bad_rows": "on"}
#: The same for the API (unknown fields are ignored, so one body fits every schema).
BODY = {"query": "Sài Gòn", "teller": 1, "ballots": [{"number": 9, "kept": []}], "organizer_code": "T79",
        "title": "Ghi đè", "starts_at": "2026-12-10T01:00:00Z", "host_site": "Hội trường", "unit_code": "CB-SG-1",
        "contact_name": "Ghi đè", "guests": [{"full_name": "Khách"}], "guest_name": "Khách", "count": 5,
        "branch": "CB-SG-1", "kind": "thematic", "planned_on": "2026-12-10", "topic": "Ghi đè", "agenda": ["Ghi đè"],
        "held_on": "2026-12-03", "minutes": "Ghi đè", "self_rating": "good", "duration_minutes": 60,
        "owner": "X26734", "issuing_body": "Đảng ủy", "issued_on": "2026-12-01", "number": 9, "subject": "Ghi đè",
        "text": "Ghi đè", "unit": "CB-SG-1"}


def api_body(name: str, values: dict[str, str], body: dict):
    """The body of one API write: ``body`` with the ids of ``values`` (a list for bridge points)."""
    member = int(values["member_id"])
    full = body | {"member_ids": [member], "member_id": member, "attendees": [member],
                   "documents": [int(values["document_id"])], "entries": [{"member_id": member, "status": "present"}]}
    return [full] if name == "add_points" else full


def departures(system) -> dict[str, str]:
    """Two ways out of Ba Đình on 1/3/2026: Hoà is transferred to Sài Gòn; the branch CB-BD-2, with
    Dũng, is moved there by a reorganization. After that, events and a meeting in their new home."""
    from tochuc.members.lifecycle import member_record, member_transfer

    def admit(code, name, birth, sex, national_id, phone):
        return member_admit(actor=None, scope=system, branch_code=code, full_name=name, birth_date=birth, sex=sex,
                            admitted_on=date(2025, 9, 2), national_id=national_id, phone=phone)

    hoa = admit("CB-BD-1", "Nguyễn Thị Hoà", date(1990, 4, 3), "nu", "001190012345", "0912345678")
    dung = admit("CB-BD-2", "Trần Văn Dũng", date(1985, 6, 1), "nam", "001085012345", "0987654321")
    left = date(2026, 3, 1)
    member_transfer(actor=None, scope=system, member=hoa, to_branch_code="CB-SG-1", effective_on=left)
    reorganization_apply(actor=None, scope=system, effective=left, reason="Điều chỉnh địa giới",
                         plan_rows=[{"op": "move", "code": "CB-BD-2", "target": "X26734", "name": "", "kind": "",
                                     "parent": ""}])
    for member in (hoa, dung):
        member_record(actor=None, scope=system, member=member, kind="discipline", effective_on=date(2026, 6, 1),
                      details={"form": "khien_trach"}, reason="Kỷ luật ở Bến Nghé")
    meeting = meeting_plan(actor=None, scope=system, branch_code="CB-BD-2", kind="thematic",
                           planned_on=date(2026, 4, 3), topic="Chuyên đề sau khi chuyển")
    return {"hoa": str(hoa.pk), "dung": str(dung.pk), "meeting_id": str(meeting.pk)}


def fingerprint() -> dict[str, str]:
    """A digest of every table's rows (sessions aside): any row written, changed or deleted shows."""
    import hashlib

    from django.apps import apps

    volatile = {"last_used_at", "last_login"}  # stamped by every authenticated request
    digests = {}
    for model in apps.get_models():
        if model._meta.label in ("sessions.Session",):
            continue
        fields = [f.attname for f in model._meta.concrete_fields if f.attname not in volatile]
        rows = list(model._base_manager.order_by("pk").values_list(*fields))
        digests[model._meta.label] = hashlib.sha256(repr(rows).encode()).hexdigest()
    return digests


def api_writes() -> list[tuple[str, str, str]]:
    """(name, method, route) of every write operation of the API."""
    from tochuc.api import api

    found = []
    for _prefix, router in api._routers:
        for route, path_view in router.path_operations.items():
            for operation in path_view.operations:
                for method in set(operation.methods) & set(WRITE_METHODS):
                    pattern = re.sub(r"\{(\w+)\}", r"<\1>", route.lstrip("/"))
                    found.append((operation.view_func.__name__, method, "api/v1/" + pattern))
    return found


def send_writes(client, token, values: dict[str, str], form: dict, body: dict, query: str = ""):
    """Every web route as a POST and every API write, aimed by ``values``/``form``/``body``; yields
    (name, route, url, response, tables changed)."""
    web = [(name, route) for name, route in walk(get_resolver())
           if name not in PUBLIC | OWN_ACCOUNT and not route.startswith(("static", "api/"))]
    before = fingerprint()
    for name, route in web:
        url = fill(route, values) + query
        response = client.post(url, {k: v.replace("{member}", values["member_id"]) for k, v in form.items()})
        after = fingerprint()
        yield name, route, url, response, sorted(label for label in after if after[label] != before[label])
        before = after
    for name, method, route in api_writes():
        url = fill(route, values) + query
        response = client.generic(method, url, json.dumps(api_body(name, values, body)),
                                  content_type="application/json", headers={"Authorization": f"Bearer {token}"})
        after = fingerprint()
        changed = sorted(label for label in after if after[label] != before[label])
        yield f"api:{name}", route, f"{method} {url}", response, changed
        before = after


@pytest.mark.django_db
def test_no_write_reaches_another_subtree_or_what_left_it(client, commune_clerk, system):
    """As the clerk and as a viewer of Ba Đình: every write route with the other subtree's ids, then
    with the ids of what left Ba Đình, from a page read before it left. Nothing is written."""
    values = foreign_world(system)
    gone = departures(system)
    departed = values | {"member_id": gone["hoa"], "code": "CB-BD-2", "unit": "CB-BD-2", "root": "CB-BD-2",
                         "meeting_id": gone["meeting_id"]}
    home = FORM | {"kind": "transfer", "to_branch": "CB-BD-1", "unit_code": "CB-BD-2", "branch": "CB-BD-2",
                   "code": "CB-BD-2", "unit": "CB-BD-2"}
    viewer = make_user("badinh-xem", "viewer", ["X00004"])
    reached = set()
    for user in (commune_clerk, viewer):
        token = api_token_create(actor=None, user=user)
        client.force_login(user)
        for aimed, form, body, query in ((values, FORM, BODY, ""),
                                         (departed, home, BODY | {"branch": "CB-BD-2", "unit_code": "CB-BD-2"},
                                          f"?ngay={BEFORE_LEAVING}&as_of={BEFORE_LEAVING}")):
            if query:
                client.get(f"/{query}")  # the page's date is remembered for the session
            for name, route, url, response, changed in send_writes(client, token, aimed, form, body, query):
                assert not changed, f"{user} {name} {url} wrote {changed} ({response.status_code})"
                assert response.status_code < 500, (user.username, name, url, response.status_code)
                if "<" in route:  # an id of the other subtree (or of what left) in the path: not found
                    assert response.status_code in REFUSED, (user.username, name, url, response.status_code)
                body_text = readable(response) if response.status_code != 405 else ""
                sent = json.dumps([url, form, body], ensure_ascii=False)  # what a page may echo back
                leaked = [m for m in (*FOREIGN_MARKERS, *DEPARTED_MARKERS) if m in body_text and m not in sent]
                assert not leaked, f"{name} {url} shows {leaked}"
                if response.status_code != 405:
                    reached.add(name)
    assert {"members:event", "meetings:attendance", "meetings:cancel", "congresses:delegate_add",
            "documents:study_delete", "api:plan", "api:record_attendance", "api:create_document",
            "api:post_ballots", "api:check_in", "api:add_points", "api:create_session"} <= reached, sorted(reached)


@pytest.mark.django_db
def test_the_write_walk_itself_would_catch_a_write(client, national_admin, system):
    """The same kind of requests from someone whose scope does reach them write, and the
    fingerprint sees it: the walk above is not a test that cannot fail."""
    values = foreign_world(system)
    client.force_login(national_admin)
    before = fingerprint()
    response = client.post(f"/dang-vien/{values['member_id']}/su-kien/", FORM)
    after = fingerprint()
    assert response.status_code == 302
    assert {"members.MemberEvent", "audit.AuditEntry"} <= {label for label in after if after[label] != before[label]}
    token = api_token_create(actor=None, user=national_admin)
    before = fingerprint()
    response = client.post("/api/v1/meetings", json.dumps(BODY), content_type="application/json",
                           headers={"Authorization": f"Bearer {token}"})
    assert response.status_code in (200, 201), response.content
    assert fingerprint()["meetings.Meeting"] != before["meetings.Meeting"]


@pytest.mark.django_db
def test_no_dated_read_shows_what_left_the_subtree(client, commune_clerk, system):
    """Every read again, dated before Hoà and the branch CB-BD-2 left Ba Đình, aimed at them:
    at most masked history from before, never their identifiers or what came after."""
    values = foreign_world(system)
    gone = departures(system)
    token = api_token_create(actor=None, user=commune_clerk)
    client.force_login(commune_clerk)
    routes = [(name, route) for name,
              route in walk(get_resolver()) if name not in PUBLIC and not route.startswith("static")]
    shown = set()
    for member in (gone["hoa"], gone["dung"]):
        aimed = values | {"member_id": member, "code": "CB-BD-2", "unit": "CB-BD-2", "root": "CB-BD-2",
                          "meeting_id": gone["meeting_id"]}
        for name, route in routes:
            url = fill(route, aimed) + DATED_QUERY
            response = client.get(url, headers={"Authorization": f"Bearer {token}", "HX-Request": "true"})
            body = readable(response)
            assert response.status_code in (200, 302, 403, 404, 405), (name, url, response.status_code)
            leaked = [marker for marker in DEPARTED_MARKERS if marker in body]
            assert not leaked, f"{name} {url} shows {leaked}"
            if response.status_code == 200:
                shown.add(name)
    assert {"members:detail", "api:get_member", "api:search_members"} <= shown  # read, masked


@pytest.mark.django_db
def test_the_dated_walk_itself_would_catch_a_leak(client, national_admin, system):
    """The same dated reads by someone who still reaches them show the markers."""
    gone = departures(system)
    client.force_login(national_admin)
    body = client.get(f"/dang-vien/{gone['hoa']}/{DATED_QUERY}").content.decode()
    assert "001190012345" in body and "0912345678" in body
    assert "Kỷ luật ở Bến Nghé" in client.get(f"/dang-vien/{gone['dung']}/?ngay=").content.decode()
    assert "Chuyên đề sau khi chuyển" in client.get(f"/sinh-hoat/{gone['meeting_id']}/").content.decode()
