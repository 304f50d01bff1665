"""Per-unit totals: the dashboard of a big subtree (the country, a province) summed from figures
kept per *tally unit* instead of counting millions of memberships on every view.

A tally unit is a unit at depth ``TALLY_DEPTH`` (a commune, or a district in the old structure)
together with everything under it, or a unit above that depth by itself. Every table the
dashboard shows is a sum over disjoint tally units (movements too, with the other side of a
transfer kept, see :class:`~tochuc.reports.models.Tally`; branch meeting compliance too), so a
subtree's table is a ``SUM … GROUP BY`` over a few hundred thousand small rows, and a child's
figure the same sum over its part.

Figures are kept per key (mode, date of the figures, structure date, period, rating year) and
trusted only while nothing they count has changed (DESIGN.md: cached totals are refreshed by the
services). Every service that writes members, memberships, events, units or held meetings calls
:mod:`tochuc.reports.stamps` in its own transaction: that bumps the tally units' stamps, and
figures kept before the bump no longer match their stamp and are counted again on the next view.
The stamps are read *before* the figures, so a count racing a service can only be thrown away,
never trusted stale.

Counting missing tally units is the engine's count grouped by the tally unit's path prefix: one
GROUP BY per source for a batch of units (:data:`BATCH`), or for the whole subtree at once when
most are missing (a cold country: the cost of one fresh national count, run by a background
task while the page waits, or ahead by ``tochuc report warm``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from django.db import IntegrityError, connection, transaction
from django.db.models import CharField, Count, F, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, Coalesce, Substr
from django.utils import timezone

from tochuc.core.bulk import bulk_insert
from tochuc.domain import orgs as org_rules
from tochuc.domain import reports as rules
from tochuc.domain.meetings import MeetingRuleError
from tochuc.meetings import selectors as meetings
from tochuc.meetings.policy import current_policy
from tochuc.members.models import MemberEvent, Membership, MembershipKind
from tochuc.members.selectors import memberships_on
from tochuc.orgs.models import UnitVersion
from tochuc.orgs.selectors import unit_get, valid_on, versions_as_of
from tochuc.reports import engine
from tochuc.reports.models import Tally, TallyDone, TallyStamp
from tochuc.reports.stamps import CUT, EPOCH, TALLY_DEPTH, tally_path

BATCH = 200
ANALYZE_AFTER = 1000  # tally units written at once
KEEP_DAYS = 30

MEMBER_TABLES = engine.MEMBER_TABLES
#: Fewer groups per scan than the engine's cubes: here every group is also split by tally unit.
CUBE_LIMIT = 150


def usable(ctx: engine.Context) -> bool:
    """Kept figures serve subtrees above the tally depth; restated figures of a subtree that
    absorbed merged branches (``ctx.earlier``) are counted fresh."""
    return (ctx.root.depth < TALLY_DEPTH and not ctx.earlier
            and ctx.structure_scope.contains_path(ctx.root.path))


def key_of(ctx: engine.Context, period: engine.Period, year: int) -> str:
    return f"{ctx.mode}|{ctx.day}|{ctx.structure_on}|{period.start}|{period.end}|{year}"


# --- Which tally units are complete ---------------------------------------------------------------


def _stamps(paths: Sequence[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for i in range(0, len(paths), 500):
        found.update(TallyStamp.objects.filter(path__in=paths[i:i + 500]).values_list("path", "generation"))
    return found


def _units_of(ctx: engine.Context) -> list[str]:
    """Tally paths of the subtree on the structure date."""
    return sorted(set(
        tally_path(p) for p in versions_as_of(ctx.structure_on)
        .filter(ctx.structure_scope.subtree_q(ctx.root.path), depth__lte=TALLY_DEPTH).values_list("path", flat=True)))


def _missing(key: str, paths: list[str], stamps: dict[str, int], epoch: int) -> list[str]:
    done = {p: (g, e) for p, g, e in TallyDone.objects.filter(
        key=key, path__gte=min(paths), path__lte=max(paths)).values_list("path", "generation", "epoch")}
    return [p for p in paths if done.get(p) != (stamps.get(p, 0), epoch)]


# --- Counting, grouped by tally unit -----------------------------------------------------------------


def _batch_q(paths: Sequence[str] | None, ctx: engine.Context, prefix: str, *, branches: bool = True) -> Q:
    """Versions (through ``prefix``) valid on the structure date and inside the tally units;
    restated members are counted by the branches (``branches``) as the engine does."""
    condition = valid_on(ctx.structure_on, prefix)
    if ctx.mode == engine.RESTATED and branches:
        condition &= Q(**{f"{prefix}kind__in": org_rules.BRANCH_KINDS})
    if paths is None:
        return condition & ctx.structure_scope.subtree_q(ctx.root.path, prefix)
    pieces = Q()
    for p in paths:
        if len(p) < CUT:
            pieces |= Q(path=p)
        else:
            pieces |= Q(path__gte=p, path__lt=org_rules.subtree_upper_bound(p))
    # The batch's units as a subquery on the joined row's unit: the planners then look the rows
    # up by unit (indexed) instead of testing every row against the OR of ranges.
    units = UnitVersion.objects.filter(valid_on(ctx.structure_on), pieces).values("unit_id")
    unit = prefix[: -len("versions__")] + "id"
    return condition & Q(**{f"{unit}__in": Subquery(units)})


def _place(prefix: str):
    return Substr(f"{prefix}path", 1, CUT)


@dataclass
class _Cells:
    """Rows to keep: (path, table, row, col, arrive, depart, other) → n."""

    counts: dict[tuple, int]

    def add(self, path, table, row, col, n, arrive=False, depart=False, other="") -> None:
        k = (path, table, row or engine.UNKNOWN, col or engine.UNKNOWN, arrive, depart, other or "")
        self.counts[k] = self.counts.get(k, 0) + n


def _count_members(cells: _Cells, ctx: engine.Context, paths) -> None:
    ships = memberships_on(ctx.day).filter(_batch_q(paths, ctx, "unit__versions__"))
    for pack in engine.cube_groups(MEMBER_TABLES, limit=CUBE_LIMIT):
        dims = {}
        for d in pack:
            dims[d.rows.key] = d.rows
            dims[d.columns.key] = d.columns
        annotations = {f"d_{k}": dim.expression(ctx.day) for k, dim in dims.items()}
        groups = (ships.annotate(p=_place("unit__versions__"), **annotations)
                  .values("p", *annotations).annotate(n=Count("id")).order_by())
        for g in groups:
            for d in pack:
                cells.add(g["p"], d.key, g[f"d_{d.rows.key}"], g[f"d_{d.columns.key}"], g["n"])


def _count_units(cells: _Cells, ctx: engine.Context, paths) -> None:
    """Units existing on the figures' date by their kind then, in the tally unit of their place
    on the structure date (as of the date: the same version)."""
    found = (versions_as_of(ctx.day).filter(_batch_q(paths, ctx, "unit__versions__", branches=False))
             .annotate(p=_place("unit__versions__")).values("p", "kind").annotate(n=Count("id")).order_by())
    for g in found:
        cells.add(g["p"], "units", g["kind"], engine.TOTAL, g["n"])


def _at_event(prefix: str = "member__memberships__") -> Q:
    """The member's primary membership valid on the event's date."""
    return (Q(**{f"{prefix}kind": MembershipKind.PRIMARY, f"{prefix}valid_from__lte": F("effective_on")})
            & (Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gt": F("effective_on")})))


def _count_events(cells: _Cells, table: str, events: QuerySet, row, ctx: engine.Context, paths) -> None:
    found = (events.filter(_at_event() & _batch_q(paths, ctx, "member__memberships__unit__versions__"))
             .annotate(p=_place("member__memberships__unit__versions__"), r=row, c=_column(table, ctx))
             .values("p", "r", "c").annotate(n=Count("id")).order_by())
    for g in found:
        cells.add(g["p"], table, g["r"], g["c"], g["n"])


def _column(table: str, ctx: engine.Context):
    return engine.TABLE_BY_KEY[table].columns.expression(ctx.day)


def _level():
    return Coalesce(Cast(KT("details__level"), CharField()), Value(engine.UNKNOWN), output_field=CharField())


def _other_place(ctx: engine.Context, ending: bool):
    """The tally unit of the member's other membership at the event: the one ending on its date
    (``ending``) or the one valid on it; NULL outside the structure."""
    ships = Membership.objects.filter(member_id=OuterRef("member_id"), kind=MembershipKind.PRIMARY)
    if ending:
        ships = ships.filter(valid_to=OuterRef("effective_on"))
    else:
        ships = ships.filter(valid_from__lte=OuterRef("effective_on")).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gt=OuterRef("effective_on")))
    places = (UnitVersion.objects.filter(valid_on(ctx.structure_on), unit_id=OuterRef("unit_id"))
              .annotate(p=Substr("path", 1, CUT)).values("p")[:1])
    return Subquery(ships.annotate(p=Subquery(places)).values("p")[:1], output_field=CharField())


def _count_movements(cells: _Cells, ctx: engine.Context, paths, period: engine.Period) -> None:
    """Events of the period in each tally unit they arrived in (a membership valid on the date)
    and each they left (a membership ending on it), with the other side's tally unit."""
    events = MemberEvent.objects.filter(kind__in=engine.MOVEMENT_KINDS, voided=False,
                                        effective_on__gte=period.start, effective_on__lte=period.end)
    batch = "member__memberships__unit__versions__"
    arrivals = (events.filter(_at_event() & _batch_q(paths, ctx, batch))
                .annotate(p=_place(batch), c=_column("movements", ctx), o=_other_place(ctx, ending=True))
                .values("p", "kind", "c", "o").annotate(n=Count("id")).order_by())
    for g in arrivals:
        same = g["o"] == g["p"]
        cells.add(g["p"], "movements", g["kind"], g["c"], g["n"], arrive=True, depart=same,
                  other="" if same else g["o"])
    departures = (events.filter(Q(member__memberships__kind=MembershipKind.PRIMARY,
                                  member__memberships__valid_to=F("effective_on")) & _batch_q(paths, ctx, batch))
                  .annotate(p=_place(batch), c=_column("movements", ctx), o=_other_place(ctx, ending=False))
                  .values("p", "kind", "c", "o").annotate(n=Count("id")).order_by())
    for g in departures:
        if g["o"] == g["p"]:
            continue  # counted with the arrival in the same tally unit
        cells.add(g["p"], "movements", g["kind"], g["c"], g["n"], depart=True, other=g["o"])


