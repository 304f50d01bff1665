"""Writes of congresses and elections: atomic, audited (DESIGN.md invariant 2), and, for an
election, appended to its log. Rules come from ``tochuc.domain.elections``.

Roles (issue 5, point 8): setting up a congress needs a clerk's scope over its unit; entering or
changing ballots and counting need the congress role "counting committee" or "convening
committee"; releasing results needs "convening committee"; giving or taking back a role needs
"convening committee" or an administrator of the congress's unit (issue 13, point 1). Once an
election's results are released, nothing of it can change.
"""

from __future__ import annotations

import secrets
from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tochuc.core.permissions import require
from tochuc.core.scope import Scope, scope_for_user, today
from tochuc.audit.services import actor_name, audit_record, personal_data_read
from tochuc.congresses import conf, selectors
from tochuc.congresses.models import (
    SURPLUS_REQUIRED,
    Allocation,
    AllocationLine,
    BallotEntry,
    Candidate,
    CandidateSource,
    CheckIn,
    Congress,
    CongressKind,
    CongressRole,
    CongressSession,
    CountingMember,
    Delegate,
    DelegateCategory,
    Election,
    ElectionLogEntry,
    EntryMode,
    Layout,
    RoleKind,
    Round,
    RoundStatus,
    TallyEntry,
)
from tochuc.core.bulk import bulk_insert
from tochuc.domain import elections as rules
from tochuc.domain.text import fold
from tochuc.members.models import Member, MemberEvent, Membership, MembershipKind, MemberStatus
from tochuc.members.selectors import member_get, memberships_on
from tochuc.orgs.models import UnitVersion
from tochuc.orgs.selectors import subtree_versions, unit_get, valid_on


def _require_write(scope: Scope) -> None:
    require(scope, "congress.manage")


def _require_role(congress: Congress, actor, roles: tuple[str, ...], scope: Scope) -> None:
    if scope.is_system:
        return
    if not selectors.user_roles(congress, actor) & set(roles):
        raise PermissionDenied(_("Chỉ cấp ủy triệu tập và ban kiểm phiếu của đại hội được nhập, sửa phiếu bầu."))


def _audit(actor, action: str, obj, congress: Congress, after: dict | None = None, reason: str | None = None,
           before: dict | None = None) -> None:
    audit_record(actor=actor, action=action, obj=obj, unit_id=congress.unit_id, after=after, before=before,
                 reason=reason)


def _log(election: Election, actor, action: str, details: dict) -> ElectionLogEntry:
    """Append to the election's hash-chained log (the election row is locked by the caller)."""
    last = ElectionLogEntry.objects.filter(election=election).order_by("-id").values_list("hash", flat=True).first()
    entry = ElectionLogEntry(election=election, actor_name=actor_name(actor), action=action, details=details,
                             previous_hash=last or "0" * 64, at=timezone.now())
    entry.hash = entry.compute_hash()
    entry.save()
    return entry


def _open_election(election: Election) -> Election:
    locked = Election.objects.select_for_update().select_related("congress").get(pk=election.pk)
    if locked.released_at is not None:
        raise ValidationError(_("Kết quả đã được công bố: không thể thay đổi cuộc bầu cử này."))
    return locked


# --- Congress ----------------------------------------------------------------------------------


