"""The report engine: a table is a definition (rows, columns, source, filters) evaluated
set-based in the database — one GROUP BY per table — for a subtree and a date.

Two ways of counting (DESIGN.md invariant 4, :mod:`tochuc.reorganizations.history`):

* ``as_of`` — by the tree of the report date D: the unit's subtree on D, memberships valid on D;
* ``restated`` — the same memberships counted by the structure of the scope's date S (today by
  default): the branches the unit is made of on S plus the branches merged into them since
  (:func:`tochuc.reorganizations.history.merged_into`), so a unit formed after D has a comparable figure.

Pages, the API and the XLSX/PDF exports all call :func:`evaluate`; the members behind any cell
come from :func:`cell_members`, which applies the same expressions, so a drill-down list has
exactly as many members as the number clicked. Subtrees above the commune level are summed from
per-unit totals kept by :mod:`tochuc.reports.tally` (the same cells): callers ask
:func:`tochuc.reports.tally.tables`, which sums the kept totals or calls :func:`evaluate_all` here,
the fresh count. The engine does not know the tally (the tally is built on it, not the reverse).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Case, CharField, Count, Exists, F, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, Coalesce, Substr
from django.utils.translation import gettext_lazy as _

from tochuc.core.scope import Scope
from tochuc.domain import orgs as org_rules
from tochuc.domain import reports as rules
from tochuc.domain.members.rating import RATING_LEVELS
from tochuc.domain.members.reference import EDUCATION_LEVELS, ETHNIC_GROUPS, THEORY_LEVELS
from tochuc.members.models import Member, MemberEvent, Membership, MembershipKind, Sex
from tochuc.members.selectors import memberships_on
from tochuc.orgs.models import UnitKind, UnitVersion
from tochuc.orgs.selectors import subtree_versions, unit_get, valid_on, versions_as_of
from tochuc.reorganizations.history import merged_into

AS_OF, RESTATED = "as_of", "restated"
MODES = {AS_OF: _("Theo cơ cấu tại ngày số liệu"), RESTATED: _("Quy đổi theo cơ cấu hiện nay")}
TOTAL = "tong"
UNKNOWN = ""


@dataclass(frozen=True)
class Category:
    key: str
    label: str


# --- Context: which memberships and units a report counts -----------------------------------------


@dataclass(frozen=True)
class Context:
    """A report's subject: ``root`` (its version on ``structure_on``), the date ``day`` of the
    figures, the counting ``mode``; ``earlier`` are branches merged into the subtree (restated)."""

    scope: Scope
    root: UnitVersion
    day: date
    mode: str
    structure_on: date
    structure_scope: Scope
    earlier: dict[int, str] = field(default_factory=dict)  # merged branch → its target's path on S

    @property
    def code(self) -> str:
        return self.root.unit.code

    def branch_ids(self) -> QuerySet:
        """Branch-kind units of the subtree on the structure date (a subquery)."""
        versions = subtree_versions(self.structure_scope, self.root.path)
        if self.mode == RESTATED:
            versions = versions.filter(kind__in=org_rules.BRANCH_KINDS)
        return versions.values("unit_id")

    def in_subtree(self, prefix: str = "unit_id") -> Q:
        condition = Q(**{f"{prefix}__in": Subquery(self.branch_ids())})
        if self.earlier:
            condition |= Q(**{f"{prefix}__in": sorted(self.earlier)})
        return condition

    def memberships(self) -> QuerySet[Membership]:
        """Primary memberships valid on ``day`` counted for the unit (one row per member)."""
        return memberships_on(self.day).filter(self.in_subtree())


class NotOnDate(Exception):
    """The unit did not exist (or was outside the scope) on the report date: no as-of figure."""


def context_for(*, scope: Scope, code: str, day: date | None = None, mode: str = AS_OF) -> Context:
    """The report context; ``UnitVersion.DoesNotExist`` when ``code`` is not in the scope today
    (a 404), :class:`NotOnDate` when counting as of a date the unit did not exist on."""
    day = day or scope.as_of
    if mode not in MODES:
        raise ValueError(mode)
    current = unit_get(scope=scope, code=code)
    if mode == RESTATED:
        earlier: dict[int, str] = {}
        branch_ids = set(subtree_versions(scope, current.path).filter(kind__in=org_rules.BRANCH_KINDS)
                         .values_list("unit_id", flat=True))
        final = merged_into(scope.as_of)
        targets = {new for old, new in final.items() if new in branch_ids and old not in branch_ids}
        paths = dict(versions_as_of(scope.as_of).filter(unit_id__in=targets).values_list("unit_id", "path"))
        for old, new in final.items():
            if new in paths and old not in branch_ids:
                earlier[old] = paths[new]
        return Context(scope, current, day, mode, scope.as_of, scope, earlier)
    then = scope.at(day)
    try:
        root = unit_get(scope=then, code=code)
    except UnitVersion.DoesNotExist:
        raise NotOnDate(code) from None
    return Context(scope, root, day, mode, day, then)


# --- Dimensions -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Dimension:
    """A way of splitting members: an expression over membership rows (``member__…``) given the
    report date, and the categories in the order the forms print them."""

    key: str
    label: str
    expression: Callable[[date], object]
    categories: Callable[[], Sequence[Category]]
    unknown_label: str = "Chưa ghi"

    def ordered(self, found: set[str]) -> list[Category]:
        known = list(self.categories())
        keys = {c.key for c in known}
        extra = sorted(k for k in found if k not in keys)
        return known + [Category(k, self.unknown_label if k == UNKNOWN else k) for k in extra]


def _band_case(field_name: str, bands: Sequence[rules.Band], day: date):
    """CASE mapping a start date (birth, admission) to the band of whole years on ``day``.

    The bands are contiguous from 0 years up (checked), so one comparison per band suffices:
    the latest start dates (fewest years) first, the oldest band as the default."""
    assert bands[0].low is None and bands[-1].high is None
    assert all(a.high == b.low for a, b in zip(bands, bands[1:], strict=False))
    whens = [When(**{f"{field_name}__gt": rules.cutoff(day, band.high)}, then=Value(band.key)) for band in bands[:-1]]
    return Case(*whens, default=Value(bands[-1].key), output_field=CharField())


def _choices(pairs) -> Callable[[], list[Category]]:
    pairs = list(pairs)
    return lambda: [Category(k, str(v)) for k, v in pairs]


AGE_BANDS = rules.age_bands()
YEAR_BANDS = rules.badge_bands()

SEX = Dimension("sex", "Giới tính", lambda d: F("member__sex"), _choices(Sex.choices))  # the one definition of sexes
AGE = Dimension("age", "Độ tuổi", lambda d: _band_case("member__birth_date", AGE_BANDS, d),
                _choices((b.key, b.label) for b in AGE_BANDS))
# Whole years since the admission decision. Time out of party activity (DOMAIN.md §2) is not
# subtracted here: it lives in event intervals a set-based band cannot see; badge candidates
# (tochuc.members.selectors.badge_candidates) take it into account member by member.
YEARS = Dimension("years", "Tuổi đảng", lambda d: _band_case("member__admitted_on", YEAR_BANDS, d),
                  _choices((b.key, b.label) for b in YEAR_BANDS))
ETHNICITY = Dimension("ethnicity", "Dân tộc", lambda d: F("member__ethnicity"),
                      _choices((k, v) for k, v in ETHNIC_GROUPS.items()))
EDUCATION = Dimension("education", "Trình độ học vấn", lambda d: F("member__education"),
                      _choices((v, v) for v in EDUCATION_LEVELS))
THEORY = Dimension("theory", "Lý luận chính trị", lambda d: F("member__theory_level"),
                   _choices((v, v) for v in THEORY_LEVELS))
RELIGION = Dimension("religion", "Tôn giáo", lambda d: F("member__religion"), lambda: [], unknown_label="Không")
# Status on the date: official from ``official_on`` (a membership valid on D means active on D).
STATUS = Dimension(
    "status", "Tình trạng",
    lambda d: Case(When(member__official_on__lte=d, then=Value("official")), default=Value("probationary"),
                   output_field=CharField()),
    _choices([("official", "Chính thức"), ("probationary", "Dự bị")]))
DIMENSIONS = {d.key: d for d in (SEX, AGE, YEARS, ETHNICITY, EDUCATION, THEORY, RELIGION, STATUS)}


# --- Sources other than members: movements, ratings, units ------------------------------------------


@dataclass(frozen=True)
class Movement:
    """A row of the movements table: events of ``kinds`` whose member arrived in the subtree
    (``arrive``: a membership of the subtree valid on the event date) and/or left it (``depart``:
    a membership of the subtree ending on the event date); None: not looked at."""

    key: str
    label: str
    kinds: tuple[str, ...]
    arrive: bool | None = None
    depart: bool | None = None

    def q(self) -> Q:
        condition = Q(kind__in=self.kinds)
        if self.arrive is not None:
            condition &= Q(arrive=self.arrive)
        if self.depart is not None:
            condition &= Q(depart=self.depart)
        return condition

    def matches(self, kind: str, arrive: bool, depart: bool) -> bool:
        return (kind in self.kinds and (self.arrive is None or arrive == self.arrive)
                and (self.depart is None or depart == self.depart))


MOVEMENTS: tuple[Movement, ...] = (
    Movement("admitted", "Kết nạp", ("admission",), arrive=True),
    Movement("official", "Công nhận chính thức", ("official",), arrive=True),
    # From outside tochuc, or from a branch outside the subtree.
    Movement("transferred_in", "Chuyển sinh hoạt đến", ("transfer_in",), arrive=True),
    Movement("transferred_in_internal", "Chuyển đến từ đơn vị khác trong hệ thống", ("transfer",), arrive=True, depart=False),
    Movement("transferred_out", "Chuyển sinh hoạt ra ngoài hệ thống", ("transfer_out",), depart=True),
    Movement("transferred_out_internal", "Chuyển đi đơn vị khác trong hệ thống", ("transfer",), arrive=False, depart=True),
    Movement("removed", "Xóa tên", ("removal",), depart=True),
    Movement("left", "Ra khỏi Đảng, khai trừ", ("leave",), depart=True),
    Movement("probation_failed", "Không công nhận chính thức", ("probation_failed",), depart=True),
    Movement("died", "Từ trần", ("death",), depart=True),
)
MOVEMENT_KINDS = sorted({k for m in MOVEMENTS for k in m.kinds})


def _events_in(ctx: Context, start: date, end: date) -> QuerySet[MemberEvent]:
    """Events of the period with where the member arrived / left, relative to the subtree."""
    ships = Membership.objects.filter(ctx.in_subtree(), member_id=OuterRef("member_id"), kind=MembershipKind.PRIMARY)
    arrive = ships.filter(valid_from__lte=OuterRef("effective_on")).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=OuterRef("effective_on")))
    depart = ships.filter(valid_to=OuterRef("effective_on"))
    return (MemberEvent.objects.filter(kind__in=MOVEMENT_KINDS, voided=False, effective_on__gte=start,
                                       effective_on__lte=end)
            .annotate(arrive=Exists(arrive), depart=Exists(depart)).filter(Q(arrive=True) | Q(depart=True)))


def _ratings(ctx: Context, year: int) -> QuerySet[MemberEvent]:
    """Ratings of ``year`` (the member's branch on the rating's date lies in the subtree)."""
    ships = Membership.objects.filter(ctx.in_subtree(), member_id=OuterRef("member_id"), kind=MembershipKind.PRIMARY,
                                      valid_from__lte=OuterRef("effective_on")).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=OuterRef("effective_on")))
    return (MemberEvent.objects.filter(kind="rating", voided=False, details__year=year)
            .filter(Exists(ships)).annotate(level=Coalesce(Cast(KT("details__level"), CharField()), Value(UNKNOWN), output_field=CharField())))


def _badges(ctx: Context, start: date, end: date) -> QuerySet[MemberEvent]:
    """Party badges awarded in the period (the member's branch on the award date in the subtree)."""
    ships = Membership.objects.filter(ctx.in_subtree(), member_id=OuterRef("member_id"), kind=MembershipKind.PRIMARY,
                                      valid_from__lte=OuterRef("effective_on")).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=OuterRef("effective_on")))
    return (MemberEvent.objects.filter(kind="badge", voided=False, effective_on__gte=start, effective_on__lte=end)
            .filter(Exists(ships)).annotate(level=Coalesce(Cast(KT("details__level"), CharField()), Value(UNKNOWN), output_field=CharField())))


