from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from tochuc.core.cli_dates import as_of_arg
from tochuc.core.scope import system_scope
from tochuc.domain import reports as rules
from tochuc.orgs.models import UnitVersion
from tochuc.reports import engine, tally


class Command(BaseCommand):
    help = ("Tính sẵn số liệu tổng hợp theo đơn vị cho bảng điều khiển của ngày (theo cơ cấu ngày đó và quy đổi), "
            "để lần xem đầu tiên trong ngày không phải đếm lại toàn bộ; xóa số liệu đã lâu không dùng. "
            "Chạy hằng đêm (cron).")

    def add_arguments(self, parser):
        parser.add_argument("--code", default=None, help="Mã đơn vị (mặc định: đơn vị gốc; đủ cho mọi cấp dưới).")
        parser.add_argument("--date", default=None, help="Ngày số liệu YYYY-MM-DD (mặc định: hôm nay).")

    def handle(self, *args, code, date, **options):
        scope = system_scope()
        day = as_of_arg(date) or scope.as_of
        codes = [code] if code else [v.unit.code for v in UnitVersion.objects.filter(
            parent__isnull=True, valid_to__isnull=True).select_related("unit")]
        forgotten = tally.purge()
        for unit_code in codes:
            for mode in engine.MODES:
                try:
                    ctx = engine.context_for(scope=scope, code=unit_code, day=day, mode=mode)
                except UnitVersion.DoesNotExist:
                    raise CommandError(f"Không có đơn vị «{unit_code}».") from None
                except engine.NotOnDate:
                    continue
                if not tally.usable(ctx):
                    self.stdout.write(f"{unit_code} ({mode}): đếm trực tiếp khi xem, không cần tính sẵn.")
                    continue
                start = time.perf_counter()
                tally.ensure(ctx, engine.default_period(day), rules.default_rating_year(day))
                elapsed = time.perf_counter() - start
                self.stdout.write(f"{unit_code} ({engine.MODES[mode]}): xong trong {elapsed:.1f} giây.")
        self.stdout.write(f"Đã xóa {forgotten} bộ số liệu cũ.")
