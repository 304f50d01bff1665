"""Branch meeting compliance at scale: ``TOCHUC_BENCH_MEETING_BRANCHES`` branches (default 20,000)
with ``TOCHUC_BENCH_MEETING_MEMBERS`` members each (default 10) and a year of meetings with
attendance (the demo generator, set-based); then the compliance summary of the whole country and
of one province for a quarter and for the year, and the first page of branches with gaps."""

from __future__ import annotations

import os
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tochuc.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from tochuc.bench.timing import median_seconds, ms  # noqa: E402
from tochuc.core.scope import system_scope  # noqa: E402
from tochuc.domain.meetings import Month  # noqa: E402
from tochuc.meetings.demo import demo_meetings  # noqa: E402
from tochuc.meetings.models import Meeting  # noqa: E402
from tochuc.meetings.selectors import compliance_branches, compliance_summary  # noqa: E402
from tochuc.members.demo import ensure_branches, synthetic_members  # noqa: E402
from tochuc.members.services import members_write_rows  # noqa: E402
from tochuc.orgs import realdata  # noqa: E402
from tochuc.orgs.selectors import unit_ancestors, unit_get_by_id  # noqa: E402

BRANCHES = int(os.environ.get("TOCHUC_BENCH_MEETING_BRANCHES", "20000"))
MEMBERS_PER_BRANCH = int(os.environ.get("TOCHUC_BENCH_MEETING_MEMBERS", "10"))
CHUNK = 500_000


def main() -> None:
    call_command("migrate", verbosity=0)
    call_command("init", verbosity=0)
    scope = system_scope()
    start = time.perf_counter()
    branches = ensure_branches(scope=scope, wanted=BRANCHES)
    total = len(branches) * MEMBERS_PER_BRANCH
    done = 0
    while done < total:
        batch = synthetic_members(total=min(CHUNK, total - done), branches=branches, today=scope.as_of, seed=done)
        done += members_write_rows(actor=None, rows=batch, source="bench", reason=None)
    print(f"{len(branches):,} branches, {done:,} members: {time.perf_counter() - start:.0f} s", flush=True)
    start = time.perf_counter()
    meetings, marks = demo_meetings(scope=scope, months=12, seed=1)
    seconds = time.perf_counter() - start
    print(f"demo meetings: {meetings:,} meetings + {marks:,} attendance rows in {seconds:.1f} s "
          f"= {(meetings + marks) / seconds:,.0f} rows/s", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    last = Month.of(scope.as_of) + -1
    year, quarter = (last + -11, last), (last + -2, last)
    root = realdata.ROOT_CODE
    first_branch = unit_get_by_id(scope=scope, unit_id=branches[0][0])
    province_code = unit_ancestors(version=first_branch, as_of=scope.as_of)[1].unit.code  # root, province, …
    national = compliance_summary(scope, root, *year)
    print(f"national, 12 months: {national.branches_expected:,} branches expected, "
          f"{national.branches_compliant:,} compliant, {national.missing_monthly:,} missing a month, "
          f"{national.missing_thematic:,} missing a thematic session, {national.low_attendance:,} low attendance, "
          f"{national.members_excused_in_a_row:,} members excused in a row")
    assert national.branches_expected == len(branches), (national.branches_expected, len(branches))
    assert Meeting.objects.count() == meetings
    queries = {
        "summary, whole country, quarter": lambda: compliance_summary(scope, root, *quarter),
        "summary, whole country, 12 months": lambda: compliance_summary(scope, root, *year),
        f"summary, province {province_code}, 12 months": lambda: compliance_summary(scope, province_code, *year),
        "first page of branches with gaps (country)": lambda: compliance_branches(scope, root, *quarter, limit=50),
    }
    print(f"{'compliance query':48} {'median':>10}")
    for label, run in queries.items():
        print(f"{label:48} {ms(median_seconds(run, repeat=3, warmup=1)):>10}", flush=True)


if __name__ == "__main__":
    main()
