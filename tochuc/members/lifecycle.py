"""Services for the events of a member's life (DOMAIN.md §2). Each one is atomic, checks the
pure rules of ``tochuc.domain.members`` first, and writes the event and its audit row together.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tochuc.audit.services import audit_record
from tochuc.core import changes
from tochuc.core.permissions import require
from tochuc.core.scope import Scope
from tochuc.domain.members import probation, rules
from tochuc.domain.members.citizen_id import validate_citizen_id
from tochuc.domain.text import fold
from tochuc.members.models import Member, MemberEvent, Membership, MembershipKind, MemberStatus
from tochuc.members.selectors import memberships_on
from tochuc.orgs.selectors import branch_get

EVENT_LABELS = {
    "admission": gettext_lazy("Kết nạp"), "official": gettext_lazy("Công nhận chính thức"),
    "probation_failed": gettext_lazy("Không công nhận chính thức"),
    "transfer": gettext_lazy("Chuyển sinh hoạt trong hệ thống"),
    "transfer_out": gettext_lazy("Chuyển sinh hoạt ra ngoài"),
    "transfer_out_done": gettext_lazy("Nơi nhận đã tiếp nhận"), "transfer_in": gettext_lazy("Chuyển sinh hoạt đến"),
    "temporary_transfer": gettext_lazy("Sinh hoạt tạm thời"),
    "temporary_transfer_end": gettext_lazy("Kết thúc sinh hoạt tạm thời"),
    "exemption": gettext_lazy("Miễn công tác và sinh hoạt"),
    "exemption_end": gettext_lazy("Thôi miễn công tác và sinh hoạt"),
    "rating": gettext_lazy("Xếp loại chất lượng"), "badge": gettext_lazy("Tặng Huy hiệu Đảng"),
    "discipline": gettext_lazy("Kỷ luật"),
    "removal": gettext_lazy("Xóa tên"), "leave": gettext_lazy("Ra khỏi Đảng"), "death": gettext_lazy("Từ trần"),
    "correction": gettext_lazy("Đính chính"),
}


def _fail(problems) -> None:
    if problems:
        raise ValidationError([p.message for p in problems])



def _require_member(scope: Scope, member: Member, on: date) -> None:
    """A write on a member acts today (DESIGN.md invariant 11): the member must be in the
    actor's scope today — by their last branch, if they have none today (a transfer pending) —
    and, when they had a branch on the write's effective date ``on``, that branch must have lain in
    the scope on that date (no event written into another subtree's past)."""
    if scope.is_system:
        return
    now = scope.current()
    ships = Membership.objects.filter(member=member, kind=MembershipKind.PRIMARY)
    columns = ("unit_id", "valid_from", "valid_to")
    last = ships.filter(valid_from__lte=now.as_of).order_by("-valid_from").values_list(*columns).first()
    # Nothing started yet (a membership recorded from a later date): that first branch, on its first day.
    last = last or ships.order_by("valid_from").values_list(*columns).first()
    if last is None:
        reached = False
    else:
        unit_id, since, until = last
        day = max(since, now.as_of) if until is None or until > now.as_of else until - timedelta(days=1)
        reached = scope.reaches_unit(unit_id, day)
    then = _current_branch_id(member, on)
    if not reached or (then is not None and not scope.reaches_unit(then, on)):
        raise PermissionDenied(_("Đảng viên %(name)s không thuộc phạm vi của bạn vào ngày %(day)s.") % {
            "name": member.full_name, "day": (on if reached else now.as_of).strftime("%d/%m/%Y")})


def _event(*, actor, member: Member, kind: str, effective_on: date, details: dict, reason: str | None,
           unit_id: int | None, before: dict | None = None, corrects: MemberEvent | None = None) -> MemberEvent:
    event = MemberEvent.objects.create(member=member, kind=kind, effective_on=effective_on, details=details,
                                       reason=reason or "",
                                       recorded_by=actor if actor is not None and actor.pk else None,
                                       corrects=corrects)
    audit_record(actor=actor, action=f"member.{kind}", obj=member, unit_id=unit_id, before=before,
                 after={"event": kind, "effective_on": effective_on.isoformat(), **details}, reason=reason)
    changes.touched(members=[member.pk],
                    kinds=[changes.MEMBERS])  # every lifecycle write ends here: the kept totals follow
    return event


def _current_branch_id(member: Member, on: date) -> int | None:
    return memberships_on(on).filter(member=member).values_list("unit_id", flat=True).first()


@transaction.atomic
def member_admit(*, actor, scope: Scope, branch_code: str, full_name: str, birth_date: date, sex: str,
                 admitted_on: date, considered_on: date | None = None, consent_over_age: bool = False,
                 national_id: str | None = None, ethnicity: str = "", religion: str = "", hometown: str = "",
                 phone: str = "", education: str = "", theory_level: str = "", reason: str | None = None) -> Member:
    """Admission (kết nạp): age 18–60 counted in months when the chi bộ considers it, over 60
    only with recorded consent (Điều lệ Đảng, Điều 1; Quy định 24-QĐ/TW)."""
    require(scope, "member.write")
    _fail(rules.admission_problems(birth_date=birth_date, considered_on=considered_on or admitted_on,
                                   consent_over_age=consent_over_age))
    if national_id:
        _fail(validate_citizen_id(national_id, birth_date, sex))
        if Member.objects.filter(national_id=national_id).exists():
            raise ValidationError(_("Số CCCD %(value)s đã có trong hệ thống.") % {"value": national_id})
    branch = branch_get(scope=scope, code=branch_code, on=admitted_on)
    member = Member.objects.create(
        full_name=" ".join(full_name.split()), search_key=fold(full_name), birth_date=birth_date, sex=sex,
        ethnicity=ethnicity, religion=religion, hometown=hometown, national_id=national_id or None, phone=phone,
        education=education, theory_level=theory_level, admitted_on=admitted_on, status=MemberStatus.PROBATIONARY,
    )
    Membership.objects.create(member=member, unit=branch.unit, valid_from=admitted_on)
    _event(actor=actor, member=member, kind="admission", effective_on=admitted_on, reason=reason,
           unit_id=branch.unit_id, details={"branch": branch.unit.code, "consent_over_age": consent_over_age})
    return member


def _locked(member: Member) -> Member:
    return Member.objects.select_for_update().get(pk=member.pk)


def _transition(member: Member, kind: str) -> str:
    """The member's status after ``kind`` (the domain's transitions table), or ValidationError."""
    _fail(rules.transition_problems(member.status, kind))
    return rules.next_status(member.status, kind)


@transaction.atomic
def member_make_official(*, actor, scope: Scope, member: Member, approved_on: date,
                         reason: str | None = None) -> MemberEvent:
    """Official status dates from the end of the 12 months even when approved late (Điều lệ Đảng, Điều 5)."""
    require(scope, "member.write")
    member = _locked(member)
    _transition(member, "official")
    official_on = probation.probation_end(member.admitted_on)
    _require_member(scope, member, official_on)
    if approved_on < official_on:
        raise ValidationError(
            _("Chưa hết 12 tháng dự bị (hết ngày %(day)s).") % {"day": official_on.strftime("%d/%m/%Y")}
        )
    member.status, member.official_on = MemberStatus.OFFICIAL, official_on
    member.save(update_fields=["status", "official_on"])
    late = approved_on > probation.official_status_deadline(member.admitted_on)
    return _event(actor=actor, member=member, kind="official", effective_on=official_on, reason=reason,
                  unit_id=_current_branch_id(member, official_on),
                  details={"approved_on": approved_on.isoformat(), "late": late}, before={"status": "probationary"})


def _end_membership(member: Member, on: date) -> int | None:
    """Close the member's open memberships (primary and temporary) at ``on``; the branch left."""
    ships = list(Membership.objects.select_for_update().filter(member=member, valid_to__isnull=True))
    branch_id = None
    for ship in ships:
        if ship.valid_from >= on:
            raise ValidationError(_("Ngày hiệu lực phải sau ngày vào chi bộ hiện tại (%(day)s).") % {
                "day": ship.valid_from.strftime("%d/%m/%Y")})
        if ship.kind == MembershipKind.PRIMARY:
            branch_id = ship.unit_id
        ship.valid_to = on
        ship.save(update_fields=["valid_to"])
    return branch_id


@transaction.atomic
def member_transfer(*, actor, scope: Scope, member: Member, to_branch_code: str, effective_on: date,
                    reason: str | None = None) -> MemberEvent:
    """Permanent transfer within tochuc: one operation, the member leaves one branch and joins
    the other on the same date — never in two branches or none (Quy định 24-QĐ/TW)."""
    require(scope, "member.write")
    member = _locked(member)
    _transition(member, "transfer")
    _require_member(scope, member, effective_on)
    target = branch_get(scope=scope, code=to_branch_code, on=effective_on)
    from_id = _end_membership(member, effective_on)
    if from_id == target.unit_id:
        raise ValidationError(_("Đảng viên đang sinh hoạt ở chi bộ này."))
    Membership.objects.create(member=member, unit=target.unit, valid_from=effective_on)
    return _event(actor=actor, member=member, kind="transfer", effective_on=effective_on, reason=reason,
                  unit_id=target.unit_id, details={"from_unit_id": from_id, "to": target.unit.code})


@transaction.atomic
def member_temporary_transfer(*, actor, scope: Scope, member: Member, to_branch_code: str, start: date, end: date,
                              study: bool = False, reason: str | None = None) -> MemberEvent:
    """Temporary activity elsewhere (3 months to < 1 year; study up to 2 years): the member stays
    in the home branch, a temporary membership is recorded beside it."""
    require(scope, "member.write")
    member = _locked(member)
    _transition(member, "temporary_transfer")
    _require_member(scope, member, start)
    problems = rules.temporary_transfer_problems(start, end, study=study)
    if problems:  # the limits are the domain's (Quy định 24-QĐ/TW); the first line says the rule in short
        raise ValidationError([_("Sinh hoạt tạm thời từ 3 tháng đến dưới 1 năm (đi học: đến 2 năm)."),
                               *(p.message for p in problems)])
    target = branch_get(scope=scope, code=to_branch_code, on=start)
    Membership.objects.create(member=member, unit=target.unit, kind=MembershipKind.TEMPORARY, valid_from=start,
                              valid_to=end)
    return _event(actor=actor, member=member, kind="temporary_transfer", effective_on=start, reason=reason,
                  unit_id=_current_branch_id(member, start),
                  details={"to": target.unit.code, "end": end.isoformat(), "study": study})


@transaction.atomic
def member_leave_registry(*, actor, scope: Scope, member: Member, kind: str, effective_on: date,
                          reason: str | None = None, details: dict | None = None) -> MemberEvent:
    """Events that end a member's place: probation not passed, removal (xóa tên), leaving,
    death, transfer to an organization outside tochuc (pending until received)."""
    require(scope, "member.write")
    if kind not in ("probation_failed", "removal", "leave", "death", "transfer_out"):
        raise ValidationError(_("Loại sự kiện không hợp lệ."))
    member = _locked(member)
    new_status = _transition(member, kind)
    _require_member(scope, member, effective_on)
    before = {"status": member.status}
    branch_id = _end_membership(member, effective_on) if member.status != MemberStatus.TRANSFER_PENDING else None
    member.status = new_status
    if kind in ("removal", "leave", "death", "probation_failed"):
        member.exempted = False
    member.save(update_fields=["status", "exempted"])
    return _event(actor=actor, member=member, kind=kind, effective_on=effective_on, reason=reason,
                  unit_id=branch_id, details=details or {}, before=before)


@transaction.atomic
def member_transfer_out_received(*, actor, scope: Scope, member: Member, received_on: date,
                                 reason: str | None = None) -> MemberEvent:
    """The receiving organization outside tochuc confirmed the transfer: the pending member is
    now theirs (still a party member, no longer in this registry)."""
    require(scope, "member.write")
    member = _locked(member)
    new_status = _transition(member, "transfer_out_done")
    _require_member(scope, member, received_on)
    member.status = new_status
    member.save(update_fields=["status"])
    return _event(actor=actor, member=member, kind="transfer_out_done", effective_on=received_on, reason=reason,
                  unit_id=None, details={}, before={"status": "transfer_pending"})


@transaction.atomic
def member_transfer_in(*, actor, scope: Scope, branch_code: str, full_name: str, birth_date: date, sex: str,
                       admitted_on: date, official_on: date | None, received_on: date, card_number: str | None = None,
                       national_id: str | None = None, origin: str = "", reason: str | None = None) -> Member:
    """A member arriving from an organization outside tochuc, recorded when the branch receives
    the transfer papers (Quy định 24-QĐ/TW): active in the branch from ``received_on``."""
    require(scope, "member.write")
    if official_on is not None and official_on < probation.probation_end(admitted_on):
        raise ValidationError(_("Ngày chính thức phải sau 12 tháng dự bị."))
    if national_id:
        _fail(validate_citizen_id(national_id, birth_date, sex))
        if Member.objects.filter(national_id=national_id).exists():
            raise ValidationError(_("Số CCCD %(value)s đã có trong hệ thống.") % {"value": national_id})
    if card_number and Member.objects.filter(card_number=card_number).exists():
        raise ValidationError(_("Số thẻ %(value)s đã có trong hệ thống.") % {"value": card_number})
    branch = branch_get(scope=scope, code=branch_code, on=received_on)
    member = Member.objects.create(
        full_name=" ".join(full_name.split()), search_key=fold(full_name), birth_date=birth_date, sex=sex,
        national_id=national_id or None, card_number=card_number or None, admitted_on=admitted_on,
        official_on=official_on, status=MemberStatus.OFFICIAL if official_on else MemberStatus.PROBATIONARY,
    )
    Membership.objects.create(member=member, unit=branch.unit, valid_from=received_on)
    _event(actor=actor, member=member, kind="transfer_in", effective_on=received_on, reason=reason,
           unit_id=branch.unit_id, details={"branch": branch.unit.code, "origin": origin})
    return member


@transaction.atomic
def member_record(*, actor, scope: Scope, member: Member, kind: str, effective_on: date, details: dict,
                  reason: str | None = None) -> MemberEvent:
    """Events that keep the member in place: rating, badge, discipline, exemption and its end."""
    require(scope, "member.write")
    member = _locked(member)
    _transition(member, kind)
    branch_id = _current_branch_id(member, effective_on)
    _require_member(scope, member, effective_on)
    if kind == "rating":
        score = float(details["score"])
        level = rules.rating_level(score, all_tasks_done=details.get("all_tasks_done", True),
                                   share_exceeded=details.get("share_exceeded", 0.0),
                                   share_late=details.get("share_late", 0.0),
                                   violations=details.get("violations", False))
        details = {**details, "level": level, "year": int(details.get("year", effective_on.year))}
    elif kind == "badge":
        awarded = [e.details["level"] for e in member.events.filter(kind="badge", voided=False)]
        due = rules.next_badge(member.admitted_on, awarded, effective_on,
                               seriously_ill=details.get("seriously_ill", False))
        if due is None or due != int(details["level"]):
            raise ValidationError(_("Chưa đủ tuổi đảng để nhận Huy hiệu %(level)s năm.") % {"level": details["level"]})
    elif kind == "discipline":
        _fail(rules.discipline_problems(details["form"], status=member.status,
                                        holds_post=details.get("holds_post", False)))
    elif kind in ("exemption", "exemption_end"):
        exempt = kind == "exemption"
        if member.exempted == exempt:
            raise ValidationError(_("Tình trạng miễn sinh hoạt không thay đổi."))
        member.exempted = exempt
        member.save(update_fields=["exempted"])
    return _event(actor=actor, member=member, kind=kind, effective_on=effective_on, reason=reason,
                  unit_id=branch_id, details=details)


@transaction.atomic
def member_event_correct(*, actor, scope: Scope, event: MemberEvent, effective_on: date | None = None,
                         details: dict | None = None, reason: str) -> MemberEvent:
    """Correct a mistake: the old event is voided (kept), a new one records what is right and why."""
    require(scope, "member.write")
    if not reason or not reason.strip():
        raise ValidationError(_("Đính chính phải ghi rõ lý do."))
    if event.voided:
        raise ValidationError(_("Sự kiện này đã được đính chính."))
    _require_member(scope, event.member, event.effective_on)
    if effective_on is not None and effective_on != event.effective_on:
        _require_member(scope, event.member, effective_on)
    event.voided = True
    event.save(update_fields=["voided"])
    return _event(actor=actor, member=event.member, kind=event.kind, effective_on=effective_on or event.effective_on,
                  details=details if details is not None else event.details, reason=reason,
                  unit_id=_current_branch_id(event.member, effective_on or event.effective_on),
                  before={"effective_on": event.effective_on.isoformat(), **event.details}, corrects=event)


def member_record_viewed(*, actor, member: Member, unit_id: int | None) -> None:
    """A clerk or administrator opened a member's full record (citizen ID, phone unmasked)."""
    with transaction.atomic():
        audit_record(actor=actor, action="member.view", obj=member, unit_id=unit_id)


def member_list_exported(*, actor, scope: Scope, name: str, count: int) -> None:
    """A list of members was exported to a file (who, which list, how many rows)."""
    with transaction.atomic():
        audit_record(actor=actor, action="member.export", object_type="members.list", object_repr=name,
                     unit_id=scope.unit_ids[0] if len(scope.unit_ids) == 1 else None,
                     after={"list": name, "count": count, "as_of": scope.as_of.isoformat()})
