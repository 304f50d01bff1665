from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from tochuc.accounts.management.commands._common import user_named
from tochuc.accounts.selectors import user_tokens
from tochuc.accounts.services import api_token_revoke


class Command(BaseCommand):
    help = "Thu hồi mã truy cập API của một người dùng: theo mã đầu (xem `tochuc user tokens`) hoặc --all."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("prefix", nargs="?", default=None, help="Mã đầu của mã cần thu hồi (8 ký tự đầu).")
        parser.add_argument("--all", action="store_true", help="Thu hồi mọi mã còn dùng được.")
        parser.add_argument("--reason", default="Thu hồi qua dòng lệnh")

    def handle(self, *args, username, prefix, all: bool, reason, **options):
        if bool(prefix) == bool(all):
            raise CommandError("Cho biết đúng một trong hai: MÃ_ĐẦU hoặc --all.")
        live = user_tokens(user=user_named(username)).filter(revoked_at__isnull=True)
        tokens = list(live if all else live.filter(prefix=prefix.rstrip("…")))
        if not tokens and not all:
            raise CommandError(f"Người dùng «{username}» không có mã còn dùng được bắt đầu bằng «{prefix}».")
        for token in tokens:
            api_token_revoke(actor=None, token=token, reason=reason)
        self.stdout.write(f"Đã thu hồi {len(tokens)} mã truy cập của {username}.")
