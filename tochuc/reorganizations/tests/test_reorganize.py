"""Reorganizations on the database: every operation, the problems only the database knows,
members, exact revert and its refusals, counts as of a date and restated, timelines, commands,
and random plans on random trees (SQLite and PostgreSQL)."""

from __future__ import annotations

import io
import json
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from hypothesis import given, settings
from hypothesis import strategies as st

from tochuc.audit.models import AuditEntry
from tochuc.conftest import TODAY
from tochuc.core.bulk import bulk_insert
from tochuc.core.scope import system_scope
from tochuc.core.tests.cli import run as cli
from tochuc.domain import orgs as rules
from tochuc.domain.tests.test_reorg import trees, valid_plans
from tochuc.members.models import MemberEvent, Membership
from tochuc.members.tests.factories import SINCE, add_members
from tochuc.orgs.models import Reorganization, ReorganizationChange, ReorganizationLine, Unit, UnitVersion
from tochuc.orgs.selectors import versions_as_of
from tochuc.orgs.services import unit_rename, units_import
from tochuc.orgs.tests.test_selectors import scope_of
from tochuc.reorganizations import history
from tochuc.reorganizations.revert import dependents, reorganization_revert_last
from tochuc.reorganizations.services import PlanRejected, reorganization_apply, reorganization_preview

E = date(2025, 10, 1)  # members come from the members' factory, from SINCE (1/8/2025)
def plan(*lines: str) -> list[dict]:
    out = []
    for text in lines:
        op, code, target, name, kind, parent = (text.split(",") + [""] * 6)[:6]
        out.append({"op": op, "code": code, "target": target, "name": name, "kind": kind, "parent": parent})
    return out


def apply(*lines: str, effective: date = E, scope=None, reason: str = "Quyết định 01-QĐ/TU"):
    return reorganization_apply(actor=None, scope=scope or system_scope(effective), plan_rows=plan(*lines),
                                effective=effective, reason=reason)


def at(code: str, day: date = E) -> UnitVersion:
    return versions_as_of(day).select_related("unit").get(unit__code=code)


def db_state() -> tuple:
    """Every row a reorganization may touch, ids included (to compare before and after a revert)."""
    return (
        sorted(UnitVersion.objects.values_list("id", "unit_id", "name", "search_key", "kind", "parent_id", "path",
                                               "depth", "valid_from", "valid_to")),
        sorted(Membership.objects.values_list("id", "member_id", "unit_id", "kind", "valid_from", "valid_to")),
        sorted(Unit.objects.values_list("id", "code")),
    )


def primary_on(day: date) -> list[tuple[int, int]]:
    return sorted(Membership.objects.filter(kind="primary", valid_from__lte=day)
                  .exclude(valid_to__lte=day).values_list("member_id", "unit_id"))


def assert_tree(day: date) -> None:
    """Exactly one version per unit on ``day``; each path is its parent's path + its own segment."""
    versions = list(versions_as_of(day).values_list("unit_id", "parent_id", "path", "depth", "kind"))
    by_unit: dict[int, tuple] = {}
    for row in versions:
        assert row[0] not in by_unit, f"two versions of unit {row[0]} on {day}"
        by_unit[row[0]] = row
    for unit_id, parent_id, path, depth, kind in versions:
        assert path.endswith(rules.path_segment(unit_id)) and depth == len(path) // rules.SEGMENT_WIDTH - 1
        if parent_id is None:
            assert depth == 0
            continue
        parent = by_unit[parent_id]
        assert path == parent[2] + rules.path_segment(unit_id)
        assert rules.parent_kind_allowed(kind, parent[4])


def assert_members_placed(day: date) -> None:
    """Every member with a primary membership on ``day`` has exactly one, in an open branch."""
    rows = primary_on(day)
    assert len({m for m, _ in rows}) == len(rows)
    open_branches = set(versions_as_of(day).filter(kind__in=rules.BRANCH_KINDS).values_list("unit_id", flat=True))
    assert {u for _, u in rows} <= open_branches


# --- Every operation ----------------------------------------------------------------------------


def test_create_writes_a_unit_under_its_parent(small_tree):
    done = apply("create,CB-BD-3,,Chi bộ Khu phố 3,branch,X00004")
    assert done.as_json() == {"created": 1, "moved": 0, "merged": 0, "closed": 0, "renamed": 0, "members_moved": 0,
                              "problems": []}
    new = at("CB-BD-3")
    assert new.path == at("X00004").path + rules.path_segment(new.unit_id) and new.valid_from == E
    assert not versions_as_of(E - timedelta(days=1)).filter(unit_id=new.unit_id).exists()
    assert_tree(E)


