"""`tochuc demo reform-2025 [--members N]`: replay the real 2025 reform on synthetic members.

Builds the pre-2025 structure (63 provinces, 696 districts, 10,035 communes, branches under the
communes) effective before 1/7/2025 from `vietnamadminunits`, fills it with synthetic members,
generates the reorganization plan in the `org reorganize` format and applies it effective
1/7/2025 (Quy định 294-QĐ/TW; Nghị quyết 202/2025/QH15 and the resolutions on communes).
"""

from __future__ import annotations

import io
import json
import time
from datetime import timedelta

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from tochuc.accounts.scope import system_scope
from tochuc.core.progress import progress_bar
from tochuc.members.demo import synthetic_members
from tochuc.members.services import members_write_rows
from tochuc.orgs import reform2025
from tochuc.orgs.models import Unit
from tochuc.orgs.reorg import PlanRejected, reorganization_apply
from tochuc.orgs.selectors import versions_as_of
from tochuc.orgs.services import units_import

MEMBERS_PER_BRANCH = 20
REASON = "Sắp xếp tổ chức đảng theo Quy định 294-QĐ/TW (hiệu lực 01/07/2025)"


class Command(BaseCommand):
    help = "Dựng cơ cấu trước 01/07/2025 (63 tỉnh, cấp huyện, 10.035 xã), thêm đảng viên mẫu và áp dụng sắp xếp năm 2025."

    def add_arguments(self, parser):
        parser.add_argument("--members", type=int, default=200_000)
        parser.add_argument("--seed", type=int, default=2025)
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, members: int, seed: int, no_progress: bool, **options):
        started = time.perf_counter()
        call_command("init", verbosity=0)
        if Unit.objects.filter(code=reform2025.old_province_code(1)).exists():
            raise CommandError("Cơ cấu trước năm 2025 đã được dựng trong cơ sở dữ liệu này.")
        effective = reform2025.REFORM_DATE
        old_scope = system_scope(effective - timedelta(days=1))
        units_import(actor=None, scope=old_scope, stream=io.StringIO(reform2025.units_csv(reform2025.old_structure_rows())),
                     source="vietnamadminunits", reason="Cơ cấu tổ chức trước 01/07/2025")
        communes = list(versions_as_of(old_scope.as_of).filter(unit__code__startswith="XC-")
                        .order_by("unit__code").values_list("unit__code", flat=True))
        per_commune = max(1, round(members / MEMBERS_PER_BRANCH / len(communes)))
        lines = ["code,name,kind,parent_code,valid_from"]
        branches_by_commune: dict[str, list[str]] = {}
        for commune in communes:
            for k in range(1, per_commune + 1):
                code = f"CB-{commune}-{k}"
                branches_by_commune.setdefault(commune, []).append(code)
                lines.append(f"{code},Chi bộ Khu dân cư số {k},branch,{commune},{reform2025.OLD_VALID_FROM.isoformat()}")
        units_import(actor=None, scope=old_scope, stream=io.StringIO("\n".join(lines) + "\n"), source="demo",
                     reason="Chi bộ mẫu")
        branches = list(versions_as_of(old_scope.as_of).filter(unit__code__startswith="CB-XC-")
                        .values_list("unit_id", "valid_from"))
        created = members_write_rows(actor=None, source="demo", reason="Đảng viên mẫu",
                                     rows=synthetic_members(total=members, branches=branches, today=old_scope.as_of, seed=seed))
        self.stdout.write(f"Cơ cấu cũ: {len(communes)} xã, {len(branches)} chi bộ, {created} đảng viên "
                          f"({time.perf_counter() - started:.0f} giây).")
        plan = reform2025.plan_csv(reform2025.reform_plan_rows(branches_by_commune))
        applied_at = time.perf_counter()
        try:
            with progress_bar(not no_progress) as progress:
                preview = reorganization_apply(actor=None, scope=system_scope(effective), stream=io.StringIO(plan),
                                               effective=effective, reason=REASON, source="reform-2025.csv", progress=progress)
        except PlanRejected as rejected:
            for problem in rejected.preview.problems[:50]:
                self.stderr.write(str(problem))
            raise CommandError(f"Kế hoạch có {len(rejected.preview.problems)} lỗi; không ghi dữ liệu nào.") from None
        self.stdout.write(f"Áp dụng sắp xếp 01/07/2025 trong {time.perf_counter() - applied_at:.0f} giây: "
                          + json.dumps(preview.as_json(), ensure_ascii=False))
