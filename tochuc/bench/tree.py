"""National-scale tree: ≈ 300,000 units (34 provinces, 3,321 communes, grassroots units and
branches under them), loaded through the real import path, then the hot tree queries against
the same queries written as recursive CTEs (the baseline the materialized path replaces)."""

from __future__ import annotations

import io
import os
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tochuc.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from tochuc.bench.timing import median_seconds, ms  # noqa: E402
from tochuc.core.scope import system_scope  # noqa: E402
from tochuc.members.tree import unit_children  # noqa: E402
from tochuc.orgs import selectors  # noqa: E402
from tochuc.orgs.models import UnitVersion  # noqa: E402
from tochuc.orgs.services import units_import  # noqa: E402

TARGET_UNITS = 300_000
# Per commune: grassroots committees with their branches, then branches of the commune itself.
COMMITTEES, BRANCHES_PER_COMMITTEE, GRASSROOTS_BRANCHES = 6, 8, 4


def synthetic_csv(communes: list[tuple[str, str]]) -> tuple[io.StringIO, int]:
    direct = max(1, (TARGET_UNITS - 3_400) // len(communes)
                 - COMMITTEES * (1 + BRANCHES_PER_COMMITTEE) - GRASSROOTS_BRANCHES)
    lines = ["code,name,kind,parent_code,valid_from"]
    for commune, commune_name in communes:
        place = commune_name.removeprefix("Đảng bộ ")
        for c in range(COMMITTEES):
            committee = f"{commune}-D{c}"
            lines.append(f"{committee},Đảng bộ Trường học số {c} {place},grassroots_committee,{commune},2025-07-01")
            for b in range(BRANCHES_PER_COMMITTEE):
                lines.append(f"{committee}-B{b},Chi bộ Khoa {b} {committee},branch,{committee},2025-07-01")
        for g in range(GRASSROOTS_BRANCHES):
            lines.append(f"{commune}-G{g},Chi bộ cơ sở Công ty {g} {commune},grassroots_branch,{commune},2025-07-01")
        for b in range(direct):
            lines.append(f"{commune}-B{b},Chi bộ Tổ dân phố {b} {commune},branch,{commune},2025-07-01")
    return io.StringIO("\n".join(lines) + "\n"), len(lines) - 1


def recursive_descendants_sql(vendor: str) -> str:
    return """
        WITH RECURSIVE sub(unit_id) AS (
            SELECT unit_id FROM orgs_unitversion v
             WHERE v.unit_id = %s AND v.valid_from <= %s AND (v.valid_to IS NULL OR v.valid_to > %s)
            UNION ALL
            SELECT v.unit_id FROM orgs_unitversion v JOIN sub ON v.parent_id = sub.unit_id
             WHERE v.valid_from <= %s AND (v.valid_to IS NULL OR v.valid_to > %s)
        )
        SELECT v.unit_id, v.kind FROM sub JOIN orgs_unitversion v ON v.unit_id = sub.unit_id
         WHERE v.valid_from <= %s AND (v.valid_to IS NULL OR v.valid_to > %s)
    """


RECURSIVE_CHILD_COUNTS = """
    WITH RECURSIVE sub(unit_id, top_id) AS (
        SELECT v.unit_id, v.unit_id FROM orgs_unitversion v
         WHERE v.parent_id = %s AND v.valid_from <= %s AND (v.valid_to IS NULL OR v.valid_to > %s)
        UNION ALL
        SELECT v.unit_id, sub.top_id FROM orgs_unitversion v JOIN sub ON v.parent_id = sub.unit_id
         WHERE v.valid_from <= %s AND (v.valid_to IS NULL OR v.valid_to > %s)
    )
    SELECT sub.top_id, v.kind, COUNT(*) FROM sub JOIN orgs_unitversion v ON v.unit_id = sub.unit_id
     WHERE v.valid_from <= %s AND (v.valid_to IS NULL OR v.valid_to > %s)
     GROUP BY sub.top_id, v.kind
"""

RECURSIVE_SEARCH = """
    WITH RECURSIVE sub(unit_id) AS (
        SELECT CAST(%s AS BIGINT)
        UNION ALL
        SELECT v.unit_id FROM orgs_unitversion v JOIN sub ON v.parent_id = sub.unit_id
         WHERE v.valid_from <= %s AND (v.valid_to IS NULL OR v.valid_to > %s)
    )
    SELECT v.unit_id, v.name FROM sub JOIN orgs_unitversion v ON v.unit_id = sub.unit_id
     WHERE v.valid_from <= %s AND (v.valid_to IS NULL OR v.valid_to > %s)
       AND v.search_key LIKE %s AND v.search_key LIKE %s
     ORDER BY v.depth, v.name LIMIT 50
"""


def fetch(sql: str, params: list) -> list:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def main() -> None:
    call_command("migrate", verbosity=0)
    call_command("init", verbosity=0)
    scope = system_scope()
    communes = list(selectors.scoped_versions(scope).filter(kind="commune").order_by("path")
                    .values_list("unit__code", "name"))
    stream, count = synthetic_csv(communes)
    start = time.perf_counter()
    units_import(actor=None, scope=scope, stream=stream, source="bench")
    load = time.perf_counter() - start
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    total = UnitVersion.objects.count()
    print(f"units: {total:,}  import of {count:,} units: {load:.1f} s "
          f"({count / load:,.0f} units/s, validation included)")

    day = scope.as_of
    province = selectors.unit_get(scope=scope, code="T01")
    root = selectors.unit_get(scope=scope, code="TW")

    def path_descendants():
        return list(selectors.subtree_versions(scope, province.path).values_list("unit_id", "kind"))

    def cte_descendants():
        return fetch(recursive_descendants_sql(connection.vendor), [province.unit_id] + [day] * 6)

    def path_child_counts():
        return unit_children(scope=scope, version=root)

    def cte_child_counts():
        return fetch(RECURSIVE_CHILD_COUNTS, [root.unit_id] + [day] * 6)

    def path_search():
        return selectors.unit_search(scope=scope, query="trường học số 3 phường ba đình")

    def cte_search():
        return fetch(RECURSIVE_SEARCH, [root.unit_id, day, day, day, day, "%truong hoc so 3%", "%phuong ba dinh%"])

    assert len(path_descendants()) == len(cte_descendants()), "descendants differ"
    path_counts = {(r.version.unit_id, k): n for r in path_child_counts() for k, n in r.units.items()}
    cte_counts = {(top, kind): n for top, kind, n in cte_child_counts()}
    assert path_counts == cte_counts, "child counts differ"
    print(f"descendants of T01: {len(path_descendants()):,} units; search hits: {len(path_search())}")
    print(f"{'query':34} {'path (median)':>14} {'recursive CTE':>14} {'CTE / path':>10}")
    for label, fast, slow, repeat in (
        ("descendants of a province", path_descendants, cte_descendants, 15),
        ("per-child counts, whole country", path_child_counts, cte_child_counts, 5),
        ("unit search (national scope)", path_search, cte_search, 9),
    ):
        a = median_seconds(fast, repeat=repeat)
        b = median_seconds(slow, repeat=repeat)
        print(f"{label:34} {ms(a):>14} {ms(b):>14} {b / a:9.1f}×", flush=True)


if __name__ == "__main__":
    main()
