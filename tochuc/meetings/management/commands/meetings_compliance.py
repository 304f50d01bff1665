"""``tochuc meetings compliance --root CODE --from YYYY-MM --to YYYY-MM [--json] [--branches]``."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from tochuc.core.cli_dates import as_of_arg
from tochuc.core.scope import system_scope
from tochuc.domain.meetings import MeetingRuleError
from tochuc.meetings import selectors
from tochuc.orgs.models import UnitVersion


class Command(BaseCommand):
    help = ("Tình hình sinh hoạt chi bộ của một đơn vị trong một kỳ: số chi bộ phải sinh hoạt, đạt yêu cầu, "
            "thiếu sinh hoạt thường kỳ, thiếu sinh hoạt chuyên đề, có buổi tỷ lệ dự dưới ngưỡng.")

    def add_arguments(self, parser):
        parser.add_argument("--root", required=True, help="Mã đơn vị")
        parser.add_argument("--from", dest="start", required=True, help="Tháng đầu YYYY-MM")
        parser.add_argument("--to", dest="end", required=True, help="Tháng cuối YYYY-MM")
        parser.add_argument("--today", default=None, help="YYYY-MM-DD: xét như vào ngày này (mặc định hôm nay)")
        parser.add_argument("--branches", action="store_true", help="Kèm danh sách chi bộ chưa đạt yêu cầu")
        parser.add_argument("--json", action="store_true", dest="as_json")

    def handle(self, *args, root, start, end, today, branches, as_json, **options):
        day = as_of_arg(today)
        scope = system_scope(day)
        try:
            summary = selectors.compliance_summary(scope, root, start, end, today=day)
            rows = selectors.compliance_branches(scope, root, start, end, today=day, limit=None) if branches else []
        except MeetingRuleError as exc:
            raise CommandError(exc.message) from None
        except UnitVersion.DoesNotExist:
            raise CommandError(f"Không có đơn vị «{root}».") from None
        if branches:
            from tochuc.meetings.services import compliance_names_read

            compliance_names_read(actor=None, summary=summary, rows=rows, channel="cli")
        data = summary.as_json()
        if branches:
            data["branches_with_gaps"] = [
                {"code": r.code, "name": r.name, "missed_months": [m.iso() for m in r.missed],
                 "quarters_without_thematic": [str(q) for q in r.quarters],
                 "low_attendance": [m.held_on.isoformat() for m in r.low],
                 "absent_without_reason": r.absent_names, "excused_in_a_row": r.excused_names} for r in rows]
        if as_json:
            self.stdout.write(json.dumps(data, ensure_ascii=False))
            return
        self.stdout.write(f"{summary.root_name} ({summary.root}), {summary.start}–{summary.end}: "
                          f"xét {summary.months_checked} tháng, {summary.quarters_checked} quý")
        labels = {"branches_expected": "Chi bộ phải sinh hoạt", "branches_compliant": "Đạt yêu cầu",
                  "missing_monthly": "Thiếu sinh hoạt thường kỳ", "missing_thematic": "Thiếu sinh hoạt chuyên đề",
                  "low_attendance": "Có buổi tỷ lệ dự thấp",
                  "members_absent_without_reason": "Đảng viên vắng không lý do",
                  "members_excused_in_a_row": "Đảng viên vắng có lý do liên tiếp"}
        for key, label in labels.items():
            self.stdout.write(f"  {label}: {data[key]}")
        for r in rows:
            self.stdout.write(f"  {r.code}  {r.name}: " + "; ".join(filter(None, [
                ", ".join(str(m) for m in r.missed), ", ".join(str(q) for q in r.quarters),
                ", ".join(f"{m.held_on:%d/%m/%Y}" for m in r.low), ", ".join(r.absent_names),
                ", ".join(r.excused_names)])))
