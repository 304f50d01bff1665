from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand

from tochuc.core.commands import run_file_import
from tochuc.core.scope import system_scope
from tochuc.core.tabular import csv_writer, read_table
from tochuc.members.services import members_import


class Command(BaseCommand):
    help = ("Nhập đảng viên từ CSV hoặc XLSX (full_name,birth_date,gender,branch_code,admitted_on,official_on,"
            "card_number,national_id,ethnicity). Mặc định: lỗi một dòng thì không ghi gì.")

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--skip-bad-rows", action="store_true", help="Nhập các dòng đúng, ghi các dòng lỗi ra tệp.")
        parser.add_argument("--rejects", default=None, help="Tệp ghi các dòng lỗi (mặc định: <tệp>.loi.csv).")
        parser.add_argument("--allow-duplicates", action="store_true",
                            help="Nhập cả dòng trùng họ tên, ngày sinh và chi bộ với đảng viên đã có hoặc dòng khác.")
        parser.add_argument("--reason", default=None)
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, file, skip_bad_rows, rejects, reason, no_progress, allow_duplicates=False, **options):
        result = run_file_import(self, file, lambda stream, path, progress: members_import(
            actor=None, scope=system_scope(), stream=stream, source=path.name, skip_bad_rows=skip_bad_rows,
            reason=reason, progress=progress, allow_duplicates=allow_duplicates), show_progress=not no_progress)
        self.stdout.write(f"Đã nhập {result.created} đảng viên.")
        if result.rejected:
            path = Path(file)
            target = Path(rejects) if rejects else path.with_suffix(".loi.csv")
            write_rejects(path, target, result)
            for error in result.rejected:
                self.stderr.write(str(error))
            self.stdout.write(f"Bỏ qua {len(result.rejected_rows)} dòng lỗi; đã ghi vào {target}.")


def write_rejects(source: Path, target: Path, result) -> None:
    """The rejected rows as they were, with their row number and problems, to fix and re-import."""
    with source.open("rb") as stream:
        table = read_table(stream, source.name)
    problems: dict[int, list[str]] = {}
    for error in result.rejected:
        problems.setdefault(error.row, []).append(f"{error.column}: {error.reason}")
    with target.open("w", encoding="utf-8", newline="") as out:
        writer = csv_writer(out)
        writer.writerow([*table.header, "dong", "loi"])
        for line, cells in table.rows:
            if line in result.rejected_rows:
                writer.writerow([*cells, line, "; ".join(problems.get(line, []))])