def _units(ctx: Context) -> QuerySet[UnitVersion]:
    """Units existing on ``day`` (their kind then) counted for the unit: as of D its subtree on D;
    restated, those of them that are in the subtree on the structure date, and branches merged
    into it since."""
    if ctx.mode == AS_OF:
        return subtree_versions(ctx.structure_scope, ctx.root.path)
    now = subtree_versions(ctx.structure_scope, ctx.root.path).values("unit_id")
    condition = Q(unit_id__in=Subquery(now))
    if ctx.earlier:
        condition |= Q(unit_id__in=sorted(ctx.earlier))
    return versions_as_of(ctx.day).filter(condition)


# --- Tables ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TableDef:
    key: str
    title: str
    source: str  # members, movements, ratings, units, children
    rows: Dimension | None = None
    columns: Dimension | None = None
    chart: str = "bars"  # bars | stacked | none
    compact: bool = False  # pages show only non-empty rows (exports print every row of the form)

    @property
    def drillable(self) -> bool:
        return self.source in ("members", "movements", "ratings", "badges", "children")


TABLES: tuple[TableDef, ...] = (
    TableDef("status", "Đảng viên theo tình trạng và giới tính", "members", STATUS, SEX, chart="stacked"),
    TableDef("sex_age", "Đảng viên theo giới tính và độ tuổi", "members", AGE, SEX, chart="stacked"),
    TableDef("years", "Đảng viên theo tuổi đảng (mốc Huy hiệu Đảng)", "members", YEARS, SEX, chart="stacked"),
    TableDef("ethnicity", "Đảng viên theo dân tộc", "members", ETHNICITY, SEX, chart="bars", compact=True),
    TableDef("religion", "Đảng viên theo tôn giáo", "members", RELIGION, SEX, chart="none"),
    TableDef("education", "Đảng viên theo trình độ học vấn", "members", EDUCATION, SEX, chart="bars"),
    TableDef("theory", "Đảng viên theo trình độ lý luận chính trị", "members", THEORY, SEX, chart="bars"),
    TableDef("movements", "Biến động đảng viên trong kỳ", "movements", None, SEX, chart="bars"),
    TableDef("ratings", "Kết quả xếp loại chất lượng đảng viên", "ratings", None, SEX, chart="bars"),
    TableDef("badges", "Huy hiệu Đảng đã trao trong kỳ", "badges", None, SEX, chart="bars"),
    TableDef("units", "Tổ chức đảng theo loại", "units", None, None, chart="bars"),
)
TABLE_BY_KEY = {t.key: t for t in TABLES}
CHILDREN = TableDef("children", "Đảng viên theo đơn vị trực thuộc", "children", None, STATUS, chart="bars")


