"""Congresses, their delegates and their elections (DOMAIN.md §4; Quyết định 190-QĐ/TW, 2024;
Chỉ thị 45-CT/TW, 2025).

A :class:`Congress` of a unit for a term summons :class:`Delegate` rows (a members' congress: the
official members of the unit's subtree at a cut-off date; a delegates' congress: delegates elected
below, ex-officio and appointed delegates), each with what may exclude them from the base.
:class:`CheckIn` rows are the attendance. An :class:`Election` has candidates and one or more
:class:`Round` of secret ballot; tellers enter each ballot twice (:class:`BallotEntry`) or enter
per-candidate totals (:class:`TallyEntry`). :class:`ElectionLogEntry` is the election's
append-only log, closed when the presidium releases the results.
"""

from __future__ import annotations

import hashlib
import json

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CongressKind(models.TextChoices):
    MEMBERS = "members", _("Đại hội đảng viên")
    DELEGATES = "delegates", _("Đại hội đại biểu")


class Congress(models.Model):
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("tổ chức"))
    term = models.CharField(_("nhiệm kỳ"), max_length=16, default="2025–2030")
    kind = models.CharField(_("hình thức"), max_length=10, choices=CongressKind.choices)
    name = models.CharField(_("tên đại hội"), max_length=255)
    starts_on = models.DateField(_("ngày khai mạc"))
    ends_on = models.DateField(_("ngày bế mạc"))
    cutoff_on = models.DateField(_("ngày chốt danh sách triệu tập"))
    place = models.CharField(_("địa điểm"), max_length=255, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")

    class Meta:
        verbose_name = _("đại hội")
        verbose_name_plural = _("đại hội")
        indexes = [models.Index(fields=["unit", "term"], name="congress_unit_term")]
        ordering = ["-starts_on", "-id"]

    def __str__(self) -> str:
        return self.name


class CongressSession(models.Model):
    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="sessions")
    number = models.PositiveSmallIntegerField(_("phiên số"))
    title = models.CharField(_("tên phiên"), max_length=120)
    starts_at = models.DateTimeField(_("bắt đầu"))

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["congress", "number"], name="congress_session_unique")]

    def __str__(self) -> str:
        return self.title


class RoleKind(models.TextChoices):
    COMMITTEE = "committee", _("Cấp ủy triệu tập, đoàn chủ tịch")
    COUNTING = "counting", _("Ban kiểm phiếu")


class CongressRole(models.Model):
    """Who may enter or change ballots and see results before release (issue 5, point 8)."""

    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="roles")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    role = models.CharField(max_length=10, choices=RoleKind.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["congress", "user", "role"], name="congress_role_unique")]

    def __str__(self) -> str:
        return f"{self.get_role_display()} — người dùng {self.user_id}, đại hội {self.congress_id}"


class CountingMember(models.Model):
    """A member of the counting committee (ban kiểm phiếu), named in and signing the minutes."""

    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="counting_members")
    order = models.PositiveSmallIntegerField(default=0)
    full_name = models.CharField(_("họ và tên"), max_length=120)
    position = models.CharField(_("chức danh"), max_length=60, default="Thành viên")

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.position})"


class DelegateCategory(models.TextChoices):
    MEMBER = "member", _("Đảng viên chính thức")
    ELECTED = "elected", _("Đại biểu do đại hội cấp dưới bầu")
    EX_OFFICIO = "ex_officio", _("Đại biểu đương nhiên (cấp ủy viên)")
    APPOINTED = "appointed", _("Đại biểu chỉ định")
    SUBSTITUTE = "substitute", _("Đại biểu dự khuyết")


class Delegate(models.Model):
    """One person summoned, with the facts the base rule of 190-QĐ/TW needs (domain
    :class:`~tochuc.domain.elections.base.MemberRecord` / ``DelegateRecord``). ``present`` comes
    from :class:`CheckIn`; ``card_code`` is printed as a QR code on the delegate card."""

    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="delegates")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    number = models.PositiveIntegerField(_("số thứ tự"))
    full_name = models.CharField(_("họ và tên"), max_length=120)
    search_key = models.CharField(max_length=120)
    card_number = models.CharField(_("số thẻ đảng viên"), max_length=16, blank=True, default="")
    branch_name = models.CharField(_("chi bộ, đơn vị"), max_length=255, blank=True, default="")
    category = models.CharField(_("loại"), max_length=12, choices=DelegateCategory.choices)
    card_code = models.CharField(max_length=16, unique=True)
    # What may exclude the person from the base (members' congress).
    temporarily_transferred = models.BooleanField(_("sinh hoạt tạm thời nơi khác"), default=False)
    exempted = models.BooleanField(_("miễn công tác và sinh hoạt"), default=False)
    suspended = models.BooleanField(_("bị đình chỉ sinh hoạt"), default=False)
    prosecuted_or_detained = models.BooleanField(_("bị khởi tố, truy tố, tạm giam"), default=False)
    absence_approved = models.BooleanField(_("vắng mặt cả đại hội có lý do được chấp thuận"), default=False)
    # Delegates' congress.
    disqualified = models.BooleanField(_("không được công nhận tư cách"), default=False)
    replaced_by = models.OneToOneField("self", on_delete=models.SET_NULL, null=True, blank=True,
                                       related_name="replaces", verbose_name=_("đại biểu dự khuyết thay thế"))
    note = models.CharField(_("ghi chú"), max_length=255, blank=True, default="")
    checked_in_at = models.DateTimeField(_("điểm danh lúc"), null=True, blank=True)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["congress", "number"], name="delegate_number_unique"),
            models.UniqueConstraint(fields=["congress", "member"], condition=models.Q(member__isnull=False),
                                    name="delegate_member_unique"),
        ]
        indexes = [models.Index(fields=["congress", "card_number"], name="delegate_card")]

    def __str__(self) -> str:
        return self.full_name

    @property
    def present(self) -> bool:
        return self.checked_in_at is not None


