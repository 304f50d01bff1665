from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from tochuc.conferences import selectors
from tochuc.conferences.models import Conference, Level
from tochuc.core.scope import system_scope


class Command(BaseCommand):
    help = "Số liệu điểm danh của một hội nghị: điểm cầu kết nối, đại biểu đăng ký và có mặt, theo cấp."

    def add_arguments(self, parser):
        parser.add_argument("conference_id", type=int)
        parser.add_argument("--json", action="store_true", dest="as_json")

    def handle(self, *args, conference_id: int, as_json: bool, **options):
        try:
            access = selectors.conference_access(scope=system_scope(), conference_id=conference_id)
        except Conference.DoesNotExist:
            raise CommandError(f"Không có hội nghị số {conference_id}") from None
        totals = selectors.attendance(access, with_points=False).totals

        def figures(t) -> dict:
            return {"points": t.points, "connected": t.connected, "registered": t.registered,
                    "checked_in": t.checked_in, "present": t.present}

        data = {"conference": conference_id, "title": access.conference.title, "overall": figures(totals.overall),
                "by_level": {level: figures(t) for level, t in totals.by_level.items()}}
        if as_json:
            self.stdout.write(json.dumps(data, ensure_ascii=False))
            return
        labels = dict(Level.choices)
        self.stdout.write(access.conference.title)
        for label, t in [*((labels[k], v) for k, v in totals.by_level.items()), ("Tổng cộng", totals.overall)]:
            self.stdout.write(f"  {label}: {t.connected}/{t.points} điểm cầu kết nối, {t.registered} đăng ký, "
                              f"{t.present} có mặt ({t.checked_in} điểm danh)")