@dataclass
class Table:
    definition: TableDef
    rows: list[Category]
    columns: list[Category]
    cells: dict[tuple[str, str], int]
    note: str = ""

    @property
    def key(self) -> str:
        return self.definition.key

    @property
    def title(self) -> str:
        return self.definition.title

    def cell(self, row: str, column: str) -> int:
        return self.cells.get((row, column), 0)

    def row_total(self, row: str) -> int:
        return sum(self.cell(row, c.key) for c in self.columns)

    def column_total(self, column: str) -> int:
        return sum(self.cell(r.key, column) for r in self.rows)

    @property
    def total(self) -> int:
        return sum(self.cells.values())

    @property
    def footer(self) -> list[tuple[str, int]]:
        return [(c.key, self.column_total(c.key)) for c in self.columns]

    @property
    def has_total_column(self) -> bool:
        return len(self.columns) > 1

    def grid(self) -> list[dict]:
        """Rows for templates and exports: label, cells in column order, the row total."""
        return [{"key": r.key, "label": r.label, "cells": [(c.key, self.cell(r.key, c.key)) for c in self.columns],
                 "total": self.row_total(r.key)} for r in self.rows]

    def as_json(self) -> dict:
        return {"key": self.key, "title": self.title,
                "columns": [{"key": c.key, "label": c.label} for c in self.columns],
                "rows": [{"key": r["key"], "label": r["label"], "values": dict(r["cells"]), "total": r["total"]}
                         for r in self.grid()],
                "total": self.total}


