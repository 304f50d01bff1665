from __future__ import annotations

import json

from django.core.management.base import BaseCommand

from tochuc.core.commands import read_text_file
from tochuc.domain.citations import extract_citations, extract_json


class Command(BaseCommand):
    help = ("Tìm các văn bản được trích dẫn trong tệp văn bản UTF-8 (báo cáo, bài báo, biên bản). "
            "Với --json: mỗi tệp một danh sách JSON, mỗi dòng một tệp, theo thứ tự các tệp.")

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument("--json", action="store_true", dest="as_json")

    def handle(self, *args, files: list[str], as_json: bool, **options):
        texts = []
        for file in files:  # read every file first: a bad one stops the command before any output
            texts.append((file, read_text_file(file)))
        for file, text in texts:
            if as_json:
                self.stdout.write(json.dumps(extract_json(text), ensure_ascii=False))
                continue
            citations = extract_citations(text)
            self.stdout.write(f"{file}: {len(citations)} văn bản")
            for c in citations:
                day = c.issued_on.strftime("%d/%m/%Y") if c.issued_on else "—"
                line = f"  {c.kind or '?'} {c.code}  ngày {day}  {c.issuer or ''}  {c.subject or ''}"
                self.stdout.write(line.rstrip())