def _count_all(ctx: engine.Context, paths: list[str] | None, period: engine.Period, year: int) -> _Cells:
    """Every dashboard table of the tally units (``paths`` None: the whole subtree in one pass)."""
    cells = _Cells({})
    _count_members(cells, ctx, paths)
    _count_units(cells, ctx, paths)
    _count_events(cells, "ratings", MemberEvent.objects.filter(kind="rating", voided=False, details__year=year),
                  _level(), ctx, paths)
    _count_events(cells, "badges",
                  MemberEvent.objects.filter(kind="badge", voided=False, effective_on__gte=period.start,
                                                             effective_on__lte=period.end), _level(), ctx, paths)
    _count_movements(cells, ctx, paths, period)
    return cells


def _store(key: str, wanted: list[str], stamps: dict[str, int], epoch: int, cells: _Cells) -> None:
    """Keep the cells of the tally units ``wanted`` with their done marks, in one transaction."""
    keep = set(wanted)
    now = timezone.now()
    try:
        with transaction.atomic():
            _forget(key, wanted)
            bulk_insert(TallyDone, ("key", "path", "generation", "epoch", "computed_at"),
                        [(key, p, stamps.get(p, 0), epoch, now) for p in wanted])
            bulk_insert(Tally, ("key", "path", "table", "row", "col", "arrive", "depart", "other", "n"),
                        [(key, *k, n) for k, n in cells.counts.items() if k[0] in keep])
    except IntegrityError:
        return  # another request kept the same units meanwhile: theirs stand
    if len(wanted) >= ANALYZE_AFTER and connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # fresh statistics for the planner after a big write
            cursor.execute(f"ANALYZE {Tally._meta.db_table}")


