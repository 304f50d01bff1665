"""A national-scale delegates' congress: 1,600 official delegates elect 200 of 260 candidates on
strike ballots, each ballot entered by two tellers; figures for entering the two piles, reconciling
and counting them through the real service (base from the summons, domain count), the pure count
alone, and rendering the counting minutes as PDF and DOCX."""

from __future__ import annotations

import io
import os
import random
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tochuc.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from tochuc.congresses import minutes, selectors, services  # noqa: E402
from tochuc.congresses.models import BallotEntry, Delegate  # noqa: E402
from tochuc.core.bulk import bulk_insert  # noqa: E402
from tochuc.core.scope import system_scope  # noqa: E402
from tochuc.domain import elections as rules  # noqa: E402
from tochuc.domain.text import fold  # noqa: E402

DELEGATES = int(os.environ.get("TOCHUC_BENCH_DELEGATES", "1600"))
SEATS = int(os.environ.get("TOCHUC_BENCH_SEATS", "200"))
CANDIDATES = int(os.environ.get("TOCHUC_BENCH_CANDIDATES", "260"))

TREE = """code,name,kind,parent_code,valid_from,admin_code
TW,Ban Chấp hành Trung ương Đảng,central,,1930-02-03,
"""

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"]
MIDDLE = ["Văn", "Thị", "Minh", "Quang", "Ngọc", "Thanh", "Hữu", "Đức", "Xuân", "Thu"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hằng", "Hùng", "Khánh", "Lan", "Long", "Mai", "Nam", "Phúc", "Quý",
         "Sơn", "Tâm", "Thảo", "Thủy", "Trung", "Tuấn", "Vinh", "Yến", "Ánh", "Ước", "Đạt", "Hiếu", "Lưu"]


def names(count: int, rng: random.Random) -> list[str]:
    seen: set[str] = set()
    while len(seen) < count:
        seen.add(f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)} {rng.choice(GIVEN)}")
    return sorted(seen)


def main() -> None:
    from tochuc.orgs.services import units_import

    call_command("migrate", verbosity=0)
    scope = system_scope()
    if not selectors.Congress.objects.exists():
        units_import(actor=None, scope=scope, stream=io.StringIO(TREE), source="bench")
        scope = system_scope()
    rng = random.Random(14)
    today = scope.as_of
    congress = services.congress_create(actor=None, scope=scope, unit_code="TW", kind="delegates",
                                        starts_on=today, ends_on=today, cutoff_on=today,
                                        name="Đại hội đại biểu toàn quốc (mô phỏng)", place="Hà Nội")
    people = names(DELEGATES + 5, rng)
    now = timezone.now()
    with transaction.atomic():
        bulk_insert(Delegate, ["congress", "number", "full_name", "search_key", "card_number", "branch_name",
                               "category", "card_code", "temporarily_transferred", "exempted", "suspended",
                               "prosecuted_or_detained", "absence_approved", "disqualified", "note", "checked_in_at"],
                    [(congress.pk, i + 1, name, fold(name), "", "", "elected", f"B{i:07d}", False, False, False,
                      False, False, False, "", now if i >= 14 else None) for i, name in enumerate(people[:DELEGATES])])
    services.counting_members_set(actor=None, scope=scope, congress=congress,
                                  members=[(people[-k], "Trưởng ban" if k == 1 else "Thành viên") for k in range(1, 6)])
    election = services.election_create(actor=None, scope=scope, congress=congress, kind="executive", seats=SEATS,
                                        decided_max_surplus=CANDIDATES - SEATS)
    candidates = people[:CANDIDATES]
    with transaction.atomic():
        for name in candidates:
            services.candidate_add(actor=None, scope=scope, election=election, full_name=name)
    round_ = services.round_open(actor=None, scope=scope, election=election, issued=DELEGATES - 14)
    ids = [c.pk for c in selectors.round_candidates(round_)]
    # Popularity from 95% down to 35%: about 195 over half of the base, so a shortfall round follows.
    share = [0.95 - 0.6 * k / (len(ids) - 1) for k in range(len(ids))]
    pile = []
    for number in range(1, DELEGATES - 14 + 1):
        if number % 400 == 0:
            pile.append((number, [], "Không có dấu của Ban kiểm phiếu"))
            continue
        pile.append((number, [i for i, p in zip(ids, share, strict=True) if rng.random() < p], ""))
    marks = sum(len(kept) for _, kept, _ in pile)

    start = time.perf_counter()
    for teller in (1, 2):
        services.ballots_enter_many(actor=None, scope=scope, round_=round_, teller=teller, entries=pile)
    entered = time.perf_counter() - start

    start = time.perf_counter()
    rec = selectors.round_reconciliation(round_)
    reconciled = time.perf_counter() - start
    assert rec.ok and rec.agreed == len(pile)

    start = time.perf_counter()
    result = services.round_count(actor=None, scope=scope, round_=round_)
    counted = time.perf_counter() - start

    by_id = {c.pk: c.full_name for c in selectors.round_candidates(round_)}
    ballots = [rules.InvalidBallot(invalid) if invalid else [by_id[i] for i in kept]
               for kept, invalid in BallotEntry.objects.filter(round=round_, teller=1).values_list("marks", "invalid")]
    start = time.perf_counter()
    pure = rules.count_ballots(seats=SEATS, candidates=[by_id[i] for i in ids], ballots=ballots, base=result.base,
                               layout="strike", issued=len(pile))
    domain_only = time.perf_counter() - start
    assert pure.elected == result.elected

    round_.refresh_from_db()
    start = time.perf_counter()
    data = minutes.minutes_for(round_)
    pdf = minutes.pdf_bytes(data)
    pdf_seconds = time.perf_counter() - start
    start = time.perf_counter()
    docx = minutes.docx_bytes(data)
    docx_seconds = time.perf_counter() - start
    pages = pdf.count(b"/Type /Page\n") or pdf.count(b"/Type /Page ")

    print(f"delegates' congress on {connection.vendor}: {DELEGATES:,} delegates summoned, base {result.base:,}, "
          f"{len(pile):,} ballots returned, {SEATS} seats, {CANDIDATES} candidates, {marks:,} names kept")
    print(f"entry of both tellers' piles ({2 * len(pile):,} ballot rows, set-based): {entered:.2f} s")
    print(f"reconciliation of the two piles: {reconciled:.2f} s")
    print(f"count through the service (reconcile, base, domain count, store, log): {counted:.2f} s")
    print(f"pure domain count of {len(ballots):,} ballots: {domain_only:.2f} s")
    print(f"result: {result.valid:,} valid, {result.invalid} invalid, {len(result.elected)} elected, "
          f"{len(result.tied)} tied, {result.unfilled} unfilled (needed {result.needed:,} votes)")
    print(f"minutes PDF ({len(pdf) / 1024:.0f} KB, {pages} pages): {pdf_seconds:.2f} s; "
          f"DOCX ({len(docx) / 1024:.0f} KB): {docx_seconds:.2f} s", flush=True)


if __name__ == "__main__":
    main()
