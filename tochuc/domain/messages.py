"""What a rule says to people, as data: a stable code and its parameters (DESIGN.md invariant 7).

The rules stay pure Python, so they cannot translate. A rule that does not hold returns (or
raises) a :class:`Message` built with :func:`msg`: ``msg("member.age_under", years=18)``. The
words live outside the domain, in one table of gettext templates with named placeholders
(``tochuc.core.problems``), and are chosen when the message is turned into text: ``str(message)``
renders it in the language active at that moment, the way Django's lazy translations do. The
boundary (a view, the API, a command) therefore shows Vietnamese or English without the rule
knowing either; a test checks that every code used here has a template there.

Until the table is installed (plain Python with no Django set up) a message renders as its code
and parameters, which is still enough to read in a traceback.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Message:
    """A stable ``code`` (``area.name``) and its ``params`` (name, value) in name order.

    A parameter may itself be a :class:`Message` (a word that needs translating too, such as
    "target unit"); it is rendered first.
    """

    code: str
    params: tuple[tuple[str, object], ...] = ()

    @property
    def kwargs(self) -> dict[str, object]:
        return dict(self.params)

    def __str__(self) -> str:
        return _renderer(self)


def msg(code: str, /, **params: object) -> Message:
    """The message ``code`` with its named parameters (the scan of the domain reads these calls:
    give the code as a literal string)."""
    return Message(code, tuple(sorted(params.items())))


def plain_text(message: Message) -> str:
    """The code and parameters, untranslated (before a renderer is installed, or for a code
    without words)."""
    if not message.params:
        return message.code
    return f"{message.code} (" + ", ".join(f"{k}={v}" for k, v in message.params) + ")"


_renderer: Callable[[Message], str] = plain_text


def install_renderer(renderer: Callable[[Message], str]) -> None:
    """Set how messages become text (the core app installs its gettext table on start-up)."""
    global _renderer
    _renderer = renderer
