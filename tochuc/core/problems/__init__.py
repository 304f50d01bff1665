"""The words of the domain's messages, and the one function that renders them (DESIGN.md inv. 7).

The rules in :mod:`tochuc.domain` are pure Python: they say what is wrong as a
:class:`~tochuc.domain.messages.Message` (a stable code and named parameters), never in words.
This package holds, per area, the table code → Vietnamese gettext template with named
placeholders; :func:`render` chooses the template, translates it into the active language and
fills it in. The core app installs :func:`render` on start-up, so ``str(message)`` (and the
``message`` / ``reason`` of a problem) is rendered wherever the boundary turns it into text: a
view, the API, a command. ``tests/test_problem_messages.py`` checks that every code the domain
uses has a template here, with the same placeholders.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.functional import Promise

from tochuc.core.problems import elections, meetings, members, reorg, reports
from tochuc.domain.messages import Message, plain_text

MESSAGES: Mapping[str, Promise] = {**members.MESSAGES, **elections.MESSAGES, **meetings.MESSAGES, **reorg.MESSAGES,
                                   **reports.MESSAGES}


def render(message: Message | object) -> str:
    """``message`` in the active language: a :class:`Message`, or a problem or error carrying
    one as ``detail``; anything else is shown as it is."""
    message = getattr(message, "detail", message)
    if not isinstance(message, Message):
        return str(message)
    template = MESSAGES.get(message.code)
    if template is None:  # a code without words yet: show it rather than fail the page
        return plain_text(message)
    text = str(template)
    if not message.params:
        return text
    return text % {name: render(value) if isinstance(value, Message) else value for name, value in message.params}
