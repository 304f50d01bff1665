from datetime import date

import pytest

from tochuc.conftest import TODAY
from tochuc.core.scope import Scope, resolve_paths, system_scope
from tochuc.members import tree as member_tree
from tochuc.orgs import selectors
from tochuc.orgs.models import Unit, UnitVersion
from tochuc.orgs.services import unit_rename


def scope_of(code: str, as_of: date = TODAY, role: str = "viewer") -> Scope:
    ids = (Unit.objects.get(code=code).pk,)
    return Scope(role=role, unit_ids=ids, paths=resolve_paths(ids, as_of), as_of=as_of)


def test_stats_count_the_subtree_by_kind(small_tree, system):
    stats = member_tree.subtree_stats(scope=system, code="T01")
    assert stats.as_json() == {
        "root": "T01", "as_of": "2026-01-15",
        "units": {"province": 1, "commune": 2, "grassroots_committee": 1, "branch": 4},
        "members": 0,
    }


def test_as_of_a_date_before_a_unit_existed_does_not_count_it(small_tree):
    # CB-DH-1 starts on 2025-08-01; the provinces on 2025-07-01.
    july = member_tree.subtree_stats(scope=system_scope(date(2025, 7, 15)), code="X00004")
    assert july.units == {"commune": 1, "grassroots_committee": 1, "branch": 2}
    before = member_tree.subtree_stats(scope=system_scope(date(2025, 6, 30)))
    assert before.units == {"central": 1}


def test_children_with_counts_in_three_queries(small_tree, system, django_assert_num_queries):
    ba_dinh = selectors.unit_get(scope=system, code="X00004")
    with django_assert_num_queries(3):
        rows = member_tree.unit_children(scope=system, version=ba_dinh)
    by_code = {row.version.unit.code: row for row in rows}
    assert set(by_code) == {"CB-BD-1", "CB-BD-2", "DBCS-BD"}
    assert by_code["DBCS-BD"].units == {"grassroots_committee": 1, "branch": 1}
    assert by_code["DBCS-BD"].has_children and not by_code["CB-BD-1"].has_children


def test_ancestors_root_first(small_tree, system):
    branch = selectors.unit_get(scope=system, code="CB-DH-1")
    chain = selectors.unit_ancestors(version=branch, as_of=TODAY)
    assert [v.unit.code for v in chain] == ["TW", "T01", "X00004", "DBCS-BD"]


def test_scoped_getter_hides_other_subtrees(small_tree):
    clerk = scope_of("X00004")
    assert selectors.unit_get(scope=clerk, code="CB-BD-1").unit.code == "CB-BD-1"
    for outside in ("T01", "X00008", "CB-SG-1", "TW"):
        with pytest.raises(UnitVersion.DoesNotExist):
            selectors.unit_get(scope=clerk, code=outside)


def test_search_folds_vietnamese(small_tree, system):
    def codes(query, scope=system):
        return {v.unit.code for v in selectors.unit_search(scope=scope, query=query)}

    assert codes("ba dinh") == codes("Ba Đình") == codes("BA ĐÌNH") == {"X00004", "DBCS-BD"}
    assert codes("ngoc ha") == {"X00008", "CB-NH-1"}
    assert codes("sai gon") == {"X26734"}
    assert codes("sai gon", scope_of("T01")) == set()  # outside the scope
    assert codes("   ") == set()


def test_uy_spellings_match_each_other(small_tree, system):
    unit_rename(actor=None, scope=system, code="CB-NH-1", name="Chi bộ Ủy ban phường", effective=date(2025, 9, 1))
    for query in ("uỷ ban", "ủy ban", "uy ban", "UỶ BAN"):
        assert [v.unit.code for v in selectors.unit_search(scope=system, query=query)] == ["CB-NH-1"]


def test_rename_keeps_history_and_as_of_answers_old_name(small_tree, system):
    unit_rename(actor=None, scope=system, code="CB-BD-1", name="Chi bộ Tổ dân phố 1", effective=date(2025, 10, 1),
                reason="Quyết định số 12-QĐ/ĐU")
    now = selectors.unit_get(scope=system, code="CB-BD-1")
    assert now.name == "Chi bộ Tổ dân phố 1"
    then = selectors.unit_get(scope=system_scope(date(2025, 9, 30)), code="CB-BD-1")
    assert then.name == "Chi bộ Khu phố 1"
    history = selectors.unit_history(scope=system, version=now)
    assert [(v.name, v.valid_to) for v in history] == [
        ("Chi bộ Khu phố 1", date(2025, 10, 1)), ("Chi bộ Tổ dân phố 1", None)]
    from tochuc.audit.models import AuditEntry

    entry = AuditEntry.objects.get(action="unit.rename")
    assert entry.before["name"] == "Chi bộ Khu phố 1" and entry.reason == "Quyết định số 12-QĐ/ĐU"


def test_nested_scope_roots_fold_into_the_ancestor(small_tree):
    ids = tuple(Unit.objects.filter(code__in=["T01", "X00004", "X26734"]).values_list("pk", flat=True))
    paths = resolve_paths(ids, TODAY)
    assert len(paths) == 2
