"""A problem of a plan line (row, column, message) and how a plan shows a day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tochuc.domain.messages import Message


def fmt_day(day: date) -> str:
    return day.strftime("%d/%m/%Y")


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