@transaction.atomic
def congress_create(*, actor, scope: Scope, unit_code: str, kind: str, starts_on: date, ends_on: date,
                    cutoff_on: date, term: str = "2025–2030", name: str = "", place: str = "",
                    reason: str | None = None) -> Congress:
    """A unit's congress for a term, with its two usual sessions; the creator joins the convening
    committee role so they can hand out the counting committee's."""
    _require_write(scope)
    unit = unit_get(scope=scope, code=unit_code)
    if kind not in CongressKind.values:
        raise ValidationError(_("Hình thức đại hội không hợp lệ."))
    if ends_on < starts_on:
        raise ValidationError(_("Ngày bế mạc phải sau ngày khai mạc."))
    if cutoff_on > starts_on:
        raise ValidationError(_("Ngày chốt danh sách triệu tập không được sau ngày khai mạc."))
    name = " ".join(name.split()) or _("Đại hội %(unit)s lần thứ …, nhiệm kỳ %(term)s") % {
        "unit": unit.name, "term": term}
    congress = Congress.objects.create(unit=unit.unit, kind=kind, term=term, name=name, starts_on=starts_on,
                                       ends_on=ends_on, cutoff_on=cutoff_on, place=place,
                                       created_by=actor if actor is not None and actor.pk else None)
    tz = timezone.get_current_timezone()
    CongressSession.objects.bulk_create([
        CongressSession(congress=congress, number=1, title=_("Phiên trù bị"),
                        starts_at=datetime(starts_on.year, starts_on.month, starts_on.day, 7, 30, tzinfo=tz)),
        CongressSession(congress=congress, number=2, title=_("Phiên chính thức"),
                        starts_at=datetime(starts_on.year, starts_on.month, starts_on.day, 8, 30, tzinfo=tz)),
    ])
    if actor is not None and actor.pk:
        CongressRole.objects.create(congress=congress, user=actor, role=RoleKind.COMMITTEE)
    _audit(actor, "congress.create", congress, congress, reason=reason,
           after={"kind": kind, "term": term, "starts_on": starts_on.isoformat(), "cutoff_on": cutoff_on.isoformat()})
    return congress


