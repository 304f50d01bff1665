"""Hostile input is refused at the boundary with a 400 naming the field (issue 13, finding 10;
DESIGN.md invariant 9): NUL bytes anywhere, integers beyond 64 bits, years, months and dates out
of range, deeply nested JSON. Before, each reached the database or the date arithmetic (a 500 on
PostgreSQL, or a silently wrong answer)."""

import json

import pytest
from django.test import RequestFactory

from tochuc.audit.models import AuditEntry
from tochuc.core.input_guard import InputGuardMiddleware, json_too_deep
from tochuc.core.params import BadInput, bounded_int, parse_day, parse_month, parse_year

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(client, province_clerk):
    from tochuc.accounts.services import api_token_create

    headers = {"Authorization": f"Bearer {api_token_create(actor=None, user=province_clerk)}"}

    def call(method, url, body=None, raw=None):
        if method == "get":
            return client.get(url, headers=headers)
        data = raw if raw is not None else json.dumps(body)
        return client.post(url, data, content_type="application/json", headers=headers)

    return call


def refused(response, field: str, words: str) -> bool:
    body = response.json()
    return (
        response.status_code == 400 and body["field"] == field
        and f"«{field}»" in body["detail"] and words in body["detail"]
    )


@pytest.mark.parametrize("url, field", [
    ("/api/v1/members/search?q=Nguy%00n", "q"),
    ("/api/v1/units/search?q=ba%00dinh", "q"),
    ("/api/v1/documents?q=%00", "q"),
    ("/api/v1/documents?kind=nq%00", "kind"),
    ("/api/v1/units/T01%00", "đường dẫn"),
    ("/api/v1/meetings/compliance?root=T01%00", "root"),
    ("/api/v1/reports/T01?table=a%00", "table"),
])
def test_nul_in_a_query_or_path_is_refused_naming_the_field(api, url, field):
    assert refused(api("get", url), field, "NUL")


@pytest.mark.parametrize("url, field, words", [
    ("/api/v1/members/due/official?year=2025&month=13", "month", "từ 1 đến 12"),
    ("/api/v1/members/due/official?year=0&month=1", "year", "từ 1900 đến 2200"),
    ("/api/v1/documents?year=99999", "year", "từ 1900 đến 2200"),
    ("/api/v1/programmes?year=-5", "year", "từ 1900 đến 2200"),
    ("/api/v1/members/due/badges?award_day=9999-12-31", "award_day", "1900–2200"),
    ("/api/v1/units/T01?as_of=0001-01-01", "as_of", "1900–2200"),
    ("/api/v1/members/search?q=a&limit=99999999999999999999999", "limit", "9223372036854775807"),
    ("/api/v1/members/99999999999999999999999", "đường dẫn", "9223372036854775807"),
    ("/api/v1/meetings/18446744073709551616", "đường dẫn", "9223372036854775807"),
])
def test_out_of_range_numbers_and_dates_are_refused(api, url, field, words):
    assert refused(api("get", url), field, words)


def test_nul_and_huge_numbers_in_json_bodies_are_refused_with_their_path(api):
    audited = AuditEntry.objects.count()
    response = api("post", "/api/v1/conferences/1/points", [{"unit_code": "CB-BD-1", "contact_name": "An\u0000"}])
    assert refused(response, "[0].contact_name", "NUL")
    response = api("post", "/api/v1/documents/extract", {"text": "Nghị quyết 18-NQ/TW\u0000"})
    assert refused(response, "text", "NUL")
    response = api("post", "/api/v1/rounds/1/ballots", {"ballots": [{"number": 10**30}]})
    assert refused(response, "ballots[0].number", "9223372036854775807")
    response = api("post", "/api/v1/documents/extract", {"te\u0000xt": "a"})
    assert response.status_code == 400 and "NUL" in response.json()["detail"]
    assert AuditEntry.objects.count() == audited


def test_deeply_nested_json_is_refused_before_parsing(api):
    deep = "[" * 100_000 + "]" * 100_000
    response = api("post", "/api/v1/documents/extract", raw=deep)
    assert refused(response, "body", "lồng quá 32 cấp")
    assert not json_too_deep(b'{"a": "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["}')  # brackets inside text
    assert json_too_deep(b'{"a":' * 33 + b"1" + b"}" * 33)


