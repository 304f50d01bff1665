"""Rules of a reorganization plan (pure; no Django).

A plan is a list of lines applied in order on one effective date E (DESIGN.md invariant 4:
reorganizations are recorded events and the source of truth):

* ``create``  — a new unit ``code`` with ``name`` and ``kind`` under ``parent``;
* ``move``    — unit ``code`` with its whole subtree moves under ``target``;
* ``merge``   — every child of ``code`` moves under ``target``, then ``code`` ends; when both are
  branches (chi bộ) the members of ``code`` move to ``target``;
* ``rename``  — unit ``code`` gets ``name`` (and ``kind`` if given);
* ``close``   — unit ``code`` ends; it must have no open children and, for a branch, no members.

The whole plan is checked on a simulated tree before anything is written (DESIGN.md
invariant 6). :func:`validate_plan` takes what the database knows of every unit the plan names
(their ancestors, and the children of units that lose them) as :class:`KnownUnit` values and
returns every problem with its line and column, and the simulated result the writer follows.

Sources: Điều lệ Đảng (2011) Điều 21–25 (which kind sits under which, through
:func:`tochuc.domain.orgs.parent_kind_allowed`); Quy định 294-QĐ/TW (2025): no district level
from 1/7/2025 (:func:`tochuc.domain.orgs.kind_allowed_on`). A member is in exactly one branch
at any date (Điều lệ Đảng, Điều 7), so a branch that ends hands its members to another branch
on the same day.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from tochuc.domain import orgs as rules
from tochuc.domain.messages import Message, msg

CREATE, MOVE, MERGE, RENAME, CLOSE = "create", "move", "merge", "rename", "close"
OPS: tuple[str, ...] = (CREATE, MOVE, MERGE, RENAME, CLOSE)
COLUMNS: tuple[str, ...] = ("op", "code", "target", "name", "kind", "parent")
REQUIRED_COLUMNS: tuple[str, ...] = ("op", "code")
CODE_MAX = 32
NAME_MAX = 255

#: Columns each operation needs, and those it may also use; any other filled column is a mistake.
NEEDS: Mapping[str, frozenset[str]] = {
    CREATE: frozenset({"name", "kind", "parent"}),
    MOVE: frozenset({"target"}),
    MERGE: frozenset({"target"}),
    RENAME: frozenset({"name"}),
    CLOSE: frozenset(),
}
MAY: Mapping[str, frozenset[str]] = {RENAME: frozenset({"kind"})}

OP_LABELS = {CREATE: "thành lập", MOVE: "chuyển", MERGE: "sáp nhập", RENAME: "đổi tên", CLOSE: "giải thể"}

_SPACE = re.compile(r"\s")


def fmt_day(day: date) -> str:
    return day.strftime("%d/%m/%Y")


@dataclass(frozen=True)
class PlanLine:
    """One line of a plan; ``row`` is its line number in the file (the header is line 1)."""

    row: int
    op: str
    code: str
    target: str = ""
    name: str = ""
    kind: str = ""
    parent: str = ""


@dataclass(frozen=True, order=True)
class Problem:
    """What is wrong with a line: its ``row``, the ``column`` at fault and why (``detail``, shown
    in the active language as ``reason``)."""

    row: int
    column: str
    detail: Message

    @property
    def reason(self) -> str:
        return str(self.detail)


@dataclass(frozen=True)
class KnownUnit:
    """What the database knows of one unit, seen from the effective date E.

    ``key`` is the unit's stable id. ``exists`` says whether a version is valid on E; the other
    fields describe that version. ``children`` (open children on E) and ``kinds_below`` (kinds
    found strictly below it on E) are ``None`` when not loaded: the caller loads them for the
    units a plan empties, closes, re-kinds or moves (see :func:`needs`).
    """

    code: str
    key: int
    exists: bool = True
    kind: str = ""
    name: str = ""
    parent: str | None = None
    starts_on: date | None = None  # start of the version valid on E
    first_day: date | None = None  # first day the unit ever existed
    has_versions: bool = True  # False: an identity kept by a reverted reorganization (code reusable)
    members: int = 0  # primary memberships valid on E (branch kinds)
    members_later: int = 0  # memberships starting after E
    later_change: date | None = None  # earliest own version starting after E
    later_move: date | None = None  # earliest own version after E on another path
    later_below: tuple[str, date] | None = None  # earliest version after E of a unit below it
    kinds_below: frozenset[str] | None = None
    children: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Needs:
    """Which extra facts the caller must load for a plan (see :class:`KnownUnit`)."""

    children: frozenset[str]  # codes whose open children are needed
    kinds_below: frozenset[str]  # codes whose kinds below are needed (moved subtrees that may hold a kind ended on E)
    members: frozenset[str]  # codes whose member counts are needed


def kinds_that_may_contain(kinds: Iterable[str]) -> frozenset[str]:
    """Kinds under which a unit of one of ``kinds`` may sit, at any depth (from ALLOWED_PARENTS)."""
    found: set[str] = set()
    frontier = set(kinds)
    while frontier:
        parents = set().union(*(rules.ALLOWED_PARENTS.get(k, frozenset()) for k in frontier)) - found
        found |= parents
        frontier = parents
    return frozenset(found)


def kinds_ended_on(effective: date) -> frozenset[str]:
    return frozenset(k for k in rules.KINDS if not rules.kind_allowed_on(k, effective))


def needs(lines: Sequence[PlanLine], known_kinds: Mapping[str, str], effective: date) -> Needs:
    """What to load beyond the named units and their ancestors. ``known_kinds``: code → kind on E."""
    children = {ln.code for ln in lines if ln.op in (MERGE, CLOSE) or (ln.op == RENAME and ln.kind)}
    containers = kinds_that_may_contain(kinds_ended_on(effective))
    kinds_below = {ln.code for ln in lines if ln.op in (MOVE, MERGE) and known_kinds.get(ln.code) in containers}
    members = {c for ln in lines for c in (ln.code, ln.target) if c}
    return Needs(frozenset(children), frozenset(kinds_below), frozenset(members))


def read_line(row: int, values: Mapping[str, str]) -> PlanLine:
    """A line from a CSV row as a dict of column → text (missing columns are empty)."""
    get = lambda name: (values.get(name) or "").strip()  # noqa: E731
    return PlanLine(row, get("op").lower(), get("code"), get("target"), get("name"), get("kind"), get("parent"))


def check_line(line: PlanLine) -> list[Problem]:
    """Problems of one line on its own: the operation, the columns it needs and their shape."""
    out: list[Problem] = []
    row = line.row
    if line.op not in OPS:
        out.append(Problem(row, "op", msg("reorg.op_invalid", op=line.op, ops=', '.join(OPS))))
        return out
    if not line.code:
        out.append(Problem(row, "code", msg("reorg.code_missing")))
    elif len(line.code) > CODE_MAX or _SPACE.search(line.code):
        out.append(Problem(row, "code", msg("reorg.code_invalid", code=line.code, most=CODE_MAX)))
    needed, allowed = NEEDS[line.op], NEEDS[line.op] | MAY.get(line.op, frozenset())
    for column in ("target", "name", "kind", "parent"):
        value = getattr(line, column)
        if column in needed and not value:
            out.append(Problem(row, column, msg("reorg.column_needed", op=line.op, column=column)))
        elif value and column not in allowed:
            out.append(Problem(row, column, msg("reorg.column_unused", op=line.op, column=column)))
    if line.name and len(line.name) > NAME_MAX:
        out.append(Problem(row, "name", msg("reorg.name_too_long", most=NAME_MAX)))
    if line.kind and line.kind not in rules.KINDS:
        out.append(Problem(row, "kind", msg("reorg.kind_invalid", kind=line.kind, kinds=', '.join(rules.KINDS))))
    return out


def reference_problem(reference: str | None) -> Message | None:
    """A reorganization is carried out under a decision of the competent committee (the tỉnh ủy's
    decisions creating the new communes, a transfer or reception decision: DOMAIN.md §10.5), so
    applying a plan records that decision's reference (number and date). None when it is given.
    """
    if not (reference or "").strip():
        return msg("reorg.reference_missing")
    return None


# --- The simulated tree ---------------------------------------------------------------------------


@dataclass
class _Node:
    code: str
    kind: str
    name: str
    parent: str | None
    known: KnownUnit | None  # None: created by the plan
    children: set[str] | None
    members: int = 0
    created_row: int | None = None
    closed_row: int | None = None
    closed_op: str = ""


@dataclass(frozen=True)
class LineEffect:
    """What one line does, resolved on the simulated tree (the writer and the history use it)."""

    row: int
    op: str
    code: str
    target: str = ""
    name: str = ""
    kind: str = ""
    parent: str = ""
    from_parent: str | None = None  # the parent of ``code`` before the line
    moved_children: tuple[str, ...] = ()  # merge: the children that moved to ``target``
    branch_members: bool = False  # merge of a branch into a branch: members move too
    kind_before: str = ""
    name_before: str = ""


@dataclass
class PlanResult:
    effective: date
    problems: list[Problem]
    effects: list[LineEffect]
    counts: dict[str, int]
    parent_of: dict[str, str | None]  # code → parent code after the plan (every unit the plan knows)
    closed: dict[str, int]  # code → row of the line that ended it
    successor: dict[str, str]  # branch merged into a branch → the branch its members end in
    key_of: dict[str, Hashable]  # code → stable key (unit id; the code itself for a created unit)

    _chains: dict[str, tuple[Hashable, ...]] = field(default_factory=dict, repr=False)
    _code_of: dict[Hashable, str] | None = field(default=None, repr=False)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def code_of(self) -> dict[Hashable, str]:
        """Unit id → code, for the units of the database the plan knows."""
        if self._code_of is None:
            self._code_of = {key: code for code, key in self.key_of.items() if not isinstance(key, str)}
        return self._code_of

    def chain(self, code: str) -> tuple[Hashable, ...]:
        """Keys from the root down to ``code`` after the plan."""
        found = self._chains.get(code)
        if found is None:
            parent = self.parent_of.get(code)
            found = (self.chain(parent) if parent is not None else ()) + (self.key_of[code],)
            self._chains[code] = found
        return found


def validate_plan(lines: Sequence[PlanLine], known: Mapping[str, KnownUnit], effective: date) -> PlanResult:
    """Every problem of the plan, line by line on a simulated tree, and what it does.

    ``known`` maps codes to what the database knows: every code the plan names that exists in
    the database, every ancestor of those (on E), and the children listed in their
    ``children``. A code absent from ``known`` is unknown to the database.
    """
    return _Simulation(known, effective).run(lines)


class _Simulation:
    def __init__(self, known: Mapping[str, KnownUnit], effective: date):
        self.known = known
        self.E = effective
        self.nodes: dict[str, _Node] = {}
        self.problems: list[Problem] = []
        self.effects: list[LineEffect] = []
        self.bad_creates: set[str] = set()
        self.successor: dict[str, str] = {}
        self.ended = kinds_ended_on(effective)

    # -- helpers ---------------------------------------------------------------------------------

    def problem(self, row: int, column: str, detail: Message) -> None:
        self.problems.append(Problem(row, column, detail))

    def node(self, code: str) -> _Node | None:
        """The simulated unit (built from the database's on first use), without any check."""
        found = self.nodes.get(code)
        if found is None:
            k = self.known.get(code)
            if k is None or not k.exists:
                return None
            found = _Node(code, k.kind, k.name, k.parent, k, set(k.children) if k.children is not None else None,
                          members=k.members)
            self.nodes[code] = found
        return found

    def use(self, code: str, row: int, column: str) -> _Node | None:
        """The unit a line names, or None with the problem reported."""
        what = {"target": msg("reorg.what_target"), "parent": msg("reorg.what_parent")}.get(
            column, msg("reorg.what_unit"))
        node = self.nodes.get(code)
        if node is not None:
            if node.closed_row is not None:
                how = msg("reorg.how_merged") if node.closed_op == MERGE else msg("reorg.how_closed")
                self.problem(row, column, msg("reorg.unit_ended", what=what, code=code, how=how, row=node.closed_row))
                return None
            return node
        if code in self.bad_creates:
            return None  # its create line is wrong and already reported
        k = self.known.get(code)
        if k is None or not k.has_versions:
            self.problem(row, column, msg("reorg.unit_not_found", what=what, code=code))
            return None
        if not k.exists:
            self.problem(row, column, msg("reorg.unit_not_on_date", what=what, code=code, day=fmt_day(self.E)))
            return None
        return self.node(code)

    def chain_codes(self, code: str) -> list[str]:
        out: list[str] = []
        node: str | None = code
        while node is not None and len(out) <= 64:
            out.append(node)
            n = self.node(node)
            node = n.parent if n is not None else None
        return out

    def check_later(self, node: _Node, row: int, column: str, *, below: bool) -> None:
        """A version written from E on must not be followed by later ones it would contradict."""
        k = node.known
        if k is None:
            return
        if k.later_change is not None:
            self.problem(row, column, msg("reorg.later_change", code=node.code, day=fmt_day(k.later_change),
                                          effective=fmt_day(self.E)))
        if below and k.later_below is not None:
            other, day = k.later_below
            self.problem(row, column, msg("reorg.later_change_below", other=other, code=node.code, day=fmt_day(day),
                                          effective=fmt_day(self.E)))

    def check_place(self, node: _Node, row: int, column: str) -> None:
        """A target or parent must keep its place after E (children are written on its path on E)."""
        k = node.known
        if k is not None and k.later_move is not None:
            self.problem(row, column, msg("reorg.later_move", code=node.code, day=fmt_day(k.later_move),
                                          effective=fmt_day(self.E)))

    def check_kinds_ended(self, node: _Node, row: int, *, include_self: bool) -> None:
        """A moved subtree gets new versions from E on: none may be of a kind ended by then."""
        kinds = set(node.known.kinds_below or ()) if node.known is not None else set()
        if include_self:
            kinds.add(node.kind)
        for kind in sorted(kinds & self.ended, key=rules.KINDS.index):
            where = "" if include_self and kind == node.kind else msg("reorg.in_subtree", code=node.code)
            self.problem(row, "code", msg("reorg.kind_ended_move", kind=kind, where=where,
                                          day=fmt_day(rules.DISTRICT_ABOLISHED_ON), effective=fmt_day(self.E)))

    def check_first_day(self, node: _Node, row: int) -> None:
        first = node.known.first_day if node.known is not None else self.E
        if node.created_row is not None or first == self.E:
            self.problem(row, "code", msg("reorg.ends_on_first_day", code=node.code, day=fmt_day(self.E)))

    def attach(self, code: str, parent: str | None) -> None:
        node = self.node(code)
        old = self.node(node.parent) if node.parent else None
        if old is not None and old.children is not None:
            old.children.discard(code)
        node.parent = parent
        new = self.node(parent) if parent else None
        if new is not None and new.children is not None:
            new.children.add(code)

    def end(self, node: _Node, row: int, op: str) -> None:
        parent = self.node(node.parent) if node.parent else None
        if parent is not None and parent.children is not None:
            parent.children.discard(node.code)
        node.closed_row, node.closed_op = row, op

    # -- operations ------------------------------------------------------------------------------

    def run(self, lines: Sequence[PlanLine]) -> PlanResult:
        created_row: dict[str, int] = {}
        counts = dict.fromkeys(OPS, 0)
        for line in lines:
            own = check_line(line)
            if line.op == CREATE and line.code:
                if line.code in created_row:
                    own.append(Problem(line.row, "code", msg("reorg.code_duplicate", code=line.code,
                                                             row=created_row[line.code])))
                else:
                    created_row[line.code] = line.row
                    k = self.known.get(line.code)
                    if k is not None and k.has_versions:
                        own.append(Problem(line.row, "code", msg("reorg.code_exists", code=line.code)))
            if own:
                self.problems.extend(own)
                k = self.known.get(line.code)
                if line.op == CREATE and line.code and line.code not in self.nodes and not (k and k.has_versions):
                    self.bad_creates.add(line.code)
                continue
            counts[line.op] += 1
            getattr(self, f"op_{line.op}")(line)
        problems = sorted(set(self.problems), key=lambda p: (p.row, COLUMNS.index(p.column) if p.column in COLUMNS else 9, p.reason))
        parent_of = {code: node.parent for code, node in self.nodes.items()}
        for code, k in self.known.items():
            if k.exists and code not in parent_of:
                parent_of[code] = k.parent
        key_of: dict[str, Hashable] = {code: k.key for code, k in self.known.items()}
        key_of.update({code: code for code, node in self.nodes.items() if node.known is None})
        closed = {code: node.closed_row for code, node in self.nodes.items() if node.closed_row is not None}
        return PlanResult(self.E, problems, self.effects, counts, parent_of, closed,
                          {c: self._final_successor(c) for c in self.successor}, key_of)

    def _final_successor(self, code: str) -> str:
        seen = {code}
        while code in self.successor:
            code = self.successor[code]
            if code in seen:
                break
            seen.add(code)
        return code

    def op_create(self, line: PlanLine) -> None:
        row = line.row
        parent = self.use(line.parent, row, "parent")
        if not rules.kind_allowed_on(line.kind, self.E):
            self.problem(row, "kind", msg("reorg.kind_ended", kind=line.kind,
                                          day=fmt_day(rules.DISTRICT_ABOLISHED_ON)))
        if parent is not None:
            if not rules.parent_kind_allowed(line.kind, parent.kind):
                self.problem(row, "parent", msg("reorg.parent_kind", kind=line.kind, code=parent.code,
                                                parent_kind=parent.kind))
            self.check_place(parent, row, "parent")
        node = _Node(line.code, line.kind, line.name, None, None, set(), created_row=row)
        self.nodes[line.code] = node
        if parent is not None:
            self.attach(line.code, parent.code)
        self.effects.append(LineEffect(row, CREATE, line.code, name=line.name, kind=line.kind, parent=line.parent))

    def op_move(self, line: PlanLine) -> None:
        row = line.row
        mark = len(self.problems)
        node = self.use(line.code, row, "code")
        target = self.use(line.target, row, "target")
        if node is not None:
            self.check_later(node, row, "code", below=True)
        if node is None or target is None:
            return
        if target.code == node.code:
            self.problem(row, "target", msg("reorg.move_into_itself"))
            return
        if node.code in self.chain_codes(target.code):
            self.problem(row, "target", msg("reorg.cycle", target=target.code, code=node.code))
            return
        if node.parent == target.code:
            self.problem(row, "target", msg("reorg.already_under", code=node.code, target=target.code))
            return
        if not rules.parent_kind_allowed(node.kind, target.kind):
            self.problem(row, "target", msg("reorg.move_kind", code=node.code, kind=node.kind, target=target.code,
                                            target_kind=target.kind))
        self.check_place(target, row, "target")
        self.check_kinds_ended(node, row, include_self=True)
        if len(self.problems) > mark:
            return  # a wrong line changes nothing (later lines are checked without it)
        before = node.parent
        self.attach(node.code, target.code)
        self.effects.append(LineEffect(row, MOVE, node.code, target=target.code, from_parent=before))

    def op_merge(self, line: PlanLine) -> None:
        row = line.row
        mark = len(self.problems)
        node = self.use(line.code, row, "code")
        target = self.use(line.target, row, "target")
        if node is not None:
            self.check_later(node, row, "code", below=True)
        if node is None or target is None:
            return
        if target.code == node.code:
            self.problem(row, "target", msg("reorg.merge_into_itself"))
            return
        if node.code in self.chain_codes(target.code):
            self.problem(row, "target", msg("reorg.cycle", target=target.code, code=node.code))
            return
        self.check_place(target, row, "target")
        self.check_first_day(node, row)
        children = sorted(node.children or ())
        for child_code in children:
            child = self.node(child_code)
            if child is not None and not rules.parent_kind_allowed(child.kind, target.kind):
                self.problem(row, "target", msg("reorg.merge_child_kind", code=child.code, kind=child.kind,
                                                target=target.code, target_kind=target.kind))
        self.check_kinds_ended(node, row, include_self=False)
        branch_members = node.kind in rules.BRANCH_KINDS and target.kind in rules.BRANCH_KINDS
        if node.kind in rules.BRANCH_KINDS:
            later = node.known.members_later if node.known is not None else 0
            if later:
                self.problem(row, "code", msg("reorg.branch_members_later", code=node.code, later=later,
                                              day=fmt_day(self.E)))
            if node.members and not branch_members:
                self.problem(row, "target", msg("reorg.merge_branch_members", code=node.code, members=node.members))
        if len(self.problems) > mark:
            return  # a wrong line changes nothing (later lines are checked without it)
        before = node.parent
        for child_code in children:
            self.attach(child_code, target.code)
        if branch_members:
            target.members += node.members
            node.members = 0
            self.successor[node.code] = target.code
        self.end(node, row, MERGE)
        self.effects.append(LineEffect(row, MERGE, node.code, target=target.code, from_parent=before,
                                       moved_children=tuple(children), branch_members=branch_members))

    def op_rename(self, line: PlanLine) -> None:
        row = line.row
        mark = len(self.problems)
        node = self.use(line.code, row, "code")
        if node is None:
            return
        self.check_later(node, row, "code", below=False)
        kind = line.kind or node.kind
        if line.name == node.name and kind == node.kind:
            self.problem(row, "name", msg("reorg.rename_same", code=node.code))
        if line.kind and kind != node.kind:
            if not rules.kind_allowed_on(kind, self.E):
                self.problem(row, "kind", msg("reorg.kind_ended", kind=kind,
                                              day=fmt_day(rules.DISTRICT_ABOLISHED_ON)))
            parent = self.node(node.parent) if node.parent else None
            if not rules.parent_kind_allowed(kind, parent.kind if parent is not None else None):
                self.problem(row, "kind", msg("reorg.rename_parent_kind", kind=kind, parent=node.parent,
                                              parent_kind=parent.kind if parent else '-'))
            for child_code in sorted(node.children or ()):
                child = self.node(child_code)
                if child is not None and not rules.parent_kind_allowed(child.kind, kind):
                    self.problem(row, "kind", msg("reorg.rename_child_kind", code=child.code, kind=child.kind,
                                                  new_kind=kind))
            if node.kind in rules.BRANCH_KINDS and kind not in rules.BRANCH_KINDS and node.members:
                self.problem(row, "kind", msg("reorg.rename_branch_members", code=node.code, members=node.members,
                                              kind=kind))
        if len(self.problems) > mark:
            return  # a wrong line changes nothing (later lines are checked without it)
        effect = LineEffect(row, RENAME, node.code, name=line.name, kind=kind if line.kind else "",
                            kind_before=node.kind, name_before=node.name)
        node.name, node.kind = line.name, kind
        self.effects.append(effect)

    def op_close(self, line: PlanLine) -> None:
        row = line.row
        mark = len(self.problems)
        node = self.use(line.code, row, "code")
        if node is None:
            return
        self.check_later(node, row, "code", below=False)
        self.check_first_day(node, row)
        open_children = sorted(node.children or ())
        if open_children:
            shown = ", ".join(open_children[:5]) + (" …" if len(open_children) > 5 else "")
            self.problem(row, "code", msg("reorg.close_children", code=node.code, count=len(open_children),
                                          shown=shown))
        if node.members:
            self.problem(row, "code", msg("reorg.close_members", code=node.code, members=node.members))
        later = node.known.members_later if node.known is not None else 0
        if later:
            self.problem(row, "code", msg("reorg.branch_members_later", code=node.code, later=later,
                                          day=fmt_day(self.E)))
        if len(self.problems) > mark:
            return  # a wrong line changes nothing (later lines are checked without it)
        before = node.parent
        self.end(node, row, CLOSE)
        self.effects.append(LineEffect(row, CLOSE, node.code, from_parent=before))


# --- Members ------------------------------------------------------------------------------------


@dataclass
class MemberAccounting:
    """Members whose branch changes place (or who change branch), and per target unit the
    members under it on E before and after the plan."""

    moved: int = 0
    before: dict[str, int] = field(default_factory=dict)
    after: dict[str, int] = field(default_factory=dict)


def branch_place(result: PlanResult, ids: Sequence[Hashable]) -> tuple[Hashable, ...]:
    """Where the members of a branch end after the plan: the keys from the root down to the
    branch they are in. ``ids``: the unit ids of the branch's path on E (root first).

    The deepest unit on the path that the plan knows decides: below it nothing changes (every
    unit whose parent changes is known to the plan), so the path continues unchanged from there;
    a branch merged into a branch sends its members to the branch it ends in.
    """
    code_of = result.code_of
    original = tuple(ids)
    for i in range(len(original) - 1, -1, -1):
        code = code_of.get(original[i])
        if code is None:
            continue
        if i == len(original) - 1 and code in result.successor:
            return result.chain(result.successor[code])
        return result.chain(code) + original[i + 1 :]
    return original


def member_accounting(result: PlanResult, branches: Iterable[tuple[Sequence[int], int]],
                      targets: Iterable[str] = ()) -> MemberAccounting:
    """Count members moved by the plan.

    ``branches``: for each branch with members on E, the unit ids of its path on E (root first,
    the branch last) and its number of members. It must cover every branch under a unit the plan
    moves, empties or targets (see :func:`branch_place`).
    """
    targets = [t for t in targets if t in result.key_of]
    acc = MemberAccounting(before=dict.fromkeys(targets, 0), after=dict.fromkeys(targets, 0))
    target_keys = {result.key_of[t]: t for t in targets}
    for ids, count in branches:
        if not count:
            continue
        original = tuple(ids)
        final = branch_place(result, original)
        if final != original:
            acc.moved += count
        for key in original:
            if key in target_keys:
                acc.before[target_keys[key]] += count
        for key in final:
            if key in target_keys:
                acc.after[target_keys[key]] += count
    return acc