def _forget(key: str, paths: list[str]) -> None:
    for i in range(0, len(paths), 500):
        chunk = paths[i:i + 500]
        TallyDone.objects.filter(key=key, path__in=chunk).delete()
        Tally.objects.filter(key=key, path__in=chunk).delete()


def _keep(key: str, paths: list[str], count: Callable[[list[str] | None], _Cells]) -> None:
    """Make every tally unit of ``paths`` complete under ``key``: the stamps are read first, then
    the missing units are counted — all at once (``count(None)``) when most are missing, else
    in batches."""
    if not paths:
        return
    stamps = _stamps(paths + [EPOCH])
    epoch = stamps.get(EPOCH, 0)
    missing = _missing(key, paths, stamps, epoch)
    if len(missing) > len(paths) // 2:
        _store(key, missing, stamps, epoch, count(None))
        return
    for i in range(0, len(missing), BATCH):
        chunk = missing[i:i + BATCH]
        _store(key, chunk, stamps, epoch, count(chunk))


def ensure(ctx: engine.Context, period: engine.Period, year: int) -> str:
    """Make every tally unit of the context's subtree complete under its key; the key."""
    key = key_of(ctx, period, year)
    _keep(key, _units_of(ctx), lambda paths: _count_all(ctx, paths, period, year))
    return key


