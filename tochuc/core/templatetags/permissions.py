"""``{% if scope|allows:"meeting.write" %}``: the permission table in templates (a builtin)."""

from __future__ import annotations

from django import template

from tochuc.core import permissions

register = template.Library()


@register.filter(name="allows")
def allows(scope, action: str) -> bool:
    return permissions.allows(scope, action)