def test_move_rewrites_the_subtree_and_leaves_memberships_alone(small_tree):
    members = add_members("CB-DH-1", 4)
    before = list(Membership.objects.values_list("id", "unit_id", "valid_from", "valid_to"))
    done = apply("move,DBCS-BD,X00008")
    assert done.counts["move"] == 1 and done.members_moved == 4
    assert done.members_by_target == {"X00008": {"before": 0, "after": 4}}
    x8 = at("X00008")
    assert at("DBCS-BD").path == x8.path + rules.path_segment(at("DBCS-BD").unit_id)
    assert at("CB-DH-1").path.startswith(at("DBCS-BD").path) and at("CB-DH-1").depth == 4
    assert at("DBCS-BD").parent_id == x8.unit_id and at("CB-DH-1").name == "Chi bộ Khoa Lịch sử"
    # The day before, the old place; the old rows end on E.
    old = at("CB-DH-1", E - timedelta(days=1))
    assert old.path.startswith(at("X00004").path) and old.valid_to == E
    assert list(Membership.objects.values_list("id", "unit_id", "valid_from", "valid_to")) == before
    assert len(members) == 4
    assert_tree(E)
    assert_tree(E - timedelta(days=1))


def test_merge_moves_children_then_closes(small_tree):
    add_members("CB-BD-1", 2)
    done = apply("merge,X00004,X00008")
    assert done.counts["merge"] == 1 and done.members_moved == 2
    assert not versions_as_of(E).filter(unit__code="X00004").exists()
    assert at("X00004", E - timedelta(days=1)).valid_to == E
    x8 = at("X00008")
    assert {v.unit.code for v in versions_as_of(E).filter(parent_id=x8.unit_id).select_related("unit")} == {
        "CB-BD-1", "CB-BD-2", "DBCS-BD", "CB-NH-1"}
    line = ReorganizationLine.objects.get()
    assert (line.op, line.unit.code, line.target.code, line.from_parent.code, line.children_moved) == (
        "merge", "X00004", "X00008", "T01", 3)
    assert_tree(E)


def test_merging_a_branch_into_a_branch_hands_its_members_over(small_tree):
    moved = add_members("CB-BD-1", 3)
    stay = add_members("CB-BD-2", 2)
    temporary = add_members("CB-NH-1", 1)
    bulk_insert(Membership, ("member", "unit", "kind", "valid_from", "valid_to"),
                [(temporary[0], Unit.objects.get(code="CB-BD-1").pk, "temporary", SINCE, date(2026, 3, 1))])
    done = apply("merge,CB-BD-1,CB-BD-2")
    assert done.members_moved == 3
    assert done.members_by_target == {"CB-BD-2": {"before": 2, "after": 5}}
    cb1, cb2 = Unit.objects.get(code="CB-BD-1").pk, Unit.objects.get(code="CB-BD-2").pk
    for member in moved:
        assert list(Membership.objects.filter(member_id=member, kind="primary").order_by("valid_from")
                    .values_list("unit_id", "valid_from", "valid_to")) == [(cb1, SINCE, E), (cb2, E, None)]
    assert Membership.objects.filter(member_id__in=stay, unit_id=cb2, valid_to__isnull=True).count() == 2
    # A temporary membership in the closed branch continues in the target until its own end.
    assert list(Membership.objects.filter(member_id=temporary[0], kind="temporary").order_by("valid_from")
                .values_list("unit_id", "valid_from", "valid_to")) == [(cb1, SINCE, E), (cb2, E, date(2026, 3, 1))]
    assert primary_on(E - timedelta(days=1)).__len__() == primary_on(E).__len__() == 6
    assert_members_placed(E)
    assert ReorganizationLine.objects.get().members_moved == 3


def test_memberships_starting_on_the_date_change_branch_in_place(small_tree):
    starting = add_members("CB-BD-1", 2, since=E)
    earlier = add_members("CB-BD-1", 1)
    before = db_state()
    assert apply("merge,CB-BD-1,CB-BD-2").members_moved == 3
    cb2 = Unit.objects.get(code="CB-BD-2").pk
    assert list(Membership.objects.filter(member_id__in=starting).values_list("unit_id", "valid_from", "valid_to")) == [
        (cb2, E, None), (cb2, E, None)]
    assert Membership.objects.filter(member_id=earlier[0]).count() == 2
    assert_members_placed(E)
    reorganization_revert_last(actor=None, scope=system_scope())
    assert db_state() == before


