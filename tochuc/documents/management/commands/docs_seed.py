from __future__ import annotations

from django.core.management.base import BaseCommand

from tochuc.core.scope import system_scope
from tochuc.documents.seed import seed_documents
from tochuc.orgs.realdata import ROOT_CODE


class Command(BaseCommand):
    help = ("Nạp vào sổ văn bản của Trung ương một số văn bản thật mà các quy tắc của tochuc dẫn chiếu "
            "(chạy lại không thay đổi gì).")

    def handle(self, *args, verbosity: int = 1, **options):
        created = seed_documents(scope=system_scope(), owner_code=ROOT_CODE)
        if verbosity:
            self.stdout.write(f"Sổ văn bản: thêm {created} văn bản." if created else "Sổ văn bản: đã đủ văn bản mẫu.")
