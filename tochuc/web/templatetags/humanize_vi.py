"""Number formatting the Vietnamese way (1.234.567) and small lookups for templates."""

from __future__ import annotations

from django import template
from django.utils.translation import get_language

register = template.Library()


@register.filter
def so(value) -> str:
    """Thousands separated by "." in Vietnamese, "," in English."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return value
    text = f"{number:,}"
    return text.replace(",", ".") if (get_language() or "vi").startswith("vi") else text


@register.filter
def get(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None
