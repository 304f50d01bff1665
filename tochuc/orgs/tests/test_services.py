from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tochuc.audit.models import AuditEntry
from tochuc.orgs.models import UnitVersion
from tochuc.orgs.selectors import unit_get
from tochuc.orgs.services import unit_create, unit_rename
from tochuc.orgs.tests.test_selectors import scope_of


def test_create_under_parent_writes_version_and_audit(small_tree, system):
    version = unit_create(actor=None, scope=system, code="CB-BD-3", name="Chi bộ Khu phố 3", kind="branch",
                          parent_code="X00004", valid_from=date(2025, 9, 1), reason="Quyết định thành lập")
    parent = unit_get(scope=system, code="X00004")
    assert version.path.startswith(parent.path) and version.depth == parent.depth + 1
    entry = AuditEntry.objects.get(action="unit.create")
    assert entry.unit_id == version.unit_id and entry.after["kind"] == "branch"


@pytest.mark.parametrize(
    ("kind", "parent", "day", "message"),
    [
        ("branch", "T01", date(2025, 9, 1), "không thể trực thuộc"),
        ("branch", "X00004", date(2025, 6, 1), "Không tìm thấy cấp trên"),
        ("district", "T01", date(2025, 9, 1), "Cấp huyện đã kết thúc"),
        ("branch", "NOPE", date(2025, 9, 1), "Không tìm thấy cấp trên"),
    ],
)
def test_create_refuses_bad_input(small_tree, system, kind, parent, day, message):
    with pytest.raises(ValidationError, match=message):
        unit_create(actor=None, scope=system, code="NEW", name="Mới", kind=kind, parent_code=parent, valid_from=day)
    assert not UnitVersion.objects.filter(unit__code="NEW").exists()


def test_writes_outside_scope_or_by_viewer_are_refused(small_tree):
    with pytest.raises(PermissionDenied):
        unit_create(actor=None, scope=scope_of("X00004", role="clerk"), code="NEW", name="Mới", kind="branch",
                    parent_code="X00008", valid_from=date(2025, 9, 1))
    with pytest.raises(PermissionDenied):
        unit_rename(actor=None, scope=scope_of("X00004", role="viewer"), code="CB-BD-1", name="Tên mới",
                    effective=date(2025, 9, 1))
    assert AuditEntry.objects.filter(action__in=["unit.create", "unit.rename"]).count() == 0


def test_rename_must_move_forward_in_time(small_tree, system):
    with pytest.raises(ValidationError):
        unit_rename(actor=None, scope=system, code="CB-BD-1", name="Tên mới", effective=date(2025, 7, 1))
