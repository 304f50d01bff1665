from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from tochuc.core.progress import progress_bar
from tochuc.core.scope import system_scope
from tochuc.core.tabular import ImportRejected
from tochuc.reorganizations.services import PlanRejected, Preview, reorganization_apply, reorganization_preview


def effective_arg(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"Ngày hiệu lực «{text}» không hợp lệ (dùng YYYY-MM-DD).") from None


class Command(BaseCommand):
    help = ("Sắp xếp tổ chức theo kế hoạch CSV (op,code,target,name,kind,parent: create, move, merge, rename, close), "
            "hiệu lực từ một ngày; kiểm tra toàn bộ trước, lỗi một dòng thì không ghi gì.")

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--effective", required=True, help="Ngày hiệu lực YYYY-MM-DD.")
        parser.add_argument("--reason", default=None,
                            help="Căn cứ: số, ngày của quyết định sắp xếp (bắt buộc khi ghi; không cần với --dry-run).")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ xem trước, không ghi.")
        parser.add_argument("--json", action="store_true", dest="as_json")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, file: str, effective: str, reason: str | None, dry_run: bool, as_json: bool,
               no_progress: bool, **options):
        day = effective_arg(effective)
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp {file}")
        scope = system_scope(day)
        try:
            with path.open("rb") as stream:
                if dry_run:
                    preview = reorganization_preview(scope=scope, stream=stream, effective=day)
                else:
                    with progress_bar(not no_progress and not as_json) as progress:
                        preview = reorganization_apply(actor=None, scope=scope, stream=stream, effective=day,
                                                       reason=reason, source=path.name, progress=progress)
        except PlanRejected as rejected:
            preview = rejected.preview
        except ImportRejected as rejected:  # the file itself is unreadable (empty, not UTF-8, NUL…)
            for error in rejected.errors:
                self.stderr.write(str(error))
            raise CommandError(f"Tệp có {len(rejected.errors)} lỗi; không ghi dữ liệu nào.") from None
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from None
        except ValidationError as exc:  # e.g. no decision reference (--reason): the domain rule
            raise CommandError(" ".join(exc.messages)) from None
        self.report(preview, as_json=as_json, dry_run=dry_run)

    def report(self, preview: Preview, *, as_json: bool, dry_run: bool) -> None:
        if as_json:
            self.stdout.write(json.dumps(preview.as_json(), ensure_ascii=False))
        if preview.problems:
            for problem in preview.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"Kế hoạch có {len(preview.problems)} lỗi; không ghi dữ liệu nào.")
        if as_json:
            return
        data = preview.as_json()
        head = "Xem trước (chưa ghi)" if dry_run else f"Đã sắp xếp (đợt số {preview.reorganization_id})"
        self.stdout.write(f"{head}, hiệu lực từ {preview.effective:%d/%m/%Y}:")
        for key, label in (("created", "Thành lập"), ("moved", "Chuyển"), ("merged", "Sáp nhập"),
                           ("renamed", "Đổi tên"), ("closed", "Giải thể"), ("members_moved", "Đảng viên chuyển theo")):
            self.stdout.write(f"  {label}: {data[key]}")
