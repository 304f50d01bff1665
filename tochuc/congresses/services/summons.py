"""Who is summoned and who is there (issue 5, points 1 and 2): the summons list at the cut-off
date, delegates added one by one, what excludes a person from the base, and check-in at the door
(QR code of the card, card number, list number or name)."""

from __future__ import annotations

import secrets
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tochuc.audit.services import actor_name
from tochuc.congresses import selectors
from tochuc.congresses.models import (
    Candidate,
    CheckIn,
    Congress,
    CongressKind,
    CongressSession,
    Delegate,
    DelegateCategory,
)
from tochuc.congresses.services._common import _audit, _require_write
from tochuc.core.bulk import bulk_insert
from tochuc.core.scope import Scope
from tochuc.domain.text import fold
from tochuc.members.models import Member, MemberEvent, Membership, MembershipKind, MemberStatus
from tochuc.members.selectors import member_get
from tochuc.orgs.models import UnitVersion
from tochuc.orgs.selectors import subtree_versions, valid_on


def _card_code() -> str:
    return secrets.token_hex(6).upper()


def _units_at(scope: Scope, congress: Congress) -> tuple[UnitVersion, list[int]]:
    at = scope.at(congress.cutoff_on)
    root = UnitVersion.objects.filter(valid_on(congress.cutoff_on), unit_id=congress.unit_id).first()
    if root is None or not at.contains_path(root.path):
        raise ValidationError(_("Tổ chức không tồn tại hoặc ngoài phạm vi vào ngày chốt danh sách."))

    return root, list(subtree_versions(at, root.path).values_list("unit_id", flat=True))


@transaction.atomic
def summons_generate(*, actor, scope: Scope, congress: Congress, reason: str | None = None) -> int:
    """Prepare who is summoned (issue 5, point 1), replacing an earlier list not yet used.

    Members' congress: official members whose branch at the cut-off date lies in the unit's
    subtree (official by then and still official), with the registry's facts: temporary activity
    in a unit outside the subtree, exemption. Delegates' congress: the official and substitute
    delegates elected, with results released, by the congresses of the same term of units below;
    ex-officio and appointed delegates are added one by one (:func:`delegate_add`).
    """
    _require_write(scope)
    congress = Congress.objects.select_for_update().get(pk=congress.pk)
    if Delegate.objects.filter(congress=congress, checked_in_at__isnull=False).exists():
        raise ValidationError(_("Đã có người điểm danh: không lập lại danh sách triệu tập."))
    root, unit_ids = _units_at(scope, congress)
    cutoff = congress.cutoff_on
    kept = list(Delegate.objects.filter(congress=congress).exclude(
        category__in=[DelegateCategory.MEMBER, DelegateCategory.ELECTED, DelegateCategory.SUBSTITUTE]))
    Delegate.objects.filter(congress=congress, category__in=[
        DelegateCategory.MEMBER, DelegateCategory.ELECTED, DelegateCategory.SUBSTITUTE]).delete()
    names = dict(UnitVersion.objects.filter(valid_on(cutoff), unit_id__in=unit_ids).values_list("unit_id", "name"))
    rows: list[tuple] = []
    number = max((d.number for d in kept), default=0)
    if congress.kind == CongressKind.MEMBERS:
        ships = (Membership.objects.filter(valid_on(cutoff), kind=MembershipKind.PRIMARY, unit_id__in=unit_ids,
                                           member__status=MemberStatus.OFFICIAL, member__official_on__lte=cutoff)
                 .values_list("member_id", "unit_id", "member__full_name", "member__card_number", "member__exempted")
                 .order_by("unit_id", "member__search_key", "member_id"))
        ships = list(ships)
        elsewhere = set(Membership.objects.filter(valid_on(cutoff), kind=MembershipKind.TEMPORARY,
                                                  member_id__in=[s[0] for s in ships])
                        .exclude(unit_id__in=unit_ids).values_list("member_id", flat=True))
        exempted_then = _exempted_on([s[0] for s in ships], cutoff)
        for member_id, unit_id, full_name, card, exempted_now in ships:
            exempted = exempted_then.get(member_id, exempted_now)
            number += 1
            rows.append((congress.pk, member_id, number, full_name, fold(full_name), card or "", names.get(unit_id, ""),
                         DelegateCategory.MEMBER, _card_code(), member_id in elsewhere, exempted))
    else:
        elected: list[tuple[int, str, str]] = []
        for lower in Congress.objects.filter(unit_id__in=unit_ids, term=congress.term).exclude(pk=congress.pk):
            for election in lower.elections.filter(kind__in=["delegates", "substitutes"], released_at__isnull=False):
                category = DelegateCategory.ELECTED if election.kind == "delegates" else DelegateCategory.SUBSTITUTE
                chosen = set(selectors.elected_names(election))
                for cand in Candidate.objects.filter(election=election, full_name__in=chosen):
                    elected.append((cand.member_id, cand.full_name, category, names.get(lower.unit_id, "")))
        cards = dict(Member.objects.filter(pk__in=[e[0] for e in elected if e[0]]).values_list("id", "card_number"))
        for member_id, full_name, category, unit_name in elected:
            number += 1
            rows.append((congress.pk, member_id, number, full_name, fold(full_name), cards.get(member_id) or "",
                         unit_name, category, _card_code(), False, False))
    bulk_insert(Delegate, ["congress", "member", "number", "full_name", "search_key", "card_number", "branch_name",
                           "category", "card_code", "temporarily_transferred", "exempted", "suspended",
                           "prosecuted_or_detained", "absence_approved", "disqualified", "note"],
                [(*row, False, False, False, False, "") for row in rows])
    _audit(actor, "congress.summons", congress, congress, reason=reason,
           after={"summoned": len(rows), "cutoff_on": cutoff.isoformat(), "root": root.name})
    return len(rows)


