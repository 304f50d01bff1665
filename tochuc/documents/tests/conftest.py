from __future__ import annotations

from datetime import date

import pytest

from tochuc.documents.seed import seed_documents
from tochuc.members.tests.factories import admit as admit_member


@pytest.fixture
def seeded(small_tree, system):
    seed_documents(scope=system, owner_code="TW")
    from tochuc.documents.models import Document

    return {d.code: d for d in Document.objects.all()}


@pytest.fixture
def people(small_tree, system):
    def admit(code, name, admitted=date(2025, 8, 1)):
        return admit_member(system, name, code, admitted=admitted)

    return {
        "bd1a": admit("CB-BD-1", "Nguyễn Văn An"), "bd1b": admit("CB-BD-1", "Trần Thị Bình"),
        "bd2": admit("CB-BD-2", "Lê Văn Cường"), "dh": admit("CB-DH-1", "Phạm Thị Dung", date(2025, 8, 15)),
        "nh": admit("CB-NH-1", "Hoàng Văn Em"), "sg": admit("CB-SG-1", "Võ Thị Sài Gòn"),
    }
