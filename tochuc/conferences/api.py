"""API of multi-site conferences (same scope rules as the pages; out of scope → 404).

The check-in route is built for many concurrent clients: one short transaction per request,
idempotent (posting the same person again answers 200 with ``created: false`` and counts
nothing), so a client may simply retry on a timeout. A walk-in guest is the same person again
when the retry carries the same ``idempotency_key`` (or, without one, the same name and position
at the point); the database's unique keys decide, so even concurrent retries count once.
"""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import ValidationError
from ninja import Field, Router, Schema, Status

from tochuc.conferences import selectors, services
from tochuc.conferences.models import Attendee, BridgePoint, Conference
from tochuc.core.api_scope import api_scope
from tochuc.core.params import sized
from tochuc.core.tabular import ImportRejected

router = Router(tags=["Hội nghị trực tuyến"])


class Problem(Schema):
    detail: str
    errors: list[str] = []


def _problem(exc: Exception) -> Status:
    if isinstance(exc, ImportRejected):
        return Status(400,
                      Problem(detail="; ".join(str(e) for e in exc.errors[:20]), errors=[str(e) for e in exc.errors]))
    messages = getattr(exc, "messages", None) or [str(exc)]
    return Status(400, Problem(detail=" ".join(str(m) for m in messages), errors=[str(m) for m in messages]))


class ConferenceOut(Schema):
    id: int
    title: str
    organizer: str
    starts_at: datetime
    ends_at: datetime | None
    host_site: str
    video_link: str


class ConferenceIn(Schema):
    organizer_code: str
    title: sized(Conference, "title")
    starts_at: datetime
    ends_at: datetime | None = None
    host_site: sized(Conference, "host_site")
    video_link: sized(Conference, "video_link") = ""


class AgendaOut(Schema):
    position: int
    title: str
    presenter: str
    presenter_title: str
    minutes: int | None


class ConferenceDocumentOut(Schema):
    code: str
    issued_on: date | None
    title: str


class TaskOut(Schema):
    id: int
    unit: str
    description: str
    deadline: date | None
    status: str


class ConferenceDetail(ConferenceOut):
    is_host: bool
    conclusion: str
    agenda: list[AgendaOut]
    documents: list[ConferenceDocumentOut]
    tasks: list[TaskOut]


def _out(c: Conference) -> dict:
    return {"id": c.pk, "title": c.title, "organizer": c.organizer.code, "starts_at": c.starts_at, "ends_at": c.ends_at,
            "host_site": c.host_site, "video_link": c.video_link}


@router.get("/conferences", response=list[ConferenceOut], summary="Hội nghị trong phạm vi (chủ trì hoặc có điểm cầu)")
def list_conferences(request, limit: int = 100):
    scope = api_scope(request)
    return [_out(c) for c in selectors.conferences_visible(scope)[: max(1, min(limit, 500))]]


@router.post("/conferences", response={201: ConferenceOut, 400: Problem, 403: Problem}, summary="Tạo hội nghị")
def create_conference(request, payload: ConferenceIn):
    scope = api_scope(request)
    try:
        conference = services.conference_create(actor=request.user, scope=scope, **payload.dict())
    except ValidationError as exc:
        return _problem(exc)
    return Status(201, _out(conference))


@router.get("/conferences/{conference_id}", response=ConferenceDetail,
            summary="Hội nghị: chương trình, văn bản, kết luận")
def get_conference(request, conference_id: int):
    scope = api_scope(request)
    access = selectors.conference_access(scope=scope, conference_id=conference_id)
    c = access.conference
    return {**_out(c), "is_host": access.is_host, "conclusion": c.conclusion,
            "agenda": list(c.agenda.all()), "documents": list(c.documents.all()),
            "tasks": [{"id": t.pk, "unit": t.unit.code, "description": t.description, "deadline": t.deadline,
                       "status": t.status} for t in selectors.tasks_visible(scope=scope, access=access)]}


class LevelTotals(Schema):
    level: str
    points: int
    connected: int
    registered: int
    checked_in: int
    present: int


class TotalsOut(Schema):
    conference: int
    is_host: bool
    overall: LevelTotals
    by_level: list[LevelTotals]


def _level(level: str, t) -> dict:
    return {"level": level, "points": t.points, "connected": t.connected, "registered": t.registered,
            "checked_in": t.checked_in, "present": t.present}


@router.get("/conferences/{conference_id}/totals", response=TotalsOut,
            summary="Số liệu trực tuyến: điểm cầu kết nối, đại biểu đăng ký và có mặt, theo cấp")
def get_totals(request, conference_id: int):
    scope = api_scope(request)
    access = selectors.conference_access(scope=scope, conference_id=conference_id)
    totals = selectors.attendance(access, with_points=False).totals
    return {"conference": conference_id, "is_host": access.is_host, "overall": _level("all", totals.overall),
            "by_level": [_level(level, t) for level, t in totals.by_level.items()]}


class PointOut(Schema):
    id: int
    unit: str
    name: str
    level: str
    contact_name: str
    contact_phone: str
    connected: bool
    registered: int
    checked_in: int
    reported_count: int | None
    present: int


@router.get("/conferences/{conference_id}/points", response=list[PointOut],
            summary="Điểm cầu (chủ trì: tất cả; điểm cầu: của mình)")
