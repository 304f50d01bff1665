"""API routes of the member registry (same scope rules as the pages)."""

from __future__ import annotations

from datetime import date

from ninja import Router, Schema

from tochuc.audit.services import personal_data_read
from tochuc.core.api_scope import api_scope
from tochuc.core.params import Day, Month, Year
from tochuc.core.permissions import allows
from tochuc.members import lifecycle, selectors
from tochuc.members.models import Member
from tochuc.members.privacy import mask

router = Router(tags=["Đảng viên"])


class MemberOut(Schema):
    id: int
    full_name: str
    birth_date: date
    sex: str
    status: str
    admitted_on: date
    official_on: date | None
    card_number: str | None
    national_id: str | None
    phone: str


class DueMember(Schema):
    id: int
    full_name: str
    admitted_on: date


class BranchCount(Schema):
    code: str
    name: str
    official_members: int
    all_members: int


def _out(member: Member, can_see: bool, left: bool = False) -> MemberOut:
    """``left``: the member left the caller's subtree after the date asked (DESIGN.md invariant
    11): identifiers masked, and none of the record's current data (status, official date)."""
    if left:
        return MemberOut(id=member.pk, full_name=member.full_name, birth_date=member.birth_date, sex=member.sex,
                         status="", admitted_on=member.admitted_on, official_on=None,
                         card_number=mask(member.card_number) or None, national_id=mask(member.national_id) or None,
                         phone=mask(member.phone))
    return MemberOut(
        id=member.pk, full_name=member.full_name, birth_date=member.birth_date, sex=member.sex, status=member.status,
        admitted_on=member.admitted_on, official_on=member.official_on, card_number=member.card_number,
        national_id=member.national_id if can_see else mask(member.national_id),
        phone=member.phone if can_see else mask(member.phone),
    )


@router.get("/members/search", response=list[MemberOut],
            summary="Tìm đảng viên (tên không dấu, năm sinh, số thẻ, CCCD)")
def search_members(request, q: str, as_of: date | None = None, limit: int = 50):
    scope = api_scope(request, as_of)
    found = list(selectors.member_search(scope=scope, query=q, limit=max(1, min(limit, 200))))
    full = allows(scope, "member.read_identifiers")
    if found and full:  # citizen IDs and phones in full: one audit row for the whole list
        personal_data_read(actor=request.user, action="member.search", object_type="members.list",
                           object_repr=q[:255], unit_id=scope.unit_ids[0] if len(scope.unit_ids) == 1 else None,
                           details={"query": q, "count": len(found), "ids": [m.pk for m in found],
                                    "as_of": scope.as_of.isoformat()})
    here = selectors.members_reached_today(scope=scope, member_ids=[m.pk for m in found])
    return [_out(m, full, left=m.pk not in here) for m in found]


@router.get("/members/due/official", response=list[DueMember], summary="Đến hạn xét công nhận chính thức trong tháng")
def due_official(request, year: Year, month: Month):
    scope = api_scope(request)
    return [DueMember(id=m.pk, full_name=m.full_name, admitted_on=m.admitted_on)
            for m in selectors.probation_due_in_month(scope=scope, year=year, month=month)]


@router.get("/members/due/overdue", response=list[DueMember], summary="Quá hạn xét công nhận chính thức")
def due_overdue(request):
    scope = api_scope(request)
    return [DueMember(id=m.pk, full_name=m.full_name, admitted_on=m.admitted_on)
            for m in selectors.probation_overdue(scope=scope, today=scope.as_of)]


@router.get("/members/due/small-branches", response=list[BranchCount], summary="Chi bộ dưới 3 đảng viên chính thức")
def small_branches(request, as_of: date | None = None):
    scope = api_scope(request, as_of)
    return [BranchCount(code=v.unit.code, name=v.name, official_members=v.official_members, all_members=v.all_members)
            for v in selectors.branches_below_minimum(scope=scope)]


class BadgeCandidateOut(Schema):
    id: int
    full_name: str
    admitted_on: date
    level: int


@router.get("/members/due/badges", response=list[BadgeCandidateOut], summary="Đủ tuổi Đảng nhận Huy hiệu vào một ngày")
def due_badges(request, award_day: Day):
    scope = api_scope(request)
    return [BadgeCandidateOut(id=m.pk, full_name=m.full_name, admitted_on=m.admitted_on, level=level)
            for m, level in selectors.badge_candidates(scope=scope, award_day=award_day)]


@router.get("/members/{member_id}", response=MemberOut, summary="Hồ sơ đảng viên")
def get_member(request, member_id: int, as_of: date | None = None):
    scope = api_scope(request, as_of)
    member = selectors.member_get(scope=scope, member_id=member_id)
    left = member.left_on is not None
    full = allows(scope, "member.read_identifiers")
    if full and not left:  # the same row as the record page: identifiers were shown in full
        branch = selectors.member_branch(member=member, as_of=scope.as_of)
        lifecycle.member_record_viewed(actor=request.user, member=member, unit_id=branch.unit_id if branch else None)
    return _out(member, full, left=left)
