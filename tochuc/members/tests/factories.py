"""Members for every app's tests: the one place a test member is built.

Three ways, from the most faithful to the fastest:
- ``admit``: one member through the admission service (events, audit, kept figures — as a clerk would);
- ``import_members``: official (or probationary) members through the import writer, with card numbers;
- ``bulk_members`` / ``add_members``: many members written set-based, as the demo loader does (no
  events, no audit row, no stamp bump: callers that keep figures bump them, see reports' factories).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from django.utils import timezone

from tochuc.core.bulk import allocate_ids, bulk_insert
from tochuc.members.lifecycle import member_admit
from tochuc.members.models import Member, Membership
from tochuc.orgs.models import Unit

SINCE = date(2025, 8, 1)
MEMBER_FIELDS = ("id", "full_name", "search_key", "birth_date", "sex", "ethnicity", "religion", "hometown",
                 "national_id", "phone", "education", "theory_level", "admitted_on", "official_on", "card_number",
                 "status", "exempted", "created_at")
# A long-standing official member: what a set-based member is unless the test says otherwise.
DEFAULTS: dict[str, Any] = {"birth_date": date(1980, 1, 1), "sex": "nam", "ethnicity": "", "religion": "",
                            "hometown": "", "national_id": None, "phone": "", "education": "", "theory_level": "",
                            "admitted_on": date(2010, 1, 1), "official_on": date(2011, 1, 1), "card_number": None,
                            "exempted": False}


def admit(scope, name: str, branch: str = "CB-BD-1", *, birth: date = date(1990, 1, 1), sex: str = "nam",
          admitted: date = SINCE, **extra) -> Member:
    """One probationary member admitted to ``branch`` through the service (``extra``: national_id,
    phone, reason, consent_over_age…)."""
    return member_admit(actor=None, scope=scope, branch_code=branch, full_name=name, birth_date=birth, sex=sex,
                        admitted_on=admitted, **extra)


def import_members(unit_code: str, names: list[str], *, card_start: int = 1000001, official: bool = True,
                   joined: date = date(2025, 7, 1)) -> list[Member]:
    """Members of ``unit_code`` through the import writer: births, sexes spread by position, admitted
    1/1/2015, official 1/1/2016 (or probationary), cards ``card_start + position``; ordered by card."""
    from django.db import transaction

    from tochuc.members.importing import MemberRow
    from tochuc.members.services import members_write_rows

    unit = Unit.objects.get(code=unit_code)
    rows = [MemberRow(row=i, full_name=name, birth_date=date(1980, 1 + i % 12, 1 + i % 28),
                      sex="nam" if i % 2 else "nu",
                      unit_id=unit.pk, admitted_on=date(2015, 1, 1), official_on=date(2016, 1, 1) if official else None,
                      card_number=str(card_start + i), national_id=None, ethnicity="01", joined_branch_on=joined)
            for i, name in enumerate(names)]
    with transaction.atomic():
        members_write_rows(actor=None, rows=rows, source="test", reason=None)
    return list(Member.objects.filter(card_number__in=[r.card_number for r in rows]).order_by("card_number"))


def bulk_members(unit_ids: Sequence[int], *, since: date = SINCE, until: date | None = None, kind: str = "primary",
                 attrs: Callable[[int, int], dict[str, Any]] | None = None) -> list[int]:
    """One member per entry of ``unit_ids``, each with a ``kind`` membership there from ``since`` (to
    ``until``), written set-based. ``attrs(member_id, position)`` overrides ``DEFAULTS``; the status
    follows ``official_on`` unless given."""
    ids = allocate_ids(Member, len(unit_ids))
    now = timezone.now()
    rows = []
    for n, i in enumerate(ids):
        values = {"full_name": f"Đảng viên {i}", "search_key": f"dang vien {i}", **DEFAULTS,
                  **(attrs(i, n) if attrs else {})}
        values.setdefault("status", "official" if values["official_on"] else "probationary")
        rows.append((i, *(values[f] for f in MEMBER_FIELDS[1:-1]), now))
    bulk_insert(Member, MEMBER_FIELDS, rows)
    bulk_insert(Membership, ("member", "unit", "kind", "valid_from", "valid_to"),
                [(i, u, kind, since, until) for i, u in zip(ids, unit_ids, strict=True)])
    return ids


def add_members(branch: str, count: int, *, since: date = SINCE, until: date | None = None, kind: str = "primary",
                attrs: Callable[[int, int], dict[str, Any]] | None = None) -> list[int]:
    """``count`` members of the unit coded ``branch`` (see ``bulk_members``)."""
    unit_id = Unit.objects.get(code=branch).pk
    return bulk_members([unit_id] * count, since=since, until=until, kind=kind, attrs=attrs)
