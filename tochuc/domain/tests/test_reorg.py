"""Rules of a reorganization plan: every problem, the simulated tree, member accounting, and
properties over random trees and random valid plans (pure: runs with ``-p no:django`` too)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tochuc.domain import orgs as rules
from tochuc.domain import reorg
from tochuc.domain.messages import msg
from tochuc.domain.reorg import KnownUnit, PlanLine

E = date(2025, 10, 1)
START = date(2025, 7, 1)


@pytest.fixture(autouse=True)
def _tasks_run_inline():
    """Pure tests need no Django settings (replaces the project-wide fixture)."""


# --- A small tree as plain data -----------------------------------------------------------------

TREE = [  # code, kind, parent, members
    ("TW", rules.CENTRAL, None, 0),
    ("T1", rules.PROVINCE, "TW", 0),
    ("T2", rules.PROVINCE, "TW", 0),
    ("X1", rules.COMMUNE, "T1", 0),
    ("X2", rules.COMMUNE, "T1", 0),
    ("X3", rules.COMMUNE, "T2", 0),
    ("CB1", rules.BRANCH, "X1", 4),
    ("CB2", rules.BRANCH, "X1", 3),
    ("CB3", rules.BRANCH, "X2", 2),
    ("DB1", rules.GRASSROOTS_COMMITTEE, "X1", 0),
    ("CB4", rules.BRANCH, "DB1", 5),
    ("CS1", rules.GRASSROOTS_BRANCH, "X3", 6),
]


def known_of(tree, **overrides: dict) -> dict[str, KnownUnit]:
    children: dict[str, list[str]] = {code: [] for code, *_ in tree}
    for code, _kind, parent, _m in tree:
        if parent:
            children[parent].append(code)
    below: dict[str, set[str]] = {}

    def kinds_below(code: str) -> set[str]:
        if code not in below:
            kinds = set()
            for child in children[code]:
                kinds |= {next(k for c, k, *_ in tree if c == child)} | kinds_below(child)
            below[code] = kinds
        return below[code]

    out = {}
    for key, (code, kind, parent, members) in enumerate(tree, start=1):
        unit = KnownUnit(code=code, key=key, kind=kind, name=f"Tên {code}", parent=parent, starts_on=START,
                         first_day=START, members=members, kinds_below=frozenset(kinds_below(code)),
                         children=tuple(children[code]))
        out[code] = replace(unit, **overrides.get(code, {}))
    return out


KNOWN = known_of(TREE)


def lines(*texts: str) -> list[PlanLine]:
    out = []
    for row, text in enumerate(texts, start=2):
        op, code, target, name, kind, parent = (text.split(",") + [""] * 6)[:6]
        out.append(PlanLine(row, op, code, target, name, kind, parent))
    return out


def problems(plan: list[PlanLine], known=KNOWN, effective=E) -> list[tuple[int, str, str]]:
    return [(p.row, p.column, p.reason) for p in reorg.validate_plan(plan, known, effective).problems]


def one_problem(plan, known=KNOWN, effective=E) -> tuple[int, str, str]:
    found = problems(plan, known, effective)
    assert len(found) == 1, found
    return found[0]


# --- Every operation ------------------------------------------------------------------------------


def test_a_valid_plan_resolves_every_line():
    result = reorg.validate_plan(lines(
        "create,X9,,Xã mới,commune,T2",
        "move,CB3,X9",
        "merge,X2,X9",
        "merge,CB1,CB2",
        "rename,X1,,Phường Một",
        "rename,CB2,,Chi bộ cơ sở hai,grassroots_branch",
    ), KNOWN, E)
    assert result.ok, result.problems
    assert result.counts == {"create": 1, "move": 1, "merge": 2, "rename": 2, "close": 0}
    assert result.parent_of["X9"] == "T2" and result.parent_of["CB3"] == "X9"
    assert result.closed == {"X2": 4, "CB1": 5}
    assert result.successor == {"CB1": "CB2"}
    merge_x2 = result.effects[2]
    assert merge_x2.moved_children == () and merge_x2.from_parent == "T1"  # CB3 had already left
    move = result.effects[1]
    assert move.from_parent == "X2" and move.target == "X9"


def test_a_merge_moves_the_children_and_the_members_of_a_branch():
    result = reorg.validate_plan(lines("merge,X1,X2", "merge,CB1,CB3", "close,CB2"), KNOWN, E)
    assert [p.reason for p in result.problems] == ["chi bộ «CB2» còn 3 đảng viên đang sinh hoạt"]
    result = reorg.validate_plan(lines("merge,X1,X2", "merge,CB1,CB3", "merge,CB2,CB3", "close,DB1"), KNOWN, E)
    assert [p.row for p in result.problems] == [5]  # DB1 still holds CB4
    assert "còn 1 đơn vị trực thuộc (CB4)" in result.problems[0].reason
    result = reorg.validate_plan(lines("merge,X1,X2", "merge,CB1,CB3", "merge,CB2,CB3"), KNOWN, E)
    assert result.ok
    assert result.effects[0].moved_children == ("CB1", "CB2", "DB1")
    assert {c: result.parent_of[c] for c in ("CB1", "CB2", "DB1", "CB3")} == {
        "CB1": "X2", "CB2": "X2", "DB1": "X2", "CB3": "X2"}


# --- Every problem --------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "column", "words"), [
    ("split,CB1", "op", "thao tác «split» không hợp lệ"),
    ("move,CB1", "target", "thao tác move cần cột target"),
    ("close,CB1,X2", "target", "thao tác close không dùng cột target"),
    ("create,N1,,,branch,X1", "name", "thao tác create cần cột name"),
    ("create,N1,,Mới,chibo,X1", "kind", "loại «chibo» không hợp lệ"),
    ("create,N 1,,Mới,branch,X1", "code", "không hợp lệ"),
    ("rename,CB1", "name", "cần cột name"),
    ("move,,X1", "code", "thiếu mã đơn vị"),
])
def test_line_shape_problems(text, column, words):
    row, col, reason = one_problem(lines(text))
    assert (row, col) == (2, column) and words in reason


def test_unknown_codes_and_units_not_existing_on_the_date():
    known = KNOWN | {"OLD": KnownUnit(code="OLD", key=99, exists=False)}
    assert one_problem(lines("move,CB9,X2")) == (2, "code", "không tìm thấy đơn vị «CB9»")
    assert one_problem(lines("move,CB1,X9")) == (2, "target", "không tìm thấy đơn vị đích «X9»")
    assert one_problem(lines("create,N1,,Mới,branch,X9")) == (2, "parent", "không tìm thấy cấp trên «X9»")
    assert one_problem(lines("move,CB1,OLD"), known) == (2, "target",
                                                         "đơn vị đích «OLD» không tồn tại vào ngày 01/10/2025")


def test_duplicate_and_existing_create_codes():
    assert one_problem(lines("create,CB1,,Mới,branch,X1"))[2] == "mã «CB1» đã có trong hệ thống"
    found = problems(lines("create,N1,,Mới,branch,X1", "create,N1,,Mới nữa,branch,X2"))
    assert found == [(3, "code", "mã «N1» trùng với dòng 2")]
    # An identity kept by a reverted reorganization (no versions) may be created again.
    reusable = KNOWN | {"N1": KnownUnit(code="N1", key=77, exists=False, has_versions=False)}
    assert problems(lines("create,N1,,Mới,branch,X1"), reusable) == []


def test_a_later_line_on_a_bad_create_is_not_reported_twice():
    assert problems(lines("create,N1,,Mới,chibo,X1", "move,CB1,N1")) == [
        (2, "kind", "loại «chibo» không hợp lệ (dùng một trong: " + ", ".join(rules.KINDS) + ")")]


def test_closing_a_unit_with_children_or_members():
    row, column, reason = one_problem(lines("close,X1"))
    assert column == "code" and "còn 3 đơn vị trực thuộc (CB1, CB2, DB1)" in reason
    assert one_problem(lines("close,CB1"))[2] == "chi bộ «CB1» còn 4 đảng viên đang sinh hoạt"
    assert problems(lines("merge,CB1,CB2", "close,CB1")) == [(3, "code", "đơn vị «CB1» đã bị sáp nhập ở dòng 2")]


def test_cycles_are_refused():
    assert one_problem(lines("move,X1,DB1")) == (2, "target", "vòng lặp cấp trên: «DB1» nằm trong cây con của «X1»")
    assert one_problem(lines("merge,X1,CB4"))[2] == "vòng lặp cấp trên: «CB4» nằm trong cây con của «X1»"
    assert one_problem(lines("move,X1,X1"))[2] == "không thể chuyển đơn vị vào chính nó"
    # A loop made by earlier lines: DB2 is created under DB1's new home, then DB1 may not go under it.
    assert problems(lines("move,DB1,X2", "create,SB1,,Bộ phận,sub_committee,DB1", "move,DB1,X3")) == []
    assert problems(lines("create,DB2,,Đảng bộ 2,grassroots_committee,X2", "move,X2,T2", "move,X2,DB2")) == [
        (4, "target", "vòng lặp cấp trên: «DB2» nằm trong cây con của «X2»")]


def test_units_used_after_they_end():
    assert problems(lines("merge,CB3,CB1", "rename,CB3,,Tên")) == [(3, "code", "đơn vị «CB3» đã bị sáp nhập ở dòng 2")]
    assert problems(lines("merge,CB3,CB1", "close,CB1", "rename,CB1,,Tên")) == [
        (3, "code", "chi bộ «CB1» còn 6 đảng viên đang sinh hoạt")]  # a wrong line changes nothing
    assert problems(lines("merge,CB1,CB2", "merge,CB3,CB1")) == [
        (3, "target", "đơn vị đích «CB1» đã bị sáp nhập ở dòng 2")]
    assert problems(lines("merge,X2,X1", "create,N1,,Mới,branch,X2")) == [
        (3, "parent", "cấp trên «X2» đã bị sáp nhập ở dòng 2")]


def test_kinds_must_fit_their_parent():
    assert one_problem(lines("move,CB1,T2")) == (2, "target",
                                                 "«CB1» (loại branch) không thể trực thuộc «T2» (loại province)")
    assert one_problem(lines("create,N1,,Mới,branch,T1"))[1] == "parent"
    assert problems(lines("merge,X1,T2")) == [  # DB1 may sit under a province; CB1 and CB2 may not
        (2, "target",
         f"đơn vị trực thuộc «{c}» (loại branch) không thể trực thuộc «T2» (loại province)") for c in ("CB1", "CB2")]
    assert one_problem(lines("rename,DB1,,Tên,branch"))[2] == \
        "đơn vị trực thuộc «CB4» (loại branch) không thể trực thuộc loại «branch»"
    assert one_problem(lines("rename,DB1,,Tên,sub_committee")) == (
        2, "kind", "loại «sub_committee» không thể trực thuộc «X1» (loại commune)")
    assert problems(lines("rename,CB3,,Chi bộ cơ sở,grassroots_branch")) == []  # still a branch: keeps its members
    assert problems(lines("rename,CB3,,Tên,sub_committee")) == [
        (2, "kind", "chi bộ «CB3» còn 2 đảng viên; không thể đổi sang loại «sub_committee»"),
        (2, "kind", "loại «sub_committee» không thể trực thuộc «X2» (loại commune)")]


def test_no_district_from_1_7_2025():
    assert one_problem(lines("create,H1,,Huyện,district,T1"))[1:] == (
        "kind", "loại «district» không còn từ ngày 01/07/2025 (Quy định 294-QĐ/TW)")
    assert problems(lines("create,H1,,Huyện,district,T1"), effective=date(2025, 6, 1)) == []
    tree = [*TREE, ("H1", rules.DISTRICT, "T2", 0)]
    known = known_of(tree)
    row, column, reason = one_problem(lines("merge,T2,T1"), known)
    assert "loại «district» trong cây con của «T2» không còn" in reason
    assert "không thể chuyển" in one_problem(lines("move,H1,T1"), known)[2]
    assert problems(lines("close,H1"), known) == []  # ending a district is what the reform does


def test_a_branch_with_members_merges_only_into_a_branch():
    assert one_problem(lines("merge,CB1,X2"))[2] == "chi bộ «CB1» còn 4 đảng viên; chỉ sáp nhập được vào một chi bộ"
    assert problems(lines("merge,CB1,CS1")) == []  # branch → grassroots branch: both hold members


def test_changes_after_the_effective_date_are_refused():
    known = known_of(TREE, CB1={"later_change": date(2025, 12, 1)}, X1={"later_below": ("CB4", date(2026, 1, 1))},
                     X3={"later_move": date(2025, 11, 1)}, CB2={"members_later": 2})
    assert "đã có thay đổi từ ngày 01/12/2025" in one_problem(lines("rename,CB1,,Tên"), known)[2]
    assert "«CB4» thuộc «X1» đã có thay đổi từ ngày 01/01/2026" in one_problem(lines("move,X1,T2"), known)[2]
    assert "«X3» chuyển vị trí từ ngày 01/11/2025" in one_problem(lines("move,CB3,X3"), known)[2]
    assert "2 lượt sinh hoạt đảng bắt đầu sau ngày" in one_problem(lines("merge,CB2,CB3"), known)[2]
    assert problems(lines("rename,X1,,Tên"), known) == []  # a rename does not rewrite the subtree


def test_nothing_ends_on_its_first_day():
    known = known_of(TREE, CB3={"first_day": E, "starts_on": E, "members": 0})
    assert one_problem(lines("close,CB3"),
                       known)[2] == "«CB3» bắt đầu từ ngày 01/10/2025; không thể kết thúc ngay trong ngày đó"
    assert "bắt đầu từ ngày" in one_problem(lines("create,N1,,Mới,branch,X1", "merge,N1,CB2"))[2]
    # A version starting on E after earlier ones can end on E (it is removed; the one before ends on E).
    known = known_of(TREE, CB3={"starts_on": E, "members": 0})
    assert problems(lines("close,CB3"), known) == []


def test_no_op_lines_are_refused():
    assert one_problem(lines("move,CB1,X1"))[2] == "«CB1» đã trực thuộc «X1»"
    assert one_problem(lines("rename,CB1,,Tên CB1"))[2] == "tên (và loại) mới trùng với hiện tại của «CB1»"


def test_every_problem_of_the_plan_is_listed_in_order():
    found = problems(lines("move,CB9,X1", "close,X1", "create,CB1,,X,branch,X1", "split,A"))
    assert [(r, c) for r, c, _ in found] == [(2, "code"), (3, "code"), (4, "code"), (5, "op")]


def test_needs_children_and_kinds_below_only_where_used():
    need = reorg.needs(lines("merge,X1,X2", "close,CB1", "rename,DB1,,T,grassroots_committee", "rename,X2,,T",
                             "move,T1,TW", "move,CB2,X2"), {"T1": rules.PROVINCE, "CB2": rules.BRANCH}, E)
    assert need.children == {"X1", "CB1", "DB1"}
    assert need.kinds_below == {"T1"}  # only a province (or the centre) can hold a district
    assert reorg.needs(lines("move,T1,TW"), {"T1": rules.PROVINCE}, date(2025, 6, 1)).kinds_below == frozenset()


# --- Members --------------------------------------------------------------------------------------


def path_of(code: str, known=KNOWN) -> list[int]:
    out = []
    node = code
    while node is not None:
        out.append(known[node].key)
        node = known[node].parent
    return list(reversed(out))


def branches_of(known=KNOWN):
    return [(path_of(c, known), k.members) for c, k in known.items() if k.kind in rules.BRANCH_KINDS]


def test_split_and_merge_conserve_members():
    """X1 splits: CB1 goes to X2, the rest merges into X3's province (new commune X9 under T2)."""
    result = reorg.validate_plan(lines("create,X9,,Xã mới,commune,T2", "move,CB1,X2", "merge,X1,X9",
                                       "merge,CB2,CB3"), KNOWN, E)
    assert result.ok, result.problems
    acc = reorg.member_accounting(result, branches_of(), ["X2", "X9", "CB3"])
    # CB1 (4) moves to X2; CB2 (3) joins CB3 in X2; DB1's CB4 (5) goes to X9.
    assert acc.moved == 4 + 3 + 5
    assert acc.before == {"X2": 2, "X9": 0, "CB3": 2}
    assert acc.after == {"X2": 2 + 4 + 3, "X9": 5, "CB3": 2 + 3}
    total = sum(k.members for k in KNOWN.values())
    places = [reorg.branch_place(result, ids) for ids, n in branches_of() for _ in range(n)]
    assert len(places) == total
    ends = {p[-1] for p in places}
    assert result.key_of["CB2"] not in ends  # nobody is left in a closed branch