def _exempted_on(member_ids: list[int], on: date) -> dict[int, bool]:
    """Whether each member was exempted from work and activities on ``on``, from their exemption
    and end-of-exemption events: the last one by then, or, when all came later, the state before
    the first (an exemption later means not exempted then). Members without such events are left
    out: the record's current flag stands for them (e.g. members imported with it)."""
    found: dict[int, bool] = {}
    for start in range(0, len(member_ids), 30_000):
        rows = (MemberEvent.objects.filter(member_id__in=member_ids[start:start + 30_000], voided=False,
                                           kind__in=["exemption", "exemption_end"])
                .order_by("member_id", "effective_on", "id").values_list("member_id", "kind", "effective_on"))
        for member_id, kind, effective_on in rows:
            if member_id not in found:
                found[member_id] = kind != "exemption"  # the state before the first event
            if effective_on <= on:
                found[member_id] = kind == "exemption"
    return found


@transaction.atomic
def delegate_add(*, actor, scope: Scope, congress: Congress, category: str, member_id: int | None = None,
                 full_name: str = "", branch_name: str = "", reason: str | None = None) -> Delegate:
    """Add one person: an ex-officio, appointed or substitute delegate, or a member the list missed."""
    _require_write(scope)
    if category not in DelegateCategory.values:
        raise ValidationError(_("Loại đại biểu không hợp lệ."))
    member = member_get(scope=scope, member_id=member_id) if member_id else None
    if member is not None:
        full_name = member.full_name
        if Delegate.objects.filter(congress=congress, member=member).exists():
            raise ValidationError(_("%(name)s đã có trong danh sách triệu tập.") % {"name": full_name})
    full_name = " ".join(full_name.split())
    if not full_name:
        raise ValidationError(_("Cần họ tên hoặc đảng viên trong hệ thống."))
    number = (Delegate.objects.filter(congress=congress).order_by("-number").values_list("number", flat=True).first()
              or 0) + 1
    delegate = Delegate.objects.create(
        congress=congress, member=member, number=number, full_name=full_name, search_key=fold(full_name),
        card_number=(member.card_number or "") if member else "", branch_name=branch_name, category=category,
        card_code=_card_code(), exempted=member.exempted if member else False)
    _audit(actor, "congress.delegate_add", delegate, congress, after={"category": category, "number": number},
           reason=reason)
    return delegate


EXCLUSION_FLAGS = ("temporarily_transferred", "exempted", "suspended", "prosecuted_or_detained", "absence_approved",
                   "disqualified")


