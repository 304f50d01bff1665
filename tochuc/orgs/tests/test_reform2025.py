"""The 2025 reform data and plan (pure: package data files only, no database)."""

import csv
import io
from collections import Counter

import pytest

from tochuc.domain import orgs as rules
from tochuc.orgs import realdata
from tochuc.orgs import reform2025 as reform

BRANCHES_EACH = 5


@pytest.fixture(scope="module")
def old_rows():
    return reform.old_structure_rows()


@pytest.fixture(scope="module")
def mapping():
    return reform.commune_mapping()


@pytest.fixture(scope="module")
def branches(mapping):
    return {code: [f"{code}-CB{i}" for i in range(BRANCHES_EACH)] for code in mapping}


@pytest.fixture(scope="module")
def plan(branches):
    return reform.reform_plan_rows(branches)


def test_old_structure_counts_codes_and_parents(old_rows):
    kinds = Counter(r["kind"] for r in old_rows)
    assert kinds[rules.PROVINCE] == 63
    assert kinds[rules.DISTRICT] == 696
    # 10,040 rows in the package: 10,035 communes + 5 island districts without a commune level.
    assert kinds[rules.COMMUNE] == 10_035
    assert kinds[rules.COMMUNE] + len(reform.island_districts()) == 10_040
    codes = [r["code"] for r in old_rows]
    assert len(codes) == len(set(codes))
    index = {r["code"]: r for r in old_rows}
    for r in old_rows:
        parent = r["parent_code"]
        if r["kind"] == rules.PROVINCE:
            assert parent == realdata.ROOT_CODE
        else:
            assert parent in index
            assert rules.parent_kind_allowed(r["kind"], index[parent]["kind"])
        assert rules.kind_allowed_on(r["kind"], reform.OLD_VALID_FROM)
    assert index["P63-01"]["name"] == "Đảng bộ thành phố Hà Nội"
    assert index["H-001"]["name"] == "Đảng bộ quận Ba Đình"
    assert index["XC-00001"] == {"code": "XC-00001", "name": "Đảng bộ phường Phúc Xá", "kind": rules.COMMUNE,
                                 "parent_code": "H-001", "valid_from": "2020-01-01", "admin_code": "00001"}


def test_new_structure_is_realdata():
    rows = reform.new_structure_rows()
    kinds = Counter(r["kind"] for r in rows)
    assert kinds == {rules.PROVINCE: 34, rules.COMMUNE: 3321}
    real = {r["code"]: r for r in realdata.real_tree_rows()}
    assert all(real[r["code"]] == r for r in rows)
    # The package's new ward codes are realdata's codes.
    assert set(reform.new_code_by_key().values()) == {r["code"] for r in rows if r["kind"] == rules.COMMUNE}


def test_mapping_covers_every_old_unit_and_every_new_commune(old_rows, mapping):
    old_communes = {r["code"] for r in old_rows if r["kind"] == rules.COMMUNE}
    assert set(mapping) == old_communes | set(reform.island_districts())
    targets = {p.code for old in mapping.values() for p in old.parts}
    new_communes = {r["code"] for r in reform.new_structure_rows() if r["kind"] == rules.COMMUNE}
    assert targets == new_communes
    assert all(sum(p.is_default for p in old.parts) == 1 for old in mapping.values())
    assert sum(old.is_split for old in mapping.values()) == 471


def test_known_split_commune():
    # Phường Điện Biên (quận Ba Đình) was split among Ba Đình (default), Hoàn Kiếm, Ô Chợ Dừa and
    # Văn Miếu - Quốc Tử Giám.
    old = reform.commune_mapping()["XC-00019"]
    assert old.default == "X00004"
    assert {p.code for p in old.parts} == {"X00004", "X00070", "X00190", "X00226"}
    plan = reform.reform_plan_rows({"XC-00019": [f"B{i}" for i in range(8)]})
    moved = {r["code"]: r["target"] for r in plan if r["op"] == "move"}
    assert set(moved.values()) == {"X00070", "X00190", "X00226"}
    assert [r for r in plan if r["code"] == "XC-00019"] == [
        {"op": "merge", "code": "XC-00019", "target": "X00004", "name": "", "kind": "", "parent": ""}]
    assert reform.commune_mapping()["XC-00001"].parts == (reform.NewPart("X00097", True, 15.09),)


