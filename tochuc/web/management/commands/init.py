"""``tochuc init``: migrate, load the real tree, optionally the demo users and documents. It
assembles orgs, accounts and documents, so it lives in the top layer (web), not in core."""

from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from tochuc.accounts.models import User
from tochuc.accounts.services import user_create
from tochuc.core.scope import system_scope
from tochuc.orgs import realdata
from tochuc.orgs.models import Unit
from tochuc.orgs.services import units_import

DEMO_PASSWORD = "tochuc-demo-2025"
DEMO_USERS = (
    ("quantri", "administrator", realdata.ROOT_CODE, "Quản trị toàn quốc"),
    ("hanoi", "clerk", "T01", "Cán bộ Ban Tổ chức Thành ủy Hà Nội"),
    ("badinh", "clerk", "X00004", "Cán bộ Đảng ủy phường Ba Đình"),
)


class Command(BaseCommand):
    help = "Tạo hoặc cập nhật cơ sở dữ liệu và nạp hệ thống tổ chức thật (chạy lại không thay đổi gì)."

    def add_arguments(self, parser):
        parser.add_argument("--demo", action="store_true", help="Tạo thêm tài khoản dùng thử.")

    def handle(self, *args, demo: bool = False, verbosity: int = 1, **options):
        call_command("migrate", interactive=False, verbosity=0)
        created = load_real_tree()
        if verbosity:
            self.stdout.write(f"Hệ thống tổ chức: thêm {created} đơn vị." if created else "Hệ thống tổ chức: đã đầy "
                                                                                          "đủ.")
        if demo:
            for line in create_demo_users():
                self.stdout.write(line)
            call_command("docs_seed", verbosity=verbosity, stdout=self.stdout._out)


def load_real_tree() -> int:
    """Add the real units that are not in the database yet; returns how many."""
    rows = realdata.real_tree_rows()
    known = set(Unit.objects.filter(code__in=[r["code"] for r in rows]).values_list("code", flat=True))
    missing = [r for r in rows if r["code"] not in known]
    if not missing:
        return 0
    result = units_import(actor=None, scope=system_scope(), stream=realdata.rows_to_csv(missing),
                          source="vietnam-provinces", reason="Nạp hệ thống tổ chức sau sắp xếp 2025")
    return result.created


def create_demo_users() -> list[str]:
    lines = ["Tài khoản dùng thử (tên đăng nhập / mật khẩu):"]
    with transaction.atomic():
        for username, role, code, title in DEMO_USERS:
            if not User.objects.filter(username=username).exists():
                user_create(actor=None, scope=system_scope(), username=username, password=DEMO_PASSWORD,
                            role=role, scope_codes=[code], reason="Tài khoản dùng thử")
            lines.append(f"  {username:8} / {DEMO_PASSWORD}  ({title}, phạm vi {code})")
    return lines
