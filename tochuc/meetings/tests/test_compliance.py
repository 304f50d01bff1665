"""Compliance of a subtree over a period: the one-query SQL against the scenario's known gaps,
and against the pure rules on random meetings."""

from __future__ import annotations

import random
from datetime import date

import pytest

from tochuc.core.scope import scope_for_user
from tochuc.domain.meetings import Month
from tochuc.meetings.selectors import compliance_branches, compliance_summary
from tochuc.meetings.tests.conftest import DEC, NOV, OCT
from tochuc.orgs.models import UnitVersion

TODAY = date(2026, 1, 15)


def statement_queries() -> int:
    """Queries of the one compliance statement: on PostgreSQL wrapped in a savepoint that turns
    JIT off for it (savepoint, SET LOCAL, statement, release)."""
    from django.db import connection

    return 4 if connection.vendor == "postgresql" else 1


@pytest.fixture
def scenario(branch_members, hold):
    """Hà Nội, October–December 2025:
    - CB-BD-1 meets every month (thematic in December) but An is absent without reason in
      November: 3 of 4 present (75%), low attendance;
    - CB-BD-2 meets every month with a thematic session in November: compliant;
    - CB-DH-1 misses November;
    - CB-NH-1 never meets: misses every month and the quarter's thematic session."""
    an = branch_members["CB-BD-1"][0]
    hold("CB-BD-1", date(2025, 10, 3))
    hold("CB-BD-1", date(2025, 11, 3), statuses={an.pk: "absent"})
    hold("CB-BD-1", date(2025, 12, 3), kind="thematic")
    hold("CB-BD-2", date(2025, 10, 3))
    hold("CB-BD-2", date(2025, 11, 4), kind="thematic")
    hold("CB-BD-2", date(2025, 12, 3))
    hold("CB-DH-1", date(2025, 10, 3), kind="thematic")
    hold("CB-DH-1", date(2025, 12, 3))
    hold("CB-SG-1", date(2025, 10, 3))  # other province: never counted for Hà Nội
    return branch_members


def test_summary_of_the_scenario(scenario, system, django_assert_num_queries):
    with django_assert_num_queries(2 + statement_queries()):  # the scope on the period's date, the root, the statement
        summary = compliance_summary(system, "T01", OCT, DEC, today=TODAY)
    assert summary.as_json() == {
        "root": "T01", "root_name": "Đảng bộ thành phố Hà Nội", "from": "2025-10", "to": "2025-12",
        "months_checked": 3, "quarters_checked": 1, "branches": 4, "branches_expected": 4, "branches_compliant": 1,
        "missing_monthly": 2, "missing_thematic": 1, "low_attendance": 1, "absent_without_reason": 1,
        "members_absent_without_reason": 1, "members_excused_in_a_row": 0,
    }
    assert summary.compliant_percent == 25.0
    # A smaller subtree, and string months.
    commune = compliance_summary(system, "X00004", "2025-10", "2025-12", today=TODAY)
    assert (commune.branches, commune.branches_compliant, commune.missing_monthly, commune.missing_thematic) == (3, 1,
                                                                                                                 1, 0)


def test_branches_listing_spells_out_the_gaps(scenario, system, django_assert_max_num_queries):
    with django_assert_max_num_queries(4 + statement_queries()):  # scope, root, statement, meetings, attendance
        rows = compliance_branches(system, "T01", OCT, DEC, today=TODAY)
    by_code = {r.code: r for r in rows}
    assert set(by_code) == {"CB-BD-1", "CB-DH-1", "CB-NH-1"}
    assert by_code["CB-DH-1"].missed == [NOV] and by_code["CB-DH-1"].quarters == []
    assert by_code["CB-NH-1"].missed == [OCT, NOV,
                                         DEC] and [str(q) for q in by_code["CB-NH-1"].quarters] == ["Quý 4/2025"]
    bd1 = by_code["CB-BD-1"]
    assert bd1.missed == [] and [m.held_on for m in bd1.low] == [date(2025, 11, 3)]
    assert bd1.absent_names == ["Nguyễn Văn An"] and bd1.excused_names == []
    everything = compliance_branches(system, "T01", OCT, DEC, today=TODAY, only_gaps=False)
    assert [r.code for r in everything if r.compliant] == ["CB-BD-2"]


