"""Conference attendance at the scale of the 2025 Government party committee conference:
1,500 bridge points (communes of the real tree), 15,000 delegates registered, 15,000 check-ins
posted through the API by concurrent HTTP clients (each point with its own clerk's token) to a
real server process (a WSGI server with a pool of worker threads), plus 5 % repeated check-ins that must count
nothing. Meanwhile the host polls the live totals. Prints p95 latency, throughput, and whether
the totals are right at the end (exit code 1 if not).

``python -m tochuc.bench.conferences`` (``TOCHUC_BENCH_POINTS``, ``TOCHUC_BENCH_CHECKINS``,
``TOCHUC_BENCH_CLIENTS`` change the sizes).
"""

from __future__ import annotations

import json
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from http.client import HTTPConnection

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tochuc.settings")

POINTS = int(os.environ.get("TOCHUC_BENCH_POINTS", "1500"))
CHECKINS = int(os.environ.get("TOCHUC_BENCH_CHECKINS", "15000"))
CLIENTS = int(os.environ.get("TOCHUC_BENCH_CLIENTS", "32"))
REPEATS = CHECKINS // 20  # 5 % of the check-ins posted a second time


SERVER_THREADS = int(os.environ.get("TOCHUC_BENCH_SERVER_THREADS", "16"))


def serve(port: int) -> None:
    """The server process: Django's WSGI application behind a WSGI server with a fixed pool of
    worker threads (like gunicorn's gthread worker): each thread keeps its database connection
    (CONN_MAX_AGE), so the server holds at most SERVER_THREADS connections. (A thread per request
    would leave one open connection behind per request on PostgreSQL.)"""
    from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

    from django.core.wsgi import get_wsgi_application

    workers = ThreadPoolExecutor(max_workers=SERVER_THREADS, thread_name_prefix="wsgi")

    class Server(WSGIServer):
        request_queue_size = 1024

        def process_request(self, request, client_address):
            workers.submit(self._handle, request, client_address)

        def _handle(self, request, client_address):
            try:
                self.finish_request(request, client_address)
            except Exception:  # noqa: BLE001  (as socketserver does: report, go on)
                self.handle_error(request, client_address)
            finally:
                self.shutdown_request(request)

    class Quiet(WSGIRequestHandler):
        def log_message(self, *args) -> None:
            pass

    httpd = make_server("127.0.0.1", port, get_wsgi_application(), server_class=Server, handler_class=Quiet)
    print("ready", flush=True)
    httpd.serve_forever()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def setup():
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    from tochuc.accounts.services import api_token_create, user_create
    from tochuc.conferences import services
    from tochuc.conferences.models import Attendee, BridgePoint
    from tochuc.core.scope import system_scope
    from tochuc.orgs.selectors import versions_as_of

    start = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("init", verbosity=0)
    system = system_scope()
    communes = list(versions_as_of(system.as_of).filter(kind="commune").order_by("unit__code")
                    .values_list("unit__code", flat=True)[:POINTS])
    assert len(communes) == POINTS, f"only {len(communes)} communes"
    conference = services.conference_create(
        actor=None, scope=system, organizer_code="TW", title="Hội nghị trực tuyến toàn quốc (bench)",
        starts_at=timezone.now() - timedelta(minutes=5), host_site="Hội trường Diên Hồng",
        video_link="https://hop.example.vn/toan-quoc")
    services.bridge_points_add(actor=None, scope=system, conference=conference,
                               rows=[services.PointRow(code, f"Cán bộ {code}") for code in communes])
    points = {p.unit.code: p
              for p in BridgePoint.objects.filter(conference=conference).select_related("unit", "conference")}
    per_point = CHECKINS // POINTS
    extra = CHECKINS - per_point * POINTS
    for n, code in enumerate(communes):
        count = per_point + (1 if n < extra else 0)
        services.attendees_register(actor=None, scope=system, point=points[code],
                                    guests=[services.Guest(f"Đại biểu {code}-{i}", "Đảng ủy") for i in range(count)])
    tokens = {}
    for code in communes:
        user = user_create(actor=None, scope=system, username=f"dc-{code}", password=None, role="clerk",
                           scope_codes=[code])
        tokens[points[code].pk] = api_token_create(actor=None, user=user)
    host = user_create(actor=None, scope=system, username="bench-host", password=None, role="viewer",
                       scope_codes=["TW"])
    host_token = api_token_create(actor=None, user=host)
    work = [(point_id, attendee_id, tokens[point_id])
            for attendee_id, point_id in Attendee.objects.filter(conference=conference).values_list("pk", "point_id")]
    print(f"set-up: {POINTS:,} bridge points, {len(work):,} delegates registered, {len(tokens):,} clerk tokens "
          f"({time.perf_counter() - start:.0f} s)", flush=True)
    return conference.pk, work, host_token


