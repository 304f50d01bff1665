from __future__ import annotations

import json

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from tochuc.core.scope import system_scope
from tochuc.reorganizations.revert import reorganization_revert_last


class Command(BaseCommand):
    help = "Hoàn tác đợt sắp xếp tổ chức gần nhất, khi chưa có gì ghi sau đó phụ thuộc vào nó."

    def add_arguments(self, parser):
        parser.add_argument("--reason", default=None)
        parser.add_argument("--json", action="store_true", dest="as_json")

    def handle(self, *args, reason: str | None, as_json: bool, **options):
        try:
            done = reorganization_revert_last(actor=None, scope=system_scope(), reason=reason)
        except ValidationError as exc:
            for message in exc.messages[1:]:
                self.stderr.write(message)
            raise CommandError(exc.messages[0]) from None
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from None
        if as_json:
            self.stdout.write(json.dumps({"reverted": done.pk, "effective": done.effective.isoformat()}))
            return
        self.stdout.write(f"Đã hoàn tác đợt sắp xếp số {done.pk}, hiệu lực ngày {done.effective:%d/%m/%Y}.")
