from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tochuc.core.cli_dates import as_of_arg
from tochuc.core.scope import system_scope
from tochuc.documents import exports, selectors
from tochuc.documents.models import Document
from tochuc.domain.citations import normalize_code
from tochuc.orgs.models import UnitVersion
from tochuc.orgs.selectors import unit_get


class Command(BaseCommand):
    help = ("Các đơn vị của một cây tổ chức đã / chưa học tập, quán triệt một văn bản "
            "(văn bản: số, ký hiệu, thêm --issued-on nếu có nhiều văn bản cùng số, ký hiệu).")

    def add_arguments(self, parser):
        parser.add_argument("code", help="số, ký hiệu, ví dụ 50-CT/TW")
        parser.add_argument("--issued-on", default=None, help="ngày ban hành YYYY-MM-DD")
        parser.add_argument("--root", required=True, help="mã đơn vị gốc")
        parser.add_argument("--level", choices=sorted(selectors.COVERAGE_LEVELS), default="chi-bo")
        parser.add_argument("--missing", action="store_true", help="chỉ các đơn vị chưa học tập")
        parser.add_argument("--date", default=None, help="số liệu tại ngày YYYY-MM-DD (mặc định hôm nay)")
        parser.add_argument("--xlsx", default=None, metavar="FILE", help="ghi ra tệp Excel")
        parser.add_argument("--json", action="store_true", dest="as_json")

    def handle(self, *args, code: str, issued_on: str | None, root: str, level: str, missing: bool,
               date: str | None, xlsx: str | None, as_json: bool, **options):
        scope = system_scope(as_of_arg(date))
        normalized = normalize_code(code)
        if normalized is None:
            raise CommandError(f"«{code}» không phải số, ký hiệu văn bản (ví dụ 50-CT/TW).")
        documents = Document.objects.filter(code=normalized)
        if issued_on:
            documents = documents.filter(issued_on=as_of_arg(issued_on))
        found = list(documents.order_by("issued_on"))
        if not found:
            raise CommandError(f"Không có văn bản {normalized} trong sổ.")
        if len(found) > 1:
            days = ", ".join(d.issued_on.isoformat() for d in found)
            raise CommandError(f"Có {len(found)} văn bản {normalized} ({days}): thêm --issued-on.")
        try:
            root_version = unit_get(scope=scope, code=root)
        except UnitVersion.DoesNotExist:
            raise CommandError(f"Không có đơn vị {root} vào ngày {scope.as_of.isoformat()}.") from None
        report = selectors.coverage(scope=scope, document=found[0], root=root_version,
                                    kinds=selectors.COVERAGE_LEVELS[level])
        rows = report.missing if missing else report.rows
        if xlsx:
            Path(xlsx).write_bytes(exports.coverage_xlsx(report, rows,
                                                         level_label=str(selectors.COVERAGE_LEVEL_LABELS[level])))
        if as_json:
            self.stdout.write(json.dumps([
                {"code": r.version.code, "name": r.version.name, "kind": r.version.kind, "studied": r.studied,
                 "sessions": r.sessions, "first_held_on": r.first_held_on.isoformat() if r.first_held_on else None,
                 "members": r.members, "attended": r.attended} for r in rows], ensure_ascii=False))
            return
        for r in rows:
            self.stdout.write(f"{r.version.code}  {r.version.name}  {'đã' if r.studied else 'CHƯA'}  "
                              f"{r.attended}/{r.members}")
        self.stdout.write(f"{report.studied_count}/{len(report.rows)} đơn vị đã học tập, quán triệt {normalized}.")