#: A subtree with more tally units missing than this is counted by a background task while its
#: page waits (a cold country takes about a minute; a province, a few seconds, is counted inline).
BACKGROUND_AFTER = 500
QUEUED = "@queued"  # a done mark outside every path range: the key's counting is queued
QUEUE_TIMEOUT = timedelta(minutes=15)


def pending(ctx: engine.Context, period: engine.Period, year: int) -> tuple[int, int]:
    """(tally units not kept under the dashboard's key, tally units of the subtree)."""
    key = key_of(ctx, period, year)
    paths = _units_of(ctx)
    if not paths:
        return 0, 0
    stamps = _stamps(paths + [EPOCH])
    return len(_missing(key, paths, stamps, stamps.get(EPOCH, 0))), len(paths)


def keep(ctx: engine.Context, period: engine.Period, year: int) -> None:
    """What the queued task does: the meeting compliance and every table kept for the key."""
    key = key_of(ctx, period, year)
    try:
        try:
            meeting_compliance(ctx.scope, ctx.code, period.start, period.end, today=period.end)
        except (UnitVersion.DoesNotExist, MeetingRuleError):
            pass  # the page shows no compliance figure then, and counts nothing for it
        ensure(ctx, period, year)
    finally:
        TallyDone.objects.filter(key=key, path=QUEUED).delete()


def purge(older_than: timedelta = timedelta(days=KEEP_DAYS)) -> int:
    """Forget keys not computed for a while (dates nobody asks about any more)."""
    stale = set(TallyDone.objects.filter(computed_at__lt=timezone.now() - older_than).values_list("key", flat=True))
    for key in stale:
        Tally.objects.filter(key=key).delete()
        TallyDone.objects.filter(key=key).delete()
    return len(stale)


# --- Reading -----------------------------------------------------------------------------------------


def _under(root: str, prefix: str = "") -> Q:
    return Q(**{f"{prefix}path__gte": root, f"{prefix}path__lt": org_rules.subtree_upper_bound(root)})


def _inside(path: str, root: str) -> bool:
    return bool(path) and path.startswith(root)


def tables(ctx: engine.Context, *, period: engine.Period | None = None, year: int | None = None,
           progress=lambda done, total: None, kept: bool = True) -> list[engine.Table]:
    """The dashboard's tables: summed from the kept totals for a big subtree (unless ``kept`` is
    False), else counted fresh by :func:`tochuc.reports.engine.evaluate_all` — the same cells."""
    if kept and usable(ctx):
        return evaluate_all(ctx, period=period, year=year, progress=progress)
    return engine.evaluate_all(ctx, period=period, year=year, progress=progress)


