from __future__ import annotations

from django.core.management.base import BaseCommand

from tochuc.core.commands import run_file_import
from tochuc.core.scope import system_scope
from tochuc.orgs.services import units_import


class Command(BaseCommand):
    help = "Nạp đơn vị từ tệp CSV (code,name,kind,parent_code,valid_from[,admin_code]); lỗi một dòng thì không ghi gì."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--reason", default=None)
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, file: str, reason: str | None, no_progress: bool, **options):
        result = run_file_import(self, file, lambda stream, path, progress: units_import(
            actor=None, scope=system_scope(), stream=stream, source=path.name, reason=reason, progress=progress),
            show_progress=not no_progress)
        self.stdout.write(f"Đã nạp {result.created} đơn vị.")
