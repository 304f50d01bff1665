from __future__ import annotations

from datetime import date

import pytest

from tochuc.documents.seed import seed_documents
from tochuc.members.lifecycle import member_admit


@pytest.fixture
def seeded(small_tree, system):
    seed_documents(scope=system, owner_code="TW")
    from tochuc.documents.models import Document

    return {d.code: d for d in Document.objects.all()}


@pytest.fixture
def people(small_tree, system):
    def admit(code, name, admitted=date(2025, 8, 1)):
        return member_admit(actor=None, scope=system, branch_code=code, full_name=name, birth_date=date(1990, 1, 1),
                            sex="nam", admitted_on=admitted)

    return {
        "bd1a": admit("CB-BD-1", "Nguyễn Văn An"), "bd1b": admit("CB-BD-1", "Trần Thị Bình"),
        "bd2": admit("CB-BD-2", "Lê Văn Cường"), "dh": admit("CB-DH-1", "Phạm Thị Dung", date(2025, 8, 15)),
        "nh": admit("CB-NH-1", "Hoàng Văn Em"), "sg": admit("CB-SG-1", "Võ Thị Sài Gòn"),
    }
