"""The per-unit totals (tochuc.reports.tally) against fresh counts: the same tables, rows and cells
for the country and a province, as of a date and restated, with movements across communes and
provinces; and every service that changes a figure makes the kept figures follow it."""

from __future__ import annotations

import inspect
import io
import random
from datetime import date

import pytest

from tochuc.conftest import TODAY, make_user
from tochuc.core.scope import system_scope
from tochuc.members import lifecycle
from tochuc.members import services as member_services
from tochuc.members.models import Member
from tochuc.members.tests.factories import admit
from tochuc.orgs import services as org_services
from tochuc.orgs.models import UnitVersion
from tochuc.reorganizations import revert as reorg_revert
from tochuc.reorganizations import services as reorg_services
from tochuc.reports import engine, stamps, tally
from tochuc.reports.models import TallyDone
from tochuc.reports.tests.factories import add_members

pytestmark = pytest.mark.django_db

BRANCHES = ["CB-BD-1", "CB-BD-2", "CB-DH-1", "CB-NH-1", "CB-SG-1"]
ROOTS = ["TW", "T01", "T79"]


def scope():
    return system_scope(TODAY)


def arrive(branch: str, n: int, *, admitted=date(1990, 3, 1), official=date(1991, 3, 1), received=date(2025, 8, 1),
           sex="nam") -> Member:
    return lifecycle.member_transfer_in(
        actor=None, scope=scope(), branch_code=branch, full_name=f"Lê Văn Đến {n}",
        birth_date=date(1965, 1, 1 + n % 27),
        sex=sex, admitted_on=admitted, official_on=official, received_on=received)


@pytest.fixture
def world(small_tree):
    for n, branch in enumerate(BRANCHES):
        add_members(branch, 12 + 3 * n, since=date(2025, 8, 1), seed=n)
    add_members("CB-NH-1", 4, since=date(2025, 8, 1), until=date(2025, 12, 1), seed=9)
    s = scope()
    movers = [arrive(b, i, sex="nu" if i % 2 else "nam") for i, b in enumerate(BRANCHES * 2)]
    # Inside a commune, between communes of a province, between provinces; and departures.
    lifecycle.member_transfer(actor=None, scope=s, member=movers[0], to_branch_code="CB-BD-2",
                              effective_on=date(2025, 9, 1))
    lifecycle.member_transfer(actor=None, scope=s, member=movers[1], to_branch_code="CB-NH-1",
                              effective_on=date(2025, 9, 2))
    lifecycle.member_transfer(actor=None, scope=s, member=movers[3], to_branch_code="CB-SG-1",
                              effective_on=date(2025, 9, 3))
    lifecycle.member_transfer(actor=None, scope=s, member=movers[4], to_branch_code="CB-DH-1",
                              effective_on=date(2025, 9, 4))
    lifecycle.member_leave_registry(actor=None, scope=s, member=movers[5], kind="death", effective_on=date(2025, 10, 1))
    lifecycle.member_leave_registry(actor=None, scope=s, member=movers[6], kind="removal",
                                    effective_on=date(2025, 10, 2))
    lifecycle.member_leave_registry(actor=None, scope=s, member=movers[7], kind="transfer_out",
                                    effective_on=date(2025, 10, 3))
    for i, m in enumerate(movers[8:]):
        lifecycle.member_record(actor=None, scope=s, member=m, kind="rating", effective_on=date(2025, 12, 10 + i),
                                details={"score": 92 - 10 * i, "year": 2025})
    lifecycle.member_record(actor=None, scope=s, member=movers[2], kind="badge", effective_on=date(2025, 11, 3),
                            details={"level": 30})
    admit(s, "Phạm Thị Mới", "CB-SG-1", birth=date(2000, 5, 5), sex="nu", admitted=date(2025, 9, 9))
    return movers


def snapshot(code: str, *, mode: str = engine.AS_OF, day: date = TODAY, kept: bool,
             period: engine.Period | None = None, year: int | None = None) -> dict:
    ctx = engine.context_for(scope=scope(), code=code, day=day, mode=mode)
    tables = tally.tables(ctx, period=period, year=year, kept=kept)
    return {t.key: ([r.key for r in t.rows], {k: v for k, v in t.cells.items() if v}, t.note) for t in tables}


