import io
import json
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tochuc.core.tabular import ImportRejected
from tochuc.domain.members.citizen_id import make_citizen_id
from tochuc.members.models import Member, Membership, MemberStatus
from tochuc.members.services import members_import

HEADER = "full_name,birth_date,gender,branch_code,admitted_on,official_on,card_number,national_id,ethnicity\n"


def csv_rows(n: int, branch: str = "CB-BD-1") -> list[str]:
    rows = []
    for i in range(n):
        birth = date(1960 + i % 25, 1 + i % 12, 1 + i % 28)
        sex = "nam" if i % 2 else "nữ"
        nid = make_citizen_id("001", "nam" if i % 2 else "nu", birth, i)  # serial i: unique per row
        rows.append(
            f"Nguyễn Văn Thử {i},{birth.isoformat()},{sex},{branch},2010-05-19,19/05/2011,{10_000_000 + i},{nid},Kinh"
        )
    return rows


def do_import(system, text: str, **kwargs):
    return members_import(actor=None, scope=system, stream=io.BytesIO(text.encode()), source="dv.csv", **kwargs)


def test_ethnicity_is_read_by_the_domain_lookup(small_tree, system):
    """Codes, official names and the other names of the official list ("Mèo" is Mông, "Khmer" is
    Khơ-me) all resolve through tochuc.domain.members.reference.ethnic_code."""
    rows = ["Lý Thị Mai,1990-03-04,nữ,CB-BD-1,2015-05-19,2016-05-19,,,Mèo",
            "Thạch Sơn,1991-03-04,nam,CB-BD-1,2015-05-19,2016-05-19,,,Khmer",
            "Lò Văn Hải,1992-03-04,nam,CB-BD-1,2015-05-19,2016-05-19,,,Dân tộc Thái",
            "Hoàng Văn Ba,1993-03-04,nam,CB-BD-1,2015-05-19,2016-05-19,,,2"]
    assert do_import(system, HEADER + "\n".join(rows) + "\n").created == 4
    assert dict(Member.objects.values_list("full_name", "ethnicity")) == {
        "Lý Thị Mai": "08", "Thạch Sơn": "05", "Lò Văn Hải": "03", "Hoàng Văn Ba": "02"}


def test_good_file_creates_members_and_memberships(small_tree, system):
    result = do_import(system,
                       HEADER + "\n".join(csv_rows(5)) + "\nTrần Thị Dự Bị,2000-02-29,nữ,CB-NH-1,2025-03-03,,,,Tày\n")
    assert result.created == 6
    probationary = Member.objects.get(full_name="Trần Thị Dự Bị")
    assert probationary.status == MemberStatus.PROBATIONARY and probationary.ethnicity == "02"
    assert probationary.search_key == "tran thi du bi"
    # The branch exists from 1/7/2025: the membership is recorded from then, not from admission.
    ship = Membership.objects.get(member=probationary)
    assert ship.valid_from == date(2025, 7, 1) and ship.valid_to is None
    assert Member.objects.filter(status=MemberStatus.OFFICIAL).count() == 5


def test_one_bad_row_among_many_writes_nothing_and_names_it(small_tree, system):
    rows = csv_rows(10_000)
    rows[7_136] = rows[7_136].replace("2010-05-19", "2010-13-19")  # file row 7,138
    with pytest.raises(ImportRejected) as info:
        do_import(system, HEADER + "\n".join(rows))
    assert [str(e) for e in info.value.errors] == [
        "dòng 7138, cột admitted_on: ngày «2010-13-19» không hợp lệ (dùng YYYY-MM-DD hoặc DD/MM/YYYY)"]
    assert Member.objects.count() == 0 and Membership.objects.count() == 0
    result = do_import(system, HEADER + "\n".join(rows), skip_bad_rows=True)
    assert result.created == 9_999 and result.rejected_rows == {7_138}


