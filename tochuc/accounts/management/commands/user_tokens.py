from __future__ import annotations

import json

from django.core.management.base import BaseCommand
from django.utils import timezone

from tochuc.accounts.management.commands._common import user_named
from tochuc.accounts.selectors import user_tokens


def _when(moment) -> str | None:
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else None


class Command(BaseCommand):
    help = "Liệt kê các mã truy cập API của một người dùng (mã đầu, tạo lúc, hết hạn, dùng lần cuối, thu hồi)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, username, **options):
        rows = [{"prefix": t.prefix, "created_at": _when(t.created_at), "expires_at": _when(t.expires_at),
                 "last_used_at": _when(t.last_used_at), "revoked_at": _when(t.revoked_at), "usable": t.is_usable}
                for t in user_tokens(user=user_named(username))]
        if options["json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False))
            return
        if not rows:
            self.stdout.write("Chưa có mã truy cập API nào.")
        for row in rows:
            state = "đang dùng" if row["usable"] else ("đã thu hồi" if row["revoked_at"] else "hết hạn")
            self.stdout.write(f"{row['prefix']}…  {state:10}  tạo {row['created_at']}  hết hạn {row['expires_at']}  "
                              f"dùng lần cuối {row['last_used_at'] or '—'}")

