"""Users, their role and the subtrees they work in (DESIGN.md invariant 1)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    VIEWER = "viewer", _("Xem")
    CLERK = "clerk", _("Cán bộ nghiệp vụ")
    ADMINISTRATOR = "administrator", _("Quản trị")


class User(AbstractUser):
    role = models.CharField(_("vai trò"), max_length=16, choices=Role.choices, default=Role.VIEWER)
    scope_units = models.ManyToManyField(
        "orgs.Unit", through="UserScope", related_name="+", verbose_name=_("phạm vi"), blank=True
    )

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")


class UserScope(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="scope_links")
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "unit"], name="accounts_scope_unique")]

    def __str__(self) -> str:
        return f"người dùng {self.user_id} → đơn vị {self.unit_id}"


class ApiToken(models.Model):
    """A bearer token; only its SHA-256 digest is stored, the token itself is shown once.

    It works until ``expires_at`` (TOCHUC_TOKEN_DAYS after it was made) unless revoked first: by
    its user, by an administrator of the user's subtree, or by a change of the user's password.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    digest = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(_("mã đầu"), max_length=8)
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)
    expires_at = models.DateTimeField(_("hết hạn lúc"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("dùng lần cuối"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.prefix}… (người dùng {self.user_id})"

    def is_expired(self, now=None) -> bool:
        # A token from before expiry dates existed counts as expired: its age is unknown to policy.
        return self.expires_at is None or self.expires_at <= (now or timezone.now())

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and not self.is_expired()


class LoginFailure(models.Model):
    """Failed logins, kept for throttling (by username and by address)."""

    username = models.CharField(max_length=150)
    address = models.CharField(max_length=64)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["username", "at"], name="accounts_fail_user"),
            models.Index(fields=["address", "at"], name="accounts_fail_addr"),
        ]

    def __str__(self) -> str:
        return f"{self.username} @ {self.address} {self.at:%d/%m/%Y %H:%M}"