@dataclass(frozen=True)
class Period:
    start: date
    end: date


def default_period(day: date) -> Period:
    return Period(date(day.year, 1, 1), day)


def _one_column() -> list[Category]:
    return [Category(TOTAL, "Số lượng")]


def _grouped(qs: QuerySet, row_expr, col_expr) -> dict[tuple[str, str], int]:
    annotations = {"r": row_expr, "c": col_expr if col_expr is not None else Value(TOTAL, output_field=CharField())}
    rows = qs.annotate(**annotations).values("r", "c").annotate(n=Count("id")).order_by()
    cells: dict[tuple[str, str], int] = {}
    for row in rows:
        key = (row["r"] or UNKNOWN, row["c"] or UNKNOWN)
        cells[key] = cells.get(key, 0) + row["n"]
    return cells


def _period_note(period: Period) -> str:
    return f"Từ {period.start:%d/%m/%Y} đến {period.end:%d/%m/%Y}"


def table_from_cells(definition: TableDef, ctx: Context, cells: dict[tuple[str, str], int], *,
                     period: Period | None = None, year: int | None = None) -> Table:
    """The table of counted ``cells`` ((row, column) → n): its rows in the form's order (found
    categories the form does not list after them), columns and note."""
    columns = definition.columns.ordered(set()) if definition.columns else _one_column()
    found = {r for r, _ in cells}
    if definition.source == "members":
        return Table(definition, definition.rows.ordered(found), columns, cells)
    if definition.source == "movements":
        rows = [Category(m.key, m.label) for m in MOVEMENTS]
        return Table(definition, rows, columns, cells, _period_note(period or default_period(ctx.day)))
    if definition.source == "ratings":
        known = [Category(k, v) for k, v in RATING_LEVELS.items()]
        rows = known + [Category(k, k or "Chưa ghi") for k in sorted(found - set(RATING_LEVELS))]
        return Table(definition, rows, columns, cells, f"Năm {year or rules.default_rating_year(ctx.day)}")
    if definition.source == "badges":
        known = [Category(str(y), f"Huy hiệu {y} năm tuổi Đảng") for y in rules.BADGE_YEARS]
        rows = known + [Category(k, k or "Chưa ghi") for k in sorted(found - {c.key for c in known})]
        return Table(definition, rows, columns, cells, _period_note(period or default_period(ctx.day)))
    if definition.source == "units":
        rows = [Category(k.value, str(k.label)) for k in UnitKind if (k.value, TOTAL) in cells]
        return Table(definition, rows, columns, cells)
    raise ValueError(definition.source)


