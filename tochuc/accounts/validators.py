"""Password validators with Vietnamese messages where Django's Vietnamese catalog has none."""

from __future__ import annotations

from django.contrib.auth import password_validation
from django.utils.translation import gettext as _


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's, but its message is in English even in Vietnamese (no plural forms in its vi
    catalog for this one)."""

    def get_error_message(self) -> str:
        return _("Mật khẩu này quá ngắn: cần ít nhất %(min_length)d ký tự.") % {"min_length": self.min_length}

    def get_help_text(self) -> str:
        return _("Mật khẩu cần ít nhất %(min_length)d ký tự.") % {"min_length": self.min_length}
