"""Words of the elections rules: code → Vietnamese template."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

MESSAGES = {
}