def test_rename_and_change_of_kind(small_tree):
    apply("rename,X00008,,Đảng bộ phường Ngọc Hà (mới)", "rename,CB-NH-1,,Chi bộ cơ sở Ngọc Hà,grassroots_branch")
    assert (
        at("X00008").name == "Đảng bộ phường Ngọc Hà (mới)"
        and at("X00008").search_key == "dang bo phuong ngoc ha (moi)"
    )
    assert at("X00008", E - timedelta(days=1)).name == "Đảng bộ phường Ngọc Hà"
    assert at("CB-NH-1").kind == rules.GRASSROOTS_BRANCH and at("CB-NH-1").path == at("CB-NH-1", date(2025, 9, 1)).path


def test_close_ends_an_empty_unit(small_tree):
    apply("close,CB-BD-2")
    assert not versions_as_of(E).filter(unit__code="CB-BD-2").exists()
    assert at("CB-BD-2", E - timedelta(days=1)).valid_to == E


def test_versions_starting_on_the_date_change_in_place(small_tree):
    """Every unit of the small tree starts on 1/7/2025: a plan effective that day writes no empty interval."""
    day = date(2025, 7, 1)
    before = db_state()
    apply("move,CB-BD-1,X00008", "rename,CB-BD-1,,Chi bộ chuyển", "create,CB-N,,Chi bộ mới,branch,X00008",
          "move,CB-N,X00004", effective=day)
    assert UnitVersion.objects.filter(unit__code="CB-BD-1").count() == 1
    cb1 = at("CB-BD-1", day)
    assert cb1.name == "Chi bộ chuyển" and cb1.path.startswith(at("X00008", day).path) and cb1.valid_to is None
    assert at("CB-N", day).parent_id == at("X00004", day).unit_id
    assert_tree(day)
    reorganization_revert_last(actor=None, scope=system_scope())
    assert db_state() == before


def test_a_plan_of_every_operation_in_one_transaction_with_audit(small_tree):
    add_members("CB-BD-1", 3)
    done = apply("create,X-NEW,,Đảng bộ phường Mới,commune,T01", "move,CB-BD-2,X00008", "merge,X00004,X-NEW",
                 "rename,X00008,,Đảng bộ phường Ngọc Hà mở rộng", "close,CB-SG-1", reason="Nghị quyết 9/NQ-TU")
    assert done.as_json() == {"created": 1, "moved": 1, "merged": 1, "closed": 1, "renamed": 1,
                              "members_moved": 3, "problems": []}
    reorganization = Reorganization.objects.get()
    assert reorganization.reason == "Nghị quyết 9/NQ-TU" and len(reorganization.plan) == 5
    assert reorganization.summary["members_moved"] == 3
    entries = AuditEntry.objects.filter(action__startswith="unit.reorganize")
    assert entries.count() == 6 and {e.reason for e in entries} == {"Nghị quyết 9/NQ-TU"}
    assert entries.get(action="unit.reorganize.create").unit_id == Unit.objects.get(code="T01").pk
    assert entries.get(action="unit.reorganize.plan").after["members_moved"] == 3
    assert_tree(E)
    assert_members_placed(E)


# --- Problems ------------------------------------------------------------------------------------


def rejected(*lines: str, effective: date = E, scope=None) -> list[str]:
    before = db_state(), AuditEntry.objects.count(), Reorganization.objects.count()
    with pytest.raises(PlanRejected) as caught:
        apply(*lines, effective=effective, scope=scope)
    assert (db_state(), AuditEntry.objects.count(), Reorganization.objects.count()) == before, "a rejected plan wrote"
    preview = reorganization_preview(scope=scope or system_scope(effective), plan_rows=plan(*lines),
                                     effective=effective)
    assert preview.as_json()["problems"] == [str(e) for e in caught.value.errors]
    return [str(e) for e in caught.value.errors]


def test_every_problem_is_listed_and_nothing_written(small_tree):
    add_members("CB-BD-1", 2)
    problems = rejected(
        "create,CB-BD-2,,Trùng mã,branch,X00004",  # 2: code exists
        "create,H9,,Huyện mới,district,T01",  # 3: no district since 1/7/2025
        "move,CB-XX,X00008",  # 4: unknown
        "close,X00004",  # 5: has children
        "move,T01,X00004",  # 6: cycle
        "merge,CB-BD-1,X00008",  # 7: a branch with members into a commune
        "close,CB-SG-1",  # 8: fine
        "rename,CB-SG-1,,Tên mới",  # 9: used after it ended
        "move,CB-BD-2,T79",  # 10: a branch directly under a province
    )
    assert problems == [
        "dòng 2, cột code: mã «CB-BD-2» đã có trong hệ thống",
        "dòng 3, cột kind: loại «district» không còn từ ngày 01/07/2025 (Quy định 294-QĐ/TW)",
        "dòng 4, cột code: không tìm thấy đơn vị «CB-XX»",
        "dòng 5, cột code: «X00004» còn 3 đơn vị trực thuộc (CB-BD-1, CB-BD-2, DBCS-BD); hãy chuyển hoặc sáp nhập "
        "trước khi giải thể",
        "dòng 6, cột target: vòng lặp cấp trên: «X00004» nằm trong cây con của «T01»",
        "dòng 7, cột target: chi bộ «CB-BD-1» còn 2 đảng viên; chỉ sáp nhập được vào một chi bộ",
        "dòng 9, cột code: đơn vị «CB-SG-1» đã bị giải thể ở dòng 8",
        "dòng 10, cột target: «CB-BD-2» (loại branch) không thể trực thuộc «T79» (loại province)",
    ]


