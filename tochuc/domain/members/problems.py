"""What the member rules report: a :class:`Problem` per rule that does not hold, and
:class:`MemberRuleError` for input no rule can be applied to (a score of 120, a month 13).

Both carry a stable ``code`` for programs and a Vietnamese ``message`` for people (DESIGN.md
invariant 6: every bad field is reported with a reason in Vietnamese).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """A rule that does not hold: a stable code for programs and a Vietnamese message for people.

    ``warning`` marks a problem that does not invalidate the act (an official-status decision
    taken after the 30 working days is late but still valid); callers decide what to do with it.
    """

    code: str
    message: str
    warning: bool = False


class MemberRuleError(ValueError):
    """Input outside what a rule is defined for. A ``ValueError`` so callers that already catch
    that keep working."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


def errors(problems: list[Problem]) -> list[Problem]:
    """The problems that invalidate the act (warnings dropped)."""
    return [p for p in problems if not p.warning]
