"""Writing a validated plan, line by line, set-based (DESIGN.md invariant 5, "Tree storage").

Every statement works on the versions valid on the effective date E as earlier lines left them.
A version valid on E that started before E is closed (``valid_to = E``) and a new one starts on
E; a version that itself starts on E is changed in place (no empty interval). A subtree moves in
four statements whatever its size: log the rows to close, ``INSERT … SELECT`` the new rows with
``new_prefix || substr(path, old_len + 1)``, one ``UPDATE`` closing the old rows, one ``UPDATE``
for the rows that start on E. Memberships point at stable unit ids: a move never touches them;
only a branch merged into a branch hands its members over (closed on E, reopened on E).

Every row written is logged in :class:`ReorganizationChange` with what it was before, so
:mod:`tochuc.reorganizations.revert` can restore the database exactly.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.db import connection
from django.utils import timezone

from tochuc.core.bulk import allocate_ids, bulk_insert
from tochuc.domain import orgs as rules
from tochuc.domain import reorg as plan_rules
from tochuc.domain.reorg import LineEffect
from tochuc.domain.text import fold
from tochuc.members.models import MemberEvent, Membership
from tochuc.orgs.models import Reorganization, Unit, UnitVersion
from tochuc.orgs.models import ReorganizationChange as Change

V = UnitVersion._meta.db_table
C = Change._meta.db_table


def _membership_table() -> str:
    return Membership._meta.db_table


@dataclass(frozen=True)
class Current:
    """The version of a unit valid on E, as earlier lines left it."""

    id: int
    unit_id: int
    kind: str
    name: str
    parent_id: int | None
    path: str
    depth: int
    valid_from: date
    valid_to: date | None


@dataclass
class LineResult:
    effect: LineEffect
    unit_id: int
    target_id: int | None = None
    from_parent_id: int | None = None
    members_moved: int = 0


class Writer:
    """Applies one reorganization's lines inside the caller's transaction."""

    def __init__(self, reorganization: Reorganization, ids: dict[str, int], reusable: set[str]):
        self.rid = reorganization.pk
        self.E = reorganization.effective
        self.ids = dict(ids)  # code → unit id; created units are added as they are written
        self.reusable = reusable  # codes of unit identities without versions (kept by a revert)
        self.cursor = connection.cursor()
        self.M = _membership_table()

    # -- small helpers -------------------------------------------------------------------------

    def sql(self, statement: str, params: list | tuple = ()) -> int:
        self.cursor.execute(statement, params)
        return self.cursor.rowcount

    def current(self, unit_id: int) -> Current:
        self.cursor.execute(
            f"SELECT id, unit_id, kind, name, parent_id, path, depth, valid_from, valid_to FROM {V} "
            "WHERE unit_id = %s AND valid_from <= %s AND (valid_to IS NULL OR valid_to > %s)",
            [unit_id, self.E, self.E])
        row = self.cursor.fetchone()
        if row is None:
            raise RuntimeError(f"unit {unit_id} has no version on {self.E}")  # validation guarantees one
        return Current(*row)

    def log(self, rows: list[tuple], fields: tuple[str, ...]) -> None:
        if rows:
            bulk_insert(Change, ("reorganization", "line_no", "action", *fields),
                        [(self.rid, *row) for row in rows])

    def snapshot_versions(self, line: int, where: str, params: list) -> None:
        """Log (once) the versions matching ``where`` that existed before this reorganization,
        with all their values: they are about to change in place or disappear."""
        self.sql(
            f"INSERT INTO {C} (reorganization_id, line_no, action, object_id, unit_id, name, search_key, kind, "
            "parent_id, path, depth, valid_from, valid_to) "
            f"SELECT %s, %s, %s, v.id, v.unit_id, v.name, v.search_key, v.kind, v.parent_id, v.path, v.depth, "
            f"v.valid_from, v.valid_to FROM {V} v WHERE {where} AND NOT EXISTS (SELECT 1 FROM {C} c "
            "WHERE c.reorganization_id = %s AND c.action IN (%s, %s) AND c.object_id = v.id)",
            [self.rid, line, Change.VERSION_SNAPSHOT, *params,
             self.rid, Change.VERSION_OPENED, Change.VERSION_SNAPSHOT])

    # -- versions --------------------------------------------------------------------------------

    def shift(self, line: int, lo: str, hi: str, *, top_depth: int, new_parent: int, prefix: str, cut: int,
              delta: int) -> int:
        """Move the versions valid on E with ``lo <= path < hi``: their paths become ``prefix`` +
        what follows the first ``cut`` characters; the rows at ``top_depth`` get ``new_parent``."""
        E, rid = self.E, self.rid
        in_range = "path >= %s AND path < %s"
        # 1. Log the rows that started before E (they will be closed on E).
        self.sql(
            f"INSERT INTO {C} (reorganization_id, line_no, action, object_id, unit_id, valid_to) "
            f"SELECT %s, %s, %s, id, unit_id, valid_to FROM {V} "
            f"WHERE {in_range} AND valid_from < %s AND (valid_to IS NULL OR valid_to > %s)",
            [rid, line, Change.VERSION_CLOSED, lo, hi, E, E])
        # 2. Their new versions from E on, at the new place (one INSERT … SELECT).
        self.cursor.execute(
            f"INSERT INTO {V} (unit_id, name, search_key, kind, parent_id, path, depth, valid_from, valid_to) "
            "SELECT v.unit_id, v.name, v.search_key, v.kind, CASE WHEN v.depth = %s THEN %s ELSE v.parent_id END, "
            "%s || SUBSTR(v.path, %s), v.depth + %s, %s, c.valid_to "
            f"FROM {C} c JOIN {V} v ON v.id = c.object_id "
            "WHERE c.reorganization_id = %s AND c.line_no = %s AND c.action = %s "
            "RETURNING id, unit_id, valid_to",
            [top_depth, new_parent, prefix, cut + 1, delta, E, rid, line, Change.VERSION_CLOSED])
        opened = self.cursor.fetchall()
        self.log([(line, Change.VERSION_OPENED, vid, uid, vto) for vid, uid, vto in opened],
                 ("object_id", "unit_id", "valid_to"))
        # 3. Close the old rows (the new ones lie outside the old range).
        self.sql(f"UPDATE {V} SET valid_to = %s "
                 f"WHERE {in_range} AND valid_from < %s AND (valid_to IS NULL OR valid_to > %s)",
                 [E, lo, hi, E, E])
        # 4. Rows that start on E change in place.
        self.snapshot_versions(line, "v.path >= %s AND v.path < %s AND v.valid_from = %s", [lo, hi, E])
        moved_in_place = self.sql(
            f"UPDATE {V} SET parent_id = CASE WHEN depth = %s THEN %s ELSE parent_id END, "
            f"path = %s || SUBSTR(path, %s), depth = depth + %s WHERE {in_range} AND valid_from = %s",
            [top_depth, new_parent, prefix, cut + 1, delta, lo, hi, E])
        return len(opened) + moved_in_place

    def revise(self, line: int, cur: Current, *, name: str, kind: str) -> None:
        """A new name or kind for one unit from E on."""
        if cur.valid_from < self.E:
            self.log([(line, Change.VERSION_CLOSED, cur.id, cur.unit_id, cur.valid_to)],
                     ("object_id", "unit_id", "valid_to"))
            self.cursor.execute(
                f"INSERT INTO {V} (unit_id, name, search_key, kind, parent_id, path, depth, valid_from, valid_to) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s) RETURNING id",
                [cur.unit_id, name, fold(name), kind, cur.parent_id, cur.path, cur.depth, self.E, cur.valid_to])
            new_id = self.cursor.fetchone()[0]
            self.log([(line, Change.VERSION_OPENED, new_id, cur.unit_id, cur.valid_to)],
                     ("object_id", "unit_id", "valid_to"))
            self.sql(f"UPDATE {V} SET valid_to = %s WHERE id = %s", [self.E, cur.id])
        else:
            self.snapshot_versions(line, "v.id = %s", [cur.id])
            self.sql(f"UPDATE {V} SET name = %s, search_key = %s, kind = %s WHERE id = %s",
                     [name, fold(name), kind, cur.id])

    def end(self, line: int, cur: Current) -> None:
        """The unit ends on E: its version is closed, or removed when it starts on E (the
        version before it, if any, already ends on E)."""
        if cur.valid_from < self.E:
            self.log([(line, Change.VERSION_CLOSED, cur.id, cur.unit_id, cur.valid_to)],
                     ("object_id", "unit_id", "valid_to"))
            self.sql(f"UPDATE {V} SET valid_to = %s WHERE id = %s", [self.E, cur.id])
        else:
            self.snapshot_versions(line, "v.id = %s", [cur.id])
            self.log([(line, Change.VERSION_DELETED, cur.id, cur.unit_id)], ("object_id", "unit_id"))
            self.sql(f"DELETE FROM {V} WHERE id = %s", [cur.id])

    # -- memberships -----------------------------------------------------------------------------

    def hand_over_members(self, line: int, source: int, target: int) -> int:
        """Every membership of branch ``source`` valid on E continues in branch ``target`` from E
        on: closed on E and reopened on E (never in two branches or none); one starting on E
        changes branch in place. Returns the number of primary memberships handed over."""
        E, rid, M = self.E, self.rid, self.M
        valid = "unit_id = %s AND valid_from < %s AND (valid_to IS NULL OR valid_to > %s)"
        self.cursor.execute(f"SELECT COUNT(*) FROM {M} WHERE unit_id = %s AND kind = 'primary' AND valid_from <= %s "
                            "AND (valid_to IS NULL OR valid_to > %s)", [source, E, E])
        primary = self.cursor.fetchone()[0]
        self.sql(f"INSERT INTO {C} (reorganization_id, line_no, action, object_id, unit_id, member_id, valid_to) "
                 f"SELECT %s, %s, %s, id, unit_id, member_id, valid_to FROM {M} WHERE {valid}",
                 [rid, line, Change.MEMBERSHIP_CLOSED, source, E, E])
        self.sql(f"UPDATE {M} SET valid_to = %s WHERE {valid}", [E, source, E, E])
        self.cursor.execute(
            f"INSERT INTO {M} (member_id, unit_id, kind, valid_from, valid_to) "
            f"SELECT m.member_id, %s, m.kind, %s, c.valid_to FROM {C} c JOIN {M} m ON m.id = c.object_id "
            "WHERE c.reorganization_id = %s AND c.line_no = %s AND c.action = %s RETURNING id, member_id, valid_to",
            [target, E, rid, line, Change.MEMBERSHIP_CLOSED])
        self.log([(line, Change.MEMBERSHIP_OPENED, mid, target, member, vto)
                  for mid, member, vto in self.cursor.fetchall()],
                 ("object_id", "unit_id", "member_id", "valid_to"))
        self.sql(f"INSERT INTO {C} (reorganization_id, line_no, action, object_id, unit_id, member_id) "
                 f"SELECT %s, %s, %s, m.id, m.unit_id, m.member_id FROM {M} m "
                 f"WHERE m.unit_id = %s AND m.valid_from = %s "
                 f"AND NOT EXISTS (SELECT 1 FROM {C} c WHERE c.reorganization_id = %s AND c.action IN (%s, %s) "
                 "AND c.object_id = m.id)",
                 [rid, line, Change.MEMBERSHIP_SNAPSHOT, source, E,
                  rid, Change.MEMBERSHIP_OPENED, Change.MEMBERSHIP_SNAPSHOT])
        self.sql(f"UPDATE {M} SET unit_id = %s WHERE unit_id = %s AND valid_from = %s", [target, source, E])
        return primary

    # -- lines -----------------------------------------------------------------------------------

    def create_units(self, effects: list[LineEffect], admin_codes: dict[str, str] | None = None) -> None:
        """Reserve the identities of every unit the plan creates (a code kept by a revert is reused)."""
        new = [e.code for e in effects if e.op == plan_rules.CREATE and e.code not in self.reusable]
        now = timezone.now()
        fresh = dict(zip(new, allocate_ids(Unit, len(new)), strict=True))
        bulk_insert(Unit, ("id", "code", "admin_code", "created_at"),
                    [(uid, code, (admin_codes or {}).get(code, ""), now) for code, uid in fresh.items()])
        self.ids.update(fresh)
        self.log([(e.row, Change.UNIT_CREATED if e.code in fresh else Change.UNIT_REUSED,
                   self.ids[e.code], self.ids[e.code])
                  for e in effects if e.op == plan_rules.CREATE], ("object_id", "unit_id"))

    def apply(self, effect: LineEffect) -> LineResult:
        op, line = effect.op, effect.row
        if op == plan_rules.CREATE:
            parent = self.current(self.ids[effect.parent])
            unit_id = self.ids[effect.code]
            self.cursor.execute(
                f"INSERT INTO {V} (unit_id, name, search_key, kind, parent_id, path, depth, valid_from, valid_to) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, NULL) RETURNING id",
                [unit_id, effect.name, fold(effect.name), effect.kind, parent.unit_id,
                 parent.path + rules.path_segment(unit_id), parent.depth + 1, self.E])
            self.log([(line, Change.VERSION_OPENED, self.cursor.fetchone()[0], unit_id, None)],
                     ("object_id", "unit_id", "valid_to"))
            return LineResult(effect, unit_id, from_parent_id=None, target_id=parent.unit_id)
        cur = self.current(self.ids[effect.code])
        result = LineResult(effect, cur.unit_id, from_parent_id=cur.parent_id)
        if op == plan_rules.RENAME:
            self.revise(line, cur, name=effect.name, kind=effect.kind or cur.kind)
            return result
        if op == plan_rules.CLOSE:
            self.end(line, cur)
            return result
        target = self.current(self.ids[effect.target])
        result.target_id = target.unit_id
        if op == plan_rules.MOVE:
            self.shift(line, cur.path, rules.subtree_upper_bound(cur.path), top_depth=cur.depth,
                       new_parent=target.unit_id, prefix=target.path + rules.path_segment(cur.unit_id),
                       cut=len(cur.path), delta=target.depth + 1 - cur.depth)
            return result
        # merge: the children (with their subtrees) go under the target, members too, then the unit ends.
        if effect.moved_children:
            self.shift(line, cur.path + "0", rules.subtree_upper_bound(cur.path), top_depth=cur.depth + 1,
                       new_parent=target.unit_id, prefix=target.path, cut=len(cur.path), delta=target.depth - cur.depth)
        if effect.branch_members:
            result.members_moved = self.hand_over_members(line, cur.unit_id, target.unit_id)
        self.end(line, cur)
        return result


def high_marks() -> tuple[int, int, int]:
    """Highest ids of versions, memberships and member events now."""
    out = []
    with connection.cursor() as cursor:
        for model in (UnitVersion, Membership, MemberEvent):
            cursor.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{model._meta.db_table}"')
            out.append(cursor.fetchone()[0])
    return out[0], out[1], out[2]


ProgressFn = Callable[[str, int, int], None]
