"""Report exports run in the background, and annual work programmes (chương trình công tác).

A work programme item (a project or a task) has a lead unit, a deadline and a history of status
changes with their dates (:class:`ItemStatusChange`): the status on any date is the latest change
on or before it, so completion ratios ("16/19") can be asked as of any date.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReportExport(models.Model):
    """A file (XLSX or PDF) of a unit's statistical tables, produced by a background task."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ")
        RUNNING = "running", _("Đang lập")
        DONE = "done", _("Hoàn tất")
        FAILED = "failed", _("Lỗi hệ thống")

    class Format(models.TextChoices):
        XLSX = "xlsx", "XLSX"
        PDF = "pdf", "PDF"

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    unit_code = models.CharField(max_length=32)
    unit_name = models.CharField(max_length=255, blank=True, default="")
    structure_on = models.DateField()  # the scope's date (the structure restated figures use)
    day = models.DateField()  # the date of the figures
    mode = models.CharField(max_length=10)
    period_start = models.DateField()
    rating_year = models.PositiveSmallIntegerField()
    format = models.CharField(max_length=4, choices=Format.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    # The worker's heartbeat and why a job failed (tochuc.core.jobs).
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    failure = models.CharField(max_length=255, blank=True, default="")
    content = models.BinaryField(null=True, blank=True)
    filename = models.CharField(max_length=200, blank=True, default="")

    def __str__(self) -> str:
        return f"{self.unit_code} {self.day:%d/%m/%Y} ({self.format}, {self.status})"

    @property
    def percent(self) -> int:
        if self.status in (self.Status.DONE, self.Status.FAILED):
            return 100
        return 100 * self.done // self.total if self.total else 0

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)


class ItemKind(models.TextChoices):
    PROJECT = "project", _("Đề án")
    TASK = "task", _("Nhiệm vụ")


class ItemStatus(models.TextChoices):
    PLANNED = "planned", _("Chưa thực hiện")
    IN_PROGRESS = "in_progress", _("Đang thực hiện")
    DONE = "done", _("Hoàn thành")
    CANCELLED = "cancelled", _("Không thực hiện (điều chỉnh)")


class Programme(models.Model):
    """The annual work programme of a unit (chương trình công tác năm)."""

    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị"))
    year = models.PositiveSmallIntegerField(_("năm"))
    title = models.CharField(_("tên chương trình"), max_length=255)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")

    class Meta:
        verbose_name = _("chương trình công tác")
        indexes = [models.Index(fields=["unit", "year"], name="reports_programme_unit")]

    def __str__(self) -> str:
        return self.title


class ProgrammeItem(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(_("loại"), max_length=10, choices=ItemKind.choices)
    title = models.CharField(_("nội dung"), max_length=500)
    lead_unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("đơn vị chủ trì"))
    deadline = models.DateField(_("thời hạn"))
    status = models.CharField(_("trạng thái"), max_length=12, choices=ItemStatus.choices, default=ItemStatus.PLANNED)
    status_on = models.DateField(_("ngày trạng thái"))

    class Meta:
        verbose_name = _("nội dung chương trình")
        indexes = [models.Index(fields=["lead_unit"], name="reports_item_lead")]
        ordering = ["deadline", "id"]

    def __str__(self) -> str:
        return self.title


class ItemStatusChange(models.Model):
    item = models.ForeignKey(ProgrammeItem, on_delete=models.CASCADE, related_name="changes")
    status = models.CharField(max_length=12, choices=ItemStatus.choices)
    on = models.DateField(_("ngày"))
    reason = models.TextField(blank=True, default="")
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")

    class Meta:
        indexes = [models.Index(fields=["item", "on"], name="reports_change_item")]
        ordering = ["on", "id"]

    def __str__(self) -> str:
        return f"mục {self.item_id}: {self.status} {self.on:%d/%m/%Y}"


# --- Per-unit totals (tochuc.reports.tally) ---------------------------------------------------------


class Tally(models.Model):
    """One cell of a report table counted for one tally unit (a unit at depth ≤ TALLY_DEPTH and
    everything under it that no deeper tally unit holds) under one key (mode, dates, period,
    rating year). Movements keep which side of the event the unit was on and the other side's
    tally unit, so that transfers between two units of a bigger subtree are not counted twice."""

    key = models.CharField(max_length=80)
    path = models.CharField(max_length=32)
    table = models.CharField(max_length=16)
    row = models.CharField(max_length=64)
    col = models.CharField(max_length=16)
    arrive = models.BooleanField(default=False)
    depart = models.BooleanField(default=False)
    other = models.CharField(max_length=32, blank=True, default="")
    n = models.PositiveIntegerField()

    class Meta:
        # Covering (PostgreSQL): a subtree's sums read the index alone (measured nationwide,
        # 495 k rows: 0.25 s instead of 0.39 s); other databases ignore ``include``.
        indexes = [models.Index(fields=["key", "table", "path"], name="reports_tally_cover",
                                include=["row", "col", "arrive", "depart", "other", "n"])]

    def __str__(self) -> str:
        return f"{self.key} {self.path} {self.table}/{self.row}/{self.col}: {self.n}"


class TallyDone(models.Model):
    """A tally unit's figures under a key are complete, computed after reading the unit's stamp
    ``generation`` and the global ``epoch``: they are trusted only while both are unchanged."""

    key = models.CharField(max_length=80)
    path = models.CharField(max_length=32)
    generation = models.PositiveIntegerField()
    epoch = models.PositiveIntegerField()
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "path"], name="reports_tally_done_unique")]

    def __str__(self) -> str:
        return f"{self.key} {self.path} #{self.generation}"


class TallyStamp(models.Model):
    """Bumped by every service that changes what a tally unit counts (``path`` "*": the epoch,
    bumped by changes of the tree's shape). A missing row reads as 0."""

    path = models.CharField(max_length=32, unique=True)
    generation = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.path} #{self.generation}"