def _level_cells(qs: QuerySet) -> dict[tuple[str, str], int]:
    cells: dict[tuple[str, str], int] = {}
    for entry in qs.values("level", "c").annotate(n=Count("id")).order_by():
        key = (entry["level"] or UNKNOWN, entry["c"])
        cells[key] = cells.get(key, 0) + entry["n"]
    return cells


def evaluate(definition: TableDef, ctx: Context, *, period: Period | None = None, year: int | None = None) -> Table:
    """One table for the context: a single GROUP BY query (the children table: two at most)."""
    day = ctx.day
    col_expr = definition.columns.expression(day) if definition.columns else None
    col = col_expr if col_expr is not None else Value(TOTAL, output_field=CharField())
    if definition.source == "children":
        return _children(definition, ctx, col_expr, definition.columns.ordered(set()))
    period = period or default_period(day)
    year = year or rules.default_rating_year(day)
    if definition.source == "members":
        cells = _grouped(ctx.memberships(), definition.rows.expression(day), col_expr)
    elif definition.source == "movements":
        found = (_events_in(ctx, period.start, period.end).annotate(c=col)
                 .values("kind", "arrive", "depart", "c").annotate(n=Count("id")).order_by())
        cells = {}
        for entry in found:  # at most a few dozen aggregated rows
            for movement in MOVEMENTS:
                if movement.matches(entry["kind"], entry["arrive"], entry["depart"]):
                    key = (movement.key, entry["c"])
                    cells[key] = cells.get(key, 0) + entry["n"]
    elif definition.source == "ratings":
        cells = _level_cells(_ratings(ctx, year).annotate(c=col))
    elif definition.source == "badges":
        cells = _level_cells(_badges(ctx, period.start, period.end).annotate(c=col))
    elif definition.source == "units":
        found = _units(ctx).values("kind").annotate(n=Count("id")).order_by().values_list("kind", "n")
        cells = {(kind, TOTAL): n for kind, n in found}
    else:
        raise ValueError(definition.source)
    return table_from_cells(definition, ctx, cells, period=period, year=year)