def test_pages_refuse_nul_and_bad_months_in_forms_and_queries(client, province_clerk):
    client.force_login(province_clerk)
    audited = AuditEntry.objects.count()
    for url, field in (("/dang-vien/tim/?q=a%00", "q"), ("/dang-vien/han/?thang=2025-13", "thang"),
                       ("/van-ban/?nam=0", "nam"), ("/dang-vien/99999999999999999999999/", "đường dẫn")):
        response = client.get(url)
        assert response.status_code == 400 and f"«{field}»" in response.content.decode(), url
    response = client.post("/van-ban/", {"title": "Nghị quyết\x00", "code": "1-NQ/TW"})
    assert response.status_code == 400 and "«title»" in response.content.decode() and "NUL" in response.content.decode()
    assert AuditEntry.objects.count() == audited


def test_a_view_s_own_bad_input_is_a_400_too():
    middleware = InputGuardMiddleware(lambda request: None)
    request = RequestFactory().get("/sinh-hoat/")
    response = middleware.process_exception(request, BadInput("so", "phải từ 1 đến 9"))
    assert response.status_code == 400 and response.content.decode() == "Trường «so»: phải từ 1 đến 9"


def test_the_parsers():
    assert parse_year("nam", "2025") == 2025 and parse_month("thang", 12) == 12
    assert bounded_int("n", " 42 ") == 42
    for call in (lambda: parse_year("nam", "0"), lambda: parse_month("thang", "13"), lambda: bounded_int("n", "x"),
                 lambda: bounded_int("n", str(2**63)), lambda: parse_day("ngay", "2025-02-30"),
                 lambda: parse_day("ngay", "1800-01-01")):
        with pytest.raises(BadInput):
            call()


def test_over_long_fields_are_refused_naming_the_field_not_cut(api, client, province_clerk,
                                                               django_capture_on_commit_callbacks):
    from datetime import datetime

    from tochuc.conferences.models import BridgePoint, Conference

    response = api("post", "/api/v1/conferences/1/points", [{"unit_code": "CB-BD-1", "contact_name": "A" * 121}])
    body = response.json()
    assert response.status_code == 422 and "Trường «[0].contact_name»: quá 120 ký tự" in body["detail"]
    assert body["errors"] == [{"field": "[0].contact_name", "message": "quá 120 ký tự"}]
    response = api("get", "/api/v1/members/due/official?year=2025")
    assert response.status_code == 422 and "Trường «month»: thiếu (bắt buộc)" in response.json()["detail"]
    # The same rule for the file of the command and the page: a row error, nothing written.
    from tochuc.conferences.services import PointRow, bridge_points_add
    from tochuc.conftest import TODAY
    from tochuc.core.scope import system_scope
    from tochuc.core.tabular import ImportRejected
    from tochuc.orgs.models import Unit

    conference = Conference.objects.create(organizer=Unit.objects.get(code="T01"), title="Hội nghị",
                                           starts_at=datetime(2026, 1, 20, 8, 0).astimezone(), host_site="Hà Nội")
    with pytest.raises(ImportRejected) as info:
        bridge_points_add(actor=None, scope=system_scope(TODAY), conference=conference,
                          rows=[PointRow(unit_code="CB-BD-1", contact_name="An", location="x" * 301)])
    assert [str(e) for e in info.value.errors] == ["dòng 1, cột địa điểm: quá 300 ký tự"]
    assert BridgePoint.objects.count() == 0


def test_a_document_number_beyond_its_column_is_a_400_naming_it(api):
    from tochuc.documents.models import Document

    body = {"owner": "T01", "kind": "Kế hoạch", "issuer_code": "TU", "issuing_body": "Thành ủy Hà Nội",
            "issued_on": "2025-09-03", "number": 2**40}
    response = api("post", "/api/v1/documents", body)
    assert response.status_code == 400 and "Số văn bản quá lớn" in response.json()["detail"]
    assert Document.objects.count() == 0