def everything(kept: bool) -> dict:
    return {(code, mode): snapshot(code, mode=mode, kept=kept) for code in ROOTS for mode in engine.MODES}


@pytest.mark.parametrize("day", [date(2025, 9, 30), TODAY, date(2026, 12, 31)])
@pytest.mark.parametrize("mode", [engine.AS_OF, engine.RESTATED])
def test_kept_tables_equal_fresh_counts(world, day, mode):
    period = engine.Period(date(2025, 1, 1), day)
    for code in ROOTS:
        ctx = engine.context_for(scope=scope(), code=code, day=day, mode=mode)
        assert tally.usable(ctx)
        kept = snapshot(code, mode=mode, day=day, kept=True, period=period, year=2025)
        fresh = snapshot(code, mode=mode, day=day, kept=False, period=period, year=2025)
        assert kept == fresh, code
        # Read again: from the kept rows, still the same.
        assert snapshot(code, mode=mode, day=day, kept=True, period=period, year=2025) == fresh


def test_movements_inside_a_subtree_are_not_movements_of_it(world):
    period = engine.Period(date(2025, 1, 1), TODAY)
    moved = {code: snapshot(code, kept=True, period=period)["movements"][1] for code in ("TW", "T01", "T79")}
    total = lambda cells, row: sum(v for (r, _), v in cells.items() if r == row)  # noqa: E731
    # Hà Nội → Sài Gòn is internal to the country, out of Hà Nội and into TP HCM.
    assert total(moved["TW"], "transferred_out_internal") == 0 and total(moved["TW"], "transferred_in_internal") == 0
    assert total(moved["T01"], "transferred_out_internal") == 1 and total(moved["T79"], "transferred_in_internal") == 1
    assert total(moved["T79"], "transferred_out_internal") == 1 and total(moved["T01"], "transferred_in_internal") == 1


def test_a_small_subtree_and_merged_branches_are_counted_fresh(world):
    commune = engine.context_for(scope=scope(), code="X00004")
    assert not tally.usable(commune)
    plan = [{"op": "merge", "code": "CB-BD-1", "target": "CB-BD-2", "name": "", "kind": "", "parent": ""}]
    reorg_services.reorganization_apply(actor=None, scope=scope(), plan_rows=plan, effective=date(2026, 1, 10),
                                        reason="Quyết định 02-QĐ/TU")
    restated = engine.context_for(scope=scope(), code="T01", day=date(2025, 12, 1), mode=engine.RESTATED)
    assert restated.earlier and not tally.usable(restated)
    assert snapshot("T01", mode=engine.AS_OF, day=date(2025, 12, 1), kept=True) == \
        snapshot("T01", mode=engine.AS_OF, day=date(2025, 12, 1), kept=False)


# --- Every service that changes a figure --------------------------------------------------------------


def _csv(text: str) -> io.BytesIO:
    return io.BytesIO(text.encode())


MEMBER_CSV = ("full_name,birth_date,gender,branch_code,admitted_on,official_on,card_number,national_id,ethnicity\n"
              "Đỗ Văn Nhập,1980-04-04,nam,CB-DH-1,2010-05-19,19/05/2011,,,Kinh\n")


def _prepare_revert(world):
    plan = [{"op": "move", "code": "CB-NH-1", "target": "X00004", "name": "", "kind": "", "parent": ""}]
    reorg_services.reorganization_apply(actor=None, scope=scope(), plan_rows=plan, effective=date(2026, 1, 10),
                                        reason="QĐ 3")


def _prepare_official(world):
    return {"m": arrive("CB-BD-2", 40, admitted=date(2025, 1, 5), official=None)}


def _prepare_rating(world):
    m = world[8]
    return {"event": m.events.get(kind="rating")}


def _prepare_pending(world):
    return {"m": world[7]}