#: Largest number of groups (product of the dimensions' category counts) one scan may make: a
#: GROUP BY over every dimension at once would make millions of groups nationwide (measured: a
#: 5.6 M-member cube of 8 dimensions is slower than 8 scans), a few small cubes are not.
CUBE_LIMIT = 2000
_UNBOUNDED_CATEGORIES = 10  # a dimension without a fixed list (religion): a guess for the bound


def _size(dim: Dimension) -> int:
    return len(dim.categories()) or _UNBOUNDED_CATEGORIES


def cube_groups(definitions: Sequence[TableDef], limit: int = CUBE_LIMIT) -> list[list[TableDef]]:
    """Member tables packed into scans whose group counts stay under ``limit``."""
    packs: list[tuple[dict[str, Dimension], list[TableDef]]] = []
    for d in definitions:
        wanted = {d.rows.key: d.rows} | ({d.columns.key: d.columns} if d.columns is not None else {})
        for dims, tables in packs:
            merged = dims | wanted
            size = 1
            for dim in merged.values():
                size *= _size(dim)
            if size <= limit:
                dims.update(wanted)
                tables.append(d)
                break
        else:
            packs.append((dict(wanted), [d]))
    return [tables for _, tables in packs]


def evaluate_members(definitions: Sequence[TableDef], ctx: Context) -> dict[str, Table]:
    """Member tables from a few scans: each a GROUP BY over the dimensions of the tables packed
    into it (:func:`cube_groups`), folded into each table's cells. The join of memberships with
    members is what costs, so tables sharing a scan share that cost."""
    out = {}
    for pack in cube_groups(definitions):
        dims: dict[str, Dimension] = {}
        for d in pack:
            dims[d.rows.key] = d.rows
            if d.columns is not None:
                dims[d.columns.key] = d.columns
        annotations = {f"d_{key}": dim.expression(ctx.day) for key, dim in dims.items()}
        groups = list(ctx.memberships().annotate(**annotations).values(*annotations).annotate(n=Count("id")).order_by())
        for d in pack:
            cells: dict[tuple[str, str], int] = {}
            rkey = f"d_{d.rows.key}"
            ckey = f"d_{d.columns.key}" if d.columns is not None else None
            for g in groups:  # aggregated groups, not members
                key = (g[rkey] or UNKNOWN, (g[ckey] or UNKNOWN) if ckey else TOTAL)
                cells[key] = cells.get(key, 0) + g["n"]
            columns = d.columns.ordered(set()) if d.columns else _one_column()
            out[d.key] = Table(d, d.rows.ordered({r for r, _ in cells}), columns, cells)
    return out


def evaluate_all(ctx: Context, *, period: Period | None = None, year: int | None = None,
                 progress: Callable[[int, int], None] = lambda done, total: None) -> list[Table]:
    """The children table, then every standard table (member tables in a few scans), counted
    fresh; :func:`tochuc.reports.tally.tables` sums the kept totals instead for a big subtree."""
    total = PASSES
    out = [evaluate(CHILDREN, ctx)]
    progress(1, total)
    members = evaluate_members(MEMBER_TABLES, ctx)
    done = 1 + len(cube_groups(MEMBER_TABLES))
    progress(done, total)
    for d in TABLES:
        if d.source == "members":
            out.append(members[d.key])
        else:
            out.append(evaluate(d, ctx, period=period, year=year))
            done += 1
            progress(done, total)
    return out


MEMBER_TABLES = [d for d in TABLES if d.source == "members"]
PASSES = 1 + len(cube_groups(MEMBER_TABLES)) + sum(1 for d in TABLES if d.source != "members")


@dataclass(frozen=True)
class ChildCategory(Category):
    version: UnitVersion | None = None


def children_of(ctx: Context) -> list[UnitVersion]:
    scope = ctx.structure_scope
    return [v for v in versions_as_of(ctx.structure_on).filter(parent_id=ctx.root.unit_id).select_related("unit")
            .order_by("name") if scope.contains_path(v.path)]


