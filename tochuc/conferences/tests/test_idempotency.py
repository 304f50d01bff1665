"""A walk-in guest's check-in is safe to retry (issue 13, point 7).

Before: each post of a walk-in guest registered a new attendee, so 30 retries (or 30 parallel
posts) made 30 people present. Now a walk-in guest is one registration per idempotency key (sent
by the client, and by the page as a hidden field) or, without a key, per name and position at the
point — both unique in the database, found by insert-or-ignore.
"""

from __future__ import annotations

import re
import threading

import pytest
from django.db import connection
from django.test import Client

from tochuc.accounts.services import api_token_create
from tochuc.audit.models import AuditEntry
from tochuc.conferences.models import Attendee, CheckIn

GUEST = {"guest_name": "Ông Nguyễn Văn Khách", "guest_position": "Chủ tịch Hội Cựu chiến binh"}


def url(point) -> str:
    return f"/api/v1/conferences/{point.conference_id}/points/{point.pk}/check-ins"


def post(client, point, token, body):
    return client.post(url(point), data=body, content_type="application/json",
                       headers={"Authorization": f"Bearer {token}"})


def counts(point) -> tuple[int, int, int]:
    return (Attendee.objects.filter(conference_id=point.conference_id, member__isnull=True).count(),
            CheckIn.objects.filter(conference_id=point.conference_id).count(),
            AuditEntry.objects.filter(action="conference.checkin").count())


@pytest.mark.django_db
def test_sequential_retries_of_a_walk_in_guest_count_once(client, points, commune_clerk):
    point = points["X00004"]
    token = api_token_create(actor=None, user=commune_clerk)
    before = counts(point)
    answers = [post(client, point, token, GUEST) for _ in range(30)]
    assert [a.status_code for a in answers] == [201] + [200] * 29
    assert {a.json()["attendee_id"] for a in answers} == {answers[0].json()["attendee_id"]}
    assert all(a.json()["created"] is False for a in answers[1:])
    assert counts(point) == (before[0] + 1, before[1] + 1, before[2] + 1)
    # the same guest typed with other spacing or without diacritics is the same natural key
    again = post(client, point, token,
                 {"guest_name": "  ông nguyễn  văn khách ", "guest_position": GUEST["guest_position"]})
    assert again.status_code == 200 and again.json()["created"] is False


@pytest.mark.django_db
def test_an_idempotency_key_makes_one_check_in_per_key(client, points, commune_clerk):
    point = points["X00004"]
    token = api_token_create(actor=None, user=commune_clerk)
    before = counts(point)
    first = [post(client, point, token, {**GUEST, "idempotency_key": "3f2c-0001"}) for _ in range(5)]
    assert [a.status_code for a in first] == [201, 200, 200, 200, 200]
    # two people of the same name: two keys, two guests
    second = post(client, point, token, {**GUEST, "idempotency_key": "3f2c-0002"})
    assert second.status_code == 201 and second.json()["attendee_id"] != first[0].json()["attendee_id"]
    assert counts(point)[:2] == (before[0] + 2, before[1] + 2)
    # a key reused for someone else is refused, naming the field, nothing written
    reused = post(client, point, token, {"guest_name": "Bà Trần Thị Khác", "idempotency_key": "3f2c-0001"})
    assert reused.status_code == 400 and "idempotency_key" in reused.json()["detail"]
    bad = post(client, point, token, {**GUEST, "idempotency_key": "có dấu và khoảng trắng"})
    assert bad.status_code == 400 and "idempotency_key" in bad.json()["detail"]
    assert counts(point)[:2] == (before[0] + 2, before[1] + 2)


def test_the_key_is_documented_in_the_openapi(client):
    schema = client.get("/api/v1/openapi.json").json()["components"]["schemas"]["ConferenceCheckInIn"]
    assert "idempotency_key" in schema["properties"]
    assert "thử lại" in schema["properties"]["idempotency_key"]["description"]


@pytest.mark.django_db
def test_the_page_sends_a_key_and_a_resent_form_counts_once(client, points, commune_clerk):
    point = points["X00004"]
    client.force_login(commune_clerk)
    page_url = f"/hoi-nghi/{point.conference_id}/diem-cau/{point.pk}/"
    shown = client.get(page_url)
    assert shown.status_code == 200, page_url
    key = re.search(r'name="idempotency_key" value="([^"]+)"', shown.content.decode()).group(1)
    other = re.search(r'name="idempotency_key" value="([^"]+)"', client.get(page_url).content.decode()).group(1)
    assert key != other  # a new key each time the form is shown
    before = counts(point)
    form = {"action": "walkin", "card": "", **GUEST, "idempotency_key": key}
    for _ in range(3):  # a double click, then the browser resending the form
        assert client.post(page_url, form).status_code == 302
    assert counts(point)[:2] == (before[0] + 1, before[1] + 1)
    # a second guest of the same name through a freshly shown form is a second person
    client.post(page_url, {**form, "idempotency_key": other})
    assert counts(point)[:2] == (before[0] + 2, before[1] + 2)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("key", [None, "a1b2c3d4-retry"], ids=["natural-key", "idempotency-key"])
def test_thirty_parallel_posts_of_one_walk_in_guest_count_once(points, commune_clerk, key):
    """Real concurrency: 30 clients, each with its own database connection, post the same guest
    at the same instant; the unique keys decide, whoever wins."""
    if connection.vendor == "sqlite":
        pytest.skip("the in-memory SQLite test database is not shared between threads; PostgreSQL runs this")
    point = points["X00004"]
    token = api_token_create(actor=None, user=commune_clerk)
    body = {**GUEST, **({"idempotency_key": key} if key else {})}
    barrier = threading.Barrier(30)
    statuses, ids, errors = [], [], []

    def one_client() -> None:
        try:
            barrier.wait()
            answer = post(Client(), point, token, body)
            statuses.append(answer.status_code)
            ids.append(answer.json().get("attendee_id"))
        except Exception as exc:  # noqa: BLE001  (reported below)
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=one_client) for _ in range(30)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(statuses) == [200] * 29 + [201]
    assert len(set(ids)) == 1
    assert counts(point) == (1, 1, 1)
