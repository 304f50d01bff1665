"""A branch renamed from a later date is the same open branch until then: it receives members
today, by admission and by import (issue 13, point 12: the import looked only for versions
without an end, and a rename from a later date ends today's version on that day)."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest

from tochuc.core.scope import system_scope
from tochuc.members.lifecycle import member_admit
from tochuc.members.models import Member
from tochuc.members.services import members_import
from tochuc.orgs.services import unit_rename

HEADER = "full_name,birth_date,gender,branch_code,admitted_on,official_on,card_number,national_id,ethnicity\n"


@pytest.fixture
def renamed_later(small_tree):
    unit_rename(actor=None, scope=system_scope(), code="CB-BD-1", name="Chi bộ Khu phố 1 (mới)",
                effective=date.today() + timedelta(days=30))


@pytest.mark.django_db
def test_a_branch_renamed_from_a_later_date_receives_an_admission_today(renamed_later):
    member = member_admit(actor=None, scope=system_scope(), branch_code="CB-BD-1", full_name="Nguyễn Văn Tới",
                          birth_date=date(1990, 1, 1), sex="nam", admitted_on=date.today())
    assert member.pk


@pytest.mark.django_db
def test_a_branch_renamed_from_a_later_date_receives_an_import_today(renamed_later):
    admitted = (date.today() - timedelta(days=10)).isoformat()
    csv = HEADER + f"Trần Thị Nhập,1992-03-04,nu,CB-BD-1,{admitted},,,,\n"
    result = members_import(actor=None, scope=system_scope(), stream=io.BytesIO(csv.encode()), source="t.csv")
    assert result.created == 1, result
    assert Member.objects.filter(full_name="Trần Thị Nhập").exists()
