"""Dashboards at scale: the province dashboard (Hà Nội) with 200,000 members on SQLite and the
national dashboard with 5,600,000 members on PostgreSQL, p50 and p95 seconds of the whole page
(every table, the children table, the work programme ratio, template and SVG charts), as of the
date and restated. Members are generated set-based (tochuc.members.demo, COPY / executemany).

``TOCHUC_BENCH_PROVINCE_MEMBERS`` and ``TOCHUC_BENCH_NATIONAL_MEMBERS`` change the sizes (the
figures printed say which size was measured)."""

from __future__ import annotations

import math
import os
import statistics
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tochuc.settings")
# The first view of a cold country queues its counting: run inline here (no worker), so that view
# measures the counting and the next one the kept figures.
os.environ["TOCHUC_TASKS"] = "immediate"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from tochuc.accounts.services import user_create  # noqa: E402
from tochuc.bench.timing import samples_seconds  # noqa: E402
from tochuc.core.scope import Scope, resolve_paths, system_scope  # noqa: E402
from tochuc.members.demo import ensure_branches, synthetic_members  # noqa: E402
from tochuc.members.models import Member  # noqa: E402
from tochuc.members.services import members_write_rows  # noqa: E402
from tochuc.orgs.models import Unit  # noqa: E402
from tochuc.reports import engine, tally  # noqa: E402

PROVINCE_MEMBERS = int(os.environ.get("TOCHUC_BENCH_PROVINCE_MEMBERS", "200000"))
NATIONAL_MEMBERS = int(os.environ.get("TOCHUC_BENCH_NATIONAL_MEMBERS", "5600000"))
PROVINCE = "T01"
CHUNK = 500_000
PER_BRANCH = 20
KEPT_REPEAT = 15  # views served from the kept totals
CHANGE_ROUNDS = 5  # rounds of 20 transfers, each followed by one view


