"""Branch meetings (sinh hoạt chi bộ, DOMAIN.md §3) and their attendance.

A :class:`Meeting` belongs to a branch-kind unit. It is planned (default: the 3rd of the month),
then its attendance is taken for the members of the branch on the day it is held (from the
member registry), then it is closed with its minutes: only closed meetings (``held``) count for
compliance. The attendance totals on the meeting row are kept by the services in the same
transaction as the attendance rows (a test compares them with a fresh count), so compliance over
hundreds of thousands of branches reads meetings only.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tochuc.domain import meetings as rules


class MeetingKind(models.TextChoices):
    MONTHLY = rules.MONTHLY, _("Sinh hoạt thường kỳ")
    THEMATIC = rules.THEMATIC, _("Sinh hoạt chuyên đề")
    EXTRAORDINARY = rules.EXTRAORDINARY, _("Sinh hoạt bất thường")


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Đã lên kế hoạch")
    HELD = "held", _("Đã sinh hoạt")
    CANCELLED = "cancelled", _("Đã hủy")


class SelfRating(models.TextChoices):
    GOOD = "tot", _("Tốt")
    FAIR = "kha", _("Khá")
    AVERAGE = "trung_binh", _("Trung bình")
    POOR = "kem", _("Kém")


assert tuple(SelfRating.values) == rules.RATINGS


class AttendanceStatus(models.TextChoices):
    PRESENT = rules.PRESENT, _("Có mặt")
    EXCUSED = rules.EXCUSED, _("Vắng có lý do")
    ABSENT = rules.ABSENT, _("Vắng không lý do")


class Meeting(models.Model):
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="meetings", verbose_name=_("chi bộ"))
    kind = models.CharField(_("loại"), max_length=16, choices=MeetingKind.choices)
    status = models.CharField(_("tình trạng"), max_length=10, choices=MeetingStatus.choices,
                              default=MeetingStatus.PLANNED)
    planned_on = models.DateField(_("ngày dự kiến"))
    planned_month = models.IntegerField(editable=False)  # Month.index of planned_on (one monthly a month)
    topic = models.CharField(_("chủ đề"), max_length=255, blank=True, default="")
    agenda = models.JSONField(_("nội dung sinh hoạt"), default=list, blank=True)  # list of items (text)
    held_on = models.DateField(_("ngày sinh hoạt"), null=True, blank=True)
    held_month = models.IntegerField(null=True, editable=False)  # Month.index of held_on, once held
    started_at = models.TimeField(_("giờ bắt đầu"), null=True, blank=True)
    duration_minutes = models.PositiveIntegerField(_("thời lượng (phút)"), null=True, blank=True)
    chair = models.CharField(_("chủ trì"), max_length=120, blank=True, default="")
    secretary = models.CharField(_("thư ký"), max_length=120, blank=True, default="")
    minutes = models.TextField(_("biên bản"), blank=True, default="")
    resolutions = models.JSONField(_("nghị quyết, kết luận"), default=list, blank=True)  # list of text
    self_rating = models.CharField(_("tự đánh giá"), max_length=10, choices=SelfRating.choices, blank=True, default="")
    # Totals of the attendance rows, written with them by the services.
    summoned_count = models.PositiveIntegerField(default=0)
    present_count = models.PositiveIntegerField(default=0)
    excused_count = models.PositiveIntegerField(default=0)
    absent_count = models.PositiveIntegerField(default=0)
    attendance_taken_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("buổi sinh hoạt chi bộ")
        verbose_name_plural = _("buổi sinh hoạt chi bộ")
        indexes = [
            models.Index(fields=["unit", "planned_on"], name="meetings_unit_planned"),
            # Compliance reads every held meeting of a period: a covering index, so neither database
            # visits the (wide: minutes, agenda) rows. Measured on SQLite, 232 k meetings: reading
            # the counts through a narrower index cost 2.3 s, most of a year's national query.
            models.Index(fields=["status", "held_month", "unit", "kind", "held_on", "id", "summoned_count",
                                 "present_count", "excused_count", "absent_count"], name="meetings_held_cover"),
        ]
        constraints = [
            # One regular meeting planned per branch and month (planning a month twice adds nothing).
            models.UniqueConstraint(fields=["unit", "planned_month"],
                                    condition=Q(kind="monthly") & ~Q(status="cancelled"),
                                    name="meetings_one_monthly"),
            models.CheckConstraint(condition=Q(present_count__lte=models.F("summoned_count")),
                                   name="meetings_present_le_summoned"),
        ]
        ordering = ["-planned_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.planned_on:%d/%m/%Y}"

    @property
    def day(self):
        return self.held_on or self.planned_on

    @property
    def attendance_percent(self) -> float | None:
        return round(100 * self.present_count / self.summoned_count, 1) if self.summoned_count else None


class Attendance(models.Model):
    """One member summoned to one meeting: present, excused (with the reason) or absent."""

    # Indexed by the unique (meeting, member) and the covering (meeting, status, member) below.
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance", db_index=False)
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("điểm danh"), max_length=10, choices=AttendanceStatus.choices)
    reason = models.CharField(_("lý do vắng"), max_length=255, blank=True, default="")
    arrived_at = models.TimeField(_("giờ đến"), null=True, blank=True)
    recorded_at = models.DateTimeField(_("thời điểm ghi"), default=timezone.now)

    class Meta:
        verbose_name = _("điểm danh")
        verbose_name_plural = _("điểm danh")
        constraints = [models.UniqueConstraint(fields=["meeting", "member"], name="meetings_attendance_once")]
        indexes = [
            models.Index(fields=["member", "meeting"], name="meetings_attendance_member"),
            # Compliance: who was absent / excused in a meeting, without visiting the rows.
            models.Index(fields=["meeting", "status", "member"], name="meetings_attendance_status"),
            # Absences without reason are rare: a small index that compliance reads whole.
            models.Index(fields=["meeting", "member"], condition=Q(status="absent"), name="meetings_attendance_absent"),
        ]

    def __str__(self) -> str:
        return f"cuộc họp {self.meeting_id}, đảng viên {self.member_id}: {self.status}"