def _enqueue(s, prepared, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        member_services.member_import_enqueue(actor=make_user("nhap", "administrator", ["TW"]), scope=s,
                                              source="dv.csv", content=MEMBER_CSV.encode(),
                                              skip_bad_rows=False)


def _retry(s, prepared, django_capture_on_commit_callbacks):
    """A member import whose worker died (running, last beat long ago), queued again."""
    from datetime import timedelta

    from django.utils import timezone

    from tochuc.members.models import ImportJob

    user = make_user("nhaplai", "administrator", ["TW"])
    job = ImportJob.objects.create(created_by=user, source="dv.csv", content=MEMBER_CSV.encode(), status="running",
                                   heartbeat_at=timezone.now() - timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        member_services.member_import_retry(actor=user, scope=s, job_id=job.pk)


#: service → (prepare(world) → dict or None, the write, whether a figure on the dashboards changes).
SERVICES = {
    "member_admit": (None, lambda s, p, w: lifecycle.member_admit(
        actor=None, scope=s, branch_code="CB-NH-1", full_name="Vũ Văn Kết", birth_date=date(1990, 2, 2), sex="nam",
        admitted_on=date(2026, 1, 2)), True),
    "member_make_official": (_prepare_official, lambda s, p, w: lifecycle.member_make_official(
        actor=None, scope=s, member=p["m"], approved_on=date(2026, 1, 10)), True),
    "member_transfer": (None, lambda s, p, w: lifecycle.member_transfer(
        actor=None, scope=s, member=w[9], to_branch_code="CB-BD-1", effective_on=date(2026, 1, 5)), True),
    "member_temporary_transfer": (None, lambda s, p, w: lifecycle.member_temporary_transfer(
        actor=None, scope=s, member=w[2], to_branch_code="CB-SG-1", start=date(2025, 10, 1), end=date(2026, 3, 1)),
                                  False),
    "member_leave_registry": (None, lambda s, p, w: lifecycle.member_leave_registry(
        actor=None, scope=s, member=w[9], kind="death", effective_on=date(2026, 1, 6)), True),
    "member_transfer_out_received": (_prepare_pending, lambda s, p, w: lifecycle.member_transfer_out_received(
        actor=None, scope=s, member=p["m"], received_on=date(2026, 1, 7)), False),
    "member_transfer_in": (None, lambda s, p, w: arrive("CB-SG-1", 50, received=date(2026, 1, 3)), True),
    "member_record": (None, lambda s, p, w: lifecycle.member_record(
        actor=None, scope=s, member=w[3], kind="rating", effective_on=date(2025, 12, 28),
        details={"score": 95, "share_exceeded": 0.5, "year": 2025}), True),
    "member_event_correct": (_prepare_rating, lambda s, p, w: lifecycle.member_event_correct(
        actor=None, scope=s, event=p["event"], details={"score": 40, "level": "khong_hoan_thanh", "year": 2025},
        reason="Nhập nhầm điểm"), True),
    "members_import": (None, lambda s, p, w: member_services.members_import(
        actor=None, scope=s, stream=_csv(MEMBER_CSV), source="dv.csv"), True),
    "members_write_rows": None,  # called by members_import (above) and the import task (below)
    "member_import_enqueue": (None, "enqueue", True),
    "member_import_retry": (None, "retry", True),
    "unit_create": (None, lambda s, p, w: org_services.unit_create(
        actor=None, scope=s, code="CB-NH-2", name="Chi bộ Khu dân cư 2", kind="branch", parent_code="X00008",
        valid_from=date(2026, 1, 2)), True),
    "unit_rename": (None, lambda s, p, w: org_services.unit_rename(
        actor=None, scope=s, code="CB-NH-1", name="Chi bộ Khu dân cư Ngọc Hà 1", effective=date(2026, 1, 3)), False),
    "units_import": (None, lambda s, p, w: org_services.units_import(
        actor=None, scope=s, stream=io.StringIO("code,name,kind,parent_code,valid_from,admin_code\n"
                                                "CB-SG-2,Chi bộ Khu phố 2,branch,X26734,2026-01-02,\n")), True),
    "reorganization_apply": (None, lambda s, p, w: reorg_services.reorganization_apply(
        actor=None, scope=s, plan_rows=[{"op": "move", "code": "CB-NH-1", "target": "X00004", "name": "", "kind": "",
                                         "parent": ""}], effective=date(2026, 1, 10), reason="QĐ 4"), True),
    "reorganization_revert_last": (_prepare_revert, lambda s, p, w: reorg_revert.reorganization_revert_last(
        actor=None, scope=s, reason="Hủy"), True),
}
#: Services that write nothing the dashboards count (views and exports are audited reads).
READ_ONLY = {"member_record_viewed", "member_list_exported", "reorganization_preview"}


def test_every_writing_service_is_checked_here():
    found = set()
    for module in (lifecycle, member_services, org_services, reorg_services, reorg_revert):
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if fn.__module__ == module.__name__ and name.startswith(("member_", "members_", "unit_", "units_",
                                                                     "reorganization_")):
                found.add(name)
    assert found - READ_ONLY == set(SERVICES), "a new service must show here that it keeps the totals true"


@pytest.mark.parametrize("name", sorted(k for k, v in SERVICES.items() if v is not None))
def test_every_service_keeps_the_kept_totals_true(world, name, django_capture_on_commit_callbacks):
    prepare, write, changes = SERVICES[name]
    prepared = prepare(world) if prepare else None
    before = everything(kept=True)  # computed and kept
    assert before == everything(kept=False)
    if write == "enqueue":
        _enqueue(scope(), prepared, django_capture_on_commit_callbacks)
    elif write == "retry":
        _retry(scope(), prepared, django_capture_on_commit_callbacks)
    else:
        write(scope(), prepared, world)
    after = everything(kept=False)
    assert (after != before) == changes  # the test means something: the figures moved (or could not)
    assert everything(kept=True) == after


def test_only_the_tally_units_a_service_touched_are_counted_again(world):
    ctx = engine.context_for(scope=scope(), code="TW")
    period, year = engine.default_period(ctx.day), 2025
    key = tally.ensure(ctx, period, year)
    first = dict(TallyDone.objects.filter(key=key).values_list("path", "computed_at"))
    lifecycle.member_transfer(actor=None, scope=scope(), member=world[9], to_branch_code="CB-BD-1",
                              effective_on=date(2026, 1, 5))  # Sài Gòn → Ba Đình
    paths = tally._units_of(ctx)
    stamps_now = tally._stamps(paths + [stamps.EPOCH])
    missing = tally._missing(key, paths, stamps_now, stamps_now.get(stamps.EPOCH, 0))
    codes = {v.unit.code for v in UnitVersion.objects.filter(path__in=missing).select_related("unit")}
    assert codes == {"X26734", "X00004"}
    tally.ensure(ctx, period, year)
    again = dict(TallyDone.objects.filter(key=key).values_list("path", "computed_at"))
    assert {p for p in first if again[p] != first[p]} == set(missing)


def test_a_count_read_before_a_write_is_never_trusted(world):
    """A computation that read the stamps before a service committed keeps figures marked with
    the old stamp: the next view counts those units again instead of trusting them."""
    ctx = engine.context_for(scope=scope(), code="T79")
    period, year = engine.default_period(ctx.day), 2025
    paths = tally._units_of(ctx)
    old = tally._stamps(paths + [stamps.EPOCH])
    lifecycle.member_leave_registry(actor=None, scope=scope(), member=world[9], kind="death",
                                    effective_on=date(2026, 1, 6))
    key = tally.key_of(ctx, period, year)
    cells = tally._count_all(ctx, None, period, year)
    tally._store(key, paths, old, old.get(stamps.EPOCH, 0), cells)  # as if it had raced the write
    assert tally._missing(key, paths, tally._stamps(paths + [stamps.EPOCH]), old.get(stamps.EPOCH, 0))
    assert snapshot("T79", kept=True) == snapshot("T79", kept=False)


def test_random_lives_keep_kept_equal_to_fresh(world):
    rng = random.Random(7)
    s = scope()
    people = [arrive(rng.choice(BRANCHES), 100 + i, received=date(2025, 9, 1)) for i in range(12)]
    day = date(2025, 10, 1)
    for step in range(24):
        day = date.fromordinal(day.toordinal() + rng.randrange(1, 5))
        m = rng.choice(people)
        m.refresh_from_db()
        if m.status not in ("official", "probationary"):
            continue
        if rng.random() < 0.7:
            here = m.memberships.filter(valid_to__isnull=True, kind="primary").values_list("unit__code",
                                                                                           flat=True).first()
            target = rng.choice([b for b in BRANCHES if b != here])
            lifecycle.member_transfer(actor=None, scope=s, member=m, to_branch_code=target, effective_on=day)
        else:
            lifecycle.member_leave_registry(actor=None, scope=s, member=m, kind=rng.choice(["death", "removal"]),
                                            effective_on=day)
        if step % 6 == 5:
            for code in ROOTS:
                period = engine.Period(date(2025, 1, 1), TODAY)
                assert snapshot(code, kept=True, period=period) == snapshot(code, kept=False, period=period), (step,
                                                                                                               code)


def test_purge_forgets_old_keys(world):
    ctx = engine.context_for(scope=scope(), code="TW")
    key = tally.ensure(ctx, engine.default_period(ctx.day), 2025)
    assert tally.purge() == 0
    TallyDone.objects.filter(key=key).update(computed_at=date(2020, 1, 1))
    assert tally.purge() == 1
    assert not TallyDone.objects.filter(key=key).exists()


def test_across_a_move_restated_and_as_of_kept_equal_fresh(world):
    """Ngọc Hà's branch moves to Ba Đình and a commune of Hà Nội moves to TP HCM: as of a date
    before, the figures follow the old tree; restated, today's."""
    plan = [{"op": "move", "code": "CB-NH-1", "target": "X00004", "name": "", "kind": "", "parent": ""},
            {"op": "move", "code": "X00008", "target": "T79", "name": "", "kind": "", "parent": ""}]
    reorg_services.reorganization_apply(actor=None, scope=scope(), plan_rows=plan, effective=date(2026, 1, 10),
                                        reason="QĐ 5")
    before = date(2025, 12, 1)
    period = engine.Period(date(2025, 1, 1), before)
    for code in ROOTS:
        for mode in engine.MODES:
            kept = snapshot(code, mode=mode, day=before, kept=True, period=period, year=2025)
            assert kept == snapshot(code, mode=mode, day=before, kept=False, period=period, year=2025), (code, mode)
    rows_then, cells_then, _ = snapshot("T01", day=before, kept=True, period=period)["children"]
    rows_now, cells_now, _ = snapshot("T01", mode=engine.RESTATED, day=before, kept=True, period=period)["children"]
    total = lambda cells, code: sum(n for (c, _), n in cells.items() if c == code)  # noqa: E731
    assert "X00008" in rows_then and "X00008" not in rows_now
    assert total(cells_now, "X00004") == total(cells_then, "X00004") + total(cells_then, "X00008") > total(cells_then,
                                                                                                           "X00004")


# --- Every app: whatever writes counted data announces it, and every announcing service is run ---

import ast  # noqa: E402
from pathlib import Path  # noqa: E402

from tochuc.reports.tests.test_dashboard_meetings import MEETING_SERVICES  # noqa: E402

PACKAGE = Path(tally.__file__).resolve().parents[1]
#: What the kept figures count: the tally's members, memberships, events and units; the meeting compliance.
COUNTED_MODELS = {"Member", "Membership", "MemberEvent", "Unit", "UnitVersion", "Meeting", "Attendance"}
WRITES = {"create", "bulk_create", "update", "update_or_create", "get_or_create", "delete"}
#: Writers of counted data that do not announce themselves: the module that announces for them (their callers).
ANNOUNCED_BY = {"tochuc.reorganizations.writer": "tochuc.reorganizations.services"}
#: Announcing functions outside the service modules, with the test that runs them against a fresh count.
CHECKED_ELSEWHERE = {"demo_meetings": "test_dashboard_meetings.py::test_demo_meetings_keep_the_kept_compliance_true"}


def _production_modules() -> dict[str, ast.Module]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE)
        if {"tests", "bench", "migrations"} & set(rel.parts[:-1]) or path.name == "conftest.py":
            continue
        name = ".".join(("tochuc", *rel.with_suffix("").parts)).removesuffix(".__init__")
        out[name] = ast.parse(path.read_text(encoding="utf-8"))
    return out


def _base_name(node: ast.AST) -> str | None:
    while isinstance(node, (ast.Attribute, ast.Call)):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


def _writes_counted(tree: ast.AST) -> bool:
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        if isinstance(node.func,
                      ast.Attribute) and node.func.attr in WRITES and _base_name(node.func) in COUNTED_MODELS:
            return True  # Model.objects….create/update/delete(…)
        if isinstance(node.func, ast.Name) and node.func.id == "bulk_insert" and node.args \
                and isinstance(node.args[0], ast.Name) and node.args[0].id in COUNTED_MODELS:
            return True
    return False


def _is_announcement(node: ast.AST) -> bool:
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "touched"
            and isinstance(node.func.value, ast.Name) and node.func.value.id == "changes")


