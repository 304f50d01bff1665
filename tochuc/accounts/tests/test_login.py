"""Login throttling by account and by address, apart (issue 13, finding 9), and audited logins."""

from __future__ import annotations

import pytest

from tochuc.accounts import logins
from tochuc.audit.models import AuditEntry
from tochuc.conftest import PASSWORD, make_user

LOGIN = "/tai-khoan/dang-nhap/"


def _post(client, username, password, address):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


@pytest.fixture
def office(small_tree):
    """Two clerks of one commune office, behind the same NAT address."""
    return make_user("badinh", "clerk", ["X00004"]), make_user("badinh2", "clerk", ["X00004"])


def test_failures_of_others_behind_one_nat_do_not_lock_a_colleague_out(client, office, settings, monkeypatch):
    settings.TOCHUC_LOGIN_MAX_FAILURES = 5
    settings.TOCHUC_LOGIN_MAX_FAILURES_PER_ADDRESS = 100
    nat = "203.0.113.7"
    # A whole office mistypes: 30 failures over 10 accounts, from one address.
    for i in range(30):
        assert _post(client, f"nguoi{i % 10}", "sai", nat).status_code == 401
    assert _post(client, "badinh", PASSWORD, nat).status_code == 302


def test_an_account_locks_after_its_own_failures_from_any_address(client, office, settings):
    settings.TOCHUC_LOGIN_MAX_FAILURES = 5
    for i in range(5):
        assert _post(client, "badinh", "sai", f"198.51.100.{i}").status_code == 401
    refused = _post(client, "badinh", PASSWORD, "198.51.100.99")
    assert refused.status_code == 429 and "quá nhiều lần" in refused.content.decode()
    # The colleague on the same addresses is not locked.
    assert _post(client, "badinh2", PASSWORD, "198.51.100.0").status_code == 302


def test_a_slowed_address_still_logs_in_a_correct_password_after_a_pause(client, office, settings, monkeypatch):
    settings.TOCHUC_LOGIN_MAX_FAILURES = 5
    settings.TOCHUC_LOGIN_MAX_FAILURES_PER_ADDRESS = 20
    settings.TOCHUC_LOGIN_ADDRESS_DELAY_SECONDS = 2.5
    pauses = []
    monkeypatch.setattr(logins, "_sleep", pauses.append)
    nat = "203.0.113.8"
    for i in range(20):
        _post(client, f"khach{i}", "sai", nat)
    assert pauses == []  # under the address limit nobody waits
    assert _post(client, "badinh", PASSWORD, nat).status_code == 302
    assert pauses == [2.5]
    # Another address is not slowed.
    client.logout()
    assert _post(client, "badinh2", PASSWORD, "203.0.113.9").status_code == 302
    assert pauses == [2.5]


def test_every_failure_is_audited_against_the_account_with_username_and_address(client, office):
    user = office[0]
    _post(client, "badinh", "sai", "192.0.2.1")
    _post(client, "khong-co-ai", "sai", "192.0.2.2")
    rows = list(AuditEntry.objects.filter(action="user.login_failure").order_by("id"))
    assert len(rows) == 2
    assert rows[0].object_id == str(user.pk) and rows[0].unit is not None and rows[0].unit.code == "X00004"
    assert rows[0].after["username"] == "badinh" and rows[0].after["address"] == "192.0.2.1"
    assert rows[1].object_id == "" and rows[1].after == {"username": "khong-co-ai", "address": "192.0.2.2",
                                                         "failures": 1, "locked": False}


def test_logins_and_logouts_are_audited(client, office):
    user = office[0]
    assert _post(client, "badinh", PASSWORD, "192.0.2.5").status_code == 302
    assert client.post("/tai-khoan/dang-xuat/").status_code == 302
    actions = list(AuditEntry.objects.filter(actor=user).order_by("id").values_list("action", "after"))
    assert actions == [("user.login", {"address": "192.0.2.5"}), ("user.logout", {"address": "127.0.0.1"})]
