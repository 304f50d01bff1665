"""API routes of congresses and elections (same scope and role rules as the pages): results are
a 403 until the presidium releases them, unless the caller has a role in the congress."""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from tochuc.congresses import selectors, services
from tochuc.congresses.models import Congress
from tochuc.core.api_scope import api_scope

router = Router(tags=["Đại hội, bầu cử"])


class CongressOut(Schema):
    id: int
    name: str
    unit_code: str
    kind: str
    term: str
    starts_on: date
    ends_on: date
    cutoff_on: date


class CongressAttendanceOut(Schema):
    summoned: int
    present: int
    base: int
    quorum_needed: int
    quorum_reached: bool
    excluded: dict[str, int]


class DelegateOut(Schema):
    id: int
    number: int
    full_name: str
    category: str
    branch_name: str
    checked_in_at: datetime | None


class DelegateCheckInIn(Schema):
    query: str


class CandidateOut(Schema):
    id: int
    full_name: str
    source: str
    support: int | None


class RoundOut(Schema):
    number: int
    # Why a round was held (first, tie, shortfall) and how many seats a later round fills tell
    # how the earlier one came out: null until release, unless the caller holds a congress role.
    reason: str | None
    seats: int | None
    status: str
    issued: int | None


class ElectionOut(Schema):
    id: int
    congress_id: int
    kind: str
    seats: int
    layout: str
    released_at: datetime | None
    candidates: list[CandidateOut]
    rounds: list[RoundOut]


class RoundResultOut(Schema):
    number: int
    base: int
    valid: int
    invalid: int
    invalid_by_reason: dict[str, int]
    votes: dict[str, int]
    elected: list[str]
    tied: list[str]
    unfilled: int


class ResultsOut(Schema):
    released: bool
    elected: list[str]
    rounds: list[RoundResultOut]


class BallotIn(Schema):
    number: int
    kept: list[int] | None = None
    marks: dict[str, str | None] | None = None
    invalid: str = ""


class BallotsIn(Schema):
    teller: int
    ballots: list[BallotIn]


class Message(Schema):
    detail: str


class CongressRoleIn(Schema):
    username: str
    role: str  # committee | counting


class CongressRoleOut(Schema):
    username: str
    role: str


def _congress_out(c: Congress) -> CongressOut:
    return CongressOut(id=c.pk, name=c.name, unit_code=c.unit.code, kind=c.kind, term=c.term, starts_on=c.starts_on,
                       ends_on=c.ends_on, cutoff_on=c.cutoff_on)


def _invalid(exc: ValidationError):
    return Status(400, Message(detail=" ".join(exc.messages)))


@router.get("/congresses", response=list[CongressOut], summary="Các đại hội trong phạm vi")
def list_congresses(request):
    scope = api_scope(request)
    return [
        _congress_out(c)
        for c in selectors.scoped_congresses(scope).select_related("unit").order_by("-starts_on")[:200]
    ]


@router.get("/congresses/{congress_id}", response=CongressOut, summary="Một đại hội")
def get_congress(request, congress_id: int):
    return _congress_out(selectors.congress_get(scope=api_scope(request), congress_id=congress_id))


@router.get("/congresses/{congress_id}/attendance", response=CongressAttendanceOut,
            summary="Số có mặt, căn cứ, đủ số lượng")
def get_attendance(request, congress_id: int):
    congress = selectors.congress_get(scope=api_scope(request), congress_id=congress_id)
    f = selectors.attendance(congress)
    return CongressAttendanceOut(summoned=f.summoned, present=f.present, base=f.base.base,
                                 quorum_needed=f.quorum.needed,
                         quorum_reached=f.quorum.reached, excluded={k: v for k, v in f.base.counts.items() if v})


@router.get("/congresses/{congress_id}/delegates", response=list[DelegateOut], summary="Danh sách triệu tập")
def list_delegates(request, congress_id: int):
    congress = selectors.congress_get(scope=api_scope(request), congress_id=congress_id)
    return [DelegateOut(id=d.pk, number=d.number, full_name=d.full_name, category=d.category,
                        branch_name=d.branch_name, checked_in_at=d.checked_in_at)
            for d in congress.delegates.order_by("number")]


@router.post("/congresses/{congress_id}/checkin", response={200: DelegateOut, 400: Message},
             summary="Điểm danh (số thẻ, số thứ tự, họ tên hoặc nội dung mã QR)")
def check_in(request, congress_id: int, payload: DelegateCheckInIn):
    scope = api_scope(request)
    congress = selectors.congress_get(scope=scope, congress_id=congress_id)
    try:
        d = services.delegate_check_in(actor=request.user, scope=scope, congress=congress, query=payload.query)
    except ValidationError as exc:
        return _invalid(exc)
    return Status(200, DelegateOut(id=d.pk, number=d.number, full_name=d.full_name, category=d.category,
                            branch_name=d.branch_name, checked_in_at=d.checked_in_at))