def test_members_under_an_untouched_unit_do_not_move():
    result = reorg.validate_plan(lines("rename,X1,,Tên mới"), KNOWN, E)
    assert reorg.member_accounting(result, branches_of(), []).moved == 0


# --- Properties -----------------------------------------------------------------------------------


@dataclass
class Model:
    """A reference tree: what the plan should do, written as plainly as possible."""

    kind: dict[str, str]
    parent: dict[str, str | None]
    members: dict[str, int]
    open: set[str] = field(default_factory=set)
    created: set[str] = field(default_factory=set)
    names: dict[str, str] = field(default_factory=dict)

    def children(self, code: str) -> list[str]:
        return sorted(c for c in self.open if self.parent.get(c) == code)

    def subtree(self, code: str) -> set[str]:
        out, stack = set(), [code]
        while stack:
            node = stack.pop()
            out.add(node)
            stack.extend(self.children(node))
        return out


@st.composite
def trees(draw, max_communes: int = 4):
    """A small tree: TW → provinces → communes → (grassroots committees →) branches, with members."""
    rows = [("TW", rules.CENTRAL, None, 0)]
    for p in range(draw(st.integers(1, 2))):
        province = f"T{p}"
        rows.append((province, rules.PROVINCE, "TW", 0))
        for c in range(draw(st.integers(1, max_communes))):
            commune = f"X{p}{c}"
            rows.append((commune, rules.COMMUNE, province, 0))
            for b in range(draw(st.integers(0, 3))):
                rows.append((f"CB{p}{c}{b}", rules.BRANCH, commune, draw(st.integers(0, 3))))
            if draw(st.booleans()):
                committee = f"DB{p}{c}"
                rows.append((committee, rules.GRASSROOTS_COMMITTEE, commune, 0))
                for b in range(draw(st.integers(0, 2))):
                    rows.append((f"CD{p}{c}{b}", rules.BRANCH, committee, draw(st.integers(0, 3))))
        if draw(st.booleans()):
            rows.append((f"CS{p}", rules.GRASSROOTS_BRANCH, province, draw(st.integers(0, 3))))
    return rows


