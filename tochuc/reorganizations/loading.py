"""Reading a plan and loading what the database knows of the units it names (no writes)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import IO

from django.db import connection
from django.db.models import Count, Min, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext as _

from tochuc.core.tabular import RowError, check_header, read_csv
from tochuc.domain import orgs as rules
from tochuc.domain import reorg as plan_rules
from tochuc.domain.reorg import KnownUnit, PlanLine
from tochuc.members.models import Membership, MembershipKind
from tochuc.orgs.models import Unit, UnitVersion
from tochuc.orgs.selectors import valid_on

IN_CHUNK = 30_000  # below SQLite's limit of 32,766 bound parameters
#: Above this many subtrees, member counts read every branch at once (one scan) instead of ranges.
MAX_RANGES = 200

PlanInput = Sequence[PlanLine | Mapping[str, str]]


def read_plan(stream: IO[bytes] | IO[str]) -> tuple[list[PlanLine], list[RowError]]:
    """Lines of a UTF-8 CSV plan (header ``op,code,target,name,kind,parent``) and problems of its shape."""
    table = read_csv(stream)
    optional = tuple(c for c in plan_rules.COLUMNS if c not in plan_rules.REQUIRED_COLUMNS)
    errors = check_header(table.header, plan_rules.REQUIRED_COLUMNS, optional)
    if errors:
        return [], errors
    lines: list[PlanLine] = []
    width = len(table.header)
    for row, cells in table.rows:
        if len(cells) != width:
            errors.append(RowError(row, "-",
                                   _("số cột (%(n)s) khác dòng tiêu đề (%(w)s)") % {"n": len(cells), "w": width}))
            continue
        lines.append(plan_rules.read_line(row, dict(zip(table.header, cells, strict=True))))
    if not lines and not errors:
        errors.append(RowError(1, "-", _("kế hoạch không có dòng nào")))
    return lines, errors


def plan_lines(rows: PlanInput) -> list[PlanLine]:
    """Lines from dicts (numbered as in a file whose header is line 1) or PlanLine values."""
    return [row if isinstance(row, PlanLine) else plan_rules.read_line(number, row)
            for number, row in enumerate(rows, start=2)]


def _chunks(values: Sequence, size: int = IN_CHUNK) -> Iterable[Sequence]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _filter_in(queryset: QuerySet, column: str, values: Iterable) -> Iterable[QuerySet]:
    """``queryset`` filtered on ``column IN values``: one array query on PostgreSQL (a statement
    with thousands of ``%s`` is re-parsed per call), chunks on SQLite."""
    values = list(values)
    if not values:
        return []
    if connection.vendor == "postgresql":
        array = "bigint[]" if all(isinstance(v, int) for v in values) else "text[]"
        return [queryset.filter(**{f"{column}__in": RawSQL(f"SELECT unnest(%s::{array})", (values,))})]
    return [queryset.filter(**{f"{column}__in": chunk}) for chunk in _chunks(values)]


@dataclass
class Loaded:
    """What :func:`load_known` found, for the validator and the writer."""

    known: dict[str, KnownUnit]
    paths: dict[str, str] = field(default_factory=dict)  # code → path on E
    ids: dict[str, int] = field(default_factory=dict)  # code → unit id (every code in the database)
    named: set[str] = field(default_factory=set)  # codes the plan names that exist on E


VERSION_FIELDS = ("unit_id", "unit__code", "kind", "name", "parent_id", "path", "depth", "valid_from", "valid_to")
Row = tuple  # a version's VERSION_FIELDS values, by unit id in the loaded rows


def load_known(lines: Sequence[PlanLine], effective: date) -> Loaded:
    """Everything :func:`tochuc.domain.reorg.validate_plan` needs to know about the database:
    the named units, their ancestors, the children of units the plan empties, members of the
    branches it names, and versions or memberships that start after the effective date.

    One small step per fact (each a query, chunked when long), in the order they depend on
    each other: the versions on E first, then what the plan's lines need of them."""
    E = effective
    names = _named(lines)
    ids = _unit_ids(names)
    at_e = UnitVersion.objects.filter(valid_on(E))
    rows: dict[int, Row] = {}
    _fetch(rows, at_e, "unit_id", list(ids.values()))
    # Children of the units the plan empties, closes or re-kinds.
    need = plan_rules.needs(lines, {r[1]: r[2] for r in rows.values()}, E)
    parents = _loaded_ids(need.children, ids, rows)
    _fetch(rows, at_e, "parent_id", parents)
    # Ancestors, up to the root.
    _fetch(rows, at_e, "unit_id", _missing_ancestors(rows))
    code_of = {r[0]: r[1] for r in rows.values()}
    ids.update({code: unit_id for unit_id, code in code_of.items()})
    children = _children(rows, parents)
    with_versions = _with_versions(names, ids, rows)
    first_day = _first_days(lines, ids)
    members, members_later = _member_counts(_branch_ids(need.members, ids, rows), E)
    later_change, later_move, later_below = _later_versions(rows, code_of, E)
    kinds_below = _kinds_below_named(need.kinds_below, ids, rows, E)
    facts = _Facts(code_of, children, first_day, members, members_later, later_change, later_move, later_below,
                   kinds_below)
    known = {r[1]: facts.unit(r) for r in rows.values()}
    known.update(_absent(names, ids, known, with_versions))
    return Loaded(known=known, paths={r[1]: r[5] for r in rows.values()}, ids=ids,
                  named={c for c in names if c in known and known[c].exists})


