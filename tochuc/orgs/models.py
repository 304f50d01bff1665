"""The organization tree over time (DESIGN.md "Tree storage", invariant 4).

A :class:`Unit` is a stable identity (its code never changes meaning); everything that can
change — name, kind, parent, place in the tree — lives on :class:`UnitVersion` rows with a
half-open validity ``[valid_from, valid_to)``. ``path`` is the materialized path of fixed-width
unit ids from the root, valid for the same interval, so a subtree "as of D" is a range scan.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tochuc.domain import orgs as rules


class UnitKind(models.TextChoices):
    CENTRAL = rules.CENTRAL, _("Trung ương")
    PROVINCE = rules.PROVINCE, _("Đảng bộ tỉnh, thành phố")
    CENTRAL_COMMITTEE = rules.CENTRAL_COMMITTEE, _("Đảng bộ trực thuộc Trung ương")
    DISTRICT = rules.DISTRICT, _("Đảng bộ huyện, quận, thị xã (trước 1/7/2025)")
    COMMUNE = rules.COMMUNE, _("Đảng bộ xã, phường, đặc khu")
    GRASSROOTS_COMMITTEE = rules.GRASSROOTS_COMMITTEE, _("Đảng bộ cơ sở")
    GRASSROOTS_BRANCH = rules.GRASSROOTS_BRANCH, _("Chi bộ cơ sở")
    SUB_COMMITTEE = rules.SUB_COMMITTEE, _("Đảng bộ bộ phận")
    BRANCH = rules.BRANCH, _("Chi bộ trực thuộc")


assert tuple(UnitKind.values) == rules.KINDS, "UnitKind must list the domain kinds in order"

PATH_MAX_LENGTH = rules.SEGMENT_WIDTH * 16


class Unit(models.Model):
    """A party organization's stable identity."""

    code = models.CharField(_("mã"), max_length=32, unique=True)
    admin_code = models.CharField(_("mã đơn vị hành chính"), max_length=16, blank=True, default="")
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)

    class Meta:
        verbose_name = _("tổ chức đảng")
        verbose_name_plural = _("tổ chức đảng")

    def __str__(self) -> str:
        return self.code


