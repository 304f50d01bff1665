from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from tochuc.core.cli_dates import as_of_arg
from tochuc.core.scope import system_scope
from tochuc.members.tree import subtree_stats
from tochuc.orgs.models import UnitKind, UnitVersion
from tochuc.reorganizations.history import restated_stats


class Command(BaseCommand):
    help = "Số đơn vị theo loại (và số đảng viên) của một cây con vào một ngày."

    def add_arguments(self, parser):
        parser.add_argument("--root", default=None, help="Mã đơn vị gốc (mặc định: gốc của cây).")
        parser.add_argument("--as-of", default=None, help="Ngày YYYY-MM-DD (mặc định: hôm nay).")
        parser.add_argument("--restated", action="store_true",
                            help="Quy đổi theo cơ cấu hiện nay: đảng viên vào ngày --as-of của các đơn vị hôm nay.")
        parser.add_argument("--structure-on", default=None,
                            help="Với --restated: cơ cấu của ngày này (mặc định: hôm nay).")
        parser.add_argument("--json", action="store_true", dest="as_json")

    def handle(self, *args, root: str | None, as_of: str | None, as_json: bool, restated: bool,
               structure_on: str | None, **options):
        if restated:
            today = timezone.localdate()
            return self.restated(root, as_of_arg(as_of) or today, as_of_arg(structure_on) or today, as_json)
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


    def restated(self, root: str | None, as_of, structure_on, as_json: bool) -> None:
        scope = system_scope(structure_on)
        try:
            stats = restated_stats(scope=scope, code=root, as_of=as_of)
        except UnitVersion.DoesNotExist:
            raise CommandError(f"Không có đơn vị «{root or 'gốc'}» trong cơ cấu ngày "
                               f"{structure_on.isoformat()}.") from None
        if as_json:
            self.stdout.write(json.dumps(stats, ensure_ascii=False))
            return
        then = stats["members_as_of"]
        self.stdout.write(f"{stats['root']}: đảng viên ngày {as_of:%d/%m/%Y} quy đổi theo cơ cấu ngày "
                          f"{structure_on:%d/%m/%Y}: {stats['members']} "
                          f"(theo cơ cấu lúc đó: {'đơn vị chưa tồn tại' if then is None else then})")