def _named(lines: Sequence[PlanLine]) -> set[str]:
    """Every code a line names (its unit, target or parent)."""
    return {c for ln in lines for c in (ln.code, ln.target, ln.parent) if c}


def _unit_ids(codes: Iterable[str]) -> dict[str, int]:
    """code → unit id of the codes the database knows (with or without a version)."""
    ids: dict[str, int] = {}
    for batch in _filter_in(Unit.objects.all(), "code", sorted(codes)):
        ids.update(batch.values_list("code", "id"))
    return ids


def _fetch(rows: dict[int, Row], queryset: QuerySet, column: str, values: Iterable) -> None:
    """Add to ``rows`` the versions of ``queryset`` whose ``column`` is one of ``values``."""
    for batch in _filter_in(queryset, column, values):
        for found in batch.values_list(*VERSION_FIELDS):
            rows[found[0]] = found


def _loaded_ids(codes: Iterable[str], ids: Mapping[str, int], rows: Mapping[int, Row]) -> list[int]:
    """Unit ids of those ``codes`` that have a version loaded."""
    return [ids[c] for c in codes if c in ids and ids[c] in rows]


def _missing_ancestors(rows: Mapping[int, Row]) -> list[int]:
    """Units on the loaded versions' paths not loaded yet."""
    return sorted({a for r in list(rows.values()) for a in rules.path_ids(r[5])} - set(rows))


def _children(rows: Mapping[int, Row], parents: Iterable[int]) -> dict[int, list[str]]:
    """parent id → codes of its children on E, for the ``parents`` whose children were loaded."""
    children: dict[int, list[str]] = {p: [] for p in parents}
    for r in rows.values():
        if r[4] in children:
            children[r[4]].append(r[1])
    return children


def _with_versions(names: Iterable[str], ids: Mapping[str, int], rows: Mapping[int, Row]) -> set[int]:
    """Units named without a version on E: known codes, maybe without any version at all."""
    absent = [ids[c] for c in names if c in ids and ids[c] not in rows]
    with_versions: set[int] = set()
    for batch in _filter_in(UnitVersion.objects.all(), "unit_id", absent):
        with_versions.update(batch.values_list("unit_id", flat=True).distinct())
    return with_versions


def _first_days(lines: Sequence[PlanLine], ids: Mapping[str, int]) -> dict[int, date]:
    """First days of the units a plan may end (closing on the first day would leave no interval)."""
    ending = [ids[ln.code] for ln in lines if ln.op in (plan_rules.MERGE, plan_rules.CLOSE) and ln.code in ids]
    first_day: dict[int, date] = {}
    for batch in _filter_in(UnitVersion.objects.all(), "unit_id", ending):
        first_day.update(batch.values("unit_id").annotate(first=Min("valid_from")).order_by()
                         .values_list("unit_id", "first"))
    return first_day


def _branch_ids(codes: Iterable[str], ids: Mapping[str, int], rows: Mapping[int, Row]) -> list[int]:
    """Unit ids of those ``codes`` that are branches on E (the units members belong to)."""
    return [unit_id for unit_id in _loaded_ids(codes, ids, rows) if rows[unit_id][2] in rules.BRANCH_KINDS]