def load(scope: Scope, total: int) -> float:
    start = time.perf_counter()
    branches = ensure_branches(scope=scope, wanted=max(1, total // PER_BRANCH))
    done = 0
    while done < total:
        batch = synthetic_members(total=min(CHUNK, total - done), branches=branches, today=scope.as_of, seed=done)
        done += members_write_rows(actor=None, rows=batch, source="bench", reason=None)
        print(f"  … {done:,} members", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return time.perf_counter() - start


GENERATE_SQL = """
INSERT INTO members_member (id, full_name, search_key, birth_date, sex, ethnicity, religion, hometown, national_id,
                            phone, education, theory_level, admitted_on, official_on, card_number, status, exempted,
                            created_at)
SELECT i, 'Đảng viên ' || i, 'dang vien ' || i, adm - ((18 + r2 * 27) * 365.25)::int,
       CASE WHEN r3 < 0.37 THEN 'nu' ELSE 'nam' END,
       CASE WHEN r4 < 0.86 THEN '01' WHEN r4 < 0.885 THEN '02' WHEN r4 < 0.908 THEN '03' WHEN r4 < 0.926 THEN '06'
            WHEN r4 < 0.939 THEN '07' ELSE lpad((1 + floor(r5 * 54))::int::text, 2, '0') END,
       CASE WHEN r5 < 0.05 THEN 'Phật giáo' WHEN r5 < 0.08 THEN 'Công giáo' ELSE '' END, '', NULL, '',
       (%(education)s::text[])[1 + floor(r6 * %(n_education)s)::int],
       (%(theory)s::text[])[1 + floor(r7 * %(n_theory)s)::int],
       adm, CASE WHEN adm + 365 <= %(today)s::date THEN adm + 365 END,
       CASE WHEN adm + 365 <= %(today)s::date THEN '9' || lpad(i::text, 9, '0') END,
       CASE WHEN adm + 365 <= %(today)s::date THEN 'official' ELSE 'probationary' END, false, now()
  FROM (SELECT i, %(today)s::date - ((random() + random()) / 2 * 60 * 365)::int AS adm,
               random() r2, random() r3, random() r4, random() r5, random() r6, random() r7
          FROM generate_series(%(first)s::bigint, %(last)s::bigint) i) s
"""

PLACE_SQL = """
INSERT INTO members_membership (member_id, unit_id, kind, valid_from, valid_to)
SELECT m.id, b.unit_id, 'primary', GREATEST(m.admitted_on, b.valid_from), NULL
  FROM members_member m JOIN bench_branches b ON b.n = m.id %% %(branches)s
 WHERE m.id BETWEEN %(first)s AND %(last)s
"""


def load_sql(scope: Scope, total: int) -> float:
    """PostgreSQL: members generated inside the server (INSERT … SELECT generate_series), spread
    over the branches round-robin; the Python generator (tochuc.members.demo) is the same data
    shape but ≈ 50 k rows/s on a loaded 2-core machine, too slow for 5.6 million here."""
    from tochuc.domain.members.reference import EDUCATION_LEVELS, THEORY_LEVELS

    start = time.perf_counter()
    branches = ensure_branches(scope=scope, wanted=max(1, total // PER_BRANCH))
    print(f"  {len(branches):,} branches ready ({time.perf_counter() - start:.0f} s)", flush=True)
    education = list(EDUCATION_LEVELS) + [""]
    theory = list(THEORY_LEVELS) + ["", ""]
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE bench_branches (n int PRIMARY KEY, unit_id bigint, valid_from date)")
        with cursor.copy("COPY bench_branches (n, unit_id, valid_from) FROM STDIN") as copy:
            for n, (unit_id, since) in enumerate(branches):
                copy.write_row((n, unit_id, since))
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM members_member")
        first = cursor.fetchone()[0] + 1
        done = 0
        while done < total:
            size = min(1_000_000, total - done)
            params = {"first": first + done, "last": first + done + size - 1, "today": scope.as_of,
                      "education": education, "n_education": len(education), "theory": theory,
                      "n_theory": len(theory), "branches": len(branches)}
            cursor.execute(GENERATE_SQL, params)
            cursor.execute(PLACE_SQL, params)
            done += size
            print(f"  … {done:,} members ({time.perf_counter() - start:.0f} s)", flush=True)
        cursor.execute("SELECT setval(pg_get_serial_sequence('members_member', 'id'), "
                       "(SELECT MAX(id) FROM members_member))")
        cursor.execute("ANALYZE")
    return time.perf_counter() - start


EVENTS_SQL = [
    # The year's rating of every member (December), admissions and official status of the year.
    """INSERT INTO members_memberevent (member_id, kind, effective_on, details, reason, recorded_at, voided)
       SELECT s.member_id, 'rating', %(rated_on)s::date,
              jsonb_build_object('year', %(year)s::int, 'score', 70 + s.member_id %% 30,
                                 'level', (ARRAY['xuat_sac', 'tot', 'tot', 'hoan_thanh', 'hoan_thanh',
                                                 'khong_hoan_thanh'])
                                          [1 + s.member_id %% 6]), '', now(), false
         FROM members_membership s
        WHERE s.kind = 'primary' AND s.valid_to IS NULL AND s.valid_from <= %(rated_on)s::date""",
    """INSERT INTO members_memberevent (member_id, kind, effective_on, details, reason, recorded_at, voided)
       SELECT id, 'admission', admitted_on, '{}'::jsonb, '', now(), false FROM members_member
        WHERE admitted_on >= %(start)s::date""",
    """INSERT INTO members_memberevent (member_id, kind, effective_on, details, reason, recorded_at, voided)
       SELECT id, 'official', official_on, '{}'::jsonb, '', now(), false FROM members_member
        WHERE official_on >= %(start)s::date""",
    # One member in a hundred moved to another branch this year (any province): the old
    # membership ends on the day, the new one starts on it, with the transfer event.
    """CREATE TEMP TABLE bench_moves AS
       SELECT s.id AS ship_id, s.member_id, s.unit_id,
              %(today)s::date - 1 - (s.member_id %% 300)::int AS moved_on,
              b.unit_id AS target
         FROM members_membership s
         JOIN (SELECT unit_id, row_number() OVER (ORDER BY unit_id) - 1 AS n FROM orgs_unitversion
                WHERE valid_to IS NULL AND kind IN ('branch', 'grassroots_branch')) b
           ON b.n = (s.member_id * 7919) %% %(branches)s
        WHERE s.kind = 'primary' AND s.valid_to IS NULL AND s.member_id %% 100 = 7
          AND s.valid_from < %(today)s::date - 1 - (s.member_id %% 300)::int AND b.unit_id <> s.unit_id""",
    "UPDATE members_membership s SET valid_to = m.moved_on FROM bench_moves m WHERE s.id = m.ship_id",
    """INSERT INTO members_membership (member_id, unit_id, kind, valid_from, valid_to)
       SELECT member_id, target, 'primary', moved_on, NULL FROM bench_moves""",
    """INSERT INTO members_memberevent (member_id, kind, effective_on, details, reason, recorded_at, voided)
       SELECT member_id, 'transfer', moved_on, jsonb_build_object('from_unit_id', unit_id), '', now(), false
         FROM bench_moves""",
    "DROP TABLE bench_moves",
]


def load_events(today) -> float:
    """PostgreSQL: a year's events for the national data (ratings, admissions, official status,
    transfers), so the dashboard's movement, rating and badge tables count real rows."""
    from tochuc.domain import reports as rules
    from tochuc.members.models import MemberEvent

    if MemberEvent.objects.exists():
        return 0.0
    start = time.perf_counter()
    year = rules.default_rating_year(today)
    branch_count = Unit.objects.filter(versions__valid_to__isnull=True,
                                       versions__kind__in=("branch", "grassroots_branch")).count()
    params = {"year": year, "rated_on": min(today, today.replace(month=12, day=1)),
              "start": today.replace(month=1, day=1), "today": today, "branches": branch_count}
    with connection.cursor() as cursor:
        for sql in EVENTS_SQL:
            cursor.execute(sql, params)
        cursor.execute("ANALYZE")
    return time.perf_counter() - start


def scope_of(code: str) -> Scope:
    ids = (Unit.objects.get(code=code).pk,)
    today = system_scope().as_of
    return Scope(role="administrator", unit_ids=ids, paths=resolve_paths(ids, today), as_of=today)


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def measure(run, repeat: int, warmup: int = 1) -> tuple[float, float]:
    samples = samples_seconds(run, repeat, warmup)
    return statistics.median(samples), percentile(samples, 95)


def page(client: Client, url: str):
    def run():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    return run


def forget_kept() -> None:
    from tochuc.reports.models import Tally, TallyDone

    Tally.objects.all().delete()
    TallyDone.objects.all().delete()


def transfers(count: int, seed: int) -> int:
    """``count`` transfers through the member service between random branches of the country:
    each bumps the stamps of two tally units."""
    import random

    from django.core.exceptions import ValidationError

    from tochuc.members import lifecycle
    from tochuc.members.models import Membership

    rng = random.Random(seed)
    scope = system_scope()
    last = Member.objects.order_by("-id").values_list("id", flat=True).first()
    branches = list(Unit.objects.filter(versions__valid_to__isnull=True, versions__kind="branch")
                    .values_list("code", flat=True)[:5000])
    done = 0
    while done < count:
        ship = (Membership.objects.filter(member_id__gte=rng.randrange(1, last), kind="primary", valid_to__isnull=True,
                                          member__status="official").select_related("member").order_by("member_id").first())
        if ship is None:
            continue
        try:
            lifecycle.member_transfer(actor=None, scope=scope, member=ship.member, to_branch_code=rng.choice(branches),
                                      effective_on=scope.as_of)
            done += 1
        except ValidationError:
            continue
    return done


def _tables(code: str, mode: str, kept: bool) -> list:
    ctx = engine.context_for(scope=scope_of(code), code=code, mode=mode)
    return [(t.key, t.cells) for t in tally.tables(ctx, kept=kept)]


def report(label: str, code: str, members: int) -> None:
    from tochuc.accounts.models import User

    user = User.objects.filter(username=f"bench-{code.lower()}").first() or user_create(
        actor=None, scope=system_scope(), username=f"bench-{code.lower()}", password="bench-password-2025",
        role="administrator", scope_codes=[code])
    client = Client()
    client.force_login(user)
    ctx = engine.context_for(scope=scope_of(code), code=code)
    counted = engine.total_members(ctx)
    print(f"{label}: {counted:,} members counted on the dashboard (of {members:,} loaded)")
    start = time.perf_counter()
    for definition in (engine.CHILDREN, *engine.TABLES):
        t0 = time.perf_counter()
        engine.evaluate(definition, ctx)
        print(f"  fresh table {definition.key:12} {time.perf_counter() - t0:7.2f}s")
    print(f"  every table counted fresh once: {time.perf_counter() - start:.2f}s", flush=True)
    print(f"{'dashboard page (' + connection.vendor + ')':52} {'p50':>8} {'p95':>8}")
    for mode in (engine.AS_OF, engine.RESTATED):
        url = f"/bao-cao/don-vi/{code}/?che_do={mode}"
        forget_kept()
        cold = samples_seconds(page(client, url), 1, 0)[0]
        print(f"{label + ', ' + mode + ', first view (counts every unit)':52} {cold:7.2f}s", flush=True)
        page(client, url)()  # a waiting page when the counting was queued: the figures are kept now
        p50, p95 = measure(page(client, url), repeat=KEPT_REPEAT)
        print(f"{label + ', ' + mode + ', kept':52} {p50:7.2f}s {p95:7.2f}s", flush=True)
    url = f"/bao-cao/don-vi/{code}/?che_do={engine.AS_OF}"
    page(client, url)()  # kept again (the restated first view above forgot every kept figure)
    after = []
    for round_ in range(CHANGE_ROUNDS):
        transfers(20, seed=round_)
        after.extend(samples_seconds(page(client, url), 1, 0))
    print(f"{label + ', as_of, after 20 transfers each':52} {statistics.median(after):7.2f}s "
          f"{percentile(after, 95):7.2f}s")
    t0 = time.perf_counter()
    same = all(_tables(code, mode, kept=True) == _tables(code, mode, kept=False)
               for mode in (engine.AS_OF, engine.RESTATED))
    print(f"  kept tables equal a fresh count of every table, both modes: {same} ({time.perf_counter() - t0:.0f} s)",
          flush=True)
    assert same


def main() -> None:
    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    call_command("init", verbosity=0)
    # TOCHUC_BENCH_REUSE=1: measure again on a database loaded by an earlier run.
    reuse = os.environ.get("TOCHUC_BENCH_REUSE") == "1" and Member.objects.exists()
    if connection.vendor == "postgresql":
        if not reuse:
            seconds = load_sql(system_scope(), NATIONAL_MEMBERS)
            print(f"loaded {NATIONAL_MEMBERS:,} members nationwide in {seconds:.0f} s")
        seconds = load_events(system_scope().as_of)
        if seconds:
            print(f"loaded a year of events (ratings, admissions, official status, transfers) in {seconds:.0f} s")
        report("national (TW)", "TW", NATIONAL_MEMBERS)
        report("province (Hà Nội)", PROVINCE, NATIONAL_MEMBERS)
    else:
        if not reuse:
            seconds = load(scope_of(PROVINCE), PROVINCE_MEMBERS)
            print(f"loaded {PROVINCE_MEMBERS:,} members in Hà Nội in {seconds:.0f} s")
        report("province (Hà Nội)", PROVINCE, PROVINCE_MEMBERS)


if __name__ == "__main__":
    main()