def test_problems_only_the_database_knows(small_tree):
    day = date(2025, 7, 15)
    add_members("CB-BD-1", 2)  # from 1/8/2025
    assert rejected("move,DBCS-BD,X00008", "merge,CB-BD-1,CB-BD-2", "rename,CB-DH-1,,Tên", effective=day) == [
        "dòng 2, cột code: đơn vị «CB-DH-1» thuộc «DBCS-BD» đã có thay đổi từ ngày 01/08/2025, sau ngày hiệu lực "
        "15/07/2025",
        "dòng 3, cột code: chi bộ «CB-BD-1» có 2 lượt sinh hoạt đảng bắt đầu sau ngày 15/07/2025",
        "dòng 4, cột code: đơn vị «CB-DH-1» không tồn tại vào ngày 15/07/2025",
    ]
    # After a reorganization on 1/10/2025, an earlier plan may not write under what moved later.
    apply("move,DBCS-BD,X00008")
    assert rejected("rename,DBCS-BD,,Tên", "create,CB-9,,Chi bộ 9,branch,DBCS-BD", effective=date(2025, 9, 1)) == [
        "dòng 2, cột code: đơn vị «DBCS-BD» đã có thay đổi từ ngày 01/10/2025, sau ngày hiệu lực 01/09/2025; "
        "hãy chọn ngày hiệu lực từ ngày đó trở đi",
        "dòng 3, cột parent: «DBCS-BD» chuyển vị trí từ ngày 01/10/2025, sau ngày hiệu lực 01/09/2025",
    ]


def test_ending_a_unit_on_its_first_day_is_refused(small_tree):
    assert rejected("merge,X00008,X00004", effective=date(2025, 7, 1)) == [
        "dòng 2, cột code: «X00008» bắt đầu từ ngày 01/07/2025; không thể kết thúc ngay trong ngày đó"]


def test_a_bad_file_is_reported_by_line_and_column(small_tree, system):
    bad = "op,code,target,name,kind,parent,extra\nmove,CB-BD-1,X00008,,,,\n"
    preview = reorganization_preview(scope=system, stream=io.BytesIO(bad.encode()), effective=E)
    assert [str(p) for p in preview.problems] == ["dòng 1, cột extra: cột không được hỗ trợ"]
    short = "op,code,target\nmove,CB-BD-1\n\nmerge,X00004\n"
    preview = reorganization_preview(scope=system, stream=io.StringIO(short), effective=E)
    assert [str(p) for p in preview.problems] == ["dòng 2, cột -: số cột (2) khác dòng tiêu đề (3)",
                                                  "dòng 4, cột -: số cột (2) khác dòng tiêu đề (3)"]


def test_scope_and_role(small_tree):
    clerk = scope_of("X00004", as_of=E, role="clerk")
    assert rejected("move,CB-BD-1,X00008", scope=clerk) == [
        "dòng 2, cột target: không tìm thấy đơn vị «X00008» trong phạm vi của bạn"]
    assert apply("merge,CB-BD-1,CB-BD-2", scope=clerk).counts["merge"] == 1
    with pytest.raises(PermissionDenied):
        apply("rename,CB-BD-2,,Tên", scope=scope_of("X00004", as_of=E, role="viewer"))


# --- Members: splits and merges conserve them ----------------------------------------------------


