from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand

from tochuc.accounts.management.commands._common import password_from, refusal, user_named
from tochuc.accounts.services import user_password_set
from tochuc.core.scope import system_scope


class Command(BaseCommand):
    help = "Đặt lại mật khẩu của người dùng (mọi mã truy cập API của họ bị thu hồi, phiên đăng nhập kết thúc)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--password-file", default=None, help="Tệp chứa mật khẩu mới (dòng đầu).")
        parser.add_argument("--reason", default="Đặt lại qua dòng lệnh")

    def handle(self, *args, username, password_file, reason, **options):
        user = user_named(username)
        password = password_from(password_file)
        try:
            revoked = user_password_set(actor=None, scope=system_scope(), user=user, password=password, reason=reason)
        except (ValidationError, PermissionDenied) as exc:
            raise refusal(exc) from None
        self.stdout.write(f"Đã đặt lại mật khẩu của {username}; thu hồi {len(revoked)} mã truy cập API.")
