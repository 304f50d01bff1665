"""Counting conference attendance (tochuc.domain.conferences), property-tested."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tochuc.domain import conferences as rules
from tochuc.domain.orgs import KINDS


@pytest.fixture(autouse=True)
def _tasks_run_inline():
    """Pure tests need no Django settings (replaces the project-wide fixture)."""


counts = st.integers(min_value=0, max_value=10_000)
reported = st.none() | counts
points = st.builds(rules.PointCounts, level=st.sampled_from(rules.LEVELS), connected=st.booleans(),
                   registered=counts, checked_in=counts, reported=reported)


def test_every_unit_kind_has_a_level_in_order():
    assert {rules.level_of(kind) for kind in KINDS} == set(rules.LEVELS)
    assert [rules.level_of(k) for k in ("central", "province", "central_committee", "commune", "grassroots_branch",
                                        "branch")] == \
        ["central", "province", "province", "commune", "grassroots", "branch"]
    with pytest.raises(ValueError):
        rules.level_of("ward")


@given(counts, reported)
def test_a_point_counts_its_check_ins_or_its_larger_head_count(checked_in, head_count):
    present = rules.point_present(checked_in, head_count)
    assert present >= checked_in
    assert present == (checked_in if head_count is None else max(checked_in, head_count))


def test_negative_counts_are_refused():
    with pytest.raises(ValueError):
        rules.point_present(-1, None)
    with pytest.raises(ValueError):
        rules.point_present(0, -3)


@given(st.lists(points, max_size=40))
def test_totals_are_the_sum_of_the_levels(items):
    totals = rules.conference_totals(items)
    overall = totals.overall
    assert overall.points == len(items)
    for name in ("points", "connected", "registered", "checked_in", "present"):
        assert getattr(overall, name) == sum(getattr(t, name) for t in totals.by_level.values())
    assert list(totals.by_level) == [level for level in rules.LEVELS if any(p.level == level for p in items)]
    assert overall.present == sum(rules.point_present(p.checked_in, p.reported) for p in items)
    assert overall.connected <= overall.points and overall.checked_in <= overall.present


@given(st.lists(points, min_size=1, max_size=20), st.randoms())
def test_totals_do_not_depend_on_the_order_of_points(items, rnd):
    shuffled = list(items)
    rnd.shuffle(shuffled)
    a, b = rules.conference_totals(items), rules.conference_totals(shuffled)
    assert a.overall == b.overall and a.by_level == b.by_level


def test_a_point_with_people_or_a_count_is_connected():
    assert not rules.point_connected(False, 0, None)
    assert rules.point_connected(False, 1, None) and rules.point_connected(False, 0, 0) and rules.point_connected(True,
                                                                                                                  0,
                                                                                                                  None)
    assert rules.Totals().rate is None
    t = rules.conference_totals([rules.PointCounts("commune", True, 4, 3)]).overall
    assert t.rate == 0.75


@given(st.integers(min_value=1, max_value=10**9), st.integers(min_value=1, max_value=10**9))
def test_person_keys_separate_members_from_guests(member_id, attendee_id):
    assert rules.person_key(member_id=member_id, attendee_id=attendee_id) == f"m{member_id}"
    assert rules.person_key(attendee_id=attendee_id) == f"a{attendee_id}"
    assert rules.person_key(member_id=member_id) != rules.person_key(attendee_id=member_id)


def test_person_key_needs_someone():
    with pytest.raises(ValueError):
        rules.person_key()


@given(st.sampled_from(rules.TASK_STATUSES), st.sampled_from(rules.TASK_STATUSES))
def test_task_moves(current, new):
    assert rules.task_can_move(current, new) == (new in rules.TASK_TRANSITIONS[current])
    assert not rules.task_can_move(current, current)


def test_task_overdue():
    day = date(2026, 3, 1)
    assert rules.task_overdue(status="assigned", deadline=date(2026, 2, 28), today=day)
    assert rules.task_overdue(status="in_progress", deadline=date(2026, 2, 28), today=day)
    assert not rules.task_overdue(status="done", deadline=date(2026, 2, 28), today=day)
    assert not rules.task_overdue(status="assigned", deadline=day, today=day)
    assert not rules.task_overdue(status="assigned", deadline=None, today=day)