def model_of(tree) -> Model:
    model = Model({c: k for c, k, *_ in tree}, {c: p for c, _k, p, _m in tree}, {c: m for c, *_, m in tree})
    model.open = {c for c, *_ in tree}
    model.names = {c: f"Tên {c}" for c, *_ in tree}
    return model


@st.composite
def valid_plans(draw, tree, effective: date = E, max_lines: int = 6, allow_end: bool = True):
    """Lines that the rules accept, chosen on a reference model line by line. ``allow_end=False``
    when every unit starts on the effective date (none may end on its first day)."""
    model = model_of(tree)
    out: list[PlanLine] = []
    for row in range(2, 2 + draw(st.integers(1, max_lines))):
        choices = []
        movable = sorted(c for c in model.open if model.parent.get(c) is not None)
        for code in movable:
            for target in sorted(model.open - model.subtree(code)):
                if target != model.parent[code] and rules.parent_kind_allowed(model.kind[code], model.kind[target]):
                    choices.append(PlanLine(row, reorg.MOVE, code, target))
        for code in movable:
            if code in model.created or not allow_end:
                continue
            for target in sorted(model.open - model.subtree(code)):
                if not all(rules.parent_kind_allowed(model.kind[c], model.kind[target]) for c in model.children(code)):
                    continue
                if model.members.get(code) and model.kind[target] not in rules.BRANCH_KINDS:
                    continue
                choices.append(PlanLine(row, reorg.MERGE, code, target))
            if not model.children(code) and not model.members.get(code):
                choices.append(PlanLine(row, reorg.CLOSE, code))
        for code in sorted(model.open):
            choices.append(PlanLine(row, reorg.RENAME, code, name=f"Tên mới {code} {row}"))
            if model.kind[code] in rules.BRANCH_KINDS and not model.children(code):
                other = ({rules.BRANCH, rules.GRASSROOTS_BRANCH} - {model.kind[code]}).pop()
                if rules.parent_kind_allowed(other, model.kind[model.parent[code]]):
                    choices.append(PlanLine(row, reorg.RENAME, code, name=f"Chi bộ {code} {row}", kind=other))
            for kind in (rules.BRANCH, rules.GRASSROOTS_COMMITTEE):
                if rules.parent_kind_allowed(kind, model.kind[code]):
                    choices.append(PlanLine(row, reorg.CREATE, f"N{row}", name=f"Mới {row}", kind=kind, parent=code))
        line = draw(st.sampled_from(choices))
        out.append(line)
        apply_to_model(model, line)
    return out


