"""Logins: throttling by account and by address, and the audit rows of logins and logouts.

Two counters, kept apart (issue 13, finding 9): a few failures lock one account for the window,
whatever address they came from; an address is only slowed down, and only after far more
failures, because a whole commune office or a province's network leaves through one NAT address.
A correct password for an account that is not locked therefore still logs in from a noisy
address, after ``TOCHUC_LOGIN_ADDRESS_DELAY_SECONDS``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from tochuc.accounts.models import LoginFailure, User
from tochuc.audit.services import audit_record

# Indirection so tests can observe the pause without waiting for it.
_sleep = time.sleep


@dataclass(frozen=True)
class Throttle:
    account_locked: bool  # refuse, whatever the password
    address_slowed: bool  # check the password, after a pause

    @property
    def delay_seconds(self) -> float:
        return float(settings.TOCHUC_LOGIN_ADDRESS_DELAY_SECONDS) if self.address_slowed else 0.0


def login_throttle(*, username: str, address: str) -> Throttle:
    """How to treat a login attempt for ``username`` from ``address`` now."""
    since = timezone.now() - timedelta(seconds=settings.TOCHUC_LOGIN_WINDOW_SECONDS)
    recent = LoginFailure.objects.filter(at__gte=since)
    return Throttle(
        account_locked=recent.filter(username=username.casefold()).count() >= settings.TOCHUC_LOGIN_MAX_FAILURES,
        address_slowed=recent.filter(address=address).count() >= settings.TOCHUC_LOGIN_MAX_FAILURES_PER_ADDRESS,
    )


def login_pause(throttle: Throttle) -> None:
    """Wait before checking a password sent from a slowed address (blocks this request only)."""
    if throttle.delay_seconds > 0:
        _sleep(throttle.delay_seconds)


def _user_unit(user: User | None) -> int | None:
    """The unit an account's audit rows belong to: its first scope unit (the audit page of an
    administrator of that subtree shows them)."""
    if user is None:
        return None
    return user.scope_links.order_by("pk").values_list("unit_id", flat=True).first()


@transaction.atomic
def login_failure_record(*, username: str, address: str) -> None:
    """Count a failed login and audit it against the account tried (if it exists)."""
    now = timezone.now()
    LoginFailure.objects.create(username=username.casefold(), address=address, at=now)
    # The counter is pruned as it ages; the audit row stays.
    LoginFailure.objects.filter(at__lt=now - timedelta(days=1)).delete()
    user = User.objects.filter(username__iexact=username).first() if username else None
    since = now - timedelta(seconds=settings.TOCHUC_LOGIN_WINDOW_SECONDS)
    failures = LoginFailure.objects.filter(username=username.casefold(), at__gte=since).count()
    audit_record(actor=None, action="user.login_failure", object_type="accounts.user",
                 object_id=user.pk if user else "", object_repr=username[:150], unit_id=_user_unit(user),
                 after={"username": username[:150], "address": address, "failures": failures,
                        "locked": failures >= settings.TOCHUC_LOGIN_MAX_FAILURES})


def login_failures_clear(*, username: str) -> None:
    LoginFailure.objects.filter(username=username.casefold()).delete()


@transaction.atomic
def login_record(*, user: User, address: str) -> None:
    """A successful login: clears the account's failures and is audited."""
    login_failures_clear(username=user.get_username())
    audit_record(actor=user, action="user.login", obj=user, unit_id=_user_unit(user), after={"address": address})


@transaction.atomic
def logout_record(*, user: User, address: str) -> None:
    audit_record(actor=user, action="user.logout", obj=user, unit_id=_user_unit(user), after={"address": address})
