from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from tochuc.accounts.models import User
from tochuc.accounts.services import api_token_create


class Command(BaseCommand):
    help = "In ra một mã truy cập API mới của người dùng (Authorization: Bearer MÃ)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"Không có người dùng «{username}».")
        self.stdout.write(api_token_create(actor=None, user=user, reason="Cấp qua dòng lệnh"))
