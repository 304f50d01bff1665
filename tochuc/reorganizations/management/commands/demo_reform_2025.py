"""`tochuc demo reform-2025 [--members N]`: replay the real 2025 reform on synthetic members.

Builds the pre-2025 structure (63 provinces, 696 districts, 10,035 communes, branches under the
communes) effective before 1/7/2025 from `vietnamadminunits`, fills it with synthetic members,
generates the reorganization plan in the `org reorganize` format and applies it effective
1/7/2025 (Quy định 294-QĐ/TW; Nghị quyết 202/2025/QH15 and the resolutions on communes).
"""

from __future__ import annotations

import json
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from tochuc.core.progress import progress_bar
from tochuc.reorganizations import reform_demo
from tochuc.reorganizations.services import PlanRejected


class Command(BaseCommand):
    help = ("Dựng cơ cấu trước 01/07/2025 (63 tỉnh, cấp huyện, 10.035 xã), thêm đảng viên mẫu và áp dụng "
            "sắp xếp năm 2025.")

    def add_arguments(self, parser):
        parser.add_argument("--members", type=int, default=200_000)
        parser.add_argument("--seed", type=int, default=2025)
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, members: int, seed: int, no_progress: bool, **options):
        started = time.perf_counter()
        call_command("init", verbosity=0)
        if reform_demo.already_built():
            raise CommandError("Cơ cấu trước năm 2025 đã được dựng trong cơ sở dữ liệu này.")
        old = reform_demo.build_old_structure(members=members, seed=seed)
        self.stdout.write(f"Cơ cấu cũ: {old.communes} xã, {old.branches} chi bộ, {old.members} đảng viên "
                          f"({time.perf_counter() - started:.0f} giây).")
        plan = reform_demo.reform_plan(old)
        applied_at = time.perf_counter()
        try:
            with progress_bar(not no_progress) as progress:
                preview = reform_demo.apply_reform(plan, progress)
        except PlanRejected as rejected:
            for problem in rejected.preview.problems[:50]:
                self.stderr.write(str(problem))
            raise CommandError(f"Kế hoạch có {len(rejected.preview.problems)} lỗi; không ghi dữ liệu nào.") from None
        self.stdout.write(f"Áp dụng sắp xếp 01/07/2025 trong {time.perf_counter() - applied_at:.0f} giây: "
                          + json.dumps(preview.as_json(), ensure_ascii=False))