def test_months_still_running_and_partial_quarters_are_not_checked(scenario, system):
    # On 20/12/2025 December is not over: nothing is missed in it, and Q4 is not yet checked.
    summary = compliance_summary(system, "T01", OCT, DEC, today=date(2025, 12, 20))
    assert (summary.months_checked, summary.quarters_checked, summary.missing_thematic) == (2, 0, 0)
    # November–December alone do not cover a quarter.
    assert compliance_summary(system, "T01", NOV, DEC, today=TODAY).quarters_checked == 0
    # A branch that did not exist yet is not expected: CB-DH-1 exists from 1/8/2025.
    rows = compliance_branches(system, "X00004", Month(2025, 7), Month(2025, 8), today=TODAY, only_gaps=False)
    assert {r.code: (r.expected_months, r.missed) for r in rows} == {
        "CB-BD-1": (2, [Month(2025, 7), Month(2025, 8)]), "CB-BD-2": (2, [Month(2025, 7), Month(2025, 8)]),
        "CB-DH-1": (1, [Month(2025, 8)])}
    # Asked for July alone, the tree is July's: CB-DH-1 is not in it.
    assert compliance_summary(system, "X00004", Month(2025, 7), Month(2025, 7), today=TODAY).branches == 2


def test_excused_more_than_three_in_a_row(branch_members, hold, system):
    binh, cuong = branch_members["CB-BD-2"][0], branch_members["CB-BD-2"][1]
    for month in range(8, 13):  # Aug–Dec: Bình excused 4 in a row, Cường 3 in a row then present
        day = date(2025, month, 3)
        hold("CB-BD-2", day, kind="thematic" if month in (9, 12) else "monthly",
             statuses={binh.pk: "excused" if month >= 9 else "present",
                       cuong.pk: "excused" if month in (8, 10, 11, 12) and month != 9 else "present"})
    summary = compliance_summary(system, "CB-BD-2", Month(2025, 8), DEC, today=TODAY)
    assert summary.members_excused_in_a_row == 1
    rows = compliance_branches(system, "CB-BD-2", Month(2025, 8), DEC, today=TODAY)
    assert rows[0].excused_names == ["Hoàng Văn Em"] and rows[0].low  # 0 of 2 present
    # A looser setting flags nobody.
    from tochuc.domain.meetings import MeetingPolicy

    loose = MeetingPolicy(max_excused_in_a_row=4, attendance_min_percent=0)
    assert compliance_summary(system, "CB-BD-2", Month(2025, 8), DEC, today=TODAY, policy=loose).branches_compliant == 1


def test_setting_changes_the_threshold(scenario, system, settings):
    settings.TOCHUC_MEETINGS = {"attendance_min_percent": 75}
    assert compliance_summary(system, "T01", OCT, DEC, today=TODAY).low_attendance == 0
    settings.TOCHUC_MEETINGS = {"attendance_min_percent": 75.5}
    assert compliance_summary(system, "T01", OCT, DEC, today=TODAY).low_attendance == 1


def test_out_of_scope_root_is_not_found(scenario, commune_clerk):
    scope = scope_for_user(commune_clerk, TODAY)
    with pytest.raises(UnitVersion.DoesNotExist):
        compliance_summary(scope, "X26734", OCT, DEC, today=TODAY)
    # A clerk of Ba Đình asking for Hà Nội sees only Ba Đình's branches.
    cut = compliance_summary(scope, "X00004", OCT, DEC, today=TODAY)
    assert cut.branches == 3


def test_sql_agrees_with_the_pure_rules_on_random_meetings(branch_members, hold, system):
    rng = random.Random(6)
    codes = ["CB-BD-1", "CB-BD-2", "CB-DH-1", "CB-NH-1"]
    from tochuc.meetings.selectors import branch_roster
    from tochuc.orgs.models import Unit

    units = dict(Unit.objects.filter(code__in=codes).values_list("code", "pk"))
    for code in codes:
        for month in range(8, 13):
            if rng.random() < 0.25:
                continue
            day = date(2025, month, rng.choice([3, 5, 20]))
            roster = [m for m, _n in branch_roster(unit_id=units[code], on=day)]
            if not roster:
                continue
            statuses = {m: rng.choice(["present", "present", "present", "excused", "excused",
                                       "absent"]) for m in roster}
            hold(code, day, kind=rng.choice(["monthly", "monthly", "thematic", "extraordinary"]), statuses=statuses)
    for start, end in ((Month(2025, 8), DEC), (OCT, DEC), (Month(2025, 9), Month(2025, 11))):
        rows = compliance_branches(system, "TW", start, end, today=TODAY, only_gaps=False)
        for row in rows:  # the SQL counts against the pure rules' lists
            assert (row.missed_months, row.missing_quarters, row.low_meetings, row.absent_members,
                    row.excused_members) == (len(row.missed), len(row.quarters), len(row.low), len(row.absent_names),
                                             len(row.excused_names)), row.code
        summary = compliance_summary(system, "TW", start, end, today=TODAY)
        assert summary.branches == len(rows)
        assert summary.branches_compliant == sum(r.compliant for r in rows)
        assert summary.missing_monthly == sum(bool(r.missed) for r in rows)
        assert summary.missing_thematic == sum(bool(r.quarters) for r in rows)
        assert summary.low_attendance == sum(bool(r.low) for r in rows)
        assert summary.members_excused_in_a_row == sum(len(r.excused_names) for r in rows)
