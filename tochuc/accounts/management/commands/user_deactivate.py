from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand

from tochuc.accounts.management.commands._common import refusal, user_named
from tochuc.accounts.services import user_deactivate
from tochuc.core.scope import system_scope


class Command(BaseCommand):
    help = "Khóa người dùng: không đăng nhập được, mọi mã truy cập API bị thu hồi."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--reason", default="Khóa qua dòng lệnh")

    def handle(self, *args, username, reason, **options):
        try:
            user_deactivate(actor=None, scope=system_scope(), user=user_named(username), reason=reason)
        except PermissionDenied as exc:
            raise refusal(exc) from None
        self.stdout.write(f"Đã khóa tài khoản {username}.")
