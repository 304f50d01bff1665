"""Party members and their life in the party (DOMAIN.md §2).

A member's place is an interval history (:class:`Membership`): while active, a member is in
exactly one branch-kind unit at any date (the ``primary`` interval); a temporary transfer is
recorded beside it and does not end it. Life events are rows of :class:`MemberEvent` with an
effective date; a correction points at the event it corrects instead of editing it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Sex(models.TextChoices):
    MALE = "nam", _("Nam")
    FEMALE = "nu", _("Nữ")


class MemberStatus(models.TextChoices):  # the values of tochuc.domain.members.status.MemberStatus
    PROBATIONARY = "probationary", _("Dự bị")
    OFFICIAL = "official", _("Chính thức")
    TRANSFER_PENDING = "transfer_pending", _("Đang chuyển sinh hoạt ra ngoài")
    TRANSFERRED_OUT = "transferred_out", _("Đã chuyển sinh hoạt ra ngoài")
    REMOVED = "removed", _("Đã xóa tên, khai trừ")
    LEFT = "left", _("Ra khỏi Đảng")
    DIED = "died", _("Từ trần")


ACTIVE_STATUSES = (MemberStatus.PROBATIONARY, MemberStatus.OFFICIAL)


class Member(models.Model):
    full_name = models.CharField(_("họ và tên"), max_length=120)
    # Folded name (DESIGN.md inv. 7), matched with LIKE '%term%': a trigram index on PostgreSQL
    # (migration 0002); no b-tree, which no such query could use and every insert would pay for.
    search_key = models.CharField(max_length=120, editable=False)
    birth_date = models.DateField(_("ngày sinh"))
    sex = models.CharField(_("giới tính"), max_length=3, choices=Sex.choices)
    ethnicity = models.CharField(_("dân tộc"), max_length=2, blank=True, default="")
    religion = models.CharField(_("tôn giáo"), max_length=40, blank=True, default="")
    hometown = models.CharField(_("quê quán"), max_length=200, blank=True, default="")
    national_id = models.CharField(_("số CCCD"), max_length=12, null=True, blank=True, unique=True)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True, default="")
    education = models.CharField(_("trình độ học vấn"), max_length=40, blank=True, default="")
    theory_level = models.CharField(_("lý luận chính trị"), max_length=40, blank=True, default="")
    admitted_on = models.DateField(_("ngày vào Đảng"))
    official_on = models.DateField(_("ngày chính thức"), null=True, blank=True)
    card_number = models.CharField(_("số thẻ đảng viên"), max_length=16, null=True, blank=True, unique=True)
    status = models.CharField(_("tình trạng"), max_length=20, choices=MemberStatus.choices)
    exempted = models.BooleanField(_("miễn công tác và sinh hoạt"), default=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("đảng viên")
        verbose_name_plural = _("đảng viên")
        indexes = [
            models.Index(fields=["birth_date"], name="members_birth"),
            models.Index(fields=["admitted_on"], name="members_admitted"),
            # Due lists look at probationary members by admission date among millions.
            models.Index(fields=["status", "admitted_on"], name="members_status_admitted"),
        ]

    def __str__(self) -> str:
        return self.full_name


class MembershipKind(models.TextChoices):
    PRIMARY = "primary", _("Sinh hoạt chính thức")
    TEMPORARY = "temporary", _("Sinh hoạt tạm thời")


class Membership(models.Model):
    """A member in a branch during ``[valid_from, valid_to)``."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="memberships")
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="memberships")
    kind = models.CharField(max_length=10, choices=MembershipKind.choices, default=MembershipKind.PRIMARY)
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)

    class Meta:
        indexes = [
            # Covering index for subtree counts: what costs is fetching membership rows (DESIGN.md).
            models.Index(fields=["unit", "kind", "valid_from", "valid_to", "member"], name="members_ship_unit"),
            models.Index(fields=["member", "valid_from"], name="members_ship_member"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=models.F("valid_from")),
                name="members_ship_interval",
            ),
            # Never two open primary memberships (the "never in two branches" invariant).
            models.UniqueConstraint(
                fields=["member"], condition=Q(valid_to__isnull=True, kind="primary"), name="members_ship_one_open",
            ),
        ]

    def __str__(self) -> str:
        until = f"{self.valid_to:%d/%m/%Y}" if self.valid_to else ""
        return f"đảng viên {self.member_id} tại đơn vị {self.unit_id} ({self.kind}) {self.valid_from:%d/%m/%Y}–{until}"


class MemberEvent(models.Model):
    """One event of a member's life, effective on a date; corrections point at what they fix."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("sự kiện"), max_length=32)
    effective_on = models.DateField(_("ngày hiệu lực"))
    details = models.JSONField(_("chi tiết"), default=dict, blank=True)
    reason = models.TextField(_("lý do, căn cứ"), blank=True, default="")
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    corrects = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="corrections")
    voided = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("sự kiện đảng viên")
        verbose_name_plural = _("sự kiện đảng viên")
        indexes = [
            models.Index(fields=["member", "effective_on"], name="members_event_member"),
            models.Index(fields=["kind", "effective_on"], name="members_event_kind"),
        ]
        ordering = ["effective_on", "id"]

    def __str__(self) -> str:
        return f"đảng viên {self.member_id}: {self.kind} {self.effective_on:%d/%m/%Y}"


class ImportJob(models.Model):
    """A member file uploaded from the web page, imported by a background task."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ")
        RUNNING = "running", _("Đang nhập")
        DONE = "done", _("Hoàn tất")
        REJECTED = "rejected", _("Bị từ chối")
        FAILED = "failed", _("Lỗi hệ thống")

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    source = models.CharField(max_length=255)
    content = models.BinaryField()
    skip_bad_rows = models.BooleanField(default=False)
    allow_duplicates = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    # The worker beats while it runs; a running job whose beat is older than
    # TOCHUC_JOB_STALE_SECONDS lost its worker (tochuc.core.jobs).
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    failure = models.CharField(max_length=255, blank=True, default="")
    stage = models.CharField(max_length=16, blank=True, default="")
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    problems = models.JSONField(default=list, blank=True)  # "dòng N, cột X: lý do" lines
    rejected_rows = models.JSONField(default=list, blank=True)

    def __str__(self) -> str:
        return f"{self.source} ({self.status})"

    @property
    def percent(self) -> int:
        stages = {"": 0, "read": 10, "validate": 40, "write": 70}
        if self.status in (self.Status.DONE, self.Status.REJECTED, self.Status.FAILED):
            return 100
        base = stages.get(self.stage, 0)
        return base + (30 * self.done // self.total if self.total and self.stage == "write" else 0)
