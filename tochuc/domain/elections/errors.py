"""Errors raised by the election rules.

Every error names the input field it is about (``seats``, ``ballots[12]``...) and carries a
message (code and parameters, rendered in Vietnamese by default) that the CLI and the web forms
show to the counting committee (DESIGN.md invariants 6 and 7: every bad field is reported, in
the user's language, Vietnamese by default).
"""

from __future__ import annotations

from collections.abc import Iterable

from tochuc.domain.messages import Message


class ElectionError(ValueError):
    """Base of every error of the election rules."""


class ElectionInputError(ElectionError):
    """Input the rules cannot work on.

    ``field`` and ``detail`` describe the first problem; ``details`` lists every problem found in
    the same pass (field, :class:`~tochuc.domain.messages.Message`), so one run reports all bad
    ballots instead of one per run. ``message`` and ``problems`` give the same in words (the
    active language); ``str(error)`` gives one ``field: message`` line per problem.
    """

    def __init__(
        self, field: str, detail: Message, *, problems: Iterable[tuple[str, Message]] = ()
    ) -> None:
        self.field = field
        self.detail = detail
        rest = [p for p in problems if p != (field, detail)]
        self.details: tuple[tuple[str, Message], ...] = ((field, detail), *rest)
        super().__init__(field, detail)

    @property
    def message(self) -> str:
        return str(self.detail)

    @property
    def problems(self) -> tuple[tuple[str, str], ...]:
        return tuple((field, str(detail)) for field, detail in self.details)

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
        self.items: list[tuple[str, Message]] = []

    def add(self, field: str, detail: Message) -> None:
        self.items.append((field, detail))

    def __bool__(self) -> bool:
        return bool(self.items)

    def raise_if_any(self) -> None:
        if self.items:
            field, message = self.items[0]
            raise ElectionInputError(field, message, problems=self.items)
