"""Document registry at province scale: which of Hà Nội's chi bộ (thousands) and communes have not
yet studied a document (the coverage report: a fixed number of queries, whatever the size of
the subtree), its XLSX export, and the citation extractor's throughput on a real report."""

from __future__ import annotations

import os
import random
import time
from datetime import date
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tochuc.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from tochuc.bench.timing import median_seconds, ms  # noqa: E402
from tochuc.core.bulk import allocate_ids, bulk_insert  # noqa: E402
from tochuc.core.scope import Scope, resolve_paths, system_scope  # noqa: E402
from tochuc.documents import exports, selectors  # noqa: E402
from tochuc.documents.models import Document, StudyAttendance, StudySession  # noqa: E402
from tochuc.domain.citations import extract_citations  # noqa: E402
from tochuc.members.demo import ensure_branches, synthetic_members  # noqa: E402
from tochuc.members.selectors import memberships_on  # noqa: E402
from tochuc.members.services import members_write_rows  # noqa: E402
from tochuc.orgs.models import Unit  # noqa: E402
from tochuc.orgs.selectors import unit_get  # noqa: E402

BRANCHES = int(os.environ.get("TOCHUC_BENCH_DOC_BRANCHES", "6000"))
MEMBERS = int(os.environ.get("TOCHUC_BENCH_DOC_MEMBERS", "120000"))
STUDIED_SHARE = 0.7
SAMPLE = Path(__file__).resolve().parents[1] / "domain" / "tests" / "samples" / "report-2025-dang-bo-chinh-phu.txt"


def province_scope(code: str) -> Scope:
    unit_ids = (Unit.objects.get(code=code).pk,)
    today = system_scope().as_of
    return Scope(role="clerk", unit_ids=unit_ids, paths=resolve_paths(unit_ids, today), as_of=today)


def record_sessions(*, scope: Scope, document: Document, branches: list[int]) -> set[int]:
    """One session per studied branch (set-based), half of each branch's members attending."""
    rng = random.Random(7)
    studied = {b for b in branches if rng.random() < STUDIED_SHARE}
    held_on = date(2025, 9, 3)
    now = timezone.now()
    with transaction.atomic():
        ids = allocate_ids(StudySession, len(studied))
        by_branch = dict(zip(sorted(studied), ids, strict=True))
        bulk_insert(StudySession, ["id", "unit", "kind", "held_on", "title", "place", "presenter", "notes",
                                   "created_at", "created_by"],
                    [(sid, b, "hoc_tap_quan_triet", held_on, "Học tập Chỉ thị 50", "", "", "", now, None)
                     for b, sid in by_branch.items()])
        bulk_insert(StudySession.documents.through, ["studysession", "document"],
                    [(sid, document.pk) for sid in ids])
        ships = memberships_on(scope.as_of).filter(unit_id__in=list(studied)).values_list("member_id", "unit_id")
        bulk_insert(StudyAttendance, ["session", "member"],
                    [(by_branch[unit_id], member_id) for member_id, unit_id in ships.iterator() if member_id % 2])
    return studied


def main() -> None:
    call_command("migrate", verbosity=0)
    call_command("init", verbosity=0)
    call_command("docs_seed", verbosity=0)
    hanoi = province_scope("T01")
    start = time.perf_counter()
    branches = [b for b, _ in ensure_branches(scope=hanoi, wanted=BRANCHES)]
    members_write_rows(actor=None,
                       rows=synthetic_members(total=MEMBERS, branches=ensure_branches(scope=hanoi, wanted=BRANCHES),
                                              today=hanoi.as_of, seed=3),
                       source="bench", reason=None)
    document = Document.objects.get(code="50-CT/TW")
    studied = record_sessions(scope=hanoi, document=document, branches=branches)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"Hà Nội: {len(branches):,} chi bộ, {MEMBERS:,} members, {len(studied):,} chi bộ studied Chỉ thị 50-CT/TW "
          f"(set up in {time.perf_counter() - start:.0f} s)")
    root = unit_get(scope=hanoi, code="T01")
    branch_level = selectors.COVERAGE_LEVELS["chi-bo"]
    with CaptureQueriesContext(connection) as queries:
        report = selectors.coverage(scope=hanoi, document=document, root=root, kinds=branch_level)
    missing = {r.version.unit_id for r in report.missing}
    assert missing == set(branches) - studied, "coverage report is wrong"
    assert sum(r.members for r in report.rows) == MEMBERS
    attended = StudyAttendance.objects.count()
    assert sum(r.attended for r in report.rows) == attended
    print(f"coverage is correct: {len(missing):,} chi bộ not studied, {attended:,} attendances; "
          f"{len(queries.captured_queries)} queries")
    runs = {
        "coverage of Hà Nội's chi bộ": lambda: selectors.coverage(scope=hanoi, document=document, root=root,
                                                                  kinds=branch_level),
        "coverage of Hà Nội's communes": lambda: selectors.coverage(scope=hanoi, document=document, root=root,
                                                                    kinds=selectors.COVERAGE_LEVELS["xa"]),
        "XLSX of the chi bộ not studied": lambda: exports.coverage_xlsx(report, report.missing, level_label="Chi bộ"),
    }
    print(f"{'':40} {'median':>10}")
    for label, run in runs.items():
        print(f"{label:40} {ms(median_seconds(run, repeat=5, warmup=1)):>10}", flush=True)
    text = SAMPLE.read_text(encoding="utf-8") * 100
    seconds = median_seconds(lambda: extract_citations(text), repeat=5, warmup=1)
    print(f"citation extractor: {len(text) / seconds / 1000:,.0f} k characters/s "
          f"({len(text):,} characters, {sum(len(c.mentions) for c in extract_citations(text))} mentions)")


if __name__ == "__main__":
    main()