def test_every_kind_of_bad_value_is_reported(small_tree, system):
    do_import(system, HEADER + csv_rows(1)[0])  # card 10000000 and its citizen ID now exist
    existing_id = Member.objects.get().national_id
    text = HEADER + "\n".join([
        ",1980-01-01,nam,CB-BD-1,2010-01-01,,,,",  # 2 name
        "A,1980-01-01,khac,CB-BD-1,2010-01-01,,,,",  # 3 gender
        "B,1980-01-01,nam,X00004,2010-01-01,,,,",  # 4 not a branch
        "C,1980-01-01,nam,CB-SG-9,2010-01-01,,,,",  # 5 unknown branch
        "D,2000-01-01,nam,CB-BD-1,2015-01-01,,,,",  # 6 under 18
        "E,1980-01-01,nam,CB-BD-1,2010-01-01,2010-06-01,,,",  # 7 official too early
        f"F,1980-01-01,nam,CB-BD-1,2010-01-01,2011-01-01,10000000,{existing_id},",  # 8 card + id taken
        "G,1980-01-01,nam,CB-BD-1,2010-01-01,,55555555,,",  # 9 card for a probationary member
        "H,1980-01-01,nam,CB-BD-1,2010-01-01,,,001080000001,",  # 10 sex digit wrong (male 1980 → 0 ok) ; year ok
        "I,1980-01-01,nữ,CB-BD-1,2010-01-01,,,001080000002,",  # 11 female needs 1
        "J,1980-01-01,nam,CB-BD-1,2010-01-01,,,,Klingon",  # 12 ethnicity
        "K,1980-01-01,nam,CB-BD-1,2010-01-01,,,001080000001,",  # 13 duplicate id in file (row 10)
    ])
    with pytest.raises(ImportRejected) as info:
        do_import(system, text)
    found = {(e.row, e.column) for e in info.value.errors}
    assert found == {(2, "full_name"), (3, "gender"), (4, "branch_code"), (5, "branch_code"), (6, "admitted_on"),
                     (7, "official_on"), (8, "card_number"), (8, "national_id"), (9, "card_number"),
                     (11, "national_id"), (12, "ethnicity"), (13, "national_id")}
    assert Member.objects.count() == 1


def test_import_outside_scope_is_refused(small_tree):
    from tochuc.orgs.tests.test_selectors import scope_of

    with pytest.raises(ImportRejected) as info:
        do_import(scope_of("X00004", role="clerk"), HEADER + csv_rows(1, branch="CB-SG-1")[0])
    assert info.value.errors[0].column == "branch_code"


def test_xlsx_import(small_tree, system, tmp_path):
    import xlsxwriter

    path = tmp_path / "dv.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, HEADER.strip().split(","))
    sheet.write_row(1, 0, ["Lê Văn Excel", "1975-03-04", "nam", "CB-BD-2", "19/05/2000", "19/05/2001", "", "", "01"])
    book.close()
    with path.open("rb") as stream:
        result = members_import(actor=None, scope=system, stream=stream, source="dv.xlsx")
    assert result.created == 1 and Member.objects.get().admitted_on == date(2000, 5, 19)


def test_command_with_skip_bad_rows_writes_rejects(small_tree, tmp_path):
    rows = csv_rows(20)
    rows[3] = rows[3].replace(",nữ,", ",?,").replace(",nam,", ",?,")
    path = tmp_path / "dv.csv"
    path.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("members_import", str(path), "--no-progress", stdout=io.StringIO(), stderr=io.StringIO())
    assert Member.objects.count() == 0
    out = io.StringIO()
    call_command("members_import", str(path), "--skip-bad-rows", "--no-progress", stdout=out, stderr=io.StringIO())
    assert Member.objects.count() == 19
    rejects = (tmp_path / "dv.loi.csv").read_text(encoding="utf-8").splitlines()
    assert len(rejects) == 2 and rejects[1].endswith("gender: giới tính «?» không hợp lệ (dùng «nam» hoặc «nữ»)")
    stats = io.StringIO()
    call_command("org_stats", "--root", "T01", "--json", stdout=stats)
    assert json.loads(stats.getvalue())["members"] == 19
    for code in ("TW", "X00004", "CB-BD-1"):
        stats = io.StringIO()
        call_command("org_stats", "--root", code, "--json", stdout=stats)
        assert json.loads(stats.getvalue())["members"] == 19, code
