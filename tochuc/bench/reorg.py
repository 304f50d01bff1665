"""The 2025 reform at national scale: the full plan (10,035 communes into 3,321, 63 provinces
into 34, every district dissolved) applied with 1,000,000 members on SQLite and 5,600,000 on
PostgreSQL, beside a raw copy of the same number of membership rows; then as-of and restated
member counts for a merged province before and after the reform."""

from __future__ import annotations

import os
import time
from datetime import date

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tochuc.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from tochuc.bench.timing import median_seconds, ms  # noqa: E402
from tochuc.core.scope import system_scope  # noqa: E402
from tochuc.members.models import Membership  # noqa: E402
from tochuc.members.selectors import member_count  # noqa: E402
from tochuc.orgs.models import Unit, UnitVersion  # noqa: E402
from tochuc.orgs.selectors import versions_as_of  # noqa: E402
from tochuc.reorganizations import history, reform_demo  # noqa: E402

DEFAULT = "5600000" if connection.vendor == "postgresql" else "1000000"
MEMBERS = int(os.environ.get("TOCHUC_BENCH_REFORM_MEMBERS", DEFAULT))
BEFORE = date(2025, 6, 30)


def raw_copy_seconds() -> float:
    """Copy every membership row into a scratch table of the same shape, in one statement."""
    table = Membership._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"CREATE TEMPORARY TABLE bench_copy AS SELECT * FROM {table} WHERE 1 = 0")
        start = time.perf_counter()
        cursor.execute(f"INSERT INTO bench_copy SELECT * FROM {table}")
        seconds = time.perf_counter() - start
        cursor.execute("DROP TABLE bench_copy")
    return seconds


def main() -> None:
    call_command("migrate", verbosity=0)
    call_command("init", verbosity=0)
    start = time.perf_counter()
    old = reform_demo.build_old_structure(members=MEMBERS)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"pre-2025 structure: {old.communes:,} communes, {old.branches:,} branches, {old.members:,} members "
          f"(built in {time.perf_counter() - start:.0f} s)", flush=True)
    plan = reform_demo.reform_plan(old)
    lines = plan.count("\n") - 1
    start = time.perf_counter()
    preview = reform_demo.apply_reform(plan)
    applied = time.perf_counter() - start
    summary = preview.as_json()
    raw = raw_copy_seconds()
    rows = Membership.objects.count()
    print(f"plan: {lines:,} lines; {summary['merged']:,} merged, {summary['moved']:,} moved, "
          f"{summary['closed']:,} closed; "
          f"{summary['members_moved']:,} members follow their branches")
    print(f"apply the whole plan in one transaction: {applied:.1f} s")
    print(f"raw copy of the {rows:,} membership rows (INSERT … SELECT): {raw:.1f} s; "
          f"apply / raw copy = {applied / raw:.1f}")
    today = system_scope()
    provinces = UnitVersion.objects.filter(valid_to__isnull=True, kind="province").count()
    communes = UnitVersion.objects.filter(valid_to__isnull=True, kind="commune").count()
    open_districts = UnitVersion.objects.filter(valid_to__isnull=True, kind="district").count()
    print(f"after: {provinces} provinces, {communes:,} communes, {open_districts} open districts", flush=True)
    # Tuyên Quang took in Hà Giang: the merged province's figure as of before (by the structure of
    # then) and restated (its communes of today, counted before they existed).
    code = Unit.objects.filter(versions__name__contains="Tuyên Quang", versions__kind="province",
                               versions__valid_to__isnull=True).values_list("code", flat=True).first()
    figures = {}
    cases = {
        f"{code} members on {BEFORE:%d/%m/%Y}, restated to today": lambda: figures.__setitem__(
            "restated", history.restated_member_count(scope=today, code=code, as_of=BEFORE)),
        f"{code} members today": lambda: figures.__setitem__(
            "today", history.restated_member_count(scope=today, code=code, as_of=today.as_of)),
        f"{code} children restated to today, on {BEFORE:%d/%m/%Y}": lambda: history.restated_unit_counts(
            scope=today, code=code, as_of=BEFORE),
    }
    print(f"{'query':60} {'median':>10}")
    for label, run in cases.items():
        print(f"{label:60} {ms(median_seconds(run, repeat=5, warmup=1)):>10}", flush=True)
    before, now = figures["restated"], figures["today"]
    then = system_scope(BEFORE)
    old = {v.name: member_count(scope=then, path=v.path) for v in versions_as_of(BEFORE).filter(
        kind="province", name__regex=r"Tuyên Quang|Hà Giang")}
    print(f"{code}: {before.restated:,} members on {BEFORE:%d/%m/%Y} restated to today's structure "
          f"(the unit did not exist then: as-of figure {before.as_of_count}); as of then, by the old structure: "
          + ", ".join(f"{name} {n:,}" for name, n in sorted(old.items())) + f"; today {now.restated:,}")


if __name__ == "__main__":
    main()
