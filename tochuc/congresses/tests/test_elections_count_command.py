import json
import subprocess
import sys

from tochuc.core.tests.cli import run as cli


def run(tmp_path, data) -> subprocess.CompletedProcess:
    path = tmp_path / "count.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return subprocess.run([sys.executable, "-m", "tochuc.cli", "elections", "count", str(path), "--json"],
                          capture_output=True, text=True, timeout=60)


def test_counts_a_strike_ballot_election(tmp_path):
    """The elections group's smoke test: `tochuc elections count` through the console script."""
    # 5 summoned (base 5): more than half is 3 votes. 2 seats, 3 candidates.
    data = {"seats": 2, "base": 5, "layout": "strike", "candidates": ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"],
            "issued": 5, "ballots": [["Nguyễn Văn An", "Trần Thị Bình"], ["Nguyễn Văn An", "Lê Văn Cường"],
                                     ["Nguyễn Văn An", "Trần Thị Bình"], ["Trần Thị Bình"],
                                     {"invalid": "không có dấu của ban kiểm phiếu"}]}
    done = run(tmp_path, data)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {
        "valid": 4, "invalid": 1, "votes": {"Nguyễn Văn An": 3, "Trần Thị Bình": 3, "Lê Văn Cường": 1},
        "elected": ["Nguyễn Văn An", "Trần Thị Bình"], "tied": [], "unfilled": 0}


def test_malformed_input_names_the_field(tmp_path):
    # In process: the console script itself is proved by the smoke test above.
    path = tmp_path / "count.json"
    path.write_text(json.dumps({"seats": 0, "base": 5, "layout": "strike", "candidates": ["A"], "ballots": [],
                                "issued": 0}), encoding="utf-8")
    code, _, err = cli("elections_count", str(path), "--json")
    assert code == 1 and "seats" in err
