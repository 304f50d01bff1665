from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from tochuc.core.cli_dates import as_of_arg
from tochuc.core.scope import system_scope
from tochuc.members import selectors

LISTS = ("official", "overdue", "small-branches", "large-grassroots-branches", "badges")


class Command(BaseCommand):
    help = ("Danh sách đến hạn: official (xét chính thức trong tháng), overdue (quá hạn), small-branches "
            "(chi bộ dưới 3 đảng viên chính thức), large-grassroots-branches (chi bộ cơ sở từ 30 đảng viên), "
            "badges (đủ tuổi đảng nhận Huy hiệu vào một ngày).")

    def add_arguments(self, parser):
        parser.add_argument("list", choices=LISTS)
        parser.add_argument("--month", default=None, help="YYYY-MM (với official)")
        parser.add_argument("--date", default=None, help="YYYY-MM-DD (ngày xét; với badges: ngày trao)")
        parser.add_argument("--json", action="store_true", dest="as_json")

    def handle(self, *args, list: str, month: str | None, date: str | None, as_json: bool, **options):
        scope = system_scope(as_of_arg(date))
        if list == "official":
            if not month:
                raise CommandError("Cần --month YYYY-MM.")
            try:
                year, mon = (int(x) for x in month.split("-"))
            except ValueError:
                raise CommandError(f"Tháng «{month}» không hợp lệ (dùng YYYY-MM).") from None
            rows = [{"id": m.pk, "full_name": m.full_name, "admitted_on": m.admitted_on.isoformat()}
                    for m in selectors.probation_due_in_month(scope=scope, year=year, month=mon)]
        elif list == "overdue":
            rows = [{"id": m.pk, "full_name": m.full_name, "admitted_on": m.admitted_on.isoformat()}
                    for m in selectors.probation_overdue(scope=scope, today=scope.as_of)]
        elif list == "badges":
            rows = [{"id": m.pk, "full_name": m.full_name, "level": level}
                    for m, level in selectors.badge_candidates(scope=scope, award_day=scope.as_of)]
        else:
            found = (selectors.branches_below_minimum(scope=scope) if list == "small-branches"
                     else selectors.grassroots_branches_reaching(scope=scope))
            rows = [{"code": v.unit.code, "name": v.name, "official_members": v.official_members,
                     "all_members": v.all_members} for v in found]
        if as_json:
            self.stdout.write(json.dumps(rows, ensure_ascii=False))
            return
        for row in rows:
            self.stdout.write("  ".join(str(v) for v in row.values()))
        self.stdout.write(f"Tổng: {len(rows)}")
