from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from tochuc.core.scope import Scope, resolve_paths, system_scope
from tochuc.members.demo import demo_members
from tochuc.members.models import Member
from tochuc.orgs.models import Unit


class Command(BaseCommand):
    help = "Thêm đảng viên mẫu (tên, tuổi, giới tính, dân tộc, ngày vào Đảng như thật) vào các chi bộ trong phạm vi."

    def add_arguments(self, parser):
        parser.add_argument("--total", type=int, required=True)
        parser.add_argument("--seed", type=int, default=2025)
        parser.add_argument("--scope", default=None, help="Mã đơn vị (mặc định: toàn bộ cây).")
        parser.add_argument("--if-empty", action="store_true", help="Không làm gì nếu đã có đảng viên.")

    def handle(self, *args, total, seed, scope, if_empty, **options):
        if if_empty and Member.objects.exists():
            self.stdout.write("Đã có đảng viên: không thêm dữ liệu mẫu.")
            return
        where = system_scope()
        if scope:
            unit = Unit.objects.filter(code=scope).first()
            if unit is None:
                raise CommandError(f"Không có đơn vị «{scope}».")
            where = Scope(role="administrator", unit_ids=(unit.pk,), paths=resolve_paths((unit.pk,), where.as_of),
                          as_of=where.as_of, is_system=True)
        started = time.perf_counter()
        try:
            created = demo_members(scope=where, total=total, seed=seed)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"Đã thêm {created} đảng viên mẫu trong {time.perf_counter() - started:.1f} giây.")
