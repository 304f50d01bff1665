from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from tochuc.core.commands import read_json_file
from tochuc.domain.elections import ElectionInputError, run_count_json


class Command(BaseCommand):
    help = ("Kiểm phiếu ngoại tuyến theo Quyết định 190-QĐ/TW: đọc tệp JSON "
            '{"seats","base","layout","candidates","ballots","issued"} và in kết quả.')

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--json", action="store_true", dest="as_json")

    def handle(self, *args, file: str, as_json: bool, **options):
        data = read_json_file(file)
        if not isinstance(data, dict):
            raise CommandError("(gốc): phải là một đối tượng JSON")
        try:
            result = run_count_json(data)
        except ElectionInputError as exc:
            raise CommandError(str(exc)) from None
        if as_json:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
            return
        self.stdout.write(f"Phiếu hợp lệ: {result['valid']}; không hợp lệ: {result['invalid']}")
        for name, votes in sorted(result["votes"].items(), key=lambda item: -item[1]):
            mark = " (trúng cử)" if name in result["elected"] else ""
            self.stdout.write(f"  {name}: {votes}{mark}")
        if result["tied"]:
            self.stdout.write(f"Bằng phiếu ở vị trí cuối, cần bầu lại: {', '.join(result['tied'])}")
        if result["unfilled"]:
            self.stdout.write(f"Số ghế còn thiếu: {result['unfilled']}")
