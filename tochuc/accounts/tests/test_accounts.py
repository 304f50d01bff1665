"""Accounts (issue 13, finding 11): tokens listed, revoked, expiring and revoked by a password
change; own password change; administrators reset and deactivate users of their own subtrees
only; logins, password changes and token writes audited."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from tochuc.accounts.models import ApiToken, User
from tochuc.accounts.selectors import managed_users, user_for_token
from tochuc.accounts.services import api_token_create, user_deactivate, user_password_set
from tochuc.audit.models import AuditEntry
from tochuc.conftest import PASSWORD, make_user
from tochuc.core.scope import scope_for_user

NEW_PASSWORD = "mot-mat-khau-moi-rat-dai-2026"


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def people(small_tree):
    """An administrator of Hà Nội, a clerk of Ba Đình (Hà Nội) and a clerk of Sài Gòn."""
    return {"admin": make_user("qt-hanoi", "administrator", ["T01"]),
            "badinh": make_user("badinh", "clerk", ["X00004"]),
            "saigon": make_user("saigon", "clerk", ["X26734"]),
            "both": make_user("hai-tinh", "viewer", ["X00008", "X26734"])}


# --- tokens -----------------------------------------------------------------------------------

def test_new_tokens_expire_after_the_configured_days_and_then_get_a_vietnamese_401(client, people, settings):
    settings.TOCHUC_TOKEN_DAYS = 7
    token = api_token_create(actor=None, user=people["badinh"])
    row = ApiToken.objects.get(user=people["badinh"])
    assert timedelta(days=6, hours=23) < row.expires_at - timezone.now() <= timedelta(days=7)
    assert client.get("/api/v1/units/X00004", headers=bearer(token)).status_code == 200
    ApiToken.objects.filter(pk=row.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    expired = client.get("/api/v1/units/X00004", headers=bearer(token))
    assert expired.status_code == 401 and "hết hạn" in expired.json()["detail"]
    assert user_for_token(token) is None


def test_default_token_lifetime_is_90_days(people):
    api_token_create(actor=None, user=people["badinh"])
    row = ApiToken.objects.get(user=people["badinh"])
    assert (row.expires_at - row.created_at).days == 90


def test_own_tokens_are_listed_and_revoked_through_the_api(client, people):
    first = api_token_create(actor=None, user=people["badinh"])
    second = api_token_create(actor=None, user=people["badinh"])
    listed = client.get("/api/v1/me/tokens", headers=bearer(first)).json()
    assert [t["prefix"] for t in listed] == [second[:8], first[:8]] and all(t["usable"] for t in listed)
    target = ApiToken.objects.get(prefix=second[:8])
    assert client.post(f"/api/v1/tokens/{target.pk}/revoke", headers=bearer(first)).status_code == 200
    revoked = client.get("/api/v1/me/tokens", headers=bearer(second))
    assert revoked.status_code == 401 and "thu hồi" in revoked.json()["detail"]
    audit = AuditEntry.objects.get(action="user.token_revoke")
    assert audit.actor == people["badinh"] and audit.after == {"prefix": second[:8]}


def test_writes_with_a_token_are_audited_reads_are_not(client, people):
    token = api_token_create(actor=None, user=people["badinh"])
    spare = ApiToken.objects.get(prefix=api_token_create(actor=None, user=people["badinh"])[:8])
    client.get("/api/v1/me/tokens", headers=bearer(token))
    # A POST that only computes, and a refused write, leave no row either.
    assert client.post("/api/v1/documents/extract", {"text": "Chỉ thị 50-CT/TW"}, content_type="application/json",
                       headers=bearer(token)).status_code == 200
    assert client.post("/api/v1/tokens/999999/revoke", headers=bearer(token)).status_code == 404
    assert not AuditEntry.objects.filter(action="user.token_use").exists()
    assert client.post(f"/api/v1/tokens/{spare.pk}/revoke", headers=bearer(token)).status_code == 200
    use = AuditEntry.objects.get(action="user.token_use")
    assert use.actor == people["badinh"] and use.unit.code == "X00004"
    assert use.after == {"prefix": token[:8], "method": "POST", "path": f"/api/v1/tokens/{spare.pk}/revoke"}
    # The write's own row comes with it, in the same transaction.
    assert AuditEntry.objects.filter(action="user.token_revoke", pk__gt=use.pk).exists()


def test_a_token_of_another_subtree_cannot_be_revoked(client, people):
    mine = api_token_create(actor=None, user=people["admin"])
    api_token_create(actor=None, user=people["saigon"])
    theirs = ApiToken.objects.get(user=people["saigon"])
    assert client.post(f"/api/v1/tokens/{theirs.pk}/revoke", headers=bearer(mine)).status_code == 404
    theirs.refresh_from_db()
    assert theirs.revoked_at is None
    # Of a user of Hà Nội: yes.
    api_token_create(actor=None, user=people["badinh"])
    ours = ApiToken.objects.get(user=people["badinh"])
    assert client.post(f"/api/v1/tokens/{ours.pk}/revoke", headers=bearer(mine)).status_code == 200


def test_tokens_page_creates_lists_and_revokes_own_tokens(client, people):
    client.force_login(people["badinh"])
    page = client.post("/tai-khoan/ma-truy-cap/")
    token = page.context["new_token"]
    assert page.status_code == 200 and token in page.content.decode() and user_for_token(token) == people["badinh"]
    row = ApiToken.objects.get(user=people["badinh"])
    assert client.get("/tai-khoan/ma-truy-cap/").content.decode().count(token) == 0  # shown once only
    assert client.post(f"/tai-khoan/ma-truy-cap/{row.pk}/thu-hoi/").status_code == 302
    assert user_for_token(token) is None


# --- own password -------------------------------------------------------------------------------

def test_changing_ones_password_revokes_every_token_and_is_audited(client, people):
    user = people["badinh"]
    token = api_token_create(actor=None, user=user)
    client.force_login(user)
    done = client.post("/tai-khoan/mat-khau/", {"old_password": PASSWORD, "new_password": NEW_PASSWORD,
                                                "new_password2": NEW_PASSWORD})
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert client.get("/").status_code == 200  # this session goes on
    assert client.get("/api/v1/units/X00004", headers=bearer(token)).status_code == 401
    audit = AuditEntry.objects.get(action="user.password_change")
    assert audit.actor == user and audit.after == {"tokens_revoked": [token[:8]]}


def test_password_change_refuses_with_vietnamese_messages_and_changes_nothing(client, people):
    user = people["badinh"]
    client.force_login(user)
    wrong = client.post("/tai-khoan/mat-khau/", {"old_password": "sai", "new_password": NEW_PASSWORD,
                                                 "new_password2": NEW_PASSWORD})
    assert wrong.status_code == 400 and "Mật khẩu hiện tại không đúng" in wrong.content.decode()
    short = client.post("/tai-khoan/mat-khau/", {"old_password": PASSWORD, "new_password": "12345",
                                                 "new_password2": "12345"})
    body = short.content.decode()
    assert short.status_code == 400 and "quá ngắn" in body and "hoàn toàn là số" in body and "too short" not in body
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    assert not AuditEntry.objects.filter(action="user.password_change").exists()


def test_password_change_through_the_api(client, people):
    token = api_token_create(actor=None, user=people["badinh"])
    bad = client.post("/api/v1/me/password", {"old_password": PASSWORD, "new_password": "123"},
                      content_type="application/json", headers=bearer(token))
    assert bad.status_code == 400 and "new_password" in bad.json()["detail"]
    ok = client.post("/api/v1/me/password", {"old_password": PASSWORD, "new_password": NEW_PASSWORD},
                     content_type="application/json", headers=bearer(token))
    assert ok.status_code == 200 and ok.json() == {"tokens_revoked": [token[:8]]}


# --- administrators -------------------------------------------------------------------------------

def test_an_administrator_manages_only_users_wholly_inside_their_subtrees(people):
    admin = people["admin"]
    scope = scope_for_user(admin)
    assert set(managed_users(scope=scope).values_list("username", flat=True)) == {"qt-hanoi", "badinh"}
    with pytest.raises(PermissionDenied):
        user_password_set(actor=admin, scope=scope, user=people["saigon"], password=NEW_PASSWORD)
    with pytest.raises(PermissionDenied):  # half in Sài Gòn: not Hà Nội's to manage
        user_deactivate(actor=admin, scope=scope, user=people["both"])
    with pytest.raises(PermissionDenied):  # a clerk manages nobody
        user_deactivate(actor=people["badinh"], scope=scope_for_user(people["badinh"]), user=people["badinh"])
    saigon = User.objects.get(username="saigon")
    assert saigon.check_password(PASSWORD) and saigon.is_active
    assert not AuditEntry.objects.filter(action__in=["user.password_set", "user.deactivate"]).exists()


def test_hanoi_administrator_cannot_reach_a_saigon_user_by_page_or_api(client, people):
    admin, saigon = people["admin"], people["saigon"]
    client.force_login(admin)
    assert client.get(f"/tai-khoan/nguoi-dung/{saigon.pk}/").status_code == 404
    assert client.post(f"/tai-khoan/nguoi-dung/{saigon.pk}/mat-khau/", {"password": NEW_PASSWORD}).status_code == 404
    assert client.post(f"/tai-khoan/nguoi-dung/{saigon.pk}/khoa/", {}).status_code == 404
    listing = client.get("/tai-khoan/nguoi-dung/").content.decode()
    assert "badinh" in listing and "saigon" not in listing and "Sài Gòn" not in listing
    token = api_token_create(actor=None, user=admin)
    assert client.post(f"/api/v1/users/{saigon.pk}/password", {"password": NEW_PASSWORD},
                       content_type="application/json", headers=bearer(token)).status_code == 404
    assert client.post(f"/api/v1/users/{saigon.pk}/deactivate", headers=bearer(token)).status_code == 404
    assert client.get(f"/api/v1/users/{saigon.pk}/tokens", headers=bearer(token)).status_code == 404
    assert [u["username"] for u in client.get("/api/v1/users", headers=bearer(token)).json()] == ["badinh", "qt-hanoi"]
    saigon.refresh_from_db()
    assert saigon.check_password(PASSWORD) and saigon.is_active


def test_clerks_get_no_user_administration(client, people):
    client.force_login(people["badinh"])
    assert client.get("/tai-khoan/nguoi-dung/").status_code == 403
    assert client.get(f"/tai-khoan/nguoi-dung/{people['badinh'].pk}/").status_code == 403
    token = api_token_create(actor=None, user=people["badinh"])
    assert client.get("/api/v1/users", headers=bearer(token)).status_code == 403


def test_administrator_resets_a_password_and_deactivates_a_user_of_the_subtree(client, people):
    admin, clerk = people["admin"], people["badinh"]
    clerk_token = api_token_create(actor=None, user=clerk)
    client.force_login(admin)
    short = client.post(f"/tai-khoan/nguoi-dung/{clerk.pk}/mat-khau/", {"password": "123"})
    assert short.status_code == 400 and "quá ngắn" in short.content.decode()
    done = client.post(f"/tai-khoan/nguoi-dung/{clerk.pk}/mat-khau/", {"password": NEW_PASSWORD, "reason": "Quên"})
    assert done.status_code == 302
    clerk.refresh_from_db()
    assert clerk.check_password(NEW_PASSWORD) and user_for_token(clerk_token) is None
    assert AuditEntry.objects.get(action="user.password_set").reason == "Quên"
    assert client.post(f"/tai-khoan/nguoi-dung/{clerk.pk}/khoa/", {"reason": "Nghỉ việc"}).status_code == 302
    clerk.refresh_from_db()
    assert not clerk.is_active
    entry = AuditEntry.objects.get(action="user.deactivate")
    assert entry.actor == admin and entry.unit.code == "X00004" and entry.reason == "Nghỉ việc"
    client.logout()
    refused = client.post("/tai-khoan/dang-nhap/", {"username": "badinh", "password": NEW_PASSWORD})
    assert refused.status_code == 401


def test_an_administrator_cannot_lock_themselves_out(client, people):
    admin = people["admin"]
    client.force_login(admin)
    assert client.post(f"/tai-khoan/nguoi-dung/{admin.pk}/khoa/", {}).status_code == 403
    admin.refresh_from_db()
    assert admin.is_active


# --- command line -----------------------------------------------------------------------------

def test_user_commands_list_revoke_set_password_and_deactivate(people, tmp_path):
    first = api_token_create(actor=None, user=people["saigon"])
    second = api_token_create(actor=None, user=people["saigon"])
    out = io.StringIO()
    call_command("user_tokens", "saigon", "--json", stdout=out)
    assert '"usable": true' in out.getvalue() and first[:8] in out.getvalue()
    call_command("user_token_revoke", "saigon", first[:8], stdout=io.StringIO())
    assert user_for_token(first) is None and user_for_token(second) is not None
    with pytest.raises(CommandError, match="không có mã"):
        call_command("user_token_revoke", "saigon", first[:8])
    secret = tmp_path / "pw.txt"
    secret.write_text("123\n", encoding="utf-8")
    with pytest.raises(CommandError, match="quá ngắn"):
        call_command("user_set_password", "saigon", "--password-file", str(secret))
    secret.write_text(NEW_PASSWORD + "\n", encoding="utf-8")
    call_command("user_set_password", "saigon", "--password-file", str(secret), stdout=io.StringIO())
    saigon = User.objects.get(username="saigon")
    assert saigon.check_password(NEW_PASSWORD) and user_for_token(second) is None
    call_command("user_deactivate", "saigon", "--reason", "Chuyển công tác", stdout=io.StringIO())
    saigon.refresh_from_db()
    assert not saigon.is_active
    assert AuditEntry.objects.get(action="user.deactivate").reason == "Chuyển công tác"
    with pytest.raises(CommandError, match="Không có người dùng"):
        call_command("user_deactivate", "khong-co")


def test_administrator_api_resets_and_deactivates_a_user_of_the_subtree(client, people):
    token = api_token_create(actor=None, user=people["admin"])
    clerk = people["badinh"]
    reset = client.post(f"/api/v1/users/{clerk.pk}/password", {"password": NEW_PASSWORD, "reason": "Quên"},
                        content_type="application/json", headers=bearer(token))
    assert reset.status_code == 200
    off = client.post(f"/api/v1/users/{clerk.pk}/deactivate?reason=Ngh%E1%BB%89", headers=bearer(token))
    assert off.status_code == 200 and off.json()["is_active"] is False and off.json()["units"] == ["X00004"]
    clerk.refresh_from_db()
    assert clerk.check_password(NEW_PASSWORD) and not clerk.is_active
    assert list(AuditEntry.objects.filter(action__startswith="user.").exclude(action="user.create")
                .order_by("id").values_list("action", flat=True)) == [
        "user.token_create", "user.token_use", "user.password_set", "user.token_use", "user.deactivate"]
