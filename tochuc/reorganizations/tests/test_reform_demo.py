"""`tochuc demo reform-2025`: the real 2025 reform replayed end to end (on a few members, so the
test stays quick; `make bench` runs it at national scale)."""

import json
from datetime import date

from django.core.management import call_command

from tochuc.core.scope import system_scope
from tochuc.members.models import Member
from tochuc.reorganizations import history
from tochuc.reorganizations.tests.test_reorganize import assert_members_placed, primary_on

BEFORE, AFTER = date(2025, 6, 30), date(2025, 7, 1)


def stats(capsys, *args) -> dict:
    call_command("org_stats", *args, "--json")
    return json.loads(capsys.readouterr().out)


def test_the_2025_reform_end_to_end(db, capsys):
    call_command("demo_reform_2025", "--members", "3000", "--no-progress")
    capsys.readouterr()
    now = stats(capsys, "--as-of", "2026-01-01")
    assert now["units"]["province"] == 34 and now["units"]["commune"] == 3321 and "district" not in now["units"]
    assert now["members"] == Member.objects.count() == 3000
    then = stats(capsys, "--as-of", BEFORE.isoformat())
    assert then["units"]["province"] == 63 and then["units"]["district"] == 696 and then["units"]["commune"] == 10035
    assert then["members"] == 3000
    # Every member was in exactly one open branch before and is after.
    assert_members_placed(BEFORE)
    assert_members_placed(AFTER)
    assert {m for m, _ in primary_on(BEFORE)} == {m for m, _ in primary_on(AFTER)}
    # Restated: today's Tuyên Quang (Tuyên Quang + Hà Giang) counted before it took its new shape.
    scope = system_scope(date(2026, 1, 1))
    provinces = {r.version.unit.code: r for r in history.restated_unit_counts(scope=scope, code="TW", as_of=BEFORE)}
    assert sum(r.restated for r in provinces.values()) == 3000
    assert len(provinces) == 34 + 6  # with the central-level party committees
    new = [r for r in provinces.values() if r.version.kind == "province"]
    assert len(new) == 34 and all(r.as_of_count is None for r in new)  # none of them existed on 30/6/2025
    old = [r for r in history.restated_unit_counts(scope=system_scope(BEFORE), code="TW", as_of=BEFORE)
           if r.version.kind == "province"]
    assert len(old) == 63 and sum(r.as_of_count for r in old) == 3000
