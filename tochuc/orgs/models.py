"""The organization tree over time (DESIGN.md "Tree storage", invariant 4).

A :class:`Unit` is a stable identity (its code never changes meaning); everything that can
change — name, kind, parent, place in the tree — lives on :class:`UnitVersion` rows with a
half-open validity ``[valid_from, valid_to)``. ``path`` is the materialized path of fixed-width
unit ids from the root, valid for the same interval, so a subtree "as of D" is a range scan.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
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
