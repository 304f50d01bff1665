"""Work programmes: items with lead units, deadlines, status changes with dates, completion ratios
rolled up the tree as of any date, compared with a count done here."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tochuc.accounts.services import api_token_create
from tochuc.audit.models import AuditEntry
from tochuc.conftest import TODAY
from tochuc.orgs.selectors import unit_get
from tochuc.orgs.tests.test_selectors import scope_of
from tochuc.reports import selectors, services
from tochuc.reports.models import ItemStatus

pytestmark = pytest.mark.django_db

LEADS = ["CB-BD-1", "CB-BD-1", "CB-BD-2", "DBCS-BD", "CB-DH-1", "X00008", "CB-NH-1", "T01", "CB-NH-1", "X00004"]


@pytest.fixture
def programme(small_tree):
    scope = scope_of("T01", role="clerk")
    p = services.programme_create(actor=None, scope=scope, unit_code="T01", year=2026,
                                  title="Chương trình công tác năm 2026")
    items = [services.programme_item_add(actor=None, scope=scope, programme=p, kind="task", title=f"Nhiệm vụ {n}",
                                         lead_unit_code=lead, deadline=date(2026, 3 + n % 6, 1), on=date(2026, 1, 5))
             for n, lead in enumerate(LEADS)]
    # Done: 0, 2, 4, 6, 8 (on different dates); 9 cancelled; 1 in progress.
    for n in (0, 2, 4, 6, 8):
        services.programme_item_set_status(actor=None, scope=scope, item=items[n], status=ItemStatus.DONE,
                                           on=date(2026, 2, 1 + n))
    services.programme_item_set_status(actor=None, scope=scope, item=items[9], status=ItemStatus.CANCELLED,
                                       on=date(2026, 2, 20))
    services.programme_item_set_status(actor=None, scope=scope, item=items[1], status=ItemStatus.IN_PROGRESS,
                                       on=date(2026, 2, 3))
    return p, items, scope


def expected(day: date, prefix_units: set[str], done_on: dict[int, date]) -> tuple[int, int]:
    total = done = 0
    for n, lead in enumerate(LEADS):
        if lead not in prefix_units or (n == 9 and day >= date(2026, 2, 20)):
            continue
        total += 1
        done += n in done_on and done_on[n] <= day
    return done, total


BA_DINH = {"X00004", "CB-BD-1", "CB-BD-2", "DBCS-BD", "CB-DH-1"}
NGOC_HA = {"X00008", "CB-NH-1"}


@pytest.mark.parametrize("day", [date(2026, 1, 10), date(2026, 2, 4), date(2026, 2, 20), date(2026, 12, 31)])
def test_completion_rolls_up_the_tree_as_of_a_date(programme, day):
    p, items, scope = programme
    done_on = {n: date(2026, 2, 1 + n) for n in (0, 2, 4, 6, 8)}
    owner = unit_get(scope=scope, code="T01")
    whole, children = selectors.completion(scope=scope, root=owner, day=day, items=p.items.all())
    assert (whole.done, whole.total) == expected(day, BA_DINH | NGOC_HA | {"T01"}, done_on)
    rows = {r.code: (r.done, r.total) for r in children}
    assert rows == {"X00004": expected(day, BA_DINH, done_on), "X00008": expected(day, NGOC_HA, done_on)}
    assert whole.text == f"{whole.done}/{whole.total}"


def test_overdue_and_before_the_items_existed(programme):
    p, items, scope = programme
    owner = unit_get(scope=scope, code="T01")
    whole, _ = selectors.completion(scope=scope, root=owner, day=date(2026, 1, 1), items=p.items.all())
    assert (whole.done, whole.total) == (0, 0)
    whole, _ = selectors.completion(scope=scope, root=owner, day=date(2026, 12, 31), items=p.items.all())
    assert whole.overdue == whole.total - whole.done == 4


def test_rules_of_the_services(programme):
    p, items, scope = programme
    with pytest.raises(ValidationError):
        services.programme_item_set_status(actor=None, scope=scope, item=items[0], status=ItemStatus.IN_PROGRESS,
                                           on=date(2026, 1, 1))  # before its latest change
    with pytest.raises(ValidationError):
        services.programme_item_add(actor=None, scope=scope, programme=p, kind="task", title="Sai",
                                    lead_unit_code="CB-SG-1",
                                    deadline=date(2026, 5, 1), on=TODAY)
    with pytest.raises(PermissionDenied):
        services.programme_create(actor=None, scope=scope_of("T01"), unit_code="T01", year=2026, title="x")
    commune = scope_of("X00004", role="clerk")
    sub = services.programme_create(actor=None, scope=commune, unit_code="X00004", year=2026, title="Phường")
    with pytest.raises(ValidationError):  # a unit above the programme's unit cannot lead its items
        services.programme_item_add(actor=None, scope=scope, programme=sub, kind="task", title="Sai",
                                    lead_unit_code="T01",
                                    deadline=date(2026, 5, 1), on=TODAY)
    assert AuditEntry.objects.filter(action="programme.item_status").count() == 7
    assert AuditEntry.objects.filter(action="programme.item_add").count() == 10
    assert list(selectors.programmes(commune)) == [sub]


def test_pages_and_api(client, programme, province_clerk, commune_clerk):
    p, items, scope = programme
    client.force_login(province_clerk)
    page = client.get(f"/bao-cao/chuong-trinh/{p.pk}/?tai_ngay=2026-12-31").content.decode()
    assert 'id="ratio">5/9<' in page
    response = client.post(f"/bao-cao/chuong-trinh/{p.pk}/", {"action": "status", "item": items[1].pk, "status": "done",
                                                             "on": "2026-03-01"})
    assert response.status_code == 302
    page = client.get(f"/bao-cao/chuong-trinh/{p.pk}/?tai_ngay=2026-12-31").content.decode()
    assert 'id="ratio">6/9<' in page
    response = client.post(f"/bao-cao/chuong-trinh/{p.pk}/", {"action": "add", "kind": "project", "title": "Đề án mới",
                                                             "lead": "CB-NH-1", "deadline": "2026-06-30"})
    assert response.status_code == 302
    assert client.post("/bao-cao/chuong-trinh/",
                       {"unit": "T01", "year": "2027", "title": "Năm 2027"}).status_code == 302
    dashboard = client.get("/bao-cao/don-vi/T01/?tai_ngay=2026-12-31").content.decode()
    assert 'id="fig-work">6/10<' in dashboard
    token = api_token_create(actor=None, user=province_clerk)
    body = client.get(f"/api/v1/programmes/{p.pk}/progress?on=2026-12-31",
                      headers={"Authorization": f"Bearer {token}"}).json()
    assert body["text"] == "6/10" and {c["code"]: c["text"] for c in body["children"]} == {"X00004": "4/5",
                                                                                           "X00008": "2/4"}
    client.force_login(commune_clerk)
    assert client.get(f"/bao-cao/chuong-trinh/{p.pk}/").status_code == 404
    assert client.post(f"/bao-cao/chuong-trinh/{p.pk}/", {"action": "add"}).status_code == 404
