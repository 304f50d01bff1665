"""A member file re-imported without citizen IDs or card numbers must not create everyone twice:
name (folded) + birth date + branch is checked against the branch and the file (issue 13, 12)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from tochuc.core.tabular import ImportRejected
from tochuc.members.models import ImportJob, Member
from tochuc.members.tests.test_import import HEADER, do_import

BARE = HEADER + (
    "Nguyễn Văn An,1980-01-01,nam,CB-BD-1,2010-01-01,2011-01-02,,,\nLê Thị Bình,1985-03-04,nữ,CB-BD-1,2012-01-01,,,,\n"
)


def test_a_re_imported_file_is_refused_row_by_row_and_writes_nothing(small_tree, system):
    assert do_import(system, BARE).created == 2
    with pytest.raises(ImportRejected) as info:
        do_import(system, BARE)
    assert [str(e) for e in info.value.errors] == [
        "dòng 2, cột full_name: «Nguyễn Văn An», sinh 01/01/1980, đã có trong chi bộ CB-BD-1 "
        "(nhập lại? nếu đúng là người khác, chọn «cho phép trùng»)",
        "dòng 3, cột full_name: «Lê Thị Bình», sinh 04/03/1985, đã có trong chi bộ CB-BD-1 "
        "(nhập lại? nếu đúng là người khác, chọn «cho phép trùng»)",
    ]
    assert Member.objects.count() == 2
    assert do_import(system, BARE, allow_duplicates=True).created == 2  # the explicit override
    assert Member.objects.count() == 4


def test_the_same_person_twice_in_one_file_is_refused_with_the_other_row(small_tree, system):
    text = HEADER + (
        "Nguyễn Văn An,1980-01-01,nam,CB-BD-1,2010-01-01,,,,\nnguyen van  AN,01/01/1980,nam,CB-BD-1,2010-01-01,,,,\n"
    )
    with pytest.raises(ImportRejected) as info:
        do_import(system, text)
    assert [str(e) for e in info.value.errors] == [
        "dòng 3, cột full_name: «nguyen van AN», sinh 01/01/1980, trùng với dòng 2 cùng chi bộ "
        "(nếu đúng là hai người, chọn «cho phép trùng»)"]
    assert do_import(system, text, allow_duplicates=True).created == 2


def test_same_name_and_birth_in_another_branch_or_another_birth_date_is_not_a_duplicate(small_tree, system):
    do_import(system, BARE)
    other = HEADER + (
        "Nguyễn Văn An,1980-01-01,nam,CB-BD-2,2010-01-01,,,,\nNguyễn Văn An,1980-01-02,nam,CB-BD-1,2010-01-01,,,,\n"
    )
    assert do_import(system, other).created == 2


def test_command_refuses_duplicates_unless_allowed(small_tree, tmp_path):
    path = tmp_path / "dv.csv"
    path.write_text(BARE, encoding="utf-8")
    call_command("members_import", str(path), "--no-progress", stdout=io.StringIO())
    err = io.StringIO()
    with pytest.raises(CommandError, match="2 lỗi"):
        call_command("members_import", str(path), "--no-progress", stdout=io.StringIO(), stderr=err)
    assert "dòng 2, cột full_name" in err.getvalue() and Member.objects.count() == 2
    call_command("members_import", str(path), "--no-progress", "--allow-duplicates", stdout=io.StringIO())
    assert Member.objects.count() == 4


@pytest.mark.django_db(transaction=True)
def test_web_page_and_api_have_the_override(small_tree, province_clerk, client):
    from tochuc.accounts.services import api_token_create

    client.force_login(province_clerk)
    assert 'name="allow_duplicates"' in client.get("/dang-vien/nhap/").content.decode()

    def upload(**extra):
        return client.post("/dang-vien/nhap/", {"file": SimpleUploadedFile("dv.csv", BARE.encode()), **extra})

    upload()
    page = client.get(upload()["Location"]).content.decode()
    assert "dòng 2, cột full_name" in page and "đã có trong chi bộ CB-BD-1" in page and Member.objects.count() == 2
    client.get(upload(allow_duplicates="1")["Location"])
    assert Member.objects.count() == 4

    headers = {"Authorization": f"Bearer {api_token_create(actor=None, user=province_clerk)}"}
    refused = client.post("/api/v1/members/imports", {"file": SimpleUploadedFile("dv.csv", BARE.encode())},
                          headers=headers)
    assert refused.status_code == 202
    body = client.get(f"/api/v1/members/imports/{refused.json()['id']}", headers=headers).json()
    assert body["status"] == "rejected" and any("đã có trong chi bộ" in p for p in body["problems"])
    allowed = client.post("/api/v1/members/imports", {"file": SimpleUploadedFile("dv.csv", BARE.encode()),
                                                      "allow_duplicates": "true"}, headers=headers)
    assert allowed.json()["status"] == "done" and Member.objects.count() == 6
    assert ImportJob.objects.filter(allow_duplicates=True).count() == 2
