from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from tochuc.core.cli_dates import as_of_arg
from tochuc.core.scope import system_scope
from tochuc.orgs.models import UnitVersion
from tochuc.orgs.selectors import unit_ancestors, unit_get


class Command(BaseCommand):
    help = "Thông tin một đơn vị: tên, loại, cấp trên, đường dẫn mã từ gốc."

    def add_arguments(self, parser):
        parser.add_argument("code")
        parser.add_argument("--as-of", default=None)
        parser.add_argument("--json", action="store_true", dest="as_json")

    def handle(self, *args, code: str, as_of: str | None, as_json: bool, **options):
        scope = system_scope(as_of_arg(as_of))
        try:
            version = unit_get(scope=scope, code=code)
        except UnitVersion.DoesNotExist:
            raise CommandError(f"Không có đơn vị «{code}» vào ngày {scope.as_of.isoformat()}.") from None
        chain = [*unit_ancestors(version=version, as_of=scope.as_of), version]
        data = {
            "code": version.unit.code,
            "name": version.name,
            "kind": version.kind,
            "kind_label": str(version.kind_label),
            "admin_code": version.unit.admin_code,
            "parent": version.parent.code if version.parent else None,
            "path": [v.unit.code for v in chain],
            "valid_from": version.valid_from.isoformat(),
            "valid_to": version.valid_to.isoformat() if version.valid_to else None,
            "as_of": scope.as_of.isoformat(),
        }
        if as_json:
            self.stdout.write(json.dumps(data, ensure_ascii=False))
            return
        self.stdout.write(f"{data['name']} ({data['code']}) — {data['kind_label']}")
        self.stdout.write(" › ".join(data["path"]))

