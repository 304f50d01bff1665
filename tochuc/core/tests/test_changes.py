"""The change recorder: announcements reach the listeners inside the announcing transaction only."""

from __future__ import annotations

import pytest
from django.db import transaction

from tochuc.core import changes


@pytest.fixture
def heard(monkeypatch):
    got: list[changes.Change] = []
    monkeypatch.setattr(changes, "_listeners", [got.append])
    return got


def test_the_reports_listener_is_registered_once():
    from tochuc.reports import stamps

    assert changes.listeners().count(stamps.on_change) == 1
    changes.listen(stamps.on_change)  # ready() may run again
    assert changes.listeners().count(stamps.on_change) == 1


@pytest.mark.django_db
def test_an_announcement_reaches_the_listeners_with_what_changed(heard):
    with transaction.atomic():
        change = changes.touched(units=[3, None, 3, 5], kinds=[changes.MEETINGS])
    assert heard == [change]
    assert change.units == frozenset({3, 5}) and change.kinds == frozenset({changes.MEETINGS}) and not change.epoch


@pytest.mark.django_db
def test_nothing_changed_calls_no_listener(heard):
    with transaction.atomic():
        changes.touched(units=[None], members=[], kinds=[changes.UNITS])
    assert heard == []


def test_outside_a_transaction_is_refused(heard):
    with pytest.raises(RuntimeError, match="inside the service's transaction"):
        changes.touched(units=[1], kinds=[changes.UNITS])
    assert heard == []


@pytest.mark.django_db
def test_an_unknown_kind_is_refused(heard):
    with pytest.raises(ValueError, match="unknown kinds"), transaction.atomic():
        changes.touched(units=[1], kinds=["dues"])
    assert heard == []
