from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tochuc.congresses.minutes import docx_bytes, minutes_for, pdf_bytes
from tochuc.congresses.models import Round
from tochuc.congresses.services import election_document_exported


class Command(BaseCommand):
    help = ("In biên bản kiểm phiếu của một lần bầu đã kiểm phiếu: "
            "tochuc congress minutes ROUND_ID [--pdf FILE] [--docx FILE]")

    def add_arguments(self, parser):
        parser.add_argument("round_id", type=int)
        parser.add_argument("--pdf", dest="pdf_path")
        parser.add_argument("--docx", dest="docx_path")

    def handle(self, *args, round_id: int, pdf_path: str | None, docx_path: str | None, **options):
        round_ = Round.objects.select_related("election", "election__congress").filter(pk=round_id).first()
        if round_ is None:
            raise CommandError(f"round_id: không có lần bầu số {round_id}")
        if round_.status != "counted":
            raise CommandError(f"round_id: lần bầu {round_id} chưa kiểm phiếu")
        if not (pdf_path or docx_path):
            raise CommandError("cần --pdf FILE hoặc --docx FILE")
        data = minutes_for(round_)
        for fmt, path in (("pdf", pdf_path), ("docx", docx_path)):
            if path:
                election_document_exported(actor=None, round_=round_, document="minutes", fmt=fmt)
        if pdf_path:
            Path(pdf_path).write_bytes(pdf_bytes(data))
            self.stdout.write(f"Đã ghi {pdf_path}")
        if docx_path:
            Path(docx_path).write_bytes(docx_bytes(data))
            self.stdout.write(f"Đã ghi {docx_path}")