def _children(definition: TableDef, ctx: Context, col_expr, columns) -> Table:
    """Members per child unit: memberships joined to their branch's version on the structure
    date, grouped by the child's path prefix; branches merged into the subtree (restated) are
    grouped by branch and folded onto their target's child."""
    children = children_of(ctx)
    rows = [ChildCategory(c.unit.code, c.name, c) for c in children]
    code_of_prefix = {c.path: c.unit.code for c in children}
    cut = len(ctx.root.path) + org_rules.SEGMENT_WIDTH
    on_structure = valid_on(ctx.structure_on, "unit__versions__") & ctx.structure_scope.subtree_q(
        ctx.root.path, "unit__versions__") & Q(unit__versions__depth__gt=ctx.root.depth)
    if ctx.mode == RESTATED:
        on_structure &= Q(unit__versions__kind__in=org_rules.BRANCH_KINDS)
    col = col_expr if col_expr is not None else Value(TOTAL, output_field=CharField())
    found = (memberships_on(ctx.day).filter(on_structure)
             .annotate(prefix=Substr("unit__versions__path", 1, cut), c=col)
             .values("prefix", "c").annotate(n=Count("id")).order_by())
    cells: dict[tuple[str, str], int] = {}
    for entry in found:
        code = code_of_prefix.get(entry["prefix"])
        if code is not None:
            cells[(code, entry["c"])] = cells.get((code, entry["c"]), 0) + entry["n"]
    if ctx.earlier:
        merged = (memberships_on(ctx.day).filter(unit_id__in=sorted(ctx.earlier)).annotate(c=col)
                  .values("unit_id", "c").annotate(n=Count("id")).order_by())
        for entry in merged:
            code = code_of_prefix.get(ctx.earlier[entry["unit_id"]][:cut])
            if code is not None:
                cells[(code, entry["c"])] = cells.get((code, entry["c"]), 0) + entry["n"]
    return Table(definition, rows, columns, cells)


def total_members(ctx: Context) -> int:
    return ctx.memberships().count()


# --- The members behind a number ------------------------------------------------------------------


def cell_members(definition: TableDef, ctx: Context, *, row: str | None, column: str | None,
                 period: Period | None = None, year: int | None = None) -> QuerySet[Member]:
    """The members counted in one cell (``row``/``column`` None: the whole row or column)."""
    day = ctx.day
    if definition.source == "children":
        if row is not None:
            child = next((c for c in children_of(ctx) if c.unit.code == row), None)
            if child is None:
                return Member.objects.none()
            ctx = context_for(scope=ctx.scope, code=row, day=ctx.day, mode=ctx.mode)
        qs = ctx.memberships()
        if column is not None and definition.columns is not None:
            qs = qs.annotate(c=definition.columns.expression(day)).filter(c=column)
        return Member.objects.filter(pk__in=qs.values("member_id"))
    if definition.source == "members":
        qs = ctx.memberships()
        if row is not None:
            qs = qs.annotate(r=definition.rows.expression(day)).filter(r=row)
        if column is not None and definition.columns is not None:
            qs = qs.annotate(c=definition.columns.expression(day)).filter(c=column)
        return Member.objects.filter(pk__in=qs.values("member_id"))
    if definition.source in ("movements", "ratings", "badges"):
        if definition.source == "badges":
            period = period or default_period(day)
            events = _badges(ctx, period.start, period.end)
            if row is not None:
                events = events.filter(level=row)
        elif definition.source == "movements":
            period = period or default_period(day)
            events = _events_in(ctx, period.start, period.end)
            if row is not None:
                movement = next((m for m in MOVEMENTS if m.key == row), None)
                if movement is None:
                    return Member.objects.none()
                events = events.filter(movement.q())
        else:
            events = _ratings(ctx, year or rules.default_rating_year(day))
            if row is not None:
                events = events.filter(level=row)
        if column is not None and definition.columns is not None:
            events = events.annotate(c=definition.columns.expression(day)).filter(c=column)
        return Member.objects.filter(pk__in=events.values("member_id"))
    return Member.objects.none()


def table_def(key: str) -> TableDef:
    if key == CHILDREN.key:
        return CHILDREN
    return TABLE_BY_KEY[key]
