"""Personal numbers (citizen ID, phone) shown in full only to roles that may write."""

from __future__ import annotations


def mask(value: str | None) -> str:
    """Keep the first 4 and last 3 characters: "001190012345" → "0011•••••345"."""
    if not value:
        return ""
    if len(value) <= 7:
        return "•" * len(value)
    return value[:4] + "•" * (len(value) - 7) + value[-3:]