class CheckIn(models.Model):
    delegate = models.ForeignKey(Delegate, on_delete=models.CASCADE, related_name="checkins")
    session = models.ForeignKey(CongressSession, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    method = models.CharField(max_length=8)  # card, name, qr
    by_name = models.CharField(max_length=150)

    METHODS = {"card": _("số thẻ"), "name": _("họ tên"), "qr": _("mã QR")}

    class Meta:
        indexes = [models.Index(fields=["delegate", "at"], name="checkin_delegate")]

    def __str__(self) -> str:
        return f"đại biểu {self.delegate_id} {self.at:%d/%m/%Y %H:%M} ({self.method})"

    @property
    def method_label(self) -> str:
        return str(self.METHODS.get(self.method, self.method))


class Allocation(models.Model):
    """A proposal sharing the delegates of a delegates' congress among the lower units, in
    proportion to their official members at a cut-off date; the committee edits ``final``."""

    congress = models.OneToOneField(Congress, on_delete=models.CASCADE, related_name="allocation")
    total = models.PositiveIntegerField(_("số đại biểu phân bổ"))
    minimum_per_unit = models.PositiveIntegerField(_("tối thiểu mỗi đơn vị"))
    cutoff_on = models.DateField(_("ngày chốt số đảng viên"))
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"đại hội {self.congress_id}: {self.total} ({self.cutoff_on:%d/%m/%Y})"


class AllocationLine(models.Model):
    allocation = models.ForeignKey(Allocation, on_delete=models.CASCADE, related_name="lines")
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+")
    unit_name = models.CharField(max_length=255)
    official_members = models.PositiveIntegerField()
    proposed = models.PositiveIntegerField()
    final = models.PositiveIntegerField()

    class Meta:
        ordering = ["unit_name", "id"]

    def __str__(self) -> str:
        return f"{self.unit_name}: {self.final}"


class ElectionKind(models.TextChoices):
    EXECUTIVE = "executive", _("Ban Chấp hành (cấp ủy)")
    STANDING = "standing", _("Ban Thường vụ")
    SECRETARY = "secretary", _("Bí thư")
    DEPUTY = "deputy", _("Phó Bí thư")
    INSPECTION = "inspection", _("Ủy ban Kiểm tra")
    INSPECTION_CHAIR = "inspection_chair", _("Chủ nhiệm Ủy ban Kiểm tra")
    DELEGATES = "delegates", _("Đại biểu chính thức dự đại hội cấp trên")
    SUBSTITUTES = "substitutes", _("Đại biểu dự khuyết dự đại hội cấp trên")


#: Elections whose list must be longer than the seats (190-QĐ/TW Điều 14); the others may list
#: exactly as many as the seats (a secretary elected from one name).
SURPLUS_REQUIRED = frozenset({ElectionKind.EXECUTIVE, ElectionKind.STANDING, ElectionKind.INSPECTION,
                              ElectionKind.DELEGATES})


class Layout(models.TextChoices):
    STRIKE = "strike", _("Phiếu gạch tên (có số dư)")
    AGREE = "agree", _("Phiếu đồng ý / không đồng ý (không có số dư)")


class Election(models.Model):
    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="elections")
    kind = models.CharField(_("bầu"), max_length=16, choices=ElectionKind.choices)
    seats = models.PositiveIntegerField(_("số lượng cần bầu"))
    layout = models.CharField(_("mẫu phiếu"), max_length=8, choices=Layout.choices, default=Layout.STRIKE)
    decided_max_surplus = models.PositiveIntegerField(_("số dư tối đa đại hội quyết định"), null=True, blank=True)
    attendees = models.PositiveIntegerField(_("số người dự khi giới thiệu tại chỗ"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    released_at = models.DateTimeField(_("công bố kết quả lúc"), null=True, blank=True)
    released_by_name = models.CharField(max_length=150, blank=True, default="")

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.congress.name}"


class CandidateSource(models.TextChoices):
    PREPARED = "prepared", _("Cấp ủy triệu tập chuẩn bị")
    FLOOR = "floor", _("Đề cử, ứng cử tại đại hội")
    ADDED = "added", _("Đại hội bổ sung khi bầu tiếp")


class Candidate(models.Model):
    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="candidates")
    order = models.PositiveIntegerField()
    full_name = models.CharField(_("họ và tên"), max_length=120)
    member = models.ForeignKey("members.Member", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    source = models.CharField(_("nguồn"), max_length=10, choices=CandidateSource.choices)
    support = models.PositiveIntegerField(_("số người đồng ý giới thiệu"), null=True, blank=True)

    class Meta:
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["election", "full_name"], name="candidate_name_unique")]

    def __str__(self) -> str:
        return self.full_name


