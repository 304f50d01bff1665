"""Every table against counts computed independently here, as of a date and restated, including
across a reorganization (as-of and restated differ exactly as the moves and merges say)."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from django.utils import translation

from tochuc.conftest import TODAY
from tochuc.core.scope import system_scope
from tochuc.domain.members.citizen_id import SEXES
from tochuc.members import lifecycle
from tochuc.members.models import Member, Sex
from tochuc.members.tests.factories import admit
from tochuc.reorganizations import history
from tochuc.reorganizations.services import reorganization_apply
from tochuc.reports import engine
from tochuc.reports.tests.factories import add_members, age_key, members_on, whole_years, years_key

pytestmark = pytest.mark.django_db

E = date(2025, 10, 1)  # the reorganization
BEFORE = date(2025, 9, 1)
HANOI_BRANCHES = {"CB-BD-1", "CB-BD-2", "CB-DH-1", "CB-NH-1"}


@pytest.fixture
def populated(small_tree):
    add_members("CB-BD-1", 30, since=date(2025, 8, 1), seed=1)
    add_members("CB-BD-2", 20, since=date(2025, 8, 1), seed=2)
    add_members("CB-DH-1", 25, since=date(2025, 8, 1), seed=3)
    add_members("CB-NH-1", 15, since=date(2025, 8, 1), seed=4)
    add_members("CB-SG-1", 10, since=date(2025, 8, 1), seed=5)
    # Members who left before TODAY: counted on BEFORE, not today.
    add_members("CB-NH-1", 4, since=date(2025, 8, 1), until=date(2025, 12, 1), seed=6)


def reorganize():
    plan = [{"op": "create", "code": "X-NEW", "target": "", "name": "Đảng bộ phường Mới", "kind": "commune",
             "parent": "T01"},
            {"op": "move", "code": "CB-NH-1", "target": "X-NEW", "name": "", "kind": "", "parent": ""},
            {"op": "merge", "code": "CB-BD-1", "target": "CB-BD-2", "name": "", "kind": "", "parent": ""}]
    reorganization_apply(actor=None, scope=system_scope(E), plan_rows=plan, effective=E, reason="Quyết định 01-QĐ/TU")


def table(key: str, code: str, day: date = TODAY, mode: str = engine.AS_OF, **kwargs) -> engine.Table:
    ctx = engine.context_for(scope=system_scope(TODAY), code=code, day=day, mode=mode)
    return engine.evaluate(engine.table_def(key), ctx, **kwargs)


def expected(members: list[Member], day: date) -> dict[str, Counter]:
    out = {key: Counter() for key in ("status", "sex_age", "years", "ethnicity", "religion", "education", "theory")}
    for m in members:
        out["status"][("official" if m.official_on and m.official_on <= day else "probationary", m.sex)] += 1
        out["sex_age"][(age_key(whole_years(m.birth_date, day)), m.sex)] += 1
        out["years"][(years_key(whole_years(m.admitted_on, day)), m.sex)] += 1
        out["ethnicity"][(m.ethnicity, m.sex)] += 1
        out["religion"][(m.religion, m.sex)] += 1
        out["education"][(m.education, m.sex)] += 1
        out["theory"][(m.theory_level, m.sex)] += 1
    return out


def cells(t: engine.Table) -> Counter:
    return Counter({k: v for k, v in t.cells.items() if v})


@pytest.mark.parametrize("day", [BEFORE, TODAY, date(2070, 6, 30)])
def test_member_tables_equal_an_independent_count(populated, day):
    members = members_on(day, HANOI_BRANCHES)
    assert members
    wanted = expected(members, day)
    for key, counter in wanted.items():
        for mode in (engine.AS_OF, engine.RESTATED):
            got = table(key, "T01", day=day, mode=mode)
            assert cells(got) == counter, (key, mode)
            assert got.total == len(members)
            # Every category found is a row; rows of the forms are all present even when empty.
            assert {r for r, _ in counter} <= {r.key for r in got.rows}


def test_age_bands_cover_the_forms_rows(populated):
    got = table("sex_age", "TW")
    assert [r.label for r in got.rows] == ["Đến 30 tuổi", "31–40 tuổi", "41–50 tuổi", "51–60 tuổi", "61–70 tuổi",
                                           "Trên 70 tuổi"]
    assert [r.label for r in table("years", "TW").rows][:3] == ["Dưới 30 năm", "30–39 năm", "40–44 năm"]


def test_across_a_reorganization_as_of_and_restated_differ_as_expected(populated):
    reorganize()
    # As of BEFORE by that day's tree: Ba Đình had CB-BD-1, CB-BD-2, CB-DH-1; Ngọc Hà had CB-NH-1.
    def total(code, mode, day=BEFORE):
        return table("status", code, day=day, mode=mode).total

    assert total("X00004", engine.AS_OF) == 75
    assert total("X00004", engine.RESTATED) == 75  # CB-BD-1 merged into CB-BD-2, still in Ba Đình
    assert total("X00008", engine.AS_OF) == 19
    assert total("X00008", engine.RESTATED) == 0  # its branch moved to the new ward
    assert total("X-NEW", engine.RESTATED) == 19
    with pytest.raises(engine.NotOnDate):
        engine.context_for(scope=system_scope(TODAY), code="X-NEW", day=BEFORE, mode=engine.AS_OF)
    assert total("CB-BD-2", engine.AS_OF) == 20
    assert total("CB-BD-2", engine.RESTATED) == 50
    assert total("T01", engine.AS_OF) == total("T01", engine.RESTATED) == 94
    # The same figures as the lead's history selectors.
    scope = system_scope(TODAY)
    for code in ("X00004", "X00008", "X-NEW", "CB-BD-2", "T01"):
        counted = history.restated_member_count(scope=scope, code=code, as_of=BEFORE)
        assert counted.restated == total(code, engine.RESTATED)
        if counted.as_of_count is not None:
            assert counted.as_of_count == total(code, engine.AS_OF)
    # Children of Hà Nội on BEFORE: restated by today's structure vs by that day's.
    ctx = engine.context_for(scope=scope, code="T01", day=BEFORE, mode=engine.RESTATED)
    children = engine.evaluate(engine.CHILDREN, ctx)
    assert {r.key: children.row_total(r.key) for r in children.rows} == {"X00004": 75, "X00008": 0, "X-NEW": 19}
    assert {r.version.unit.code: r.restated for r in history.restated_unit_counts(scope=scope, code="T01",
                                                                                  as_of=BEFORE)} \
        == {"X00004": 75, "X00008": 0, "X-NEW": 19}
    ctx = engine.context_for(scope=scope, code="T01", day=BEFORE, mode=engine.AS_OF)
    children = engine.evaluate(engine.CHILDREN, ctx)
    assert {r.key: children.row_total(r.key) for r in children.rows} == {"X00004": 75, "X00008": 19}
    # Within Ba Đình restated: CB-BD-2 carries CB-BD-1's members.
    ctx = engine.context_for(scope=scope, code="X00004", day=BEFORE, mode=engine.RESTATED)
    children = engine.evaluate(engine.CHILDREN, ctx)
    assert {r.key: children.row_total(r.key) for r in children.rows} == {"CB-BD-2": 50, "DBCS-BD": 25}
    # The attribute tables restated for the new ward are its branch's members on BEFORE.
    wanted = expected(members_on(BEFORE, {"CB-NH-1"}), BEFORE)
    assert cells(table("sex_age", "X-NEW", day=BEFORE, mode=engine.RESTATED)) == wanted["sex_age"]
    # Units: as of BEFORE, Ba Đình had 3 branches + 1 committee + itself; restated the merged CB-BD-1 counts too.
    units = table("units", "X00004", day=BEFORE)
    assert units.cells == {("commune", "tong"): 1, ("grassroots_committee", "tong"): 1, ("branch", "tong"): 3}
    units_now = table("units", "X00004", day=TODAY)
    assert units_now.cells == {("commune", "tong"): 1, ("grassroots_committee", "tong"): 1, ("branch", "tong"): 2}
    restated_units = table("units", "X00004", day=BEFORE, mode=engine.RESTATED)
    assert restated_units.cells == {("commune", "tong"): 1, ("grassroots_committee", "tong"): 1, ("branch", "tong"): 3}
    restated_new = table("units", "X-NEW", day=BEFORE, mode=engine.RESTATED)
    assert restated_new.cells == {("branch", "tong"): 1}  # X-NEW itself did not exist on BEFORE


def test_drill_down_lists_exactly_the_members_counted(populated):
    reorganize()
    scope = system_scope(TODAY)
    for mode in (engine.AS_OF, engine.RESTATED):
        ctx = engine.context_for(scope=scope, code="T01", day=BEFORE, mode=mode)
        for key in ("sex_age", "years", "ethnicity"):
            definition = engine.table_def(key)
            t = engine.evaluate(definition, ctx)
            for r in t.rows:
                for c in t.columns:
                    assert engine.cell_members(definition, ctx, row=r.key, column=c.key).count() == t.cell(r.key, c.key)
        children = engine.evaluate(engine.CHILDREN, ctx)
        for r in children.rows:
            assert engine.cell_members(engine.CHILDREN, ctx, row=r.key,
                                       column=None).count() == children.row_total(r.key)


def test_movements_and_ratings(small_tree):
    scope = system_scope(TODAY)
    end = date(2026, 12, 31)
    admitted = []
    for n, branch in enumerate(["CB-BD-1", "CB-BD-1", "CB-BD-2", "CB-NH-1", "CB-SG-1"]):
        admitted.append(admit(scope, f"Nguyễn Văn {n}", branch, birth=date(1995, 1, 1 + n),
                              sex="nu" if n % 2 else "nam", admitted=date(2025, 7, 1 + n)))
    a, b, c, d, e = admitted
    lifecycle.member_transfer(actor=None, scope=scope, member=c, to_branch_code="CB-NH-1",
                              effective_on=date(2025, 9, 1))
    lifecycle.member_transfer(actor=None, scope=scope, member=d, to_branch_code="CB-SG-1",
                              effective_on=date(2025, 9, 2))
    lifecycle.member_leave_registry(actor=None, scope=scope, member=b, kind="death", effective_on=date(2025, 10, 1))
    lifecycle.member_leave_registry(actor=None, scope=scope, member=e, kind="removal", effective_on=date(2025, 10, 2))
    lifecycle.member_make_official(actor=None, scope=scope, member=a, approved_on=date(2026, 7, 5))
    lifecycle.member_make_official(actor=None, scope=scope, member=c, approved_on=date(2026, 7, 5))
    lifecycle.member_record(actor=None, scope=scope, member=a, kind="rating", effective_on=date(2026, 12, 15),
                            details={"score": 92, "share_exceeded": 0.5, "year": 2026})
    lifecycle.member_record(actor=None, scope=scope, member=d, kind="rating", effective_on=date(2026, 12, 16),
                            details={"score": 75, "year": 2026})

    def movements(code, start=date(2025, 1, 1)):
        t = table("movements", code, day=end, period=engine.Period(start, end))
        return {r.key: t.row_total(r.key) for r in t.rows if t.row_total(r.key)}

    # Ba Đình: admitted a, b, c; a made official; c moved to Ngọc Hà (out of Ba Đình, inside
    # Hà Nội: not a movement of Hà Nội); b died.
    assert movements("X00004") == {"admitted": 3, "official": 1, "transferred_out_internal": 1, "died": 1}
    assert movements("X00008") == {"admitted": 1, "official": 1, "transferred_in_internal": 1,
                                   "transferred_out_internal": 1}
    assert movements("T01") == {"admitted": 4, "official": 2, "transferred_out_internal": 1, "died": 1}
    assert movements("X26734") == {"admitted": 1, "transferred_in_internal": 1, "removed": 1}
    assert movements("TW") == {"admitted": 5, "official": 2, "died": 1, "removed": 1}
    assert movements("X00004", start=date(2026, 1, 1)) == {"official": 1}
    t = table("movements", "X00004", day=end, period=engine.Period(date(2025, 1, 1), end))
    assert t.cell("admitted", "nam") == 2 and t.cell("admitted", "nu") == 1
    ctx = engine.context_for(scope=scope, code="X00004", day=end)
    assert set(engine.cell_members(engine.table_def("movements"), ctx, row="died", column=None,
                                   period=engine.Period(date(2025, 1, 1), end))) == {b}
    ratings = table("ratings", "TW", day=end, year=2026)
    assert ratings.cells == {("xuat_sac", "nam"): 1, ("tot", "nu"): 1}
    assert table("ratings", "X00004", day=end, year=2026).cells == {("xuat_sac", "nam"): 1}
    assert table("ratings", "X26734", day=end, year=2026).cells == {("tot", "nu"): 1}  # d was rated after moving
    assert table("ratings", "TW", day=end, year=2025).cells == {}
    assert table("ratings", "TW", day=end).note == "Năm 2026"  # December: this year's rating
    ctx = engine.context_for(scope=scope, code="TW", day=end)
    assert set(engine.cell_members(engine.table_def("ratings"), ctx, row="tot", column=None, year=2026)) == {d}


def test_every_table_is_one_query_and_the_member_tables_one_scan_together(populated, django_assert_num_queries):
    reorganize()
    scope = system_scope(TODAY)
    for mode in (engine.AS_OF, engine.RESTATED):
        ctx = engine.context_for(scope=scope, code="T01", day=BEFORE, mode=mode)
        for definition in engine.TABLES:
            with django_assert_num_queries(1):
                engine.evaluate(definition, ctx)
        members = engine.MEMBER_TABLES
        packs = engine.cube_groups(members)
        assert 1 < len(packs) < len(members)  # a few scans, not one per table nor one huge cube
        assert sorted(d.key for pack in packs for d in pack) == sorted(d.key for d in members)
        with django_assert_num_queries(len(packs)):
            cube = engine.evaluate_members(members, ctx)
        for definition in members:
            single = engine.evaluate(definition, ctx)
            assert cube[definition.key].cells == single.cells and cube[definition.key].rows == single.rows
        # The children (list and counts), the cube, movements, ratings, units; restated with
        # branches merged into the subtree, one more for their members.
        with django_assert_num_queries(engine.PASSES + 1 + (mode == engine.RESTATED)):
            everything = engine.evaluate_all(ctx)
        assert [t.key for t in everything] == ["children"] + [d.key for d in engine.TABLES]


def test_a_unit_outside_the_scope_is_not_found(populated):
    from tochuc.orgs.models import UnitVersion
    from tochuc.orgs.tests.test_selectors import scope_of

    with pytest.raises(UnitVersion.DoesNotExist):
        engine.context_for(scope=scope_of("T01"), code="X26734")


def test_badges_awarded_in_the_period(small_tree):
    from tochuc.members.tests.factories import bulk_members
    from tochuc.orgs.models import Unit

    scope = system_scope(TODAY)
    admitted = [date(1996, 1, 1), date(1986, 1, 1), date(1996, 1, 2)]
    units = [Unit.objects.get(code=c).pk for c in ("CB-BD-1", "CB-NH-1", "CB-SG-1")]
    ids = bulk_members(units, since=date(2025, 8, 1), attrs=lambda i, n: {
        "full_name": f"Lão thành {i}", "search_key": f"lao thanh {i}", "birth_date": date(1970, 1, 1),
        "sex": "nam" if n else "nu", "ethnicity": "01", "admitted_on": admitted[n],
        "official_on": date(admitted[n].year + 1, 1, 1), "status": "official"})
    first, second, third = Member.objects.filter(pk__in=ids).order_by("pk")
    lifecycle.member_record(actor=None, scope=scope, member=first, kind="badge", effective_on=date(2026, 2, 3),
                            details={"level": 30})
    lifecycle.member_record(actor=None, scope=scope, member=second, kind="badge", effective_on=date(2026, 2, 3),
                            details={"level": 40})
    lifecycle.member_record(actor=None, scope=scope, member=third, kind="badge", effective_on=date(2026, 2, 3),
                            details={"level": 30})
    end = date(2026, 12, 31)
    t = table("badges", "T01", day=end, period=engine.Period(date(2026, 1, 1), end))
    assert t.cells == {("30", "nu"): 1, ("40", "nam"): 1}
    assert table("badges", "TW", day=end, period=engine.Period(date(2026, 1, 1), end)).total == 3
    assert table("badges", "TW", day=end, period=engine.Period(date(2026, 3, 1), end)).total == 0
    ctx = engine.context_for(scope=scope, code="TW", day=end)
    assert set(engine.cell_members(engine.table_def("badges"), ctx, row="30", column=None,
                                   period=engine.Period(date(2026, 1, 1), end))) == {first, third}


def test_sex_categories_are_the_members_definition():
    """One definition of the sexes (members.models.Sex, the values the domain checks a citizen ID
    against): the report's categories follow it, labels translated like everywhere else."""
    assert [c.key for c in engine.SEX.categories()] == list(Sex.values) == list(SEXES)
    with translation.override("en"):
        assert [c.label for c in engine.SEX.categories()] == ["Male", "Female"]
