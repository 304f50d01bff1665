from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from tochuc.core.scope import Scope, resolve_paths, system_scope
from tochuc.meetings.demo import demo_meetings
from tochuc.orgs.models import Unit


class Command(BaseCommand):
    help = ("Thêm các buổi sinh hoạt chi bộ mẫu (hằng tháng, chuyên đề mỗi quý, điểm danh đảng viên) cho các chi bộ "
            "trong phạm vi chưa có sinh hoạt trong kỳ.")

    def add_arguments(self, parser):
        parser.add_argument("--months", type=int, default=12, help="Số tháng gần nhất (mặc định 12).")
        parser.add_argument("--seed", type=int, default=2025)
        parser.add_argument("--scope", default=None, help="Mã đơn vị (mặc định: toàn bộ cây).")

    def handle(self, *args, months, seed, scope, **options):
        if not 1 <= months <= 120:
            raise CommandError("--months phải từ 1 đến 120.")
        where = system_scope()
        if scope:
            unit = Unit.objects.filter(code=scope).first()
            if unit is None:
                raise CommandError(f"Không có đơn vị «{scope}».")
            where = Scope(role="administrator", unit_ids=(unit.pk,), paths=resolve_paths((unit.pk,), where.as_of),
                          as_of=where.as_of, is_system=True)
        started = time.perf_counter()
        meetings, marks = demo_meetings(scope=where, months=months, seed=seed)
        self.stdout.write(f"Đã thêm {meetings} buổi sinh hoạt mẫu, {marks} lượt điểm danh "
                          f"trong {time.perf_counter() - started:.1f} giây.")