def list_points(request, conference_id: int):
    scope = api_scope(request)
    access = selectors.conference_access(scope=scope, conference_id=conference_id)
    return [{"id": r.point.pk, "unit": r.point.unit.code, "name": r.point.name, "level": r.point.level,
             "contact_name": r.point.contact_name, "contact_phone": r.point.contact_phone, "connected": r.connected,
             "registered": r.registered, "checked_in": r.checked_in, "reported_count": r.point.reported_count,
             "present": r.present} for r in selectors.attendance(access).rows]


class PointIn(Schema):
    unit_code: str
    contact_name: sized(BridgePoint, "contact_name")
    contact_phone: sized(BridgePoint, "contact_phone") = ""
    location: sized(BridgePoint, "location") = ""
    name: sized(BridgePoint, "name") = ""


class Written(Schema):
    written: int


@router.post("/conferences/{conference_id}/points", response={201: Written, 400: Problem, 403: Problem},
             summary="Thêm điểm cầu (đơn vị tổ chức)")
def add_points(request, conference_id: int, payload: list[PointIn]):
    scope = api_scope(request)
    access = selectors.conference_access(scope=scope, conference_id=conference_id)
    try:
        written = services.bridge_points_add(actor=request.user, scope=scope, conference=access.conference,
                                             rows=[services.PointRow(**p.dict()) for p in payload])
    except (ValidationError, ImportRejected) as exc:
        return _problem(exc)
    return Status(201, {"written": written})


class GuestIn(Schema):
    full_name: sized(Attendee, "full_name")
    position: sized(Attendee, "position") = ""


class RegistrationIn(Schema):
    member_ids: list[int] = []
    guests: list[GuestIn] = []


@router.post("/conferences/{conference_id}/points/{point_id}/registrations",
             response={201: Written, 400: Problem, 403: Problem}, summary="Đăng ký đại biểu dự kiến tại điểm cầu")
def register(request, conference_id: int, point_id: int, payload: RegistrationIn):
    scope = api_scope(request)
    point, _host = selectors.point_access(scope=scope, conference_id=conference_id, point_id=point_id)
    try:
        written = services.attendees_register(actor=request.user, scope=scope, point=point,
                                              member_ids=payload.member_ids,
                                              guests=[services.Guest(g.full_name, g.position) for g in payload.guests])
    except (ValidationError, ImportRejected) as exc:
        return _problem(exc)
    return Status(201, {"written": written})


class ConferenceCheckInIn(Schema):
    attendee_id: int | None = None
    member_id: int | None = None
    guest_name: sized(Attendee, "full_name") | None = None
    guest_position: sized(Attendee, "position") = ""
    idempotency_key: str | None = Field(
        None,  # checked by the service (1–64 of A–Z a–z 0–9 - _ . :), to answer in Vietnamese
        description="Mã chống lặp (1–64 ký tự A–Z, a–z, 0–9, - _ . :) do máy khách tạo cho mỗi lần điểm danh "
                    "(ví dụ một UUID) và gửi lại y nguyên khi "
                    "thử lại: khách mời vãng lai chỉ được đăng ký và tính một lần cho mỗi mã. Không gửi mã: khách "
                    "mời trùng họ tên và chức vụ tại cùng điểm cầu được coi là một người.")


class CheckInOut(Schema):
    created: bool
    attendee_id: int
    full_name: str
    point_id: int
    checked_at: datetime


@router.post("/conferences/{conference_id}/points/{point_id}/check-ins",
             response={200: CheckInOut, 201: CheckInOut, 400: Problem, 403: Problem},
             summary="Điểm danh một đại biểu (lặp lại không tính thêm: 200, created=false)")
def check_in(request, conference_id: int, point_id: int, payload: ConferenceCheckInIn):
    scope = api_scope(request)
    point, _host = selectors.point_access(scope=scope, conference_id=conference_id, point_id=point_id)
    try:
        result = services.checkin_record(actor=request.user, scope=scope, point=point, **payload.dict())
    except ValidationError as exc:
        return _problem(exc)
    body = {"created": result.created, "attendee_id": result.attendee.pk, "full_name": result.attendee.full_name,
            "point_id": result.point_id, "checked_at": result.checked_at}
    return Status(201 if result.created else 200, body)


class CountIn(Schema):
    count: int | None


class PointState(Schema):
    id: int
    connected: bool
    reported_count: int | None


@router.post("/conferences/{conference_id}/points/{point_id}/count",
             response={200: PointState, 400: Problem, 403: Problem},
             summary="Báo cáo số đại biểu có mặt tại điểm cầu")
def report_count(request, conference_id: int, point_id: int, payload: CountIn):
    scope = api_scope(request)
    point, _host = selectors.point_access(scope=scope, conference_id=conference_id, point_id=point_id)
    try:
        point = services.bridge_point_report_count(actor=request.user, scope=scope, point=point, count=payload.count)
    except ValidationError as exc:
        return _problem(exc)
    return Status(200, {"id": point.pk, "connected": True, "reported_count": point.reported_count})


@router.post("/conferences/{conference_id}/points/{point_id}/connect", response={200: PointState, 403: Problem},
             summary="Điểm cầu báo đã kết nối")
def connect(request, conference_id: int, point_id: int):
    scope = api_scope(request)
    point, _host = selectors.point_access(scope=scope, conference_id=conference_id, point_id=point_id)
    point = services.bridge_point_connect(actor=request.user, scope=scope, point=point)
    return Status(200, {"id": point.pk, "connected": True, "reported_count": point.reported_count})
