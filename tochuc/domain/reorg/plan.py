"""The plan file: its operations and columns, reading a line, and the checks of one line on
its own (and of the decision reference the plan is applied under)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from tochuc.domain import orgs as rules
from tochuc.domain.messages import Message, msg
from tochuc.domain.reorg.problems import Problem

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
