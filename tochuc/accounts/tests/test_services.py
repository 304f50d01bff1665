import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tochuc.accounts.logins import login_failure_record, login_throttle
from tochuc.accounts.models import User
from tochuc.accounts.selectors import user_for_token
from tochuc.accounts.services import api_token_create, user_create
from tochuc.audit.models import AuditEntry
from tochuc.conftest import PASSWORD, TODAY
from tochuc.core.scope import scope_for_user


def test_password_is_hashed_with_argon2(commune_clerk):
    assert commune_clerk.password.startswith("argon2")
    assert commune_clerk.check_password(PASSWORD)


def test_administrator_creates_users_only_inside_own_scope(small_tree):
    from tochuc.conftest import make_user

    admin = make_user("qt-hanoi", "administrator", ["T01"])
    scope = scope_for_user(admin, TODAY)
    user = user_create(actor=admin, scope=scope, username="ngocha", password=PASSWORD, role="clerk",
                       scope_codes=["X00008"])
    assert list(user.scope_units.values_list("code", flat=True)) == ["X00008"]
    assert AuditEntry.objects.filter(action="user.create", actor=admin).count() == 1
    with pytest.raises(PermissionDenied):
        user_create(actor=admin, scope=scope, username="saigon", password=PASSWORD, role="clerk",
                    scope_codes=["X26734"])
    assert not User.objects.filter(username="saigon").exists()


def test_clerk_cannot_create_users_nor_grant_higher_roles(small_tree, commune_clerk):
    from tochuc.conftest import make_user

    with pytest.raises(PermissionDenied):
        user_create(actor=commune_clerk, scope=scope_for_user(commune_clerk, TODAY), username="x", password=PASSWORD,
                    role="viewer", scope_codes=["CB-BD-1"])
    admin = make_user("qt", "administrator", ["X00004"])
    scope = scope_for_user(admin, TODAY)
    with pytest.raises(ValidationError):
        user_create(actor=admin, scope=scope, username="y", password=PASSWORD, role="boss", scope_codes=["CB-BD-1"])
    with pytest.raises(ValidationError):
        user_create(actor=admin, scope=scope, username="z", password="123", role="viewer", scope_codes=["CB-BD-1"])


def test_tokens_are_stored_as_digests(commune_clerk):
    token = api_token_create(actor=None, user=commune_clerk)
    assert user_for_token(token) == commune_clerk
    assert user_for_token(token + "x") is None
    assert not commune_clerk.api_tokens.filter(digest__contains=token).exists()


def test_login_throttling_counts_by_user_and_address_apart(db, settings):
    settings.TOCHUC_LOGIN_MAX_FAILURES = 3
    settings.TOCHUC_LOGIN_MAX_FAILURES_PER_ADDRESS = 5
    for _ in range(3):
        assert not login_throttle(username="Ai", address="10.0.0.1").account_locked
        login_failure_record(username="Ai", address="10.0.0.1")
    assert login_throttle(username="ai", address="10.0.0.9").account_locked  # same user, another address
    # Same address, another user: neither locked nor slowed until the far higher address limit.
    assert login_throttle(username="khac",
                          address="10.0.0.1") == (throttle := login_throttle(username="khac", address="10.0.0.1"))
    assert not throttle.account_locked and not throttle.address_slowed
    login_failure_record(username="khac", address="10.0.0.1")
    login_failure_record(username="ba", address="10.0.0.1")
    slowed = login_throttle(username="tu", address="10.0.0.1")
    assert slowed.address_slowed and not slowed.account_locked
    assert not login_throttle(username="tu", address="10.0.0.2").address_slowed
