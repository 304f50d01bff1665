import io

import pytest

from tochuc.conftest import SMALL_TREE_CSV, TODAY
from tochuc.orgs.importing import ImportRejected
from tochuc.orgs.models import Unit, UnitVersion
from tochuc.orgs.services import units_import

HEADER = "code,name,kind,parent_code,valid_from\n"


def run_import(system, text: str):
    return units_import(actor=None, scope=system, stream=io.BytesIO(text.encode()), source="t.csv")


def rejected(system, text: str) -> list[str]:
    with pytest.raises(ImportRejected) as info:
        run_import(system, text)
    return [str(e) for e in info.value.errors]


def test_parents_may_come_after_children(db, system):
    text = HEADER + (
        "CB1,Chi bộ 1,branch,X1,2025-07-01\nX1,Đảng bộ xã Một,commune,T1,01/07/2025\n"
        "T1,Đảng bộ tỉnh Một,province,TW,2025-07-01\nTW,Trung ương,central,,1930-02-03\n"
    )
    result = run_import(system, text)
    assert result.created == 4
    branch = UnitVersion.objects.get(unit__code="CB1")
    chain = [Unit.objects.get(pk=i).code for i in __import__("tochuc.domain.orgs",
                                                             fromlist=["x"]).path_ids(branch.path)]
    assert chain == ["TW", "T1", "X1", "CB1"]
    assert branch.depth == 3 and branch.search_key == "chi bo 1"


def test_every_bad_row_is_reported_and_nothing_written(db, system):
    text = HEADER + (
        "TW,Trung ương,central,,1930-02-03\n"          # 2 ok
        "T1,Tỉnh Một,provinz,TW,2025-07-01\n"           # 3 unknown kind
        "X1,Xã Một,commune,T9,2025-07-01\n"             # 4 unknown parent
        "X1,Xã Một lần hai,commune,TW,2025-07-01\n"     # 5 duplicate code (+ kind under central)
        "X2,Xã Hai,commune,TW,2025-13-01\n"             # 6 bad date
        "A,Vòng A,commune,B,2025-07-01\n"               # 7 cycle
        "B,Vòng B,province,A,2025-07-01\n"              # 8 cycle
        "X3,,commune,TW,2025-07-01\n"                   # 9 missing name
        "X4,Xã Bốn,commune,,2025-07-01\n"               # 10 missing parent
    )
    problems = rejected(system, text)
    joined = "\n".join(problems)
    assert "dòng 3, cột kind: loại «provinz» không hợp lệ" in joined
    assert "dòng 4, cột parent_code: không tìm thấy cấp trên «T9»" in joined
    assert "dòng 5, cột code: mã «X1» trùng với dòng 4" in joined
    assert "dòng 6, cột valid_from: ngày «2025-13-01» không hợp lệ" in joined
    assert any(p.startswith("dòng 7, cột parent_code: vòng lặp cấp trên") for p in problems)
    assert any(p.startswith("dòng 8, cột parent_code: vòng lặp cấp trên") for p in problems)
    assert "dòng 9, cột name: thiếu tên đơn vị" in joined
    assert "dòng 10, cột parent_code: thiếu mã cấp trên" in joined
    assert Unit.objects.count() == 0 and UnitVersion.objects.count() == 0


def test_parent_of_improper_kind_and_parent_not_yet_existing(db, system):
    text = HEADER + (
        "TW,Trung ương,central,,1930-02-03\n"
        "T1,Tỉnh Một,province,TW,2025-07-01\n"
        "CB,Chi bộ thẳng dưới tỉnh,branch,T1,2025-07-01\n"
        "X1,Xã Một,commune,T1,2025-06-01\n"
        "H1,Huyện mới,district,T1,2025-08-01\n"
    )
    joined = "\n".join(rejected(system, text))
    assert "dòng 4, cột parent_code: «branch» không thể trực thuộc «province»" in joined
    assert "dòng 5, cột valid_from: cấp trên «T1» chưa hoặc không còn tồn tại vào ngày 01/06/2025" in joined
    assert "dòng 6, cột kind: cấp huyện đã kết thúc từ 01/07/2025" in joined


def test_missing_columns_and_duplicates_against_database(small_tree, system):
    assert rejected(system, "code,name,kind\nA,B,branch\n")[0].startswith("dòng 1, cột parent_code: thiếu cột bắt buộc")
    problems = rejected(system, HEADER + "X00004,Trùng mã,commune,T01,2025-07-01\n")
    assert problems == ["dòng 2, cột code: mã «X00004» đã có trong hệ thống"]


def test_import_under_existing_parent_extends_paths(small_tree, system):
    run_import(system, HEADER + "CB-NEW,Chi bộ mới,branch,X00008,2025-09-01\n")
    new = UnitVersion.objects.get(unit__code="CB-NEW")
    parent = UnitVersion.objects.get(unit__code="X00008")
    assert new.path.startswith(parent.path) and new.depth == parent.depth + 1


def test_import_writes_one_audit_row_per_top(db, system):
    from tochuc.audit.models import AuditEntry

    run_import(system, SMALL_TREE_CSV)
    entry = AuditEntry.objects.get(action="unit.import")
    assert entry.after["count"] == 12 and entry.unit.code == "TW"


def test_scope_without_rights_cannot_import(small_tree):
    from django.core.exceptions import PermissionDenied

    from tochuc.core.scope import Scope, resolve_paths

    unit_ids = (Unit.objects.get(code="X26734").pk,)
    clerk = Scope(role="clerk", unit_ids=unit_ids, paths=resolve_paths(unit_ids, TODAY), as_of=TODAY)
    with pytest.raises(PermissionDenied):
        run_import(clerk, HEADER + "CB-X,Chi bộ lạ,branch,X00004,2025-09-01\n")
    assert not Unit.objects.filter(code="CB-X").exists()
    run_import(clerk, HEADER + "CB-Y,Chi bộ mới,branch,X26734,2025-09-01\n")
    assert Unit.objects.filter(code="CB-Y").exists()


def test_non_utf8_file_is_rejected(db, system):
    with pytest.raises(ImportRejected) as info:
        units_import(actor=None, scope=system,
                     stream=io.BytesIO(HEADER.encode() + "T,Tỉnh Hà Nam,province,TW,2025-07-01\n".encode("utf-16")))
    assert "UTF-8" in str(info.value.errors[0])
