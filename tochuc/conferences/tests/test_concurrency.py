"""A person checked in twice counts once, whoever wins the race: the database's unique
constraint decides (insert-or-ignore), not a read before the write."""

from __future__ import annotations

import threading

import pytest
from django.db import IntegrityError, connection, transaction

from tochuc.conferences import selectors, services
from tochuc.conferences.models import Attendee, CheckIn
from tochuc.conftest import TODAY
from tochuc.core.scope import scope_for_user


@pytest.mark.django_db
def test_the_database_refuses_a_second_check_in(points, members, scopes, province_clerk):
    point = points["X00004"]
    attendee = Attendee.objects.create(conference=point.conference, point=point, full_name="A")
    CheckIn.objects.create(conference=point.conference, point=point, person=f"a{attendee.pk}", attendee=attendee)
    with pytest.raises(IntegrityError), transaction.atomic():
        CheckIn.objects.create(conference=point.conference, point=point, person=f"a{attendee.pk}", attendee=attendee)


@pytest.mark.django_db
def test_losing_the_race_is_not_an_error(points, scopes, province_clerk):
    """Another client's row lands first (inserted behind the service's back): the service's
    insert is ignored, it answers "already checked in" with the winner's time and point."""
    point = points["X00004"]
    attendee = Attendee.objects.create(conference=point.conference, point=point, full_name="Người thắng")
    winner = CheckIn.objects.create(conference=point.conference, point=points["X00008"], person=f"a{attendee.pk}",
                                    attendee=attendee)
    result = services.checkin_record(actor=province_clerk, scope=scopes["hanoi"], point=point, attendee_id=attendee.pk)
    assert not result.created and result.point_id == points["X00008"].pk and result.checked_at == winner.checked_at
    assert CheckIn.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_many_threads_checking_the_same_people_in(points, members, province_clerk):
    if connection.vendor == "sqlite":
        pytest.skip("the in-memory SQLite test database is not shared between threads; the bench covers a SQLite file")
    point = points["X00004"]
    attendees = [Attendee.objects.create(conference=point.conference, point=point,
                                         full_name=f"Đại biểu {i}") for i in range(5)]
    created, errors = [], []
    barrier = threading.Barrier(10)

    def client(n: int) -> None:
        try:
            scope = scope_for_user(province_clerk, TODAY)
            mine, _host = selectors.point_access(scope=scope, conference_id=point.conference_id, point_id=point.pk)
            barrier.wait()
            for attendee in attendees:
                result = services.checkin_record(actor=province_clerk, scope=scope, point=mine, attendee_id=attendee.pk)
                created.append(result.created)
        except Exception as exc:  # noqa: BLE001  (reported below)
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert created.count(True) == 5 and len(created) == 50
    assert CheckIn.objects.filter(conference=point.conference).count() == 5