@router.get("/congresses/{congress_id}/roles", response=list[CongressRoleOut], summary="Vai trò trong đại hội")
def list_roles(request, congress_id: int):
    congress = selectors.congress_get(scope=api_scope(request), congress_id=congress_id)
    return [CongressRoleOut(username=r.user.username, role=r.role) for r in selectors.roles_of(congress)]


@router.post("/congresses/{congress_id}/roles", response={201: CongressRoleOut, 400: Message, 403: Message},
             summary="Giao vai trò (chỉ cấp ủy triệu tập hoặc quản trị viên của tổ chức đại hội)")
def grant_role(request, congress_id: int, payload: CongressRoleIn):
    scope = api_scope(request)
    congress = selectors.congress_get(scope=scope, congress_id=congress_id)
    try:
        granted = services.congress_role_grant(actor=request.user, scope=scope, congress=congress,
                                               username=payload.username, role=payload.role)
    except ValidationError as exc:
        return _invalid(exc)
    return Status(201, CongressRoleOut(username=granted.user.username, role=granted.role))


@router.post("/congresses/{congress_id}/roles/revoke", response={200: Message, 400: Message, 403: Message},
             summary="Thu hồi vai trò (cùng quy tắc như giao vai trò)")
def revoke_role(request, congress_id: int, payload: CongressRoleIn):
    scope = api_scope(request)
    congress = selectors.congress_get(scope=scope, congress_id=congress_id)
    try:
        done = services.congress_role_revoke(actor=request.user, scope=scope, congress=congress,
                                             username=payload.username, role=payload.role)
    except ValidationError as exc:
        return _invalid(exc)
    return Status(200, Message(detail=_("Đã thu hồi vai trò.") if done else _("Người dùng không giữ vai trò này.")))


@router.get("/elections/{election_id}", response=ElectionOut, summary="Một cuộc bầu cử (không kèm kết quả)")
def get_election(request, election_id: int):
    e = selectors.election_get(scope=api_scope(request), election_id=election_id)
    shown = selectors.can_see_results(e, request.user)
    return ElectionOut(
        id=e.pk, congress_id=e.congress_id, kind=e.kind, seats=e.seats, layout=e.layout, released_at=e.released_at,
        candidates=[CandidateOut(id=c.pk, full_name=c.full_name, source=c.source, support=c.support)
                    for c in e.candidates.all()],
        rounds=[RoundOut(number=r.number, reason=r.reason if shown else None,
                         seats=r.seats if shown or r.number == 1 else None, status=r.status, issued=r.issued)
                for r in e.rounds.all()])


@router.get("/elections/{election_id}/results", response=ResultsOut,
            summary="Kết quả (403 trước khi công bố, trừ cấp ủy triệu tập và ban kiểm phiếu)")
def get_results(request, election_id: int):
    e = selectors.election_get(scope=api_scope(request), election_id=election_id)
    if not selectors.can_see_results(e, request.user):
        raise PermissionDenied("Kết quả chưa được công bố.")
    rounds = [RoundResultOut(number=r.number, base=r.base, **{k: r.result[k] for k in (
        "valid", "invalid", "invalid_by_reason", "votes", "elected", "tied", "unfilled")})
        for r in e.rounds.filter(status="counted")]
    return ResultsOut(released=e.released_at is not None, elected=selectors.elected_names(e), rounds=rounds)


@router.post("/rounds/{round_id}/ballots", response={200: Message, 400: Message},
             summary="Nhập cả tập phiếu của một tổ (máy kiểm phiếu); thay các phiếu tổ đó đã nhập")
def post_ballots(request, round_id: int, payload: BallotsIn):
    scope = api_scope(request)
    round_ = selectors.round_get(scope=scope, round_id=round_id)
    layout = round_.election.layout
    entries = [(b.number, (b.kept or []) if layout == "strike" else (b.marks or {}),
                b.invalid) for b in payload.ballots]
    try:
        count = services.ballots_enter_many(actor=request.user, scope=scope, round_=round_, teller=payload.teller,
                                            entries=entries)
    except ValidationError as exc:
        return _invalid(exc)
    return Status(200, Message(detail=f"Đã nhập {count} phiếu của tổ {payload.teller}."))


@router.post("/rounds/{round_id}/count", response={200: RoundResultOut, 400: Message},
             summary="Kiểm phiếu một vòng khi hai tổ nhập khớp nhau")
def post_count(request, round_id: int):
    scope = api_scope(request)
    round_ = selectors.round_get(scope=scope, round_id=round_id)
    try:
        result = services.round_count(actor=request.user, scope=scope, round_=round_)
    except ValidationError as exc:
        return _invalid(exc)
    return Status(200,
                  RoundResultOut(number=round_.number, base=result.base, valid=result.valid, invalid=result.invalid,
                               invalid_by_reason=dict(result.invalid_by_reason), votes=dict(result.votes),
                               elected=list(result.elected), tied=list(result.tied), unfilled=result.unfilled))
