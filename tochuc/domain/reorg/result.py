"""What a checked plan does: the effect of each line and the tree after the plan."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from datetime import date

from tochuc.domain.reorg.problems import Problem


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
