"""A small members' congress: Chi bộ Khu phố 1 (CB-BD-1, Ba Đình) with official members."""

from __future__ import annotations

from datetime import date

import pytest

NAMES = ["Nguyễn Văn Đức", "Trần Thị Hằng", "Lê Quang Vũ", "Phạm Thị Ngọc Ánh", "Hoàng Văn Sơn",
         "Vũ Thị Thủy", "Đặng Minh Khoa", "Bùi Thị Lưu", "Đỗ Văn Ước"]


def add_members(unit_code: str, names: list[str], *, card_start: int = 1000001, official: bool = True):
    from django.db import transaction

    from tochuc.members.importing import MemberRow
    from tochuc.members.models import Member
    from tochuc.members.services import members_write_rows
    from tochuc.orgs.models import Unit

    unit = Unit.objects.get(code=unit_code)
    rows = [MemberRow(row=i, full_name=name, birth_date=date(1980, 1 + i % 12, 1 + i % 28), sex="nam" if i % 2 else "nu",
                      unit_id=unit.pk, admitted_on=date(2015, 1, 1), official_on=date(2016, 1, 1) if official else None,
                      card_number=str(card_start + i), national_id=None, ethnicity="01",
                      joined_branch_on=date(2025, 7, 1))
            for i, name in enumerate(names)]
    with transaction.atomic():
        members_write_rows(actor=None, rows=rows, source="test", reason=None)
    return list(Member.objects.filter(card_number__in=[r.card_number for r in rows]).order_by("card_number"))


@pytest.fixture
def branch_members(small_tree):
    return add_members("CB-BD-1", NAMES)


@pytest.fixture
def congress(branch_members, commune_clerk):
    from tochuc.accounts.scope import scope_for_user
    from tochuc.congresses.services import congress_create

    scope = scope_for_user(commune_clerk, date(2026, 1, 15))
    return congress_create(actor=commune_clerk, scope=scope, unit_code="CB-BD-1", kind="members",
                           starts_on=date(2026, 1, 20), ends_on=date(2026, 1, 20), cutoff_on=date(2026, 1, 10),
                           name="Đại hội Chi bộ Khu phố 1 nhiệm kỳ 2025–2030")


@pytest.fixture
def clerk_scope(commune_clerk):
    from tochuc.accounts.scope import scope_for_user

    return scope_for_user(commune_clerk, date(2026, 1, 15))