def evaluate_all(ctx: engine.Context, *, period: engine.Period | None = None, year: int | None = None,
                 progress=lambda done, total: None) -> list[engine.Table]:
    """The children table, then every standard table — from the kept figures, computing the
    missing ones first. Same tables, rows and cells as :func:`tochuc.reports.engine.evaluate_all`."""
    period = period or engine.default_period(ctx.day)
    year = year or rules.default_rating_year(ctx.day)
    key = ensure(ctx, period, year)
    progress(1, 2)
    root = ctx.root.path
    rows = (Tally.objects.filter(_under(root), key=key).values("table", "row", "col", "arrive", "depart", "other")
            .annotate(n=Sum("n")).order_by())
    by_table: dict[str, dict[tuple[str, str], int]] = {}
    movements: dict[tuple[str, str], int] = {}
    for r in rows:
        if r["table"] == "movements":
            both = _inside(r["other"], root)
            if both and not r["arrive"]:
                continue  # a departure whose arrival lies in the subtree too: counted with that
            arrive, depart = r["arrive"], r["depart"] or both
            for movement in engine.MOVEMENTS:
                if movement.matches(r["row"], arrive, depart):
                    k = (movement.key, r["col"])
                    movements[k] = movements.get(k, 0) + r["n"]
        else:
            cells = by_table.setdefault(r["table"], {})
            cells[(r["row"], r["col"])] = cells.get((r["row"], r["col"]), 0) + r["n"]
    out = [_children(ctx, key)]
    for d in engine.TABLES:
        out.append(engine.table_from_cells(d, ctx, movements if d.source == "movements" else by_table.get(d.key, {}),
                                           period=period, year=year))
    progress(2, 2)
    return out


def _children(ctx: engine.Context, key: str) -> engine.Table:
    children = engine.children_of(ctx)
    rows = [engine.ChildCategory(c.unit.code, c.name, c) for c in children]
    code_of = {c.path: c.unit.code for c in children}
    cut = len(ctx.root.path) + org_rules.SEGMENT_WIDTH
    found = (Tally.objects.filter(_under(ctx.root.path), key=key, table="status", path__gt=ctx.root.path)
             .annotate(prefix=Substr("path", 1, cut)).values("prefix", "row").annotate(n=Sum("n")).order_by())
    cells: dict[tuple[str, str], int] = {}
    for g in found:
        code = code_of.get(g["prefix"])
        if code is not None:
            cells[(code, g["row"])] = cells.get((code, g["row"]), 0) + g["n"]
    columns = engine.CHILDREN.columns.ordered(set())
    return engine.Table(engine.CHILDREN, rows, columns, cells)




# --- Branch meeting compliance --------------------------------------------------------------------


def meeting_compliance(scope, code: str, start: date, end: date, *, today: date):
    """The dashboard's meeting compliance summary (:func:`tochuc.meetings.selectors.compliance_summary`)
    summed from counts kept per tally unit for a subtree above the tally depth, fresh below."""
    import hashlib


    policy = current_policy()
    period = meetings.compliance_period(start, end, today)
    day_scope = scope.at(period.tree_date)
    version = unit_get(scope=day_scope, code=code)
    if version.depth >= TALLY_DEPTH or not day_scope.contains_path(version.path):
        return meetings.compliance_summary(scope, code, start, end, today=today, policy=policy)
    digest = hashlib.sha1(repr(policy).encode()).hexdigest()[:12]
    key = f"meetings|{period.tree_date}|{period.start.iso()}|{period.end.iso()}|{period.today}|{digest}"
    paths = sorted({tally_path(p) for p in versions_as_of(period.tree_date)
                    .filter(day_scope.subtree_q(version.path), depth__lte=TALLY_DEPTH).values_list("path", flat=True)})

    def count(batch: list[str] | None) -> _Cells:
        # A batch is counted as a scope made of its tally units: one statement for all of them.
        narrowed = day_scope if batch is None else replace(day_scope, paths=tuple(batch))
        cells = _Cells({})
        for place, counts in meetings.compliance_counts_by_place(narrowed, version, period, policy, CUT).items():
            for i, n in enumerate(counts):
                if n:
                    cells.add(place, "meetings", str(i), engine.TOTAL, n)
        return cells

    _keep(key, paths, count)
    sums = dict(Tally.objects.filter(_under(version.path), key=key, table="meetings").values("row")
                .annotate(n=Sum("n")).order_by().values_list("row", "n"))
    return meetings.summary_of(version, period, [sums.get(str(i), 0) for i in range(meetings.SUMMARY_COUNTS)])
