import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tochuc.orgs.models import Unit


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_init_loads_the_real_tree_once(db):
    run("init")
    stats = json.loads(run("org_stats", "--json"))
    assert stats["root"] == "TW" and stats["members"] == 0
    assert stats["units"]["province"] == 34
    assert stats["units"]["commune"] == 3321
    count = Unit.objects.count()
    run("init")  # idempotent
    assert Unit.objects.count() == count
    hanoi = json.loads(run("org_show", "T01", "--json"))
    assert hanoi["name"] == "Đảng bộ thành phố Hà Nội" and hanoi["admin_code"] == "01"
    ba_dinh = json.loads(run("org_show", "X00004", "--json"))
    assert ba_dinh["path"] == ["TW", "T01", "X00004"] and ba_dinh["parent"] == "T01"
    # No commune existed before the reform's effective date.
    before = json.loads(run("org_stats", "--json", "--as-of", "2025-06-30"))
    assert "commune" not in before["units"] and "province" not in before["units"]


def test_stats_and_show_of_a_subtree(small_tree):
    stats = json.loads(run("org_stats", "--root", "X00004", "--as-of", "2025-07-20", "--json"))
    assert stats == {"root": "X00004", "as_of": "2025-07-20",
                     "units": {"commune": 1, "grassroots_committee": 1, "branch": 2}, "members": 0}
    with pytest.raises(CommandError, match="Không có đơn vị «CB-DH-1»"):
        run("org_show", "CB-DH-1", "--as-of", "2025-07-20", "--json")


def test_org_import_command_lists_every_problem(db, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("code,name,kind,parent_code,valid_from\nTW,Trung ương,central,,1930-02-03\n"
                   "T1,Tỉnh,nope,TW,2025-07-01\nX1,Xã,commune,ZZ,2025-07-01\n", encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError, match="2 lỗi"):
        call_command("org_import", str(bad), "--no-progress", stdout=io.StringIO(), stderr=err)
    assert "dòng 3, cột kind" in err.getvalue() and "dòng 4, cột parent_code" in err.getvalue()
    assert Unit.objects.count() == 0


def test_console_script_end_to_end(tmp_path):
    """The installed `tochuc` script against a fresh SQLite file: init, import, stats, exit codes."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"} | {"TOCHUC_DATA_DIR": str(tmp_path)}
    script = [sys.executable, "-m", "tochuc.cli"]
    done = subprocess.run([*script, "init"], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    good = tmp_path / "good.csv"
    good.write_text("code,name,kind,parent_code,valid_from\nCB9,Chi bộ 9,branch,X00004,2025-09-01\n", encoding="utf-8")
    bad = tmp_path / "bad.csv"
    bad.write_text("code,name,kind,parent_code,valid_from\nCB8,Chi bộ 8,branch,X00004,2025-31-01\n", encoding="utf-8")
    failed = subprocess.run([*script, "org", "import", str(bad)], env=env, capture_output=True, text=True)
    assert failed.returncode == 1 and "dòng 2, cột valid_from" in failed.stderr
    assert subprocess.run([*script, "org", "import", str(good)], env=env, capture_output=True).returncode == 0
    stats = subprocess.run([*script, "org", "stats", "--root", "X00004", "--json"], env=env, capture_output=True,
                           text=True)
    assert json.loads(stats.stdout)["units"] == {"commune": 1, "branch": 1}
    assert Path(tmp_path, "tochuc.sqlite3").exists()
