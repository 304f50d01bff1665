"""Redaction of audit rows before they are shown: the audit app sits below the apps whose secrets
its rows hold (a congress's results before release: issue 13, point 3), so those apps register
here, in their ``AppConfig.ready``, what a reader may not see yet."""

from __future__ import annotations

from collections.abc import Callable

from tochuc.audit.models import AuditEntry
from tochuc.core.scope import Scope

#: Functions that hide, in rows about to be shown, what the reader may not see yet: each takes
#: ``(entries, scope)`` and edits the rows' ``before``/``after`` in memory (never saved). An app
#: registers its own in ``AppConfig.ready`` (the audit app sits below the apps whose secrets it
#: holds, e.g. a congress's results before release: issue 13, point 3).
_redactors: list[Callable[[list[AuditEntry], Scope], None]] = []


def register_redactor(redactor: Callable[[list[AuditEntry], Scope], None]) -> Callable:
    if redactor not in _redactors:
        _redactors.append(redactor)
    return redactor


def redact(entries: list[AuditEntry], scope: Scope) -> list[AuditEntry]:
    """The rows as ``scope``'s reader may see them. Every reader of audit rows calls this."""
    for redactor in _redactors:
        redactor(entries, scope)
    return entries
