from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from tochuc.conferences.models import Conference
from tochuc.conferences.services import bridge_points_import
from tochuc.core.commands import run_file_import
from tochuc.core.scope import system_scope


class Command(BaseCommand):
    help = ("Thêm điểm cầu cho hội nghị từ tệp CSV/XLSX (unit_code,contact_name[,contact_phone,location,name]); "
            "lỗi một dòng thì không ghi gì.")

    def add_arguments(self, parser):
        parser.add_argument("conference_id", type=int)
        parser.add_argument("file")
        parser.add_argument("--reason", default=None)

    def handle(self, *args, conference_id: int, file: str, reason: str | None, **options):
        conference = Conference.objects.filter(pk=conference_id).first()
        if conference is None:
            raise CommandError(f"Không có hội nghị số {conference_id}")
        written = run_file_import(self, file, lambda stream, path, progress: bridge_points_import(
            actor=None, scope=system_scope(), conference=conference, stream=stream, source=path.name, reason=reason),
            show_progress=False)
        self.stdout.write(f"Đã thêm {written} điểm cầu.")