def _announcing_functions(tree: ast.Module) -> set[str]:
    """Module-level functions that announce a change, directly or through a function of the module."""
    functions = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}
    calls = {name: {c.func.id for c in ast.walk(fn) if isinstance(c, ast.Call) and isinstance(c.func, ast.Name)}
             for name, fn in functions.items()}
    announcing = {name for name, fn in functions.items() if any(_is_announcement(n) for n in ast.walk(fn))}
    while True:
        more = {name for name, called in calls.items() if called & announcing} - announcing
        if not more:
            return announcing
        announcing |= more


def test_the_checks_below_see_a_write_and_an_announcement():
    """Before trusting their silence."""
    tree = ast.parse("def a():\n    Membership.objects.filter(x=1).update(y=2)\n"
                     "def b():\n    bulk_insert(Meeting, [], [])\n"
                     "def c():\n    changes.touched(units=[1])\n"
                     "def d():\n    c()\n"
                     "def e():\n    Tally.objects.create()\n")
    assert [_writes_counted(f) for f in tree.body] == [True, True, False, False, False]
    assert _announcing_functions(tree) == {"c", "d"}


def test_every_module_that_writes_counted_data_announces_it():
    modules = _production_modules()
    writers = {name for name, tree in modules.items() if _writes_counted(tree)}
    assert {"tochuc.members.lifecycle", "tochuc.members.services", "tochuc.orgs.services", "tochuc.meetings.services",
            "tochuc.meetings.demo", "tochuc.reorganizations.writer"} <= writers
    silent = {name for name in writers if not any(_is_announcement(n) for n in ast.walk(modules[name]))}
    assert silent == set(ANNOUNCED_BY), "a write the kept figures count must be announced (tochuc.core.changes)"
    for announcer in ANNOUNCED_BY.values():
        assert _announcing_functions(modules[announcer])


