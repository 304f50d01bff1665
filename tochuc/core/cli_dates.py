"""Parsing of dates given on the command line."""

from __future__ import annotations

from datetime import date

from django.core.management.base import CommandError


def as_of_arg(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"Ngày «{text}» không hợp lệ (dùng YYYY-MM-DD).") from None
