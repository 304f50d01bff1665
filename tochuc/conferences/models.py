"""Multi-site conferences (hội nghị trực tuyến): a host site, bridge points, attendance.

A :class:`Conference` is organized by a unit (the host: its scope sees everything of it). Each
:class:`BridgePoint` is a unit with a contact person; it registers expected attendees
(:class:`Attendee`: a member from the registry or a named guest) and checks people in
(:class:`CheckIn`, unique per person and conference — a person checked in twice counts once) or
reports a head count. The counting rules are in :mod:`tochuc.domain.conferences`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tochuc.domain import conferences as rules


class Level(models.TextChoices):
    CENTRAL = "central", _("Trung ương")
    PROVINCE = "province", _("Cấp tỉnh")
    DISTRICT = "district", _("Cấp huyện (trước 1/7/2025)")
    COMMUNE = "commune", _("Cấp xã")
    GRASSROOTS = "grassroots", _("Cơ sở")
    BRANCH = "branch", _("Chi bộ, đảng bộ bộ phận")


assert tuple(Level.values) == rules.LEVELS, "Level must list the domain levels in order"


class Conference(models.Model):
    organizer = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("đơn vị tổ chức"))
    title = models.CharField(_("tên hội nghị"), max_length=300)
    starts_at = models.DateTimeField(_("thời gian bắt đầu"))
    ends_at = models.DateTimeField(_("thời gian kết thúc"), null=True, blank=True)
    host_site = models.CharField(_("điểm cầu chính"), max_length=300)
    video_link = models.URLField(_("đường dẫn truyền hình"), max_length=500, blank=True, default="")
    conclusion = models.TextField(_("kết luận hội nghị"), blank=True, default="")
    concluded_at = models.DateTimeField(_("thời điểm kết luận"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")

    class Meta:
        verbose_name = _("hội nghị")
        verbose_name_plural = _("hội nghị")
        indexes = [models.Index(fields=["organizer", "starts_at"], name="conf_organizer")]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__isnull=True) | Q(ends_at__gte=models.F("starts_at")),
                                   name="conf_interval"),
        ]

    def __str__(self) -> str:
        return self.title


class AgendaItem(models.Model):
    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="agenda")
    position = models.PositiveSmallIntegerField(_("thứ tự"))
    title = models.CharField(_("nội dung"), max_length=300)
    presenter = models.CharField(_("người trình bày"), max_length=200, blank=True, default="")
    presenter_title = models.CharField(_("chức vụ người trình bày"), max_length=200, blank=True, default="")
    minutes = models.PositiveSmallIntegerField(_("thời lượng (phút)"), null=True, blank=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["conference", "position"], name="conf_agenda_position")]

    def __str__(self) -> str:
        return self.title


class ConferenceDocument(models.Model):
    """A document disseminated at the conference: code, date and title as given, linked to the
    document registry when it holds that document."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="documents")
    code = models.CharField(_("số, ký hiệu"), max_length=60)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    title = models.CharField(_("trích yếu"), max_length=500)
    # The registry's record of it, when the code (and date, if given) match one the host can read.
    document = models.ForeignKey("documents.Document", on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="conference_uses", verbose_name=_("văn bản trong sổ"))

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["conference", "code"], name="conf_document_code")]

    def __str__(self) -> str:
        return self.code


class TaskStatus(models.TextChoices):
    ASSIGNED = "assigned", _("Đã giao")
    IN_PROGRESS = "in_progress", _("Đang thực hiện")
    DONE = "done", _("Hoàn thành")
    CANCELLED = "cancelled", _("Hủy")


assert tuple(TaskStatus.values) == rules.TASK_STATUSES


class ConclusionTask(models.Model):
    """A task the conclusion assigns to a unit, with a deadline and a status."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="tasks")
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị"))
    description = models.TextField(_("nhiệm vụ"))
    deadline = models.DateField(_("thời hạn"), null=True, blank=True)
    status = models.CharField(_("tình trạng"), max_length=12, choices=TaskStatus.choices, default=TaskStatus.ASSIGNED)
    status_note = models.TextField(_("ghi chú"), blank=True, default="")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["deadline", "id"]
        indexes = [models.Index(fields=["unit", "status", "deadline"], name="conf_task_unit")]

    def __str__(self) -> str:
        return self.description[:80]


class BridgePoint(models.Model):
    """A bridge point (điểm cầu): a unit taking part, its contact person, its head count."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="points")
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị"))
    # The unit's level on the conference's day, kept: the conference is a past event and its
    # totals by level must not move when the tree is reorganized later.
    level = models.CharField(_("cấp"), max_length=12, choices=Level.choices)
    name = models.CharField(_("tên điểm cầu"), max_length=300)
    location = models.CharField(_("địa điểm"), max_length=300, blank=True, default="")
    contact_name = models.CharField(_("người liên hệ"), max_length=120)
    contact_phone = models.CharField(_("điện thoại liên hệ"), max_length=20, blank=True, default="")
    connected_at = models.DateTimeField(_("kết nối lúc"), null=True, blank=True)
    reported_count = models.PositiveIntegerField(_("số đại biểu báo cáo"), null=True, blank=True)
    reported_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("điểm cầu")
        verbose_name_plural = _("điểm cầu")
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["conference", "unit"], name="conf_point_unit")]

    def __str__(self) -> str:
        return self.name


class Attendee(models.Model):
    """An expected attendee registered by a bridge point: a member, or a named guest."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="+")
    point = models.ForeignKey(BridgePoint, on_delete=models.CASCADE, related_name="attendees")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    full_name = models.CharField(_("họ và tên"), max_length=120)
    position = models.CharField(_("chức vụ, đơn vị"), max_length=200, blank=True, default="")
    registered_at = models.DateTimeField(default=timezone.now)
    # A walk-in guest registered by a check-in: the client's idempotency key, or the guest's
    # natural key (point, folded name and position). Unique, so a retried or concurrent check-in
    # finds the registration instead of adding a second person (issue 13, point 7).
    # NULL, not "": members have no key, and the unique constraint below must not see them as equal.
    walk_in_key = models.CharField(max_length=96, null=True, blank=True)  # noqa: DJ001

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["conference", "point"], name="conf_attendee_point")]
        constraints = [
            # A member is expected at one bridge point of a conference.
            models.UniqueConstraint(fields=["conference", "member"], condition=Q(member__isnull=False),
                                    name="conf_attendee_member"),
            models.UniqueConstraint(fields=["conference", "walk_in_key"], condition=Q(walk_in_key__isnull=False),
                                    name="conf_attendee_walk_in"),
        ]

    def __str__(self) -> str:
        return self.full_name


class CheckIn(models.Model):
    """One person present. ``person`` is :func:`tochuc.domain.conferences.person_key`; the unique
    constraint makes a second check-in of the same person a no-op (insert-or-ignore)."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="+")
    point = models.ForeignKey(BridgePoint, on_delete=models.CASCADE, related_name="checkins")
    person = models.CharField(max_length=24)
    attendee = models.ForeignKey(Attendee, on_delete=models.CASCADE, related_name="checkins")
    checked_at = models.DateTimeField(default=timezone.now)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["conference", "person"], name="conf_checkin_person")]
        indexes = [
            models.Index(fields=["conference", "point"], name="conf_checkin_point"),
            models.Index(fields=["attendee"], name="conf_checkin_attendee"),
        ]

    def __str__(self) -> str:
        return f"{self.person} @ điểm cầu {self.point_id} {self.checked_at:%d/%m/%Y %H:%M}"
