"""Every command that reads a file answers a bad file with a message, never a traceback: empty,
not UTF-8, only a header, NUL bytes (issue 13, finding 10)."""

import io
from datetime import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

pytestmark = pytest.mark.django_db

MEMBER_HEADER = b"full_name,birth_date,gender,branch_code,admitted_on\n"
UNIT_HEADER = b"code,name,kind,parent_code,valid_from\n"
PLAN_HEADER = b"action,code,name,kind,parent_code,target_code\n"
POINT_HEADER = b"unit_code,contact_name\n"

BAD_FILES = {  # kind → (content given the command's header, words the message must hold)
    "empty": (lambda header: b"", "tệp rỗng"),
    "not_utf8": (lambda header: header + b"Nguy\xe1n\xff,1980\n", "UTF-8"),
    "header_only": (lambda header: header, "chỉ có dòng tiêu đề"),
    "nul": (lambda header: header + b"A\x00B,1\n", "NUL"),
}


@pytest.fixture
def conference(small_tree):
    from tochuc.conferences.models import Conference
    from tochuc.orgs.models import Unit

    return Conference.objects.create(organizer=Unit.objects.get(code="T01"), title="Hội nghị",
                                     starts_at=datetime(2026, 1, 20, 8, 0).astimezone(), host_site="Hà Nội")


def run(*args) -> str:
    """The command's message (CommandError text + what it wrote on stderr); any other exception
    fails the test, as a traceback would fail the user."""
    err = io.StringIO()
    with pytest.raises(CommandError) as info:
        call_command(*args, stdout=io.StringIO(), stderr=err)
    return f"{info.value}\n{err.getvalue()}"


@pytest.mark.parametrize("kind", BAD_FILES)
@pytest.mark.parametrize("command, header", [
    ("members_import", MEMBER_HEADER), ("org_import", UNIT_HEADER), ("org_reorganize", PLAN_HEADER),
    ("conference_points", POINT_HEADER),
])
def test_tabular_commands(command, header, kind, tmp_path, conference):
    content, words = BAD_FILES[kind]
    path = tmp_path / "tep.csv"
    path.write_bytes(content(header))
    args = {"members_import": [command, str(path), "--no-progress"],
            "org_import": [command, str(path), "--no-progress"],
            "org_reorganize": [command, str(path), "--effective", "2026-01-10", "--no-progress",
                               "--reason", "Quyết định số 1-QĐ/TU ngày 05/01/2026"],
            "conference_points": [command, str(conference.pk), str(path)]}[command]
    message = run(*args)
    assert words in message, message
    assert "Traceback" not in message


@pytest.mark.parametrize("content, words", [
    (b"", "tệp rỗng"), (b"\xff\xfe{}", "UTF-8"), (b'{"seats": 1, "candidates": ["A\\u0000"]}', "NUL"),
    (b"A\x00", "NUL"), (b"[" * 50_000 + b"]" * 50_000, "lồng quá sâu"), (b"{nope", "không phải JSON"),
])
def test_elections_count(content, words, tmp_path):
    path = tmp_path / "phieu.json"
    path.write_bytes(content)
    assert words in run("elections_count", str(path))


@pytest.mark.parametrize("content, words",
                         [(b"", "tệp rỗng"), (b"\xff\xfe", "UTF-8"), (b"Nghi quyet\x00 18-NQ/TW", "dòng 1")])
def test_docs_extract(content, words, tmp_path):
    path = tmp_path / "bai.txt"
    path.write_bytes(content)
    assert words in run("docs_extract", str(path))


def test_nul_in_a_file_is_reported_by_row_and_column_and_header_only_is_refused():
    from tochuc.core.tabular import ImportRejected, read_table

    with pytest.raises(ImportRejected) as info:
        read_table(io.BytesIO(b"full_name,birth_date\nAn,1980-01-01\nB\x00nh,1981-01-01\n"), "dv.csv")
    assert [str(e) for e in info.value.errors] == ["dòng 3, cột full_name: chứa ký tự NUL (\\0), không được phép"]
    with pytest.raises(ImportRejected) as info:
        read_table(io.BytesIO(b"full_name,birth_date\n\n"), "dv.csv")
    assert [str(e) for e in info.value.errors] == ["dòng 2, cột -: tệp chỉ có dòng tiêu đề, không có dòng dữ liệu nào"]