def test_every_old_unit_merged_exactly_once(plan, mapping):
    merges = Counter(r["code"] for r in plan if r["op"] == "merge")
    assert set(merges) == set(mapping)
    assert set(merges.values()) == {1}
    for r in plan:
        if r["op"] == "merge":
            assert r["target"] == mapping[r["code"]].default


def test_split_branches_all_placed(plan, mapping, branches):
    moved = {r["code"]: r["target"] for r in plan if r["op"] == "move"}
    merged = {r["code"] for r in plan if r["op"] == "merge"}
    merge_line = {r["code"]: i for i, r in enumerate(plan) if r["op"] == "merge"}
    for code, old in mapping.items():
        if not old.is_split:
            assert not any(b in moved for b in branches[code])
            continue
        assert code in merged
        targets = {p.code for p in old.parts if not p.is_default}
        for b in branches[code]:
            if b in moved:
                assert moved[b] in targets
        # With 5 branches every new part (at most 5) gets at least one.
        got = {moved[b] for b in branches[code] if b in moved}
        assert got == targets
        assert len(got) < len(branches[code]) or not targets  # the default keeps the rest
    # Moves of a commune's branches come before its merge.
    for i, r in enumerate(plan):
        if r["op"] == "move":
            assert i < merge_line[r["code"].rsplit("-CB", 1)[0]]


def test_every_new_commune_receives_something(plan):
    received = {r["target"] for r in plan if r["op"] in ("merge", "move")}
    new_communes = {r["code"] for r in reform.new_structure_rows() if r["kind"] == rules.COMMUNE}
    assert new_communes <= received


def test_plan_closes_districts_and_old_provinces_last(plan, old_rows):
    closed = [r["code"] for r in plan if r["op"] == "close"]
    assert len(closed) == len(set(closed))
    merged = {r["code"] for r in plan if r["op"] == "merge"}
    districts = {r["code"] for r in old_rows if r["kind"] == rules.DISTRICT}
    provinces = {r["code"] for r in old_rows if r["kind"] == rules.PROVINCE}
    assert districts <= set(closed) | merged
    assert set(closed) == (districts - merged) | provinces
    first_close = next(i for i, r in enumerate(plan) if r["op"] == "close")
    assert all(r["op"] == "close" for r in plan[first_close:])
    assert all(c in provinces for c in closed[-63:])


def test_include_creates_and_csv(branches):
    plan = reform.reform_plan_rows({}, include_creates=True)
    creates = [r for r in plan if r["op"] == "create"]
    assert len(creates) == 34 + 3321
    assert plan[: len(creates)] == creates
    assert creates[0]["kind"] == rules.PROVINCE and creates[0]["parent"] == realdata.ROOT_CODE
    assert not any(r["op"] == "move" for r in plan)
    text = reform.plan_csv(plan)
    parsed = list(csv.DictReader(io.StringIO(text)))
    assert text.startswith("op,code,target,name,kind,parent\n")
    assert parsed == plan
    units = reform.units_csv(reform.old_structure_rows()[:2])
    assert units.splitlines()[0] == "code,name,kind,parent_code,valid_from,admin_code"
    assert units.splitlines()[1] == "P63-01,Đảng bộ thành phố Hà Nội,province,TW,2020-01-01,01"


def test_unknown_old_commune_rejected():
    with pytest.raises(ValueError):
        reform.reform_plan_rows({"XC-99999": ["B"]})


def test_allocate_branches_deterministic_and_proportional():
    parts = (reform.NewPart("A", True, 30.0), reform.NewPart("B", False, 10.0), reform.NewPart("C", False, 0.1))
    branches = [f"b{i:02d}" for i in range(12)]
    one = reform.allocate_branches(branches, parts)
    two = reform.allocate_branches(list(reversed(branches)), parts)
    assert one == two
    assert sorted(b for v in one.values() for b in v) == branches
    assert [len(one[c]) for c in "ABC"] == [8, 3, 1]  # by area, each part at least one
    few = reform.allocate_branches(["x"], parts)
    assert sum(len(v) for v in few.values()) == 1
    assert reform.allocate_branches([], parts) == {"A": [], "B": [], "C": []}
