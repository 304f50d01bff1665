from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tochuc.accounts.scope import system_scope
from tochuc.core.progress import progress_bar
from tochuc.orgs.importing import ImportRejected
from tochuc.orgs.services import units_import


class Command(BaseCommand):
    help = "Nạp đơn vị từ tệp CSV (code,name,kind,parent_code,valid_from[,admin_code]); lỗi một dòng thì không ghi gì."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--reason", default=None)
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, file: str, reason: str | None, no_progress: bool, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp {file}")
        try:
            with path.open("rb") as stream, progress_bar(not no_progress) as progress:
                result = units_import(actor=None, scope=system_scope(), stream=stream, source=path.name,
                                      reason=reason, progress=progress)
        except ImportRejected as rejected:
            for error in rejected.errors:
                self.stderr.write(str(error))
            raise CommandError(f"Tệp có {len(rejected.errors)} lỗi; không ghi dữ liệu nào.") from None
        self.stdout.write(f"Đã nạp {result.created} đơn vị.")
