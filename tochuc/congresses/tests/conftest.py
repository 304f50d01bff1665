"""A small members' congress: Chi bộ Khu phố 1 (CB-BD-1, Ba Đình) with official members."""

from __future__ import annotations

from datetime import date

import pytest

NAMES = ["Nguyễn Văn Đức", "Trần Thị Hằng", "Lê Quang Vũ", "Phạm Thị Ngọc Ánh", "Hoàng Văn Sơn",
         "Vũ Thị Thủy", "Đặng Minh Khoa", "Bùi Thị Lưu", "Đỗ Văn Ước"]


def add_members(unit_code: str, names: list[str], *, card_start: int = 1000001, official: bool = True):
    """Members of ``unit_code`` through the import writer (the members' factory)."""
    from tochuc.members.tests.factories import import_members

    return import_members(unit_code, names, card_start=card_start, official=official)


@pytest.fixture
def branch_members(small_tree):
    return add_members("CB-BD-1", NAMES)


@pytest.fixture
def congress(branch_members, commune_clerk):
    from tochuc.congresses.services import congress_create
    from tochuc.core.scope import scope_for_user

    scope = scope_for_user(commune_clerk, date(2026, 1, 15))
    return congress_create(actor=commune_clerk, scope=scope, unit_code="CB-BD-1", kind="members",
                           starts_on=date(2026, 1, 20), ends_on=date(2026, 1, 20), cutoff_on=date(2026, 1, 10),
                           name="Đại hội Chi bộ Khu phố 1 nhiệm kỳ 2025–2030")


@pytest.fixture
def clerk_scope(commune_clerk):
    from tochuc.core.scope import scope_for_user

    return scope_for_user(commune_clerk, date(2026, 1, 15))


@pytest.fixture
def counted_election(congress, commune_clerk, clerk_scope):
    """Chi ủy of 3 (strike ballots, 4 names) counted from 9 ballots entered twice, all present."""
    from tochuc.congresses import services
    from tochuc.congresses.models import Delegate

    services.summons_generate(actor=commune_clerk, scope=clerk_scope, congress=congress)
    for d in Delegate.objects.filter(congress=congress):
        services.delegate_check_in(actor=commune_clerk, scope=clerk_scope, congress=congress, delegate=d)
    services.counting_members_set(actor=commune_clerk, scope=clerk_scope, congress=congress,
                                  members=[("Bùi Thị Lưu", "Trưởng ban"), ("Đỗ Văn Ước", "Thành viên")])
    election = services.election_create(actor=commune_clerk, scope=clerk_scope, congress=congress, kind="executive",
                                        seats=3)
    for name in ("Nguyễn Văn Đức", "Trần Thị Hằng", "Phạm Thị Ngọc Ánh", "Lê Quang Vũ"):
        services.candidate_add(actor=commune_clerk, scope=clerk_scope, election=election, full_name=name)
    round_ = services.round_open(actor=commune_clerk, scope=clerk_scope, election=election, issued=9)
    ids = {c.full_name: c.pk for c in round_.candidates.all()}
    d, h, a, v = (ids[n] for n in ("Nguyễn Văn Đức", "Trần Thị Hằng", "Phạm Thị Ngọc Ánh", "Lê Quang Vũ"))
    # Đức 8, Ánh 7, Hằng 6, Vũ 4 ; base 9 → needs 5
    piles = [[d, h, a], [d, h, a], [d, h, a], [d, h, a], [d, a, v], [d, a, v], [d, h, v], [d, h, a, v], [a, v]]
    piles[7] = [d, h]
    for teller in (1, 2):
        services.ballots_enter_many(actor=None, scope=_system(), round_=round_, teller=teller,
                                    entries=[(n, kept, "") for n, kept in enumerate(piles, 1)])
    services.round_count(actor=commune_clerk, scope=clerk_scope, round_=round_)
    round_.refresh_from_db()
    return round_


def _system():
    from tochuc.core.scope import system_scope

    return system_scope(date(2026, 1, 15))
