from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from tochuc.accounts.scope import system_scope
from tochuc.core.cli_dates import as_of_arg
from tochuc.orgs.models import UnitKind, UnitVersion
from tochuc.orgs.selectors import subtree_stats


class Command(BaseCommand):
    help = "Số đơn vị theo loại (và số đảng viên) của một cây con vào một ngày."

    def add_arguments(self, parser):
        parser.add_argument("--root", default=None, help="Mã đơn vị gốc (mặc định: gốc của cây).")
        parser.add_argument("--as-of", default=None, help="Ngày YYYY-MM-DD (mặc định: hôm nay).")
        parser.add_argument("--json", action="store_true", dest="as_json")

    def handle(self, *args, root: str | None, as_of: str | None, as_json: bool, **options):
        scope = system_scope(as_of_arg(as_of))
        try:
            stats = subtree_stats(scope=scope, code=root)
        except UnitVersion.DoesNotExist:
            raise CommandError(f"Không có đơn vị «{root or 'gốc'}» vào ngày {scope.as_of.isoformat()}.") from None
        if as_json:
            self.stdout.write(json.dumps(stats.as_json(), ensure_ascii=False))
            return
        self.stdout.write(f"{stats.root.name} ({stats.root.unit.code}), ngày {stats.as_of:%d/%m/%Y}")
        for kind, count in stats.units.items():
            self.stdout.write(f"  {UnitKind(kind).label}: {count}")
        self.stdout.write(f"  Đảng viên: {stats.members}")

