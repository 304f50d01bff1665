"""The plan applied line by line on a simulated tree: every problem with its line and column,
and the effects the writer follows (DESIGN.md invariant 6)."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from tochuc.domain import orgs as rules
from tochuc.domain.messages import Message, msg
from tochuc.domain.reorg.known import KnownUnit, kinds_ended_on
from tochuc.domain.reorg.plan import (
    CLOSE,
    COLUMNS,
    CREATE,
    MERGE,
    MOVE,
    OPS,
    RENAME,
    PlanLine,
    check_line,
)
from tochuc.domain.reorg.problems import Problem, fmt_day
from tochuc.domain.reorg.result import LineEffect, PlanResult


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
        problems = sorted(set(self.problems),
                          key=lambda p: (p.row, COLUMNS.index(p.column) if p.column in COLUMNS else 9, p.reason))
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