def apply_to_model(model: Model, line: PlanLine) -> None:
    if line.op == reorg.CREATE:
        model.kind[line.code], model.parent[line.code], model.members[line.code] = line.kind, line.parent, 0
        model.open.add(line.code)
        model.created.add(line.code)
    elif line.op == reorg.MOVE:
        model.parent[line.code] = line.target
    elif line.op == reorg.MERGE:
        for child in model.children(line.code):
            model.parent[child] = line.target
        if model.kind[line.code] in rules.BRANCH_KINDS and model.kind[line.target] in rules.BRANCH_KINDS:
            model.members[line.target] = model.members.get(line.target, 0) + model.members.get(line.code, 0)
            model.members[line.code] = 0
        model.open.discard(line.code)
    elif line.op == reorg.RENAME:
        model.names[line.code] = line.name
        model.kind[line.code] = line.kind or model.kind[line.code]
    else:
        model.open.discard(line.code)


@st.composite
def trees_and_plans(draw):
    tree = draw(trees())
    return tree, draw(valid_plans(tree))


@settings(max_examples=60)
@given(trees_and_plans())
def test_valid_plans_are_accepted_and_do_what_the_reference_model_does(case):
    tree, plan = case
    known = known_of(tree)
    result = reorg.validate_plan(plan, known, E)
    assert result.ok, (plan, result.problems)
    model = model_of(tree)
    for line in plan:
        apply_to_model(model, line)
    assert {c: result.parent_of[c] for c in model.open} == {c: model.parent[c] for c in model.open}
    assert set(result.closed) == set(model.kind) - model.open
    # The tree stays a tree: every open unit reaches the root through open units of fitting kinds.
    for code in model.open:
        chain = result.chain(code)
        assert chain[0] == known["TW"].key and len(chain) == len(set(chain))
        parent = result.parent_of[code]
        if parent is not None:
            assert parent in model.open
            assert rules.parent_kind_allowed(model.kind[code], model.kind[parent])
    # Members are conserved and all end in an open branch.
    total = sum(m for *_, m in tree)
    ends = [reorg.branch_place(result, ids)[-1] for ids, n in branches_of(known) for _ in range(n)]
    assert len(ends) == total
    code_of = {v: k for k, v in result.key_of.items()}
    assert all(code_of[key] in model.open and model.kind[code_of[key]] in rules.BRANCH_KINDS for key in ends)
    assert sum(model.members[c] for c in model.open) == total