class RoundStatus(models.TextChoices):
    OPEN = "open", _("Đang kiểm phiếu")
    COUNTED = "counted", _("Đã kiểm phiếu")


class EntryMode(models.TextChoices):
    BALLOTS = "ballots", _("Nhập từng phiếu (hai tổ nhập độc lập)")
    TALLIES = "tallies", _("Nhập tổng số phiếu từng người")


class Round(models.Model):
    """One secret-ballot vote; a tie or a shortfall may open a further round. Every round is kept."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveSmallIntegerField()
    reason = models.CharField(max_length=10, default="first")  # first, tie, shortfall
    seats = models.PositiveIntegerField()
    candidates = models.ManyToManyField(Candidate, related_name="rounds")
    mode = models.CharField(max_length=8, choices=EntryMode.choices, default=EntryMode.BALLOTS)
    issued = models.PositiveIntegerField(_("số phiếu phát ra"), null=True, blank=True)
    status = models.CharField(max_length=8, choices=RoundStatus.choices, default=RoundStatus.OPEN)
    base = models.PositiveIntegerField(null=True, blank=True)
    base_breakdown = models.JSONField(default=list, blank=True)
    summoned = models.PositiveIntegerField(null=True, blank=True)
    present = models.PositiveIntegerField(null=True, blank=True)
    result = models.JSONField(null=True, blank=True)
    counted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["election", "number"], name="round_number_unique")]

    def __str__(self) -> str:
        return f"cuộc bầu {self.election_id}, vòng {self.number}"


class BallotEntry(models.Model):
    """One ballot as entered by one teller (``teller`` 1 or 2). ``marks``: the candidate ids kept
    (strike layout) or ``{id: "agree"|"disagree"|null}`` (agree layout); ``invalid`` the reason a
    ballot was ruled invalid on paper (then ``marks`` is empty)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="ballots")
    teller = models.PositiveSmallIntegerField()
    number = models.PositiveIntegerField()
    marks = models.JSONField(default=list)
    invalid = models.CharField(max_length=200, blank=True, default="")
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    entered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "teller", "number"], name="ballot_entry_unique")]

    def __str__(self) -> str:
        return f"vòng {self.round_id}, tổ kiểm phiếu {self.teller}, phiếu {self.number}"


class TallyEntry(models.Model):
    """Per-candidate totals of one round, entered by one teller; ``votes`` is ``{id: n}``."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="tallies")
    teller = models.PositiveSmallIntegerField()
    valid = models.PositiveIntegerField()
    invalid = models.JSONField(default=dict)  # reason → count
    votes = models.JSONField(default=dict)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    entered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "teller"], name="tally_entry_unique")]

    def __str__(self) -> str:
        return f"vòng {self.round_id}, tổ kiểm phiếu {self.teller}"


class ElectionLogClosed(Exception):
    pass


class ElectionLogEntry(models.Model):
    """Append-only log of an election (Helios-style): each row carries the SHA-256 of the previous
    one, so an edited or removed row breaks the chain. Rows are never updated or deleted; once the
    results are released, services write nothing more to the election."""

    election = models.ForeignKey(Election, on_delete=models.PROTECT, related_name="log")
    at = models.DateTimeField(default=timezone.now)
    actor_name = models.CharField(max_length=150)
    action = models.CharField(max_length=40)
    details = models.JSONField(default=dict)
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.actor_name}: {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ElectionLogClosed("election log rows are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ElectionLogClosed("election log rows are append-only")

    def compute_hash(self) -> str:
        body = json.dumps([self.previous_hash, self.at.isoformat(), self.actor_name, self.action, self.details],
                          ensure_ascii=False, sort_keys=True, default=str)
        return hashlib.sha256(body.encode()).hexdigest()