def test_split_and_merge_member_accounting(small_tree):
    """Ba Đình splits: CB-BD-2 goes to Ngọc Hà, the rest forms a new ward with part of Ngọc Hà."""
    add_members("CB-BD-1", 3)
    add_members("CB-BD-2", 2)
    add_members("CB-DH-1", 4)
    add_members("CB-NH-1", 5)
    add_members("CB-SG-1", 1)
    before = primary_on(E - timedelta(days=1))
    preview = reorganization_preview(scope=system_scope(E), effective=E, plan_rows=plan(
        "create,X-NEW,,Đảng bộ phường Mới,commune,T01", "move,CB-BD-2,X00008", "merge,X00004,X-NEW",
        "create,CB-NEW,,Chi bộ Khu phố mới,branch,X-NEW", "merge,CB-BD-1,CB-NEW"))
    assert preview.ok and preview.members_moved == 3 + 2 + 4
    assert preview.members_by_target == {"X00008": {"before": 5, "after": 7}, "X-NEW": {"before": 0, "after": 7},
                                         "CB-NEW": {"before": 0, "after": 3}}
    done = apply("create,X-NEW,,Đảng bộ phường Mới,commune,T01", "move,CB-BD-2,X00008", "merge,X00004,X-NEW",
                 "create,CB-NEW,,Chi bộ Khu phố mới,branch,X-NEW", "merge,CB-BD-1,CB-NEW")
    assert done.as_json() == preview.as_json()
    after = primary_on(E)
    assert len(after) == len(before) == 15 and {m for m, _ in after} == {m for m, _ in before}
    assert_members_placed(E)
    assert_tree(E)
    scope = system_scope(E)
    from tochuc.members.selectors import member_count

    assert member_count(scope=scope, path=at("X-NEW").path) == 7
    assert member_count(scope=scope, path=at("X00008").path) == 7
    assert member_count(scope=scope, path=at("T01").path) == 14


# --- Revert --------------------------------------------------------------------------------------


def test_revert_restores_exactly(small_tree):
    add_members("CB-BD-1", 3)
    add_members("CB-DH-1", 2)
    before = db_state()
    apply("create,X-NEW,,Đảng bộ phường Mới,commune,T01", "create,CB-NEW,,Chi bộ mới,branch,X-NEW",
          "merge,CB-BD-1,CB-NEW", "move,CB-BD-2,X00008", "merge,X00004,X-NEW", "rename,X00008,,Ngọc Hà mới",
          "close,CB-SG-1")
    assert db_state() != before
    reverted = reorganization_revert_last(actor=None, scope=system_scope(), reason="Nhập nhầm")
    assert db_state() == before
    assert reverted.reverted_at is not None and reverted.revert_reason == "Nhập nhầm"
    assert not ReorganizationChange.objects.exists() and not ReorganizationLine.objects.exists()
    assert AuditEntry.objects.filter(action="unit.reorganize_revert.plan").count() == 1
    # Only the latest reorganization still in force is undone; then nothing is left.
    with pytest.raises(ValidationError, match="Chưa có đợt sắp xếp"):
        reorganization_revert_last(actor=None, scope=system_scope())
    # The codes can be created again.
    apply("create,X-NEW,,Đảng bộ phường Mới,commune,T01")


def test_revert_keeps_an_identity_named_by_the_audit_log(small_tree):
    apply("create,CB-NEW,,Chi bộ mới,branch,X00004")
    unit = Unit.objects.get(code="CB-NEW")
    with transaction.atomic():
        AuditEntry.objects.create(actor_name="x", action="member.view", object_type="x", unit=unit)
    reorganization_revert_last(actor=None, scope=system_scope())
    assert Unit.objects.filter(code="CB-NEW").exists() and not UnitVersion.objects.filter(unit=unit).exists()
    done = apply("create,CB-NEW,,Chi bộ mới lần hai,branch,X00008")
    assert at("CB-NEW").unit_id == unit.pk and done.counts["create"] == 1
    reorganization_revert_last(actor=None, scope=system_scope())
    assert Unit.objects.filter(code="CB-NEW").exists()


def test_revert_refuses_when_something_depends_on_it(small_tree):
    add_members("CB-BD-1", 2)
    apply("merge,CB-BD-1,CB-BD-2", "move,DBCS-BD,X00008")
    first = Reorganization.objects.get()
    apply("rename,CB-NH-1,,Chi bộ Ngọc Hà", effective=date(2025, 11, 1))
    # A later reorganization: only the last one can be undone, and it is independent.
    assert dependents(Reorganization.objects.latest("id")) == []
    reorganization_revert_last(actor=None, scope=system_scope())
    assert dependents(first) == []
    # A rename after the reorganization depends on it.
    unit_rename(actor=None, scope=system_scope(TODAY), code="CB-DH-1", name="Chi bộ Khoa Sử",
                effective=date(2025, 12, 1))
    state = db_state()
    with pytest.raises(ValidationError) as caught:
        reorganization_revert_last(actor=None, scope=system_scope())
    assert "Không thể hoàn tác đợt sắp xếp ngày 01/10/2025" in caught.value.messages[0]
    assert "có thay đổi đơn vị" in caught.value.messages[0]
    assert db_state() == state and Reorganization.objects.get(pk=first.pk).reverted_at is None


