"""The registry of party documents and the study sessions of units (DOMAIN.md §5).

A document's identity is its code *and* its issue date: numbers restart by kind every term, so
"35-CT/TW" names two documents (2019, 2024). Each document belongs to the registry of one unit
(``owner``: the Central Committee for central documents, a province for its committee's): a
user sees the documents of the units in their scope and of the units above them, since the
documents of superiors apply below.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tochuc.domain.citations import KIND_CODES

KIND_CHOICES = [(name, name) for name in KIND_CODES]


class Document(models.Model):
    code = models.CharField(_("số, ký hiệu"), max_length=40)  # normalized: "294-QĐ/TW"
    kind = models.CharField(_("loại văn bản"), max_length=20, choices=KIND_CHOICES)
    kind_code = models.CharField(max_length=8, editable=False)
    number = models.PositiveIntegerField(_("số"))
    issuer_code = models.CharField(_("ký hiệu cơ quan ban hành"), max_length=16)
    issuing_body = models.CharField(_("cơ quan ban hành"), max_length=200)
    issued_on = models.DateField(_("ngày ban hành"))
    subject = models.CharField(_("trích yếu"), max_length=500, blank=True, default="")
    text = models.TextField(_("toàn văn"), blank=True, default="")
    file_name = models.CharField(_("tệp đính kèm"), max_length=255, blank=True, default="")
    file_content = models.BinaryField(null=True, blank=True, editable=False)
    replaces = models.ManyToManyField("self", symmetrical=False, related_name="replaced_by", blank=True,
                                      verbose_name=_("thay thế văn bản"))
    owner = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("thuộc sổ văn bản của"))
    # Folded code, subject and issuing body for search (DESIGN.md inv. 7).
    search_key = models.CharField(max_length=800, editable=False, default="")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")

    class Meta:
        verbose_name = _("văn bản")
        verbose_name_plural = _("văn bản")
        constraints = [models.UniqueConstraint(fields=["code", "issued_on"], name="documents_code_date")]
        indexes = [
            models.Index(fields=["kind_code", "number"], name="documents_kind_number"),
            models.Index(fields=["owner", "issued_on"], name="documents_owner"),
            models.Index(fields=["issued_on"], name="documents_issued"),
        ]
        ordering = ["-issued_on", "code"]

    def __str__(self) -> str:
        return f"{self.kind} {self.code} ngày {self.issued_on:%d/%m/%Y}"

    @property
    def title(self) -> str:
        return f"{self.kind} số {self.code}"


class StudyKind(models.TextChoices):
    STUDY = "hoc_tap", _("Học tập")
    BRIEFING = "quan_triet", _("Quán triệt")
    BOTH = "hoc_tap_quan_triet", _("Học tập, quán triệt")


class StudySession(models.Model):
    """A unit studying one or more documents on one day; its attendees are members of the unit
    (of its subtree, for a đảng bộ) on that day."""

    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("tổ chức đảng"))
    kind = models.CharField(_("hình thức"), max_length=20, choices=StudyKind.choices, default=StudyKind.BOTH)
    held_on = models.DateField(_("ngày tổ chức"))
    title = models.CharField(_("tên hội nghị, buổi học"), max_length=255)
    place = models.CharField(_("địa điểm"), max_length=255, blank=True, default="")
    presenter = models.CharField(_("báo cáo viên"), max_length=255, blank=True, default="")
    notes = models.TextField(_("ghi chú"), blank=True, default="")
    documents = models.ManyToManyField(Document, related_name="study_sessions", verbose_name=_("văn bản học tập"))
    attendees = models.ManyToManyField("members.Member", through="StudyAttendance", related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")

    class Meta:
        verbose_name = _("buổi học tập, quán triệt")
        verbose_name_plural = _("buổi học tập, quán triệt")
        indexes = [models.Index(fields=["unit", "held_on"], name="documents_study_unit")]
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on:%d/%m/%Y})"


class StudyAttendance(models.Model):
    session = models.ForeignKey(StudySession, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "member"], name="documents_attendance_once")]
        indexes = [models.Index(fields=["member", "session"], name="documents_attendance_member")]

    def __str__(self) -> str:
        return f"buổi học {self.session_id}, đảng viên {self.member_id}"