@transaction.atomic
def delegate_update(*, actor, scope: Scope, delegate: Delegate, flags: dict[str, bool], note: str = "",
                    replaced_by: Delegate | None = None, reason: str | None = None) -> Delegate:
    """Record what excludes one person from the base (190-QĐ/TW: temporary activity elsewhere,
    exempted and absent, suspended, prosecuted or detained, absent with an approved reason; for a
    delegate, credentials not recognized, a substitute taking the seat)."""
    _require_write(scope)
    delegate = Delegate.objects.select_for_update().get(pk=delegate.pk)
    unknown = set(flags) - set(EXCLUSION_FLAGS)
    if unknown:
        raise ValidationError(_("Trường không hợp lệ: %(f)s") % {"f": ", ".join(sorted(unknown))})
    before = {f: getattr(delegate, f) for f in EXCLUSION_FLAGS} | {"note": delegate.note}
    for name, value in flags.items():
        setattr(delegate, name, bool(value))
    if delegate.absence_approved and delegate.checked_in_at is not None:
        raise ValidationError(_("%(name)s đã điểm danh có mặt: không thể ghi vắng mặt cả đại hội.") % {
            "name": delegate.full_name})
    if replaced_by is not None:
        if replaced_by.congress_id != delegate.congress_id or replaced_by.category != DelegateCategory.SUBSTITUTE:
            raise ValidationError(_("Người thay thế phải là đại biểu dự khuyết của đại hội này."))
        if delegate.category == DelegateCategory.EX_OFFICIO:
            raise ValidationError(_("Đại biểu đương nhiên (cấp ủy viên) không có đại biểu dự khuyết thay thế."))
    delegate.replaced_by = replaced_by
    delegate.note = note[:255]
    delegate.save()
    _audit(actor, "congress.delegate_update", delegate, delegate.congress, before=before,
           after={f: getattr(delegate, f) for f in EXCLUSION_FLAGS} | {"note": delegate.note,
                                                                       "replaced_by": replaced_by and replaced_by.pk},
           reason=reason)
    return delegate


QR_PREFIX = "TOCHUC-DB:"


def qr_payload(delegate: Delegate) -> str:
    """What the QR code on a delegate card holds; a scanner types it into the check-in field."""
    return f"{QR_PREFIX}{delegate.card_code}"


@transaction.atomic
def delegate_check_in(*, actor, scope: Scope, congress: Congress, query: str = "", delegate: Delegate | None = None,
                      session: CongressSession | None = None) -> Delegate:
    """Check a delegate in (issue 5, point 2): by the QR code of the card, the party card number,
    the list number, or a name matching exactly one person; every check-in is kept with its time."""
    _require_write(scope)
    method = "name"
    query = query.strip()
    if delegate is None:
        if query.upper().startswith(QR_PREFIX):
            method = "qr"
            delegate = Delegate.objects.filter(congress=congress, card_code=query[len(QR_PREFIX):].upper()).first()
            if delegate is None:
                raise ValidationError(_("Mã QR không thuộc thẻ đại biểu của đại hội này."))
        else:
            found = selectors.delegate_search(congress=congress, query=query, limit=2)
            method = "card" if query.isdigit() else "name"
            if not found:
                raise ValidationError(_("Không tìm thấy «%(q)s» trong danh sách triệu tập.") % {"q": query})
            if len(found) > 1:
                raise ValidationError(_("Có nhiều người khớp «%(q)s»: chọn trong danh sách.") % {"q": query})
            delegate = found[0]
    elif delegate.congress_id != congress.pk:
        raise ValidationError(_("Đại biểu không thuộc đại hội này."))
    delegate = Delegate.objects.select_for_update().get(pk=delegate.pk)
    now = timezone.now()
    CheckIn.objects.create(delegate=delegate, session=session, at=now, method=method, by_name=actor_name(actor))
    first = delegate.checked_in_at is None
    if first:
        delegate.checked_in_at = now
        delegate.absence_approved = False
        delegate.save(update_fields=["checked_in_at", "absence_approved"])
    _audit(actor, "congress.check_in", delegate, congress, after={"method": method, "first": first})
    return delegate
