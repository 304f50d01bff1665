"""Reads of the tree's history (DESIGN.md invariant 4): counts as of a date, restated to today's
structure, and a unit's timeline in sentences.

*As of D* counts members by the tree of D: the unit's subtree on D. *Restated* counts the same
members (memberships valid on D) by the structure of the scope's date: the branches the unit is
made of now, including branches merged into them since (their members moved with the merge), so
a unit formed on 1/7/2025 from three old ones has a comparable figure for dates before it existed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q, Subquery

from tochuc.core.scope import Scope
from tochuc.domain import orgs as rules
from tochuc.domain import reorg as plan_rules
from tochuc.members.selectors import member_count, member_counts_by_prefix, memberships_on
from tochuc.orgs.models import Reorganization, ReorganizationLine, Unit, UnitKind, UnitVersion
from tochuc.orgs.selectors import scope_roots, subtree_kind_counts, subtree_versions, unit_get, versions_as_of


def _members_on(day: date):
    return memberships_on(day)


def _active_lines():
    return ReorganizationLine.objects.filter(reorganization__reverted_at__isnull=True)


def merged_into(until: date) -> dict[int, int]:
    """Branch → the branch its members went to, for merges effective on or before ``until``
    (the last branch of a chain of merges)."""
    step = dict(_active_lines().filter(op=plan_rules.MERGE, members_follow=True, reorganization__effective__lte=until)
                .values_list("unit_id", "target_id"))
    final: dict[int, int] = {}
    for start in step:
        node, seen = start, {start}
        while node in step and step[node] not in seen:
            node = step[node]
            seen.add(node)
        final[start] = node
    return final


def _predecessors(branch_ids: Iterable[int], until: date) -> set[int]:
    """Branches merged (directly or through others) into one of ``branch_ids`` by ``until``."""
    wanted = set(branch_ids)
    return {old for old, new in merged_into(until).items() if new in wanted}


@dataclass(frozen=True)
class RestatedCount:
    code: str
    as_of: date  # D: the date of the memberships counted
    structure_on: date  # the structure they are counted by (the scope's date)
    as_of_count: int | None  # the unit's subtree on D (None: the unit did not exist on D)
    restated: int  # members on D of the branches the unit is made of on ``structure_on``

    def as_json(self) -> dict:
        return {"code": self.code, "as_of": self.as_of.isoformat(), "structure_on": self.structure_on.isoformat(),
                "as_of_count": self.as_of_count, "restated": self.restated}


def _as_of_count(scope: Scope, unit_id: int, as_of: date) -> int | None:
    then = versions_as_of(as_of).filter(unit_id=unit_id).values_list("path", flat=True).first()
    if then is None:
        return None
    return member_count(scope=scope.at(as_of), path=then)


def restated_member_count(*, scope: Scope, code: str, as_of: date) -> RestatedCount:
    """Members on ``as_of`` of unit ``code`` counted by the structure of the scope's date, beside
    the plain count of its subtree on ``as_of``. ``UnitVersion.DoesNotExist`` outside the scope."""
    version = unit_get(scope=scope, code=code)
    branches = subtree_versions(scope, version.path).filter(kind__in=rules.BRANCH_KINDS)
    ids = set(branches.values_list("unit_id", flat=True))
    earlier = _predecessors(ids, scope.as_of) - ids
    restated = _members_on(as_of).filter(
        Q(unit_id__in=Subquery(branches.values("unit_id"))) | Q(unit_id__in=earlier)).count()
    return RestatedCount(code, as_of, scope.as_of, _as_of_count(scope, version.unit_id, as_of), restated)



def restated_stats(*, scope: Scope, code: str | None, as_of: date) -> dict:
    """``org stats`` restated: the subtree of ``code`` by the structure of the scope's date (its
    units by kind then), with the members of ``as_of`` counted by that structure. The keys of
    the plain statistics stay, so a reader of one reads the other."""
    if code is None:
        roots = scope_roots(scope)
        if not roots:
            raise UnitVersion.DoesNotExist("no unit in scope on this date")
        code = roots[0].unit.code
    counted = restated_member_count(scope=scope, code=code, as_of=as_of)
    version = unit_get(scope=scope, code=code)
    return {"root": code, "as_of": as_of.isoformat(), "units": subtree_kind_counts(scope=scope, version=version),
            "members": counted.restated, "restated": True, "structure_on": scope.as_of.isoformat(),
            "members_as_of": counted.as_of_count}

@dataclass(frozen=True)
class RestatedRow:
    version: UnitVersion  # the child as of the scope's date
    as_of_count: int | None
    restated: int


def restated_unit_counts(*, scope: Scope, code: str, as_of: date) -> list[RestatedRow]:
    """For each child of ``code`` on the scope's date: its members on ``as_of`` restated to the
    structure of the scope's date, and its own subtree's count on ``as_of`` (None if it did not
    exist then). Restated figures of the children add up to the unit's restated figure."""
    from django.db.models import Count

    version = unit_get(scope=scope, code=code)
    children = [v for v in versions_as_of(scope.as_of).filter(parent_id=version.unit_id).select_related("unit")
                .order_by("name") if scope.contains_path(v.path)]
    if not children:
        return []
    cut = len(version.path) + rules.SEGMENT_WIDTH
    child_of_prefix = {child.path: child for child in children}
    branches = subtree_versions(scope, version.path).filter(kind__in=rules.BRANCH_KINDS, depth__gt=version.depth)
    branch_prefix = {uid: path[:cut] for uid, path in branches.values_list("unit_id", "path")}
    earlier = []
    for old, new in merged_into(scope.as_of).items():
        if new in branch_prefix and old not in branch_prefix:
            branch_prefix[old] = branch_prefix[new]
            earlier.append(old)
    counts = dict(_members_on(as_of)
                  .filter(Q(unit_id__in=Subquery(branches.values("unit_id"))) | Q(unit_id__in=earlier))
                  .values("unit_id").annotate(n=Count("id")).order_by().values_list("unit_id", "n"))
    restated = dict.fromkeys(child_of_prefix, 0)
    for uid, n in counts.items():
        prefix = branch_prefix[uid]
        if prefix in restated:
            restated[prefix] += n
    then = _as_of_counts(scope, [child.unit_id for child in children], as_of)
    return [RestatedRow(child, then.get(child.unit_id), restated[child.path]) for child in children]