def test_revert_refuses_after_member_changes(small_tree):
    ids = add_members("CB-BD-1", 2)
    apply("merge,CB-BD-1,CB-BD-2")
    reorganization = Reorganization.objects.get()
    # A member moved by the merge leaves later: their new membership was changed.
    Membership.objects.filter(member_id=ids[0], valid_from=E).update(valid_to=date(2026, 1, 1))
    assert dependents(reorganization) == ["sinh hoạt đảng do đợt sắp xếp chuyển đã bị thay đổi sau đó"]
    Membership.objects.filter(member_id=ids[0], valid_from=E).update(valid_to=None)
    # A new member admitted into the branch after the reorganization.
    add_members("CB-BD-2", 1, since=date(2025, 12, 1))
    assert dependents(reorganization) == ["có sinh hoạt đảng của đảng viên ở đơn vị liên quan ghi sau đợt sắp xếp"]
    Membership.objects.filter(valid_from=date(2025, 12, 1)).delete()
    # A member event recorded for a member of a touched branch.
    with transaction.atomic():
        MemberEvent.objects.create(member_id=ids[1], kind="rating", effective_on=date(2025, 12, 31))
    assert dependents(reorganization) == ["có sự kiện đảng viên ở đơn vị liên quan ghi sau đợt sắp xếp"]


def test_revert_command_and_refusal_exit_code(small_tree):
    apply("rename,CB-NH-1,,Chi bộ Ngọc Hà")
    unit_rename(actor=None, scope=system_scope(TODAY), code="CB-NH-1", name="Tên khác", effective=date(2025, 12, 1))
    err = io.StringIO()
    with pytest.raises(CommandError, match="Không thể hoàn tác"):
        call_command("org_revert_last", stdout=io.StringIO(), stderr=err)


# --- History: as of a date, restated, timeline ---------------------------------------------------


def test_as_of_and_restated_counts(small_tree):
    add_members("CB-BD-1", 3)
    add_members("CB-BD-2", 2)
    add_members("CB-DH-1", 4)
    add_members("CB-NH-1", 5)
    apply("create,X-NEW,,Đảng bộ phường Mới,commune,T01", "move,CB-NH-1,X-NEW", "merge,CB-BD-1,CB-BD-2")
    scope = system_scope(TODAY)
    before = date(2025, 9, 1)
    # The new ward did not exist on 1/9/2025; by today's structure it had CB-NH-1's 5 members.
    counted = history.restated_member_count(scope=scope, code="X-NEW", as_of=before)
    assert (counted.as_of_count, counted.restated) == (None, 5)
    # CB-BD-2 had 2 members then; restated it has CB-BD-1's too (merged into it since).
    counted = history.restated_member_count(scope=scope, code="CB-BD-2", as_of=before)
    assert (counted.as_of_count, counted.restated) == (2, 5)
    assert counted.as_json()["structure_on"] == "2026-01-15"
    counted = history.restated_member_count(scope=scope, code="X00008", as_of=before)
    assert (counted.as_of_count, counted.restated) == (5, 0)
    counted = history.restated_member_count(scope=scope, code="T01", as_of=before)
    assert (counted.as_of_count, counted.restated) == (14, 14)
    rows = {r.version.unit.code: (r.as_of_count, r.restated)
            for r in history.restated_unit_counts(scope=scope, code="T01", as_of=before)}
    assert rows == {"X00004": (9, 9), "X00008": (5, 0), "X-NEW": (None, 5)}
    rows = {r.version.unit.code: (r.as_of_count, r.restated)
            for r in history.restated_unit_counts(scope=scope, code="X00004", as_of=before)}
    assert rows == {"CB-BD-2": (2, 5), "DBCS-BD": (4, 4)}
    # After the date, as-of and restated agree.
    counted = history.restated_member_count(scope=scope, code="X00004", as_of=TODAY)
    assert counted.as_of_count == counted.restated == 9