def post_checkin(port: int, conference_id: int, job) -> tuple[int, float]:
    point_id, attendee_id, token = job
    body = json.dumps({"attendee_id": attendee_id})
    start = time.perf_counter()
    for attempt in range(3):
        try:
            conn = HTTPConnection("127.0.0.1", port, timeout=60)
            conn.request("POST", f"/api/v1/conferences/{conference_id}/points/{point_id}/check-ins", body=body,
                         headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
            status = conn.getresponse().status
            conn.close()
            return status, time.perf_counter() - start
        except OSError:
            if attempt == 2:
                return 599, time.perf_counter() - start
            time.sleep(0.2)
    return 599, time.perf_counter() - start


def get_totals(port: int, conference_id: int, token: str) -> tuple[dict, float]:
    start = time.perf_counter()
    conn = HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", f"/api/v1/conferences/{conference_id}/totals", headers={"Authorization": f"Bearer {token}"})
    response = conn.getresponse()
    data = json.loads(response.read())
    conn.close()
    return data, time.perf_counter() - start


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1] if len(samples) >= 20 else max(samples)


def main() -> int:
    if len(sys.argv) == 3 and sys.argv[1] == "--serve":
        serve(int(sys.argv[2]))
        return 0
    conference_id, work, host_token = setup()
    from django.db import connection

    vendor = connection.vendor
    connection.close()
    rng = random.Random(6)
    jobs = work + rng.sample(work, REPEATS)
    rng.shuffle(jobs)
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "tochuc.bench.conferences", "--serve", str(port)],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout.readline().strip() == "ready"
        get_totals(port, conference_id, host_token)  # warm the server
        totals_latency: list[float] = []
        stop = threading.Event()

        def poll() -> None:  # the host's live page refreshing while the check-ins pour in
            while not stop.is_set():
                totals_latency.append(get_totals(port, conference_id, host_token)[1])
                stop.wait(1.0)

        poller = threading.Thread(target=poll, daemon=True)
        poller.start()
        start = time.perf_counter()
        with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
            results = list(pool.map(lambda job: post_checkin(port, conference_id, job), jobs))
        elapsed = time.perf_counter() - start
        stop.set()
        poller.join()
        final, _latency = get_totals(port, conference_id, host_token)
    finally:
        server.terminate()
        server.wait(10)
    statuses: dict[int, int] = {}
    for status, _seconds in results:
        statuses[status] = statuses.get(status, 0) + 1
    latency = [seconds for _status, seconds in results]
    overall = final["overall"]
    expected = len(work)
    right = (statuses.get(201, 0) == expected and statuses.get(200, 0) == REPEATS and overall["present"] == expected
             and overall["checked_in"] == expected and overall["registered"] == expected
             and overall["connected"] == POINTS and overall["points"] == POINTS)
    import django  # noqa: F401  (already set up)

    from tochuc.audit.models import AuditEntry
    from tochuc.bench.timing import median_seconds
    from tochuc.conferences import selectors
    from tochuc.conferences.models import CheckIn
    from tochuc.core.scope import system_scope

    access = selectors.conference_access(scope=system_scope(), conference_id=conference_id)
    quiet_totals = median_seconds(lambda: selectors.attendance(access, with_points=False), repeat=15, warmup=2)
    rows = CheckIn.objects.filter(conference_id=conference_id).count()
    audited = AuditEntry.objects.filter(action="conference.checkin").count()
    right = right and rows == expected and audited == expected
    print(f"{len(jobs):,} check-ins posted ({REPEATS:,} of them repeats) by {CLIENTS} concurrent clients "
          f"to a WSGI server with {SERVER_THREADS} threads on {vendor}: {elapsed:.1f} s = "
          f"{len(jobs) / elapsed:,.0f} requests/s")
    print(f"check-in latency: median {statistics.median(latency) * 1000:.0f} ms, p95 {p95(latency) * 1000:.0f} ms, "
          f"max {max(latency) * 1000:.0f} ms; answers {dict(sorted(statuses.items()))}")
    print(f"live totals polled {len(totals_latency)} times during the run: median "
          f"{statistics.median(totals_latency) * 1000:.0f} ms, p95 {p95(totals_latency) * 1000:.0f} ms")
    print(f"live totals computed in-process after the run (3 aggregate queries over {POINTS:,} points): "
          f"median {quiet_totals * 1000:.1f} ms")
    print(f"totals at the end: {overall['connected']:,}/{overall['points']:,} points connected, "
          f"{overall['registered']:,} registered, {overall['present']:,} present; {rows:,} check-in rows, "
          f"{audited:,} audited — {'CORRECT' if right else 'WRONG'} "
          f"(expected {expected:,} present, repeats not counted)",
          flush=True)
    return 0 if right else 1


if __name__ == "__main__":
    sys.exit(main())