def _as_of_counts(scope: Scope, unit_ids: list[int], as_of: date) -> dict[int, int]:
    """Members on ``as_of`` of each unit's subtree on that date (absent: no such unit then). One
    grouped count per parent the units had then, not one count per unit."""
    then = list(versions_as_of(as_of).filter(unit_id__in=unit_ids).values_list("unit_id", "path"))
    out = dict.fromkeys((uid for uid, _ in then), 0)
    by_parent: dict[str, dict[str, int]] = {}
    for uid, path in then:
        by_parent.setdefault(path[: -rules.SEGMENT_WIDTH], {})[path] = uid
    on_date = scope.at(as_of)
    for parent_path, children in by_parent.items():
        width = len(parent_path) + rules.SEGMENT_WIDTH
        for prefix, n in member_counts_by_prefix(scope=on_date, path=parent_path, prefix_length=width).items():
            if prefix in children:
                out[children[prefix]] = n
    return out


# --- Timeline -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineEntry:
    on: date
    event: str  # created, merged_in, renamed, kind_changed, moved, merged_into, closed, restored
    text: str
    reorganization_id: int | None = None
    reason: str = ""


def day_text(day: date) -> str:
    """1/7/2025 (as decisions write dates)."""
    return f"{day.day}/{day.month}/{day.year}"


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " và " + items[-1]


class _Names:
    """Names of units on given days, loaded at once."""

    def __init__(self, unit_ids: Iterable[int]):
        self.versions: dict[int, list[UnitVersion]] = {}
        for v in UnitVersion.objects.filter(unit_id__in=set(unit_ids)).order_by("valid_from"):
            self.versions.setdefault(v.unit_id, []).append(v)
        self.codes = dict(Unit.objects.filter(id__in=set(unit_ids)).values_list("id", "code"))

    def on(self, unit_id: int | None, day: date) -> str:
        if unit_id is None:
            return ""
        found = None
        for v in self.versions.get(unit_id, []):
            if v.valid_from <= day:
                found = v
        return found.name if found is not None else self.codes.get(unit_id, str(unit_id))

    def before(self, unit_id: int | None, day: date) -> str:
        return self.on(unit_id, day - timedelta(days=1))


_ORDER = {"created": 0, "restored": 0, "merged_in": 1, "renamed": 2, "kind_changed": 3, "moved": 4,
          "merged_into": 5, "closed": 5}