@transaction.atomic
def congress_session_add(*, actor, scope: Scope, congress: Congress, title: str, starts_at: datetime,
                         reason: str | None = None) -> CongressSession:
    _require_write(scope)
    number = (congress.sessions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    session = CongressSession.objects.create(congress=congress, number=number, title=title, starts_at=starts_at)
    _audit(actor, "congress.session_add", congress, congress, after={"title": title, "number": number}, reason=reason)
    return session


def _require_role_granter(congress: Congress, actor, scope: Scope) -> None:
    if not selectors.can_grant_roles(congress, actor, scope):
        raise PermissionDenied(_("Chỉ cấp ủy triệu tập của đại hội hoặc quản trị viên của tổ chức đại hội được giao, "
                                 "thu hồi vai trò trong đại hội."))


def _role_holder(congress: Congress, username: str):
    """The user to give a role to: an active account whose scope covers the congress's unit
    today. Anything else gets one answer, so the form tells nobody whether a username exists."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(username=username.strip(), is_active=True).first() if username.strip() \
        else None
    path = selectors.unit_path_today(congress)
    if user is None or path is None or not scope_for_user(user, today()).contains_path(path):
        raise ValidationError(_("Không giao được vai trò cho «%(name)s»: không có người dùng này trong phạm vi "
                                "của tổ chức đại hội.") % {"name": username.strip()})
    return user


@transaction.atomic
def congress_role_grant(*, actor, scope: Scope, congress: Congress, username: str, role: str,
                        reason: str | None = None) -> CongressRole:
    """Give the convening or counting committee role to a user working in the congress's unit.

    Only the congress's convening committee (its creator is the first member) or an administrator
    of the unit hands roles out (issue 13, point 1): a role opens the ballots and the results
    before release, so a clerk may not give one to themselves."""
    _require_role_granter(congress, actor, scope)
    if role not in RoleKind.values:
        raise ValidationError(_("Vai trò không hợp lệ."))
    user = _role_holder(congress, username)
    granted, created = CongressRole.objects.get_or_create(congress=congress, user=user, role=role)
    _audit(actor, "congress.role_grant", congress, congress, after={"user": user.username, "role": role,
                                                                    "created": created}, reason=reason)
    return granted


@transaction.atomic
def congress_role_revoke(*, actor, scope: Scope, congress: Congress, username: str, role: str,
                         reason: str | None = None) -> bool:
    """Take a role back (same rule as giving it). False when the user did not hold it."""
    _require_role_granter(congress, actor, scope)
    if role not in RoleKind.values:
        raise ValidationError(_("Vai trò không hợp lệ."))
    deleted, _rows = CongressRole.objects.filter(congress=congress, user__username=username.strip(), role=role).delete()
    if deleted:
        _audit(actor, "congress.role_revoke", congress, congress, before={"user": username.strip(), "role": role},
               reason=reason)
    return bool(deleted)


@transaction.atomic
def counting_members_set(*, actor, scope: Scope, congress: Congress, members: list[tuple[str, str]],
                         reason: str | None = None) -> int:
    """The counting committee (ban kiểm phiếu) named in the minutes: (full name, position)."""
    _require_write(scope)
    cleaned = [(" ".join(n.split()), " ".join(p.split()) or _("Thành viên")) for n, p in members if n.strip()]
    if not cleaned:
        raise ValidationError(_("Ban kiểm phiếu cần ít nhất một người."))
    before = list(congress.counting_members.values_list("full_name", "position"))
    congress.counting_members.all().delete()
    CountingMember.objects.bulk_create([CountingMember(congress=congress, order=i, full_name=n, position=p)
                                        for i, (n, p) in enumerate(cleaned)])
    _audit(actor, "congress.counting_committee", congress, congress, before={"members": before},
           after={"members": cleaned}, reason=reason)
    return len(cleaned)


# --- Summons -----------------------------------------------------------------------------------


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


# --- Delegate allocation -----------------------------------------------------------------------


@transaction.atomic
def allocation_propose(*, actor, scope: Scope, congress: Congress, total: int, minimum_per_unit: int | None = None,
                       cutoff_on: date | None = None, reason: str | None = None) -> Allocation:
    """Propose how many delegates each unit directly below elects to this delegates' congress, in
    proportion to its official members at the cut-off (largest remainder, a minimum per unit)."""
    from django.db.models import Count

    _require_write(scope)
    minimum = conf.min_delegates_per_unit() if minimum_per_unit is None else minimum_per_unit
    cutoff = cutoff_on or congress.cutoff_on
    root = UnitVersion.objects.filter(valid_on(cutoff), unit_id=congress.unit_id).first()
    at = scope.at(cutoff)
    if root is None or not at.contains_path(root.path):
        raise ValidationError(_("Tổ chức không tồn tại hoặc ngoài phạm vi vào ngày chốt."))
    children = list(UnitVersion.objects.filter(valid_on(cutoff), parent_id=congress.unit_id).order_by("name"))
    if not children:
        raise ValidationError(_("Tổ chức không có đơn vị trực thuộc để phân bổ đại biểu."))
    width = len(root.path) + 8
    from django.db.models.functions import Substr

    counts = dict(
        memberships_on(cutoff).filter(valid_on(cutoff, "unit__versions__"), at.subtree_q(root.path, "unit__versions__"),
                                      member__status=MemberStatus.OFFICIAL, member__official_on__lte=cutoff)
        .annotate(prefix=Substr("unit__versions__path", 1, width)).values("prefix").annotate(n=Count("id"))
        .order_by().values_list("prefix", "n"))
    members = {str(child.unit_id): counts.get(child.path[:width], 0) for child in children}
    try:
        shares = rules.allocate_delegates(total, members, minimum)
    except rules.ElectionInputError as exc:
        raise ValidationError(exc.message) from None
    Allocation.objects.filter(congress=congress).delete()
    allocation = Allocation.objects.create(congress=congress, total=total, minimum_per_unit=minimum, cutoff_on=cutoff)
    AllocationLine.objects.bulk_create([
        AllocationLine(allocation=allocation, unit_id=child.unit_id, unit_name=child.name,
                       official_members=members[str(child.unit_id)], proposed=shares[str(child.unit_id)],
                       final=shares[str(child.unit_id)]) for child in children])
    _audit(actor, "congress.allocation_propose", congress, congress, reason=reason,
           after={"total": total, "minimum": minimum, "shares": {c.name: shares[str(c.unit_id)] for c in children}})
    return allocation


@transaction.atomic
def allocation_line_set(*, actor, scope: Scope, line: AllocationLine, final: int, reason: str | None = None) -> AllocationLine:
    """The convening committee edits the proposal (a unit's number of delegates)."""
    _require_write(scope)
    if final < 0 or final > line.official_members:
        raise ValidationError(_("%(unit)s: số đại biểu phải từ 0 đến %(n)s (số đảng viên chính thức).") % {
            "unit": line.unit_name, "n": line.official_members})
    before = line.final
    line.final = final
    line.save(update_fields=["final"])
    _audit(actor, "congress.allocation_edit", line.allocation.congress, line.allocation.congress, reason=reason,
           before={"unit": line.unit_name, "final": before}, after={"unit": line.unit_name, "final": final})
    return line


# --- Elections and candidates ------------------------------------------------------------------


@transaction.atomic
def election_create(*, actor, scope: Scope, congress: Congress, kind: str, seats: int, layout: str = Layout.STRIKE,
                    decided_max_surplus: int | None = None, reason: str | None = None) -> Election:
    _require_write(scope)
    if seats < 1:
        raise ValidationError(_("Số lượng cần bầu phải từ 1 trở lên."))
    if layout not in Layout.values:
        raise ValidationError(_("Mẫu phiếu không hợp lệ."))
    election = Election.objects.create(congress=congress, kind=kind, seats=seats, layout=layout,
                                       decided_max_surplus=decided_max_surplus)
    _log(election, actor, "create", {"kind": kind, "seats": seats, "layout": layout})
    _audit(actor, "election.create", election, congress, after={"kind": kind, "seats": seats, "layout": layout},
           reason=reason)
    return election


@transaction.atomic
def candidate_add(*, actor, scope: Scope, election: Election, full_name: str, source: str = CandidateSource.PREPARED,
                  support: int | None = None, member_id: int | None = None, reason: str | None = None) -> Candidate:
    _require_write(scope)
    election = _open_election(election)
    if election.rounds.exists():
        raise ValidationError(_("Đã bắt đầu bỏ phiếu: danh sách bầu cử không thay đổi được."))
    full_name = " ".join(full_name.split())
    if not full_name:
        raise ValidationError(_("Cần họ tên người ứng cử."))
    if source not in CandidateSource.values:
        raise ValidationError(_("Nguồn giới thiệu không hợp lệ."))
    if source == CandidateSource.FLOOR and support is None:
        raise ValidationError(_("Người được đề cử tại đại hội cần số người đồng ý giới thiệu."))
    if Candidate.objects.filter(election=election, full_name=full_name).exists():
        raise ValidationError(_("%(name)s đã có trong danh sách.") % {"name": full_name})
    if member_id is None:
        # A name of the summons list: link the person, so the delegates they become carry their record.
        same = list(Delegate.objects.filter(congress=election.congress, full_name=full_name, member__isnull=False)
                    .values_list("member_id", flat=True)[:2])
        member_id = same[0] if len(same) == 1 else None
    order = (election.candidates.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    candidate = Candidate.objects.create(election=election, order=order, full_name=full_name, source=source,
                                         support=support, member_id=member_id)
    _log(election, actor, "candidate_add", {"name": full_name, "source": source, "support": support})
    _audit(actor, "election.candidate_add", candidate, election.congress, after={"source": source, "support": support},
           reason=reason)
    return candidate


@transaction.atomic
def candidate_remove(*, actor, scope: Scope, candidate: Candidate, reason: str | None = None) -> None:
    _require_write(scope)
    election = _open_election(candidate.election)
    if election.rounds.exists():
        raise ValidationError(_("Đã bắt đầu bỏ phiếu: danh sách bầu cử không thay đổi được."))
    _log(election, actor, "candidate_remove", {"name": candidate.full_name})
    _audit(actor, "election.candidate_remove", candidate, election.congress, reason=reason)
    candidate.delete()


def candidate_check(election: Election, *, attendees: int | None = None) -> rules.CandidateListCheck:
    """The surplus checks of 190-QĐ/TW Điều 14 on the current list (errors block the vote)."""
    candidates = list(election.candidates.all())
    prepared = [c.full_name for c in candidates if c.source == CandidateSource.PREPARED]
    floor = [rules.FloorNominee(c.full_name, c.support or 0) for c in candidates if c.source != CandidateSource.PREPARED]
    if attendees is None and floor:
        attendees = max(selectors.attendance(election.congress).present, max(f.support for f in floor), 1)
    check = rules.check_candidate_list(
        election.seats, prepared, floor, attendees=attendees,
        require_surplus=election.kind in SURPLUS_REQUIRED and election.layout == Layout.STRIKE,
        decided_max_surplus=election.decided_max_surplus, policy=conf.election_policy())
    if election.kind in SURPLUS_REQUIRED:
        return check
    # Secretary, deputies, the inspection chair: Điều 14's surplus caps are written for bodies;
    # for one or two posts a surplus is the congress's choice, shown to it as a warning.
    from dataclasses import replace

    capped = {"surplus_over_max", "small_body_surplus"}
    return replace(check, errors=tuple(e for e in check.errors if e.code not in capped),
                   warnings=check.warnings + tuple(e for e in check.errors if e.code in capped))


@transaction.atomic
def round_open(*, actor, scope: Scope, election: Election, issued: int | None = None, mode: str = EntryMode.BALLOTS,
               reason: str | None = None) -> Round:
    """Start the first round on the checked list: names refused by the checks are left out; an
    error of the checks (surplus over 30%, a list too short) blocks the vote."""
    election = _open_election(election)
    _require_role(election.congress, actor, (RoleKind.COMMITTEE, RoleKind.COUNTING), scope)
    if election.rounds.exists():
        raise ValidationError(_("Vòng bầu thứ nhất đã mở."))
    check = candidate_check(election)
    if check.errors:
        raise ValidationError([issue.message for issue in check.errors])
    if mode not in EntryMode.values:
        raise ValidationError(_("Cách nhập phiếu không hợp lệ."))
    round_ = Round.objects.create(election=election, number=1, seats=election.seats, mode=mode, issued=issued)
    listed = set(check.candidates)
    round_.candidates.set([c for c in election.candidates.all() if c.full_name in listed])
    _log(election, actor, "round_open", {"round": 1, "candidates": list(check.candidates), "issued": issued,
                                         "warnings": [w.message for w in check.warnings]})
    _audit(actor, "election.round_open", election, election.congress, after={"round": 1}, reason=reason)
    return round_


def _open_round(round_: Round, actor, scope: Scope) -> tuple[Round, Election]:
    election = _open_election(round_.election)
    _require_role(election.congress, actor, (RoleKind.COMMITTEE, RoleKind.COUNTING), scope)
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    if round_.status != RoundStatus.OPEN:
        raise ValidationError(_("Vòng bầu này đã kiểm phiếu xong."))
    return round_, election


@transaction.atomic
def round_set_issued(*, actor, scope: Scope, round_: Round, issued: int, reason: str | None = None) -> Round:
    round_, election = _open_round(round_, actor, scope)
    if issued < 0:
        raise ValidationError(_("Số phiếu phát ra không hợp lệ."))
    before = round_.issued
    round_.issued = issued
    round_.save(update_fields=["issued"])
    _log(election, actor, "issued", {"round": round_.number, "issued": issued, "before": before})
    _audit(actor, "election.issued", election, election.congress, before={"issued": before}, after={"issued": issued},
           reason=reason)
    return round_


def _check_teller(round_: Round, teller: int, actor, scope: Scope) -> None:
    if teller not in (1, 2):
        raise ValidationError(_("Tổ nhập phiếu phải là 1 hoặc 2."))
    if scope.is_system or actor is None or not actor.pk:
        return
    other = 2 if teller == 1 else 1
    if BallotEntry.objects.filter(round=round_, teller=other, entered_by=actor).exists() or \
            TallyEntry.objects.filter(round=round_, teller=other, entered_by=actor).exists():
        raise ValidationError(_("Một người không được nhập cả hai lượt: lượt %(n)s đã do bạn nhập.") % {"n": other})


def _marks(round_: Round, layout: str, kept: list[int] | None, marks: dict | None) -> list | dict:
    allowed = set(round_.candidates.values_list("id", flat=True))
    if layout == Layout.STRIKE:
        ids = sorted({int(i) for i in kept or []})
        if set(ids) - allowed:
            raise ValidationError(_("Phiếu có tên không thuộc danh sách bầu vòng này."))
        return ids
    cleaned = {}
    for key, mark in (marks or {}).items():
        if int(key) not in allowed:
            raise ValidationError(_("Phiếu có tên không thuộc danh sách bầu vòng này."))
        if mark not in ("agree", "disagree", None):
            raise ValidationError(_("Ô đánh dấu phải là đồng ý, không đồng ý hoặc để trống."))
        cleaned[str(int(key))] = mark
    return cleaned


@transaction.atomic
def ballot_enter(*, actor, scope: Scope, round_: Round, teller: int, number: int, kept: list[int] | None = None,
                 marks: dict | None = None, invalid: str = "", reason: str | None = None) -> BallotEntry:
    """One ballot as read by one teller (issue 5, point 4). Entering the same number again changes
    that teller's entry (logged); the two tellers' entries are reconciled before counting."""
    round_, election = _open_round(round_, actor, scope)
    if round_.mode != EntryMode.BALLOTS:
        raise ValidationError(_("Vòng này nhập tổng số phiếu, không nhập từng phiếu."))
    _check_teller(round_, teller, actor, scope)
    if number < 1:
        raise ValidationError(_("Số thứ tự phiếu phải từ 1."))
    invalid = " ".join(invalid.split())
    value = [] if invalid else _marks(round_, election.layout, kept, marks)
    entry, created = BallotEntry.objects.update_or_create(
        round=round_, teller=teller, number=number,
        defaults={"marks": value, "invalid": invalid, "entered_by": actor if actor is not None and actor.pk else None,
                  "entered_at": timezone.now()})
    _log(election, actor, "ballot" if created else "ballot_change",
         {"round": round_.number, "teller": teller, "number": number, "marks": value, "invalid": invalid})
    audit_record(actor=actor, action="election.ballot" if created else "election.ballot_change", obj=election,
                 unit_id=election.congress.unit_id, reason=reason,
                 after={"round": round_.number, "teller": teller, "number": number})
    return entry


@transaction.atomic
def ballots_enter_many(*, actor, scope: Scope, round_: Round, teller: int,
                       entries: list[tuple[int, list[int] | dict, str]], reason: str | None = None) -> int:
    """A whole pile from one teller at once (a file from the counting machine): set-based; the
    pile replaces that teller's earlier entries; one log row with the count and a digest."""
    import hashlib
    import json

    round_, election = _open_round(round_, actor, scope)
    if round_.mode != EntryMode.BALLOTS:
        raise ValidationError(_("Vòng này nhập tổng số phiếu, không nhập từng phiếu."))
    _check_teller(round_, teller, actor, scope)
    allowed = set(round_.candidates.values_list("id", flat=True))
    numbers: set[int] = set()
    rows = []
    who = actor if actor is not None and actor.pk else None
    now = timezone.now()
    for i, (number, value, invalid) in enumerate(entries):
        if number < 1 or number in numbers:
            raise ValidationError(_("Phiếu thứ %(i)s: số thứ tự %(n)s không hợp lệ hoặc trùng.") % {"i": i + 1, "n": number})
        numbers.add(number)
        invalid = " ".join((invalid or "").split())
        try:
            ids = set(map(int, value)) if not invalid else set()
        except (TypeError, ValueError):
            ids = {None}
        if ids - allowed:
            raise ValidationError(_("Phiếu số %(n)s có tên không thuộc danh sách bầu vòng này.") % {"n": number})
        if invalid:
            value = []
        elif election.layout == Layout.STRIKE:
            value = sorted(ids)
        else:
            if not isinstance(value, dict) or any(m not in ("agree", "disagree", None) for m in value.values()):
                raise ValidationError(_("Phiếu số %(n)s: ô đánh dấu phải là đồng ý, không đồng ý hoặc để trống.") % {
                    "n": number})
            value = {str(int(k)): m for k, m in value.items()}
        rows.append((round_.pk, teller, number, json.dumps(value), invalid, who and who.pk, now))
    BallotEntry.objects.filter(round=round_, teller=teller).delete()
    bulk_insert(BallotEntry, ["round", "teller", "number", "marks", "invalid", "entered_by", "entered_at"], rows)
    digest = hashlib.sha256(json.dumps(sorted(entries), default=str).encode()).hexdigest()
    _log(election, actor, "ballots_file", {"round": round_.number, "teller": teller, "count": len(rows),
                                           "sha256": digest})
    _audit(actor, "election.ballots_file", election, election.congress, after={"teller": teller, "count": len(rows)},
           reason=reason)
    return len(rows)


@transaction.atomic
def tally_enter(*, actor, scope: Scope, round_: Round, teller: int, valid: int, invalid: dict[str, int],
                votes: dict[int, int], reason: str | None = None) -> TallyEntry:
    """Per-candidate totals counted on paper, entered independently by each of two tellers."""
    round_, election = _open_round(round_, actor, scope)
    if round_.mode != EntryMode.TALLIES:
        raise ValidationError(_("Vòng này nhập từng phiếu."))
    _check_teller(round_, teller, actor, scope)
    allowed = set(round_.candidates.values_list("id", flat=True))
    if set(map(int, votes)) != allowed:
        raise ValidationError(_("Cần số phiếu của đúng từng người trong danh sách."))
    clean_invalid = {" ".join(r.split()): int(n) for r, n in invalid.items() if int(n)}
    clean_votes = {str(int(k)): int(v) for k, v in votes.items()}
    entry, created = TallyEntry.objects.update_or_create(
        round=round_, teller=teller, defaults={"valid": valid, "invalid": clean_invalid, "votes": clean_votes,
                                               "entered_by": actor if actor is not None and actor.pk else None})
    _log(election, actor, "tally" if created else "tally_change",
         {"round": round_.number, "teller": teller, "valid": valid, "invalid": clean_invalid, "votes": clean_votes})
    _audit(actor, "election.tally" if created else "election.tally_change", election, election.congress,
           after={"round": round_.number, "teller": teller}, reason=reason)  # no figures before release
    return entry


def _result_json(result: rules.CountResult, names: dict[str, int]) -> dict:
    return {"valid": result.valid, "invalid": result.invalid, "returned": result.returned, "issued": result.issued,
            "invalid_by_reason": dict(result.invalid_by_reason), "votes": dict(result.votes),
            "elected": list(result.elected), "tied": list(result.tied), "unfilled": result.unfilled,
            "needed": result.needed, "ids": names}


@transaction.atomic
def round_count(*, actor, scope: Scope, round_: Round, reason: str | None = None) -> rules.CountResult:
    """Count a round once both tellers' entries agree (issue 5, point 5): the base is frozen from
    the summons and check-ins, the ballots are counted by the domain rule, the round is closed."""
    round_, election = _open_round(round_, actor, scope)
    if round_.issued is None:
        raise ValidationError(_("Chưa ghi số phiếu phát ra."))
    rec = selectors.round_reconciliation(round_)
    if not rec.ok and round_.mode == EntryMode.TALLIES:
        raise ValidationError(_("Tổng số phiếu hai tổ nhập chưa khớp nhau, hoặc một tổ chưa nhập."))
    if not rec.ok:
        raise ValidationError(_("Hai tổ nhập chưa khớp ở phiếu số: %(n)s.") % {
            "n": ", ".join(map(str, rec.mismatches[:30])) + ("…" if len(rec.mismatches) > 30 else "")})
    if not rec.agreed:
        raise ValidationError(_("Chưa có phiếu nào được cả hai tổ nhập."))
    candidates = selectors.round_candidates(round_)
    by_id = {str(c.pk): c.full_name for c in candidates}
    names = [c.full_name for c in candidates]
    figures = selectors.attendance(election.congress)
    if not figures.summoned:
        raise ValidationError(_("Chưa có danh sách triệu tập: không có căn cứ để tính kết quả bầu cử."))
    base = figures.base
    try:
        if round_.mode == EntryMode.BALLOTS:
            ballots: list = []
            for marks, invalid in BallotEntry.objects.filter(round=round_, teller=1).order_by("number") \
                    .values_list("marks", "invalid"):
                if invalid:
                    ballots.append(rules.InvalidBallot(invalid))
                elif election.layout == Layout.STRIKE:
                    ballots.append([by_id[str(i)] for i in marks])
                else:
                    ballots.append({by_id[k]: v for k, v in marks.items()})
            result = rules.count_ballots(seats=round_.seats, candidates=names, ballots=ballots, base=base.base,
                                         layout=election.layout, issued=round_.issued)
        else:
            tally = TallyEntry.objects.get(round=round_, teller=1)
            result = rules.count_tallies(seats=round_.seats, candidates=names,
                                         votes={by_id[k]: v for k, v in tally.votes.items()}, valid=tally.valid,
                                         invalid_by_reason=tally.invalid, base=base.base, layout=election.layout,
                                         issued=round_.issued)
    except rules.ElectionInputError as exc:
        raise ValidationError(str(exc)) from None
    round_.status = RoundStatus.COUNTED
    round_.base = base.base
    round_.base_breakdown = base.breakdown()
    round_.summoned = base.summoned
    round_.present = figures.present
    round_.result = _result_json(result, {c.full_name: c.pk for c in candidates})
    round_.counted_at = timezone.now()
    round_.save()
    logged = _log(election, actor, "count", {"round": round_.number, "base": base.base, "result": round_.result})
    # Only a reference: every reader in scope reads the audit log, and the results stay secret
    # until the presidium releases them (issue 13, point 3); the election's log holds them.
    _audit(actor, "election.count", election, election.congress, reason=reason,
           after={"round": round_.number, "log": logged.pk})
    return result


def _stored_result(round_: Round) -> rules.CountResult:
    from types import MappingProxyType

    r = round_.result
    return rules.CountResult(
        seats=round_.seats, base=round_.base, layout=round_.election.layout, candidates=tuple(r["votes"]),
        issued=r["issued"], returned=r["returned"], valid=r["valid"], invalid=r["invalid"],
        invalid_by_reason=MappingProxyType(r["invalid_by_reason"]), votes=MappingProxyType(r["votes"]),
        elected=tuple(r["elected"]), tied=tuple(r["tied"]), unfilled=r["unfilled"])


@transaction.atomic
def round_next(*, actor, scope: Scope, round_: Round, extra: list[str] = (), issued: int | None = None,
               reason: str | None = None) -> Round:
    """The congress decided to vote again (a tie at the last seat: among the tied only; a
    shortfall: the unfilled seats among those not elected plus names it adds). Earlier rounds stay."""
    election = _open_election(round_.election)
    _require_role(election.congress, actor, (RoleKind.COMMITTEE,), scope)
    round_ = Round.objects.get(pk=round_.pk)
    if round_.status != RoundStatus.COUNTED:
        raise ValidationError(_("Vòng bầu này chưa kiểm phiếu."))
    if election.rounds.filter(number__gt=round_.number).exists():
        raise ValidationError(_("Đã có vòng bầu tiếp theo."))
    try:
        plan = rules.next_round_candidates(_stored_result(round_), extra=[" ".join(e.split()) for e in extra if e.strip()])
    except rules.ElectionInputError as exc:
        raise ValidationError(str(exc)) from None
    if plan is None:
        raise ValidationError(_("Đã bầu đủ số lượng: không cần bầu tiếp."))
    order = (election.candidates.order_by("-order").values_list("order", flat=True).first() or 0)
    existing = {c.full_name: c for c in election.candidates.all()}
    chosen = []
    for name in plan.candidates:
        if name not in existing:
            order += 1
            existing[name] = Candidate.objects.create(election=election, order=order, full_name=name,
                                                      source=CandidateSource.ADDED)
        chosen.append(existing[name])
    following = Round.objects.create(election=election, number=round_.number + 1, reason=plan.reason, seats=plan.seats,
                                     mode=round_.mode, issued=issued)
    following.candidates.set(chosen)
    _log(election, actor, "round_open", {"round": following.number, "reason": plan.reason, "seats": plan.seats,
                                         "candidates": list(plan.candidates)})
    _audit(actor, "election.round_next", election, election.congress, reason=reason,
           after={"round": following.number, "reason": plan.reason, "seats": plan.seats})
    return following


@transaction.atomic
def election_release(*, actor, scope: Scope, election: Election, reason: str | None = None) -> Election:
    """The presidium releases the results: shown on the big screen, and the election's log closes."""
    election = _open_election(election)
    _require_role(election.congress, actor, (RoleKind.COMMITTEE,), scope)
    last = election.rounds.order_by("-number").first()
    if last is None or last.status != RoundStatus.COUNTED:
        raise ValidationError(_("Chưa kiểm phiếu xong vòng bầu cuối cùng."))
    election.released_at = timezone.now()
    election.released_by_name = actor_name(actor)
    election.save(update_fields=["released_at", "released_by_name"])
    _log(election, actor, "release", {"elected": selectors.elected_names(election)})
    _audit(actor, "election.release", election, election.congress, reason=reason,
           after={"elected": selectors.elected_names(election)})
    return election


def election_log_verify(election: Election) -> bool:
    """True when every log row still hashes to what the next one recorded (nothing edited)."""
    previous = "0" * 64
    for entry in ElectionLogEntry.objects.filter(election=election).order_by("id"):
        if entry.previous_hash != previous or entry.compute_hash() != entry.hash:
            return False
        previous = entry.hash
    return True


def election_document_exported(*, actor, round_: Round, document: str, fmt: str = "pdf") -> None:
    """Counting minutes or ballot papers (names of candidates and counters) left the system as a
    file: one audit row per file, with no votes in it (the counting row holds those)."""
    congress = round_.election.congress
    personal_data_read(actor=actor, action=f"election.{document}_export", obj=round_, unit_id=congress.unit_id,
                       object_repr=f"{round_.election} — lần {round_.number}",
                       details={"format": fmt, "election": round_.election_id, "round": round_.number})