class UnitVersion(models.Model):
    """What a unit was called, what it was and where it sat, during ``[valid_from, valid_to)``."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="versions", verbose_name=_("tổ chức"))
    name = models.CharField(_("tên"), max_length=255)
    # Folded name for search (DESIGN.md inv. 7). Queried with LIKE '%term%', which no b-tree
    # serves: PostgreSQL gets a trigram index (migration 0002); SQLite scans (≈ 80 ms / 300 k).
    search_key = models.CharField(max_length=255, editable=False)
    kind = models.CharField(_("loại"), max_length=24, choices=UnitKind.choices)
    parent = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="child_versions",
        verbose_name=_("cấp trên"),
    )
    path = models.CharField(max_length=PATH_MAX_LENGTH)
    depth = models.PositiveSmallIntegerField()
    valid_from = models.DateField(_("hiệu lực từ"))
    valid_to = models.DateField(_("hiệu lực đến (không gồm)"), null=True, blank=True)

    class Meta:
        verbose_name = _("phiên bản tổ chức")
        verbose_name_plural = _("phiên bản tổ chức")
        indexes = [
            # Subtree range scans; valid_from/valid_to ride along so as-of filters need no lookup.
            models.Index(fields=["path", "valid_from", "valid_to"], name="orgs_version_path"),
            models.Index(fields=["unit", "valid_from"], name="orgs_version_unit"),
            models.Index(fields=["parent", "valid_from"], name="orgs_version_parent"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=models.F("valid_from")),
                name="orgs_version_interval",
            ),
            models.UniqueConstraint(fields=["unit", "valid_from"], name="orgs_version_unique_start"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def kind_label(self) -> str:
        return UnitKind(self.kind).label


class Reorganization(models.Model):
    """One applied reorganization plan (a decision, effective on one date): the recorded event
    the tree's versions follow from (DESIGN.md invariant 4). ``plan`` keeps the lines as given;
    :class:`ReorganizationLine` the lines as resolved; :class:`ReorganizationChange` every row
    written, so the latest reorganization can be undone exactly (``tochuc org revert-last``)."""

    effective = models.DateField(_("ngày hiệu lực"))
    reason = models.TextField(_("căn cứ, quyết định"), blank=True, default="")
    source = models.CharField(_("tệp kế hoạch"), max_length=255, blank=True, default="")
    plan = models.JSONField(_("kế hoạch"), default=list)
    summary = models.JSONField(_("kết quả"), default=dict)
    created_at = models.DateTimeField(_("thời điểm"), default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("người thực hiện"))
    created_by_name = models.CharField(_("người thực hiện"), max_length=150, blank=True, default="")
    # Highest ids of the tables a later write could depend on, when the plan was applied: rows
    # above them were written afterwards (revert refuses when one of them concerns its units).
    version_mark = models.BigIntegerField(default=0)
    membership_mark = models.BigIntegerField(default=0)
    event_mark = models.BigIntegerField(default=0)
    # The lowest unit containing every unit the plan concerns (on the day before and on the
    # effective date): who may see the reorganization once it is reverted and its lines are gone.
    home_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                  verbose_name=_("đơn vị chủ quản"))
    reverted_at = models.DateTimeField(_("đã hoàn tác lúc"), null=True, blank=True)
    reverted_by_name = models.CharField(max_length=150, blank=True, default="")
    revert_reason = models.TextField(blank=True, default="")

    class Meta:
        verbose_name = _("sắp xếp tổ chức")
        verbose_name_plural = _("sắp xếp tổ chức")
        indexes = [models.Index(fields=["reverted_at", "effective"], name="orgs_reorg_active")]

    def __str__(self) -> str:
        return f"{self.effective:%d/%m/%Y} {self.reason[:60]}"


class ReorganizationLine(models.Model):
    """One line of an applied plan, resolved: which units it concerned (for unit timelines).
    ``target``: the unit receiving (move, merge) or the parent (create); ``from_parent``: the
    parent of ``unit`` before the line."""

    reorganization = models.ForeignKey(Reorganization, on_delete=models.CASCADE, related_name="lines")
    line_no = models.PositiveIntegerField()
    op = models.CharField(max_length=8)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    target = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    from_parent = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    name = models.CharField(max_length=255, blank=True, default="")
    kind = models.CharField(max_length=24, blank=True, default="")
    name_before = models.CharField(max_length=255, blank=True, default="")
    kind_before = models.CharField(max_length=24, blank=True, default="")
    children_moved = models.PositiveIntegerField(default=0)
    members_follow = models.BooleanField(default=False)  # a branch merged into a branch: its members moved
    members_moved = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [
            models.Index(fields=["unit"], name="orgs_reorgline_unit"),
            models.Index(fields=["target"], name="orgs_reorgline_target"),
            models.Index(fields=["from_parent"], name="orgs_reorgline_from"),
        ]
        ordering = ["reorganization_id", "line_no"]

    def __str__(self) -> str:
        return f"{self.line_no}. {self.op} đơn vị {self.unit_id}"


class ReorganizationChange(models.Model):
    """One row a reorganization wrote, with what it was before (the undo log).

    ``object_id`` is a unit, version or membership id (by ``action``); the other columns hold the
    row's values before the change where the undo needs them. Plain integers, not foreign keys:
    the log outlives rows it names (a deleted version is re-inserted from it)."""

    UNIT_CREATED = "unit_created"
    UNIT_REUSED = "unit_reused"
    VERSION_OPENED = "version_opened"
    VERSION_CLOSED = "version_closed"
    VERSION_SNAPSHOT = "version_snapshot"  # a version that existed before, changed in place or deleted
    VERSION_DELETED = "version_deleted"
    MEMBERSHIP_OPENED = "membership_opened"
    MEMBERSHIP_CLOSED = "membership_closed"
    MEMBERSHIP_SNAPSHOT = "membership_snapshot"

    reorganization = models.ForeignKey(Reorganization, on_delete=models.CASCADE, related_name="changes")
    line_no = models.PositiveIntegerField()
    action = models.CharField(max_length=20)
    object_id = models.BigIntegerField()
    unit_id = models.BigIntegerField(null=True)
    member_id = models.BigIntegerField(null=True)
    # NULL, not "": these columns hold a version's values and mean "not recorded" on the rows of
    # other actions (a membership's); kept as they are, no schema change for the linter.
    name = models.CharField(max_length=255, null=True)  # noqa: DJ001
    search_key = models.CharField(max_length=255, null=True)  # noqa: DJ001
    kind = models.CharField(max_length=24, null=True)  # noqa: DJ001
    parent_id = models.BigIntegerField(null=True)
    path = models.CharField(max_length=PATH_MAX_LENGTH, null=True)  # noqa: DJ001
    depth = models.PositiveSmallIntegerField(null=True)
    valid_from = models.DateField(null=True)
    valid_to = models.DateField(null=True)

    class Meta:
        indexes = [
            models.Index(fields=["reorganization", "action", "object_id"], name="orgs_reorgchange_obj"),
            models.Index(fields=["reorganization", "line_no", "action"], name="orgs_reorgchange_row"),
        ]

    def __str__(self) -> str:
        return f"{self.line_no}. {self.action} {self.object_id}"