def test_unit_timeline_in_sentences(small_tree):
    apply("create,X-NEW,,Đảng bộ phường Mới,commune,T01", "move,CB-NH-1,X-NEW", "merge,X00004,X-NEW",
          "rename,CB-BD-1,,Chi bộ Khu phố Một")
    apply("move,DBCS-BD,X00008", effective=date(2025, 11, 1))
    new = Unit.objects.get(code="X-NEW")
    texts = [e.text for e in history.unit_timeline(unit=new)]
    assert texts == ["Thành lập ngày 1/10/2025 do hợp nhất Đảng bộ phường Ba Đình và một phần Đảng bộ phường Ngọc Hà"]
    entries = history.unit_timeline(unit=Unit.objects.get(code="X00004"))
    assert [e.text for e in entries] == ["Thành lập ngày 1/7/2025",
                                         "Giải thể, sáp nhập vào Đảng bộ phường Mới ngày 1/10/2025"]
    assert entries[1].reason == "Quyết định 01-QĐ/TU" and entries[1].reorganization_id is not None
    texts = [e.text for e in history.unit_timeline(unit=Unit.objects.get(code="CB-BD-1"))]
    assert texts == ["Thành lập ngày 1/7/2025", "Đổi tên thành «Chi bộ Khu phố Một» ngày 1/10/2025",
                     "Chuyển về trực thuộc Đảng bộ phường Mới ngày 1/10/2025"]
    texts = [e.text for e in history.unit_timeline(unit=at("DBCS-BD", TODAY))]
    assert texts == ["Thành lập ngày 1/7/2025", "Chuyển về trực thuộc Đảng bộ phường Mới ngày 1/10/2025",
                     "Chuyển về trực thuộc Đảng bộ phường Ngọc Hà ngày 1/11/2025"]
    texts = [e.text for e in history.unit_timeline(unit=Unit.objects.get(code="X00008"))]
    assert texts == ["Thành lập ngày 1/7/2025", "Tiếp nhận một phần Đảng bộ phường Mới ngày 1/11/2025"]
    apply("close,CB-BD-2", effective=date(2025, 12, 1))
    assert history.unit_timeline(unit=Unit.objects.get(code="CB-BD-2"))[-1].text == "Giải thể ngày 1/12/2025"


# --- Set-based: a move costs the same whatever the subtree's size --------------------------------


def test_a_move_costs_the_same_number_of_queries_for_any_subtree(small_tree):
    def queries(*lines: str, effective: date) -> int:
        with CaptureQueriesContext(connection) as captured:
            apply(*lines, effective=effective)
        return len(captured)

    small = queries("move,DBCS-BD,X00008", effective=date(2025, 9, 1))  # 2 units
    rows = ["code,name,kind,parent_code,valid_from"]
    rows += [f"CB-X-{i},Chi bộ {i},branch,DBCS-BD,2025-09-15" for i in range(300)]
    units_import(actor=None, scope=system_scope(TODAY), stream=io.StringIO("\n".join(rows) + "\n"))
    big = queries("move,DBCS-BD,X00004", effective=date(2025, 10, 1))  # 302 units
    assert big == small
    assert UnitVersion.objects.filter(valid_from=date(2025, 10, 1)).count() == 302
    assert_tree(E)


# --- Commands ------------------------------------------------------------------------------------


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.parametrize("reason", [None, "", "   "])
def test_applying_needs_the_decision_reference(small_tree, reason):
    """A reorganization carries out a decision; the service (not only the page) refuses to write
    one without its reference, whoever calls it."""
    audited = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as refused:
        reorganization_apply(actor=None, scope=system_scope(E), plan_rows=plan("rename,CB-BD-1,Chi bộ Mới"),
                             effective=E, reason=reason)
    assert refused.value.message_dict == {"reason": ["Căn cứ: hãy ghi số, ngày của quyết định."]}
    assert not Reorganization.objects.exists() and AuditEntry.objects.count() == audited


def test_reorganize_command_dry_run_apply_and_problems(small_tree, tmp_path):
    add_members("CB-BD-1", 2)
    good = tmp_path / "plan.csv"
    good.write_text("op,code,target,name,kind,parent\ncreate,X-NEW,,Đảng bộ phường Mới,commune,T01\n"
                    "merge,X00004,X-NEW,,,\nmerge,CB-BD-1,CB-BD-2,,,\n", encoding="utf-8")
    out, _ = run("org_reorganize", str(good), "--effective", "2025-10-01", "--dry-run", "--json")
    assert json.loads(out) == {"created": 1, "moved": 0, "merged": 2, "closed": 0, "renamed": 0, "members_moved": 2,
                               "problems": []}
    assert not Reorganization.objects.exists()
    # Applying carries out a decision: without its reference the service refuses (domain rule).
    with pytest.raises(CommandError, match="Căn cứ: hãy ghi số, ngày của quyết định."):
        run("org_reorganize", str(good), "--effective", "2025-10-01", "--json")
    assert not Reorganization.objects.exists()
    out, _ = run("org_reorganize", str(good), "--effective", "2025-10-01", "--reason", "QĐ 5", "--json")
    assert json.loads(out)["merged"] == 2 and Reorganization.objects.get().reason == "QĐ 5"
    bad = tmp_path / "bad.csv"
    bad.write_text("op,code,target,name,kind,parent\nmove,CB-BD-2,T79,,,\nclose,NOPE,,,,\n", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="2 lỗi"):
        call_command("org_reorganize", str(bad), "--effective", "2025-11-01", "--reason", "QĐ 6", "--json",
                     stdout=out, stderr=err)
    assert json.loads(out.getvalue())["problems"] == err.getvalue().splitlines() == [
        "dòng 2, cột target: «CB-BD-2» (loại branch) không thể trực thuộc «T79» (loại province)",
        "dòng 3, cột code: không tìm thấy đơn vị «NOPE»"]
    out, _ = run("org_revert_last", "--json")
    assert json.loads(out) == {"reverted": Reorganization.objects.get().pk, "effective": "2025-10-01"}
    with pytest.raises(CommandError, match="Ngày hiệu lực «2025-13-01» không hợp lệ"):
        run("org_reorganize", str(good), "--effective", "2025-13-01")


