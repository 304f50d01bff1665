from __future__ import annotations

import getpass
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from tochuc.accounts.models import Role
from tochuc.accounts.services import user_create
from tochuc.core.scope import system_scope


class Command(BaseCommand):
    help = "Tạo người dùng với vai trò và phạm vi (một hoặc nhiều mã đơn vị)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--scope", action="append", required=True, help="Mã đơn vị; lặp lại để thêm đơn vị.")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--password-file", default=None, help="Tệp chứa mật khẩu (dòng đầu).")

    def handle(self, *args, username, scope, role, password_file, **options):
        if password_file:
            password = Path(password_file).read_text(encoding="utf-8").splitlines()[0]
        else:
            password = getpass.getpass("Mật khẩu: ")
            if password != getpass.getpass("Nhập lại mật khẩu: "):
                raise CommandError("Hai lần nhập mật khẩu không khớp.")
        codes = [code for item in scope for code in item.split(",") if code]
        try:
            user = user_create(actor=None, scope=system_scope(), username=username, password=password,
                               role=role, scope_codes=codes)
        except (ValidationError, PermissionDenied) as exc:
            raise CommandError("; ".join(getattr(exc, "messages", [str(exc)]))) from None
        self.stdout.write(f"Đã tạo người dùng {user.username} ({role}, phạm vi {', '.join(codes)}).")
