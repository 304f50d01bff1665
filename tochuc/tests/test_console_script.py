"""One subprocess smoke test per command group the other tests run in process (members, meetings,
conference, report, user): the installed ``tochuc`` script maps the two words to the command and runs
it against a real SQLite file with the exit code a shell sees. The org, docs and elections groups
have theirs beside their tests (orgs/tests/test_commands.py, documents/tests/test_api_cli.py,
congresses/tests/test_elections_count_command.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tochuc.conftest import PASSWORD, SMALL_TREE_CSV

SCRIPT = [sys.executable, "-m", "tochuc.cli"]


@pytest.fixture(scope="module")
def tochuc(tmp_path_factory):
    """``tochuc(*words)``: the console script against one fresh SQLite file holding the small tree."""
    data = tmp_path_factory.mktemp("console")
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"} | {
        "TOCHUC_DATA_DIR": str(data), "TOCHUC_SECRET_KEY": "tochuc-tests-only-not-a-secret"}

    def run(*words: str) -> subprocess.CompletedProcess:
        return subprocess.run([*SCRIPT, *words], env=env, capture_output=True, text=True, timeout=120)

    tree = data / "tree.csv"
    tree.write_text(SMALL_TREE_CSV, encoding="utf-8")
    for words in (["migrate", "-v", "0"], ["org", "import", str(tree), "--no-progress"]):
        done = run(*words)
        assert done.returncode == 0, done.stderr
    return run


def test_user_group(tochuc, tmp_path):
    secret = tmp_path / "pw.txt"
    secret.write_text(PASSWORD + "\n", encoding="utf-8")
    done = tochuc("user", "create", "badinh", "--scope", "X00004", "--role", "clerk", "--password-file", str(secret))
    assert done.returncode == 0, done.stderr
    listed = tochuc("user", "tokens", "badinh", "--json")
    assert listed.returncode == 0 and json.loads(listed.stdout) == []
    unknown = tochuc("user", "tokens", "khong-co")
    assert unknown.returncode == 1 and "CommandError: Không có người dùng «khong-co»." in unknown.stderr


def test_members_group(tochuc):
    done = tochuc("members", "due", "small-branches", "--json")
    assert done.returncode == 0, done.stderr
    assert {row["code"]: row["all_members"] for row in json.loads(done.stdout)} == {
        "CB-BD-1": 0, "CB-BD-2": 0, "CB-DH-1": 0, "CB-NH-1": 0, "CB-SG-1": 0}


def test_meetings_group(tochuc):
    done = tochuc("meetings", "compliance", "--root", "X00004", "--from", "2025-09", "--to", "2025-12",
                  "--today", "2026-01-15", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["branches_expected"] == 3


def test_report_group(tochuc):
    done = tochuc("report", "show", "X00004", "--date", "2026-01-15", "--table", "children", "--json")
    assert done.returncode == 0, done.stderr
    shown = json.loads(done.stdout)
    assert shown["code"] == "X00004" and shown["tables"][0]["key"] == "children"
    assert [row["key"] for row in shown["tables"][0]["rows"]][:3] == ["CB-BD-1", "CB-BD-2", "DBCS-BD"]


def test_conference_group(tochuc):
    done = tochuc("conference", "totals", "999999", "--json")
    assert done.returncode == 1 and "CommandError: Không có hội nghị số 999999" in done.stderr
