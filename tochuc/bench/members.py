"""Member registry at national scale: import of 1,000,000 members from CSV through the real
path (read, validate, write) beside a raw executemany/COPY of the same rows; on PostgreSQL,
national search and due-list latency on 5,600,000 members."""

from __future__ import annotations

import csv
import os
import tempfile
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tochuc.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from tochuc.audit.models import AuditEntry  # noqa: E402
from tochuc.bench.timing import median_seconds, ms  # noqa: E402
from tochuc.core.bulk import bulk_insert  # noqa: E402
from tochuc.core.scope import system_scope  # noqa: E402
from tochuc.members import selectors  # noqa: E402
from tochuc.members.demo import ensure_branches, synthetic_members  # noqa: E402
from tochuc.members.models import Member, Membership  # noqa: E402
from tochuc.members.services import members_import, members_write_rows  # noqa: E402
from tochuc.orgs.models import Unit  # noqa: E402

IMPORT_ROWS = int(os.environ.get("TOCHUC_BENCH_IMPORT_ROWS", "1000000"))
NATIONAL_MEMBERS = int(os.environ.get("TOCHUC_BENCH_NATIONAL_MEMBERS", "5600000"))
CHUNK = 500_000


def write_csv(rows, branch_codes: dict[int, str], path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["full_name", "birth_date", "gender", "branch_code", "admitted_on", "official_on",
                         "card_number", "national_id", "ethnicity"])
        for r in rows:
            writer.writerow([r.full_name, r.birth_date.isoformat(), "nam" if r.sex == "nam" else "nữ",
                             branch_codes[r.unit_id], r.admitted_on.isoformat(),
                             r.official_on.isoformat() if r.official_on else "", r.card_number or "",
                             r.national_id, r.ethnicity])


def raw_rows(rows, first_id: int):
    from django.utils import timezone

    from tochuc.domain.text import fold

    now = timezone.now()
    members, ships = [], []
    for offset, r in enumerate(rows):
        mid = first_id + offset
        members.append((mid, r.full_name, fold(r.full_name), r.birth_date, r.sex, r.ethnicity, "", "", r.national_id,
                        "", "", "", r.admitted_on, r.official_on, r.card_number,
                        "official" if r.official_on else "probationary", False, now))
        ships.append((mid, r.unit_id, "primary", r.joined_branch_on, None))
    return members, ships


MEMBER_FIELDS = ["id", "full_name", "search_key", "birth_date", "sex", "ethnicity", "religion", "hometown",
                 "national_id", "phone", "education", "theory_level", "admitted_on", "official_on", "card_number",
                 "status", "exempted", "created_at"]


def clear_members() -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        for table in ("members_membership", "members_memberevent", "members_member"):
            cursor.execute(f"DELETE FROM {table}")
        AuditEntry.objects.filter(action="member.import").delete()


def main() -> None:
    call_command("migrate", verbosity=0)
    call_command("init", verbosity=0)
    scope = system_scope()
    branches = ensure_branches(scope=scope, wanted=IMPORT_ROWS // 20)
    codes = dict(Unit.objects.filter(id__in=[b[0] for b in branches]).values_list("id", "code"))
    rows = synthetic_members(total=IMPORT_ROWS, branches=branches, today=scope.as_of, seed=1)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "members.csv"
        write_csv(rows, codes, path)
        size = path.stat().st_size / 1e6
        start = time.perf_counter()
        with path.open("rb") as stream:
            result = members_import(actor=None, scope=scope, stream=stream, source="members.csv")
        imported = time.perf_counter() - start
    assert result.created == IMPORT_ROWS
    clear_members()
    members, ships = raw_rows(rows, 10_000_000)
    start = time.perf_counter()
    with transaction.atomic():
        bulk_insert(Member, MEMBER_FIELDS, members)
        bulk_insert(Membership, ["member", "unit", "kind", "valid_from", "valid_to"], ships)
    raw = time.perf_counter() - start
    method = "COPY" if connection.vendor == "postgresql" else "executemany"
    print(f"import of {IMPORT_ROWS:,} members from CSV ({size:.0f} MB): {imported:.1f} s = "
          f"{IMPORT_ROWS / imported:,.0f} rows/s")
    print(f"raw {method} of the same member + membership rows: {raw:.1f} s = {IMPORT_ROWS / raw:,.0f} rows/s")
    print(f"import / raw speed: {raw / imported:.2f} (goal ≥ 0.25)", flush=True)
    if connection.vendor != "postgresql":
        return
    clear_members()
    start = time.perf_counter()
    branches = ensure_branches(scope=scope, wanted=NATIONAL_MEMBERS // 20)
    done = 0
    while done < NATIONAL_MEMBERS:
        batch = synthetic_members(total=min(CHUNK, NATIONAL_MEMBERS - done), branches=branches, today=scope.as_of,
                                  seed=done)
        done += members_write_rows(actor=None, rows=batch, source="bench", reason=None)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"\nloaded {done:,} members in {len(branches):,} branches: {time.perf_counter() - start:.0f} s")
    sample = Member.objects.order_by("id")[NATIONAL_MEMBERS // 2]
    queries = {
        "search by name, no diacritics": lambda: selectors.member_search(scope=scope, query="nguyen thi huyen"),
        "search by name + birth year": lambda: selectors.member_search(
            scope=scope, query=f"{sample.full_name} {sample.birth_date.year}"),
        "search by citizen ID": lambda: selectors.member_search(scope=scope, query=sample.national_id),
        "search by card number": lambda: selectors.member_search(scope=scope, query=sample.card_number or "90000001"),
        "due for official status this month": lambda: list(selectors.probation_due_in_month(
            scope=scope, year=scope.as_of.year, month=scope.as_of.month)),
        "probation overdue": lambda: list(selectors.probation_overdue(scope=scope, today=scope.as_of)),
        "branches under 3 official (Hà Nội)": lambda: list(
            selectors.branches_below_minimum(scope=province_scope("T01"))),
    }
    print(f"{'national query (PostgreSQL)':40} {'median':>10}")
    for label, run in queries.items():
        print(f"{label:40} {ms(median_seconds(run, repeat=7, warmup=1)):>10}", flush=True)


def province_scope(code: str):
    from tochuc.core.scope import Scope, resolve_paths

    unit_ids = (Unit.objects.get(code=code).pk,)
    today = system_scope().as_of
    return Scope(role="viewer", unit_ids=unit_ids, paths=resolve_paths(unit_ids, today), as_of=today)


if __name__ == "__main__":
    main()
