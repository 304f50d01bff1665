"""The 2025 reform replayed on synthetic members: the steps of `tochuc demo reform-2025`, shared
with the benchmark (which times the last one)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import timedelta

from tochuc.core.scope import system_scope
from tochuc.members.demo import synthetic_members
from tochuc.members.services import members_write_rows
from tochuc.orgs import reform2025
from tochuc.orgs.models import Unit
from tochuc.orgs.selectors import versions_as_of
from tochuc.orgs.services import units_import
from tochuc.reorganizations.services import Preview, Progress, reorganization_apply

MEMBERS_PER_BRANCH = 20
REASON = "Sắp xếp tổ chức đảng theo Quy định 294-QĐ/TW (hiệu lực 01/07/2025)"


@dataclass
class OldStructure:
    communes: int
    branches: int
    members: int
    branches_by_commune: dict[str, list[str]]


def already_built() -> bool:
    return Unit.objects.filter(code=reform2025.old_province_code(1)).exists()


def build_old_structure(*, members: int, seed: int = 2025) -> OldStructure:
    """63 provinces, their districts and communes effective before 1/7/2025, branches under the
    communes (about ``MEMBERS_PER_BRANCH`` members each) and ``members`` synthetic members."""
    old_scope = system_scope(reform2025.REFORM_DATE - timedelta(days=1))
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
                                 rows=synthetic_members(total=members, branches=branches, today=old_scope.as_of,
                                                        seed=seed))
    return OldStructure(len(communes), len(branches), created, branches_by_commune)


def reform_plan(old: OldStructure) -> str:
    """The plan in the ``org reorganize`` format."""
    return reform2025.plan_csv(reform2025.reform_plan_rows(old.branches_by_commune))


def apply_reform(plan: str, progress: Progress | None = None) -> Preview:
    """Apply the plan effective 1/7/2025 (raises PlanRejected, nothing written)."""
    effective = reform2025.REFORM_DATE
    return reorganization_apply(actor=None, scope=system_scope(effective), stream=io.StringIO(plan),
                                effective=effective, reason=REASON, source="reform-2025.csv",
                                **({"progress": progress} if progress else {}))