def test_every_announcing_function_of_every_app_is_run_against_a_fresh_count():
    checked = set(SERVICES) | set(MEETING_SERVICES) | set(CHECKED_ELSEWHERE)
    found = {}
    for name, tree in _production_modules().items():
        for function in _announcing_functions(tree) - READ_ONLY:
            if not function.startswith("_"):
                found[function] = name
    assert {"member_admit", "units_import", "reorganization_apply", "meeting_close", "demo_meetings"} <= set(found)
    unchecked = {f"{module}.{function}" for function, module in found.items() if function not in checked}
    assert not unchecked, "run it above (SERVICES) or in test_dashboard_meetings (MEETING_SERVICES)"


def test_a_service_that_rolls_back_leaves_the_stamps_as_they_were(world):
    """The listener writes in the announcing service's transaction: nothing of it survives a rollback."""
    from django.db import transaction

    from tochuc.core import changes
    from tochuc.reports.models import TallyStamp

    before = dict(TallyStamp.objects.values_list("path", "generation"))
    unit = UnitVersion.objects.get(unit__code="CB-BD-1", valid_to__isnull=True)
    with pytest.raises(RuntimeError, match="rolled back"), transaction.atomic():
        changes.touched(units=[unit.unit_id], kinds=[changes.MEMBERS])
        assert dict(TallyStamp.objects.values_list("path", "generation")) != before  # bumped inside
        raise RuntimeError("rolled back")
    assert dict(TallyStamp.objects.values_list("path", "generation")) == before