def test_reorganize_and_revert_last_exit_codes(small_tree, tmp_path):
    """`tochuc org reorganize` and `tochuc org revert-last`: exit codes and messages, in process (the
    console script itself is proved end to end by the org group's smoke test in orgs)."""
    good = tmp_path / "plan.csv"
    good.write_text("op,code,target,name,kind,parent\nmerge,X00008,X00004,,,\n", encoding="utf-8")
    bad = tmp_path / "bad.csv"
    bad.write_text("op,code,target,name,kind,parent\nclose,X00004,,,,\n", encoding="utf-8")
    code, _, err = cli("org_reorganize", str(bad), "--effective", "2025-10-01", "--reason", "QĐ 7")
    assert code == 1 and "dòng 2, cột code: «X00004» còn 3 đơn vị trực thuộc" in err
    code, out, _ = cli("org_reorganize", str(good), "--effective", "2025-10-01", "--dry-run", "--json")
    assert code == 0 and json.loads(out)["merged"] == 1
    code, _, err = cli("org_reorganize", str(good), "--effective", "2025-10-01")
    assert code == 1 and "Căn cứ: hãy ghi số, ngày của quyết định." in err
    code, _, err = cli("org_reorganize", str(good), "--effective", "2025-10-01", "--reason", "QĐ 7", "--json")
    assert code == 0, err
    assert Reorganization.objects.get().reason == "QĐ 7"
    code, out, _ = cli("org_revert_last")
    assert code == 0 and "Đã hoàn tác" in out
    code, _, err = cli("org_revert_last")
    assert code == 1 and "Chưa có đợt sắp xếp" in err


# --- Random trees, random valid plans ------------------------------------------------------------


def load_tree(tree) -> None:
    rows = ["code,name,kind,parent_code,valid_from"]
    for code, kind, parent, _members in tree:
        rows.append(f"{code},Tên {code},{kind},{parent or ''},{'1930-02-03' if parent is None else '2025-07-01'}")
    units_import(actor=None, scope=system_scope(TODAY), stream=io.StringIO("\n".join(rows) + "\n"))
    for code, _kind, _parent, members in tree:
        if members:
            add_members(code, members, since=date(2025, 7, 1))


@st.composite
def cases(draw):
    """A tree whose units start on 1/7/2025 and a plan effective then (versions change in place)
    or on 1/10/2025 (versions are closed and new ones open)."""
    tree = draw(trees(max_communes=3))
    effective = draw(st.sampled_from([E, date(2025, 7, 1)]))
    return tree, effective, draw(valid_plans(tree, effective, max_lines=5, allow_end=effective == E))


def placements(day: date) -> dict[int, tuple[int, str]]:
    """Member → (branch, branch's path) on ``day``."""
    paths = dict(versions_as_of(day).values_list("unit_id", "path"))
    return {m: (u, paths[u]) for m, u in primary_on(day)}


@settings(max_examples=40)
@given(cases())
def test_random_valid_plans_keep_a_tree_conserve_members_and_revert_exactly(db, case):
    tree, day, lines = case
    with transaction.atomic():
        load_tree(tree)
        before = db_state()
        was = placements(day)
        rows = [{"op": ln.op, "code": ln.code, "target": ln.target, "name": ln.name, "kind": ln.kind,
                 "parent": ln.parent} for ln in lines]
        preview = reorganization_preview(scope=system_scope(day), plan_rows=rows, effective=day)
        assert preview.ok, preview.problems
        done = reorganization_apply(actor=None, scope=system_scope(day), plan_rows=rows, effective=day, reason="QĐ 1")
        assert done.as_json() == preview.as_json()
        assert_tree(day)
        assert_tree(day - timedelta(days=1))
        assert_members_placed(day)
        now = placements(day)
        assert set(now) == set(was)  # nobody gained or lost a branch
        # members_moved: exactly the members whose branch, or its place in the tree, changed.
        assert done.members_moved == sum(1 for m in was if was[m] != now[m])
        connection.check_constraints()
        reorganization_revert_last(actor=None, scope=system_scope())
        assert db_state() == before
        connection.check_constraints()
        transaction.set_rollback(True)
