from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """A rule that does not hold: a stable code for programs and a Vietnamese message for people."""

    code: str
    message: str
