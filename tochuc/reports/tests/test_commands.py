"""`tochuc report show`: the same tables as the pages, as text, JSON or a file."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from tochuc.reports import engine
from tochuc.reports.tests.factories import add_members

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command("report_show", *args, stdout=out)
    return out.getvalue()


def test_json_text_and_files(small_tree, tmp_path):
    add_members("CB-BD-1", 6, since=date(2025, 8, 1), seed=31)
    add_members("CB-SG-1", 4, since=date(2025, 8, 1), seed=32)
    body = json.loads(run("TW", "--date", "2026-01-15", "--table", "children", "--json"))
    assert {r["key"]: r["total"] for r in body["tables"][0]["rows"]} == {"T01": 6, "T79": 4}
    text = run("X00004", "--date", "2026-01-15")
    assert "Đơn vị: Đảng bộ phường Ba Đình (mã X00004)" in text and "Đảng viên theo giới tính và độ tuổi" in text
    target = tmp_path / "bao-cao.xlsx"
    run("T01", "--date", "2026-01-15", "--mode", "restated", "--output", str(target))
    book = load_workbook(target)
    assert len(book.sheetnames) == 1 + len(engine.TABLES) and book.sheetnames[0] == "01 children"
    run("T01", "--output", str(tmp_path / "bao-cao.pdf"))
    assert (tmp_path / "bao-cao.pdf").read_bytes().startswith(b"%PDF")
    with pytest.raises(CommandError, match="chưa tồn tại"):
        run("X00004", "--date", "2025-01-01")
    with pytest.raises(CommandError, match="Không có đơn vị"):
        run("NOPE")
    with pytest.raises(CommandError, match="Không có biểu"):
        run("TW", "--table", "nope")


def test_warm_keeps_the_day_for_every_level_below(small_tree):
    from tochuc.core.scope import system_scope
    from tochuc.reports import tally
    from tochuc.reports.models import TallyDone

    add_members("CB-BD-1", 6, since=date(2025, 8, 1), seed=41)
    out = io.StringIO()
    call_command("report_warm", "--date", "2026-01-15", stdout=out)
    assert "TW" in out.getvalue() and "Đã xóa 0" in out.getvalue()
    # The country's run keeps every tally unit, so a province's first view counts nothing.
    ctx = engine.context_for(scope=system_scope(date(2026, 1, 15)), code="T01", day=date(2026, 1, 15))
    key = tally.key_of(ctx, engine.default_period(ctx.day), 2025)
    paths = tally._units_of(ctx)
    assert paths and set(paths) <= set(TallyDone.objects.filter(key=key).values_list("path", flat=True))
    with pytest.raises(CommandError, match="Không có đơn vị"):
        call_command("report_warm", "--code", "NOPE", stdout=io.StringIO())
