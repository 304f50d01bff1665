from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tochuc.core.cli_dates import as_of_arg
from tochuc.core.scope import system_scope
from tochuc.domain import reports as rules
from tochuc.orgs.models import UnitVersion
from tochuc.reports import engine, exports, tally


class Command(BaseCommand):
    help = ("Các biểu thống kê của một đơn vị tại một ngày (theo cơ cấu ngày đó hoặc quy đổi theo cơ cấu "
            "hiện nay); in ra, xuất JSON, hoặc ghi tệp XLSX/PDF.")

    def add_arguments(self, parser):
        parser.add_argument("code", help="Mã đơn vị.")
        parser.add_argument("--date", default=None, help="Ngày số liệu YYYY-MM-DD (mặc định: hôm nay).")
        parser.add_argument("--mode", choices=list(engine.MODES), default=engine.AS_OF)
        parser.add_argument("--structure-on", default=None, help="Cơ cấu dùng để quy đổi (mặc định: hôm nay).")
        parser.add_argument("--from", dest="start", default=None, help="Đầu kỳ biến động (mặc định: 1/1).")
        parser.add_argument("--year", type=int, default=None, help="Năm xếp loại.")
        parser.add_argument("--table", default=None, help="Chỉ một biểu (children, status, sex_age, …).")
        parser.add_argument("--json", action="store_true", dest="as_json")
        parser.add_argument("--output", default=None, help="Ghi tệp .xlsx hoặc .pdf.")

    def handle(self, *args, code, date, mode, structure_on, start, year, table, as_json, output, **options):
        scope = system_scope(as_of_arg(structure_on))
        day = as_of_arg(date) or scope.as_of
        try:
            ctx = engine.context_for(scope=scope, code=code, day=day, mode=mode)
        except UnitVersion.DoesNotExist:
            raise CommandError(f"Không có đơn vị «{code}».") from None
        except engine.NotOnDate:
            raise CommandError(f"Đơn vị «{code}» chưa tồn tại vào ngày {day:%d/%m/%Y}; dùng --mode restated.") from None
        period = engine.Period(as_of_arg(start) or engine.default_period(day).start, day)
        year = year or rules.default_rating_year(day)
        if table:
            try:
                tables = [engine.evaluate(engine.table_def(table), ctx, period=period, year=year)]
            except KeyError:
                raise CommandError(f"Không có biểu «{table}».") from None
        else:
            tables = tally.tables(ctx, period=period, year=year)
        if output:
            fmt = Path(output).suffix.lower().lstrip(".")
            if fmt not in ("xlsx", "pdf"):
                raise CommandError("Tệp ra phải là .xlsx hoặc .pdf.")
            Path(output).write_bytes(exports.render(fmt, exports.heading_for(ctx), tables))
            self.stdout.write(f"Đã ghi {output}")
            return
        if as_json:
            self.stdout.write(json.dumps({"code": code, "date": day.isoformat(), "mode": mode,
                                          "structure_on": ctx.structure_on.isoformat(),
                                          "tables": [t.as_json() for t in tables]}, ensure_ascii=False))
            return
        for line in exports.heading_for(ctx).lines():
            self.stdout.write(line)
        for t in tables:
            self.stdout.write(f"\n{t.title}" + (f" ({t.note})" if t.note else ""))
            for row in exports.sheet_rows(t):
                self.stdout.write("  " + " | ".join(str(v) for v in row))
