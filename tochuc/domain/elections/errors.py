"""Errors raised by the election rules.

Every error names the input field it is about (``seats``, ``ballots[12]``...) and carries a
Vietnamese message, because the CLI and the web forms show it to the counting committee as is
(DESIGN.md invariant 6: every bad field is reported, in Vietnamese).
"""

from __future__ import annotations

from collections.abc import Iterable


class ElectionError(ValueError):
    """Base of every error of the election rules."""


class ElectionInputError(ElectionError):
    """Input the rules cannot work on.

    ``field`` and ``message`` describe the first problem; ``problems`` lists every problem found
    in the same pass (field, message), so one run reports all bad ballots instead of one per run.
    ``str(error)`` gives one ``field: message`` line per problem.
    """

    def __init__(
        self, field: str, message: str, *, problems: Iterable[tuple[str, str]] = ()
    ) -> None:
        self.field = field
        self.message = message
        rest = [p for p in problems if p != (field, message)]
        self.problems: tuple[tuple[str, str], ...] = ((field, message), *rest)
        super().__init__(self.__str__())

    def __str__(self) -> str:
        return "\n".join(f"{field}: {message}" for field, message in self.problems)


class BallotsExceedIssuedError(ElectionInputError):
    """More ballots came back than were issued.

    The counting committee must reconcile ballots issued with ballots returned before counting
    (Quy chế bầu cử trong Đảng, 190-QĐ/TW, 2024: duties of the ban kiểm phiếu); more returned than
    issued means a ballot not issued by the committee is in the box, so nothing may be counted.
    It subclasses :class:`ElectionInputError` so callers that report input errors (the CLI exits 1)
    report this one too.
    """


class Problems:
    """Collects problems so that validation reports all of them at once."""

    def __init__(self) -> None:
        self.items: list[tuple[str, str]] = []

    def add(self, field: str, message: str) -> None:
        self.items.append((field, message))

    def __bool__(self) -> bool:
        return bool(self.items)

    def raise_if_any(self) -> None:
        if self.items:
            field, message = self.items[0]
            raise ElectionInputError(field, message, problems=self.items)