def unit_timeline(*, unit: Unit | UnitVersion | int) -> list[TimelineEntry]:
    """The unit's changes in order, one Vietnamese sentence each: "Thành lập ngày 1/7/2025 do hợp
    nhất A, B và một phần C", "Đổi tên thành …", "Chuyển về trực thuộc …", "Giải thể, sáp nhập vào
    … ngày …". Built from its versions (the truth), with the reorganization that made each change
    and the units merged into it (the recorded events)."""
    unit_id = unit if isinstance(unit, int) else (unit.unit_id if isinstance(unit, UnitVersion) else unit.pk)
    versions = list(UnitVersion.objects.filter(unit_id=unit_id).order_by("valid_from"))
    if not versions:
        return []
    own = list(_active_lines().filter(unit_id=unit_id).select_related("reorganization"))
    incoming = list(_active_lines().filter(target_id=unit_id, op__in=(plan_rules.MERGE, plan_rules.MOVE))
                    .select_related("reorganization"))
    related = {i for line in own + incoming for i in (line.unit_id, line.target_id, line.from_parent_id) if i}
    related |= {v.parent_id for v in versions if v.parent_id}
    names = _Names(related | {unit_id})

    def own_line(op: str, day: date) -> ReorganizationLine | None:
        return next((ln for ln in own if ln.op == op and ln.reorganization.effective == day), None)

    def origin(reorganization: Reorganization) -> str:
        lines = [ln for ln in incoming if ln.reorganization_id == reorganization.pk]
        day = reorganization.effective
        whole = [ln.unit_id for ln in lines if ln.op == plan_rules.MERGE]
        parts = []
        for ln in lines:
            if ln.op == plan_rules.MOVE and ln.from_parent_id and ln.from_parent_id not in whole + parts + [unit_id]:
                parts.append(ln.from_parent_id)
        return _join([names.before(i, day) for i in whole] + [f"một phần {names.before(i, day)}" for i in parts])

    entries: list[TimelineEntry] = []

    def add(day: date, event: str, text: str, line: ReorganizationLine | None = None) -> None:
        r = line.reorganization if line is not None else None
        entries.append(TimelineEntry(day, event, text, r.pk if r else None, r.reason if r else ""))

    first = versions[0]
    created = own_line(plan_rules.CREATE, first.valid_from)
    text = f"Thành lập ngày {day_text(first.valid_from)}"
    if created is not None and (sources := origin(created.reorganization)):
        text += f" do hợp nhất {sources}"
    add(first.valid_from, "created", text, created)
    used = {created.reorganization_id} if created is not None else set()
    for ln in incoming:
        r = ln.reorganization
        if r.pk in used:
            continue
        used.add(r.pk)
        add(r.effective, "merged_in", f"Tiếp nhận {origin(r)} ngày {day_text(r.effective)}", ln)
    for prev, cur in zip(versions, versions[1:], strict=False):
        day = cur.valid_from
        if prev.valid_to != day:
            add(prev.valid_to, "closed", f"Giải thể ngày {day_text(prev.valid_to)}")
            add(day, "restored", f"Thành lập lại ngày {day_text(day)}")
        line = next((ln for ln in own if ln.reorganization.effective == day), None)
        if cur.name != prev.name:
            add(day, "renamed", f"Đổi tên thành «{cur.name}» ngày {day_text(day)}", line)
        if cur.kind != prev.kind:
            add(day, "kind_changed", f"Chuyển thành {UnitKind(cur.kind).label} ngày {day_text(day)}", line)
        if cur.parent_id != prev.parent_id:
            add(day, "moved", f"Chuyển về trực thuộc {names.on(cur.parent_id, day)} ngày {day_text(day)}", line)
    last = versions[-1]
    if last.valid_to is not None:
        day = last.valid_to
        merged = own_line(plan_rules.MERGE, day)
        if merged is not None:
            add(day, "merged_into", f"Giải thể, sáp nhập vào {names.on(merged.target_id, day)} ngày {day_text(day)}",
                merged)
        else:
            add(day, "closed", f"Giải thể ngày {day_text(day)}", own_line(plan_rules.CLOSE, day))
    entries.sort(key=lambda e: (e.on, _ORDER.get(e.event, 9)))
    return entries


__all__ = ["RestatedCount", "RestatedRow", "TimelineEntry", "merged_into", "restated_member_count",
           "restated_stats", "restated_unit_counts", "unit_timeline"]