garbage = st.builds(PlanLine, st.integers(2, 20), st.sampled_from([*reorg.OPS, "split", ""]),
                    st.sampled_from(["TW", "T0", "X00", "CB000", "N1", "", "ZZ"]),
                    st.sampled_from(["", "TW", "T0", "X00", "X01", "CB001", "N1"]),
                    st.sampled_from(["", "Tên", "x" * 300]), st.sampled_from(["", *rules.KINDS, "chibo"]),
                    st.sampled_from(["", "T0", "X00", "N1", "ZZ"]))


@settings(max_examples=80)
@given(trees(), st.lists(garbage, max_size=8), st.dates(date(2024, 1, 1), date(2026, 12, 31)))
def test_any_plan_is_checked_without_crashing(tree, plan, effective):
    result = reorg.validate_plan(plan, known_of(tree), effective)
    assert all(p.column in reorg.COLUMNS for p in result.problems)
    assert result.problems == sorted(result.problems, key=lambda p: (p.row, reorg.COLUMNS.index(p.column), p.reason))
    if result.ok:
        assert sum(result.counts.values()) == len(plan)


def test_a_reorganization_needs_its_decision_reference():
    assert reorg.reference_problem("Quyết định 12-QĐ/TU ngày 30/6/2025") is None
    assert reorg.reference_problem(None) == reorg.reference_problem(" \t") == msg("reorg.reference_missing")
