"""What the member rules report: a :class:`Problem` per rule that does not hold, and
:class:`MemberRuleError` for input no rule can be applied to (a score of 120, a month 13).

Both carry a stable ``code`` for programs and a :class:`~tochuc.domain.messages.Message` (code
and parameters) that the boundary renders for people, in Vietnamese by default (DESIGN.md
invariants 6 and 7: every bad field is reported with a reason; the rules do not translate).
"""

from __future__ import annotations

from dataclasses import dataclass

from tochuc.domain.messages import Message


@dataclass(frozen=True)
class Problem:
    """A rule that does not hold: a stable code for programs and a message for people.

    ``warning`` marks a problem that does not invalidate the act (an official-status decision
    taken after the 30 working days is late but still valid); callers decide what to do with it.
    """

    code: str
    detail: Message
    warning: bool = False

    @property
    def message(self) -> str:
        """The message in the active language."""
        return str(self.detail)


class MemberRuleError(ValueError):
    """Input outside what a rule is defined for. A ``ValueError`` so callers that already catch
    that keep working."""

    def __init__(self, code: str, detail: Message) -> None:
        super().__init__(code, detail)
        self.code = code
        self.detail = detail

    @property
    def message(self) -> str:
        return str(self.detail)

    def __str__(self) -> str:
        return f"{self.code}: {self.detail}"


def errors(problems: list[Problem]) -> list[Problem]:
    """The problems that invalidate the act (warnings dropped)."""
    return [p for p in problems if not p.warning]