@dataclass
class _Facts:
    """What the steps of :func:`load_known` found beyond the versions, by unit id."""

    code_of: dict[int, str]
    children: dict[int, list[str]]
    first_day: dict[int, date]
    members: dict[int, int]
    members_later: dict[int, int]
    later_change: dict[int, date]
    later_move: dict[int, date]
    later_below: dict[int, tuple[str, date]]
    kinds_below: dict[str, frozenset[str]]  # by code

    def unit(self, row: Row) -> KnownUnit:
        """A unit with a version on E."""
        unit_id, code, kind, name, parent_id, path, depth, valid_from, _valid_to = row
        return KnownUnit(
            code=code, key=unit_id, exists=True, kind=kind, name=name,
            parent=self.code_of.get(parent_id) if parent_id else None, starts_on=valid_from,
            first_day=self.first_day.get(unit_id), members=self.members.get(unit_id, 0),
            members_later=self.members_later.get(unit_id, 0), later_change=self.later_change.get(unit_id),
            later_move=self.later_move.get(unit_id), later_below=self.later_below.get(unit_id),
            kinds_below=self.kinds_below.get(code),
            children=tuple(sorted(self.children[unit_id])) if unit_id in self.children else None,
        )


def _absent(names: Iterable[str], ids: Mapping[str, int], known: Mapping[str, KnownUnit],
            with_versions: set[int]) -> dict[str, KnownUnit]:
    """Named units the database knows without a version on E."""
    return {code: KnownUnit(code=code, key=ids[code], exists=False, has_versions=ids[code] in with_versions)
            for code in names if code in ids and code not in known}


def _member_counts(unit_ids: list[int], E: date) -> tuple[dict[int, int], dict[int, int]]:
    now: dict[int, int] = {}
    later: dict[int, int] = {}
    for batch in _filter_in(Membership.objects.filter(valid_on(E), kind=MembershipKind.PRIMARY), "unit_id", unit_ids):
        now.update(batch.values("unit_id").annotate(n=Count("id")).order_by().values_list("unit_id", "n"))
    for batch in _filter_in(Membership.objects.filter(valid_from__gt=E), "unit_id", unit_ids):
        later.update(batch.values("unit_id").annotate(n=Count("id")).order_by().values_list("unit_id", "n"))
    return now, later


def _later_versions(rows: Mapping[int, tuple], code_of: Mapping[int, str], E: date):
    """Versions starting after E that concern the loaded units: their own (a later change, a
    later move) or one of a unit below them (found by the ids on its path)."""
    later_change: dict[int, date] = {}
    later_move: dict[int, date] = {}
    later_below: dict[int, tuple[str, date]] = {}
    for unit_id, code, path, day in (UnitVersion.objects.filter(valid_from__gt=E)
                                     .values_list("unit_id", "unit__code", "path", "valid_from")
                                     .order_by("valid_from")):
        if unit_id in rows:
            later_change.setdefault(unit_id, day)
            if path != rows[unit_id][5]:
                later_move.setdefault(unit_id, day)
        for above in rules.path_ids(path)[:-1]:
            if above in rows and above != unit_id:
                later_below.setdefault(above, (code, day))
    return later_change, later_move, later_below


def _kinds_below_named(codes: Iterable[str], ids: Mapping[str, int], rows: Mapping[int, Row],
                       E: date) -> dict[str, frozenset[str]]:
    """code → kinds of the units below it on E, for those ``codes`` that have a version loaded."""
    return {c: _kinds_below(rows[ids[c]], E) for c in codes if c in ids and ids[c] in rows}


def _kinds_below(row: tuple, E: date) -> frozenset[str]:
    path = row[5]
    return frozenset(UnitVersion.objects.filter(valid_on(E), path__gt=path, path__lt=rules.subtree_upper_bound(path))
                     .values_list("kind", flat=True).distinct())


def nest_free(paths: Iterable[str]) -> list[str]:
    """The paths with every path inside another one dropped."""
    out: list[str] = []
    for path in sorted(set(paths)):
        if not out or not path.startswith(out[-1]):
            out.append(path)
    return out


def branch_members(paths: Iterable[str], E: date) -> list[tuple[list[int], int]]:
    """For every branch with members on E under one of ``paths``: the ids on its path and its
    number of members (primary memberships valid on E). One GROUP BY query."""
    roots = nest_free(paths)
    if not roots:
        return []
    on_date = valid_on(E, "unit__versions__")
    if len(roots) <= MAX_RANGES:
        ranges = Q()
        for root in roots:
            ranges |= Q(unit__versions__path__gte=root, unit__versions__path__lt=rules.subtree_upper_bound(root))
        on_date &= ranges
    counts = (Membership.objects.filter(valid_on(E), kind=MembershipKind.PRIMARY)
              .filter(on_date)  # one filter(): every condition on the same version row
              .values("unit__versions__path").annotate(n=Count("id")).order_by()
              .values_list("unit__versions__path", "n"))
    return [(rules.path_ids(path), n) for path, n in counts]
