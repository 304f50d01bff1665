"""API routes of branch meetings (same scope rules as the pages: out of scope is a 404)."""

from __future__ import annotations

from datetime import date, datetime, time

from django.core.exceptions import ValidationError
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from tochuc.core.api_scope import api_scope
from tochuc.core.params import sized
from tochuc.core.tabular import ImportRejected
from tochuc.domain.meetings import MeetingRuleError, Month
from tochuc.meetings import selectors, services
from tochuc.meetings.models import Attendance, Meeting

router = Router(tags=["Sinh hoạt chi bộ"])


class MeetingOut(Schema):
    id: int
    branch: str
    kind: str
    status: str
    planned_on: date
    held_on: date | None
    topic: str
    agenda: list[str]
    duration_minutes: int | None
    summoned: int
    present: int
    excused: int
    absent: int
    self_rating: str
    resolutions: list[str]


class AttendanceOut(Schema):
    member_id: int
    full_name: str
    status: str
    reason: str
    arrived_at: time | None
    recorded_at: datetime | None


class MeetingDetailOut(MeetingOut):
    minutes: str
    attendance: list[AttendanceOut]


class PlanIn(Schema):
    branch: str
    kind: str = "monthly"
    planned_on: date | None = None
    month: str | None = None  # YYYY-MM: the regular day (3rd) of that month
    topic: sized(Meeting, "topic") = ""
    agenda: list[str] = []


class AttendanceEntry(Schema):
    member_id: int
    status: str
    reason: sized(Attendance, "reason") = ""
    arrived_at: time | None = None


class AttendanceIn(Schema):
    held_on: date
    entries: list[AttendanceEntry]


class CloseIn(Schema):
    minutes: str
    resolutions: list[str] = []
    self_rating: str
    duration_minutes: int
    started_at: time | None = None
    agenda: list[str] | None = None
    chair: sized(Meeting, "chair") = ""
    secretary: sized(Meeting, "secretary") = ""


class SummaryOut(Schema):
    root: str
    root_name: str
    start: str
    end: str
    months_checked: int
    quarters_checked: int
    branches: int
    branches_expected: int
    branches_compliant: int
    missing_monthly: int
    missing_thematic: int
    low_attendance: int
    absent_without_reason: int
    members_absent_without_reason: int
    members_excused_in_a_row: int


class BranchGapsOut(Schema):
    code: str
    name: str
    expected_months: int
    missed_months: list[str]
    quarters_without_thematic: list[str]
    low_attendance: list[date]
    absent_without_reason: list[str]
    excused_in_a_row: list[str]


class ComplianceOut(Schema):
    summary: SummaryOut
    branches: list[BranchGapsOut]


def _out(meeting: Meeting, code: str) -> dict:
    return {"id": meeting.pk, "branch": code, "kind": meeting.kind, "status": meeting.status,
            "planned_on": meeting.planned_on, "held_on": meeting.held_on, "topic": meeting.topic,
            "agenda": meeting.agenda or [], "duration_minutes": meeting.duration_minutes,
            "summoned": meeting.summoned_count, "present": meeting.present_count, "excused": meeting.excused_count,
            "absent": meeting.absent_count, "self_rating": meeting.self_rating,
            "resolutions": meeting.resolutions or []}


def _detail(meeting: Meeting) -> dict:
    sheet = selectors.meeting_sheet(meeting=meeting) if meeting.attendance_taken_at else []
    return {**_out(meeting, meeting.unit.code), "minutes": meeting.minutes,
            "attendance": [{"member_id": r.member_id, "full_name": r.full_name, "status": r.status, "reason": r.reason,
                            "arrived_at": r.arrived_at, "recorded_at": r.recorded_at} for r in sheet]}


def _bad(exc: Exception) -> HttpError:
    if isinstance(exc, ImportRejected):
        return HttpError(400, "; ".join(str(e) for e in exc.errors))
    if isinstance(exc, MeetingRuleError):
        return HttpError(400, exc.message)
    return HttpError(400, " ".join(getattr(exc, "messages", [str(exc)])))


@router.get("/meetings/compliance", response=ComplianceOut,
            summary="Tình hình sinh hoạt chi bộ của một đơn vị trong một kỳ (tháng YYYY-MM; mặc định 3 tháng vừa qua)")
def compliance(request, root: str, start: str | None = None, end: str | None = None, limit: int = 100,
               offset: int = 0):
    scope = api_scope(request)
    try:
        end = end or (Month.of(scope.as_of) + -1).iso()
        start = start or (Month.parse(end) + -2).iso()
        summary = selectors.compliance_summary(scope, root, start, end)
        rows = selectors.compliance_branches(scope, root, start, end, limit=max(1, min(limit, 1000)),
                                             offset=max(0, offset))
    except MeetingRuleError as exc:
        raise _bad(exc) from None
    services.compliance_names_read(actor=request.user, summary=summary, rows=rows, channel="api")
    data = summary.as_json()
    data["start"], data["end"] = data.pop("from"), data.pop("to")
    return {"summary": data, "branches": [
        {"code": r.code, "name": r.name, "expected_months": r.expected_months,
         "missed_months": [m.iso() for m in r.missed], "quarters_without_thematic": [str(q) for q in r.quarters],
         "low_attendance": [m.held_on for m in r.low], "absent_without_reason": r.absent_names,
         "excused_in_a_row": r.excused_names} for r in rows]}


@router.get("/meetings/branches/{code}", response=list[MeetingOut], summary="Các buổi sinh hoạt của một chi bộ")
def branch_meetings(request, code: str):
    scope = api_scope(request)
    version = selectors.branch_get(scope=scope, code=code)
    return [_out(m, code) for m in selectors.branch_meetings(scope=scope, version=version)]


@router.post("/meetings", response={201: MeetingOut}, summary="Lập kế hoạch một buổi sinh hoạt")
def plan(request, payload: PlanIn):
    scope = api_scope(request)
    try:
        month = Month.parse(payload.month) if payload.month else None
        meeting = services.meeting_plan(actor=request.user, scope=scope, branch_code=payload.branch, kind=payload.kind,
                                        planned_on=payload.planned_on, month=month, topic=payload.topic,
                                        agenda=payload.agenda)
    except (ValidationError, MeetingRuleError) as exc:
        raise _bad(exc) from None
    return Status(201, _out(meeting, payload.branch))


@router.get("/meetings/{meeting_id}", response=MeetingDetailOut, summary="Một buổi sinh hoạt, điểm danh và biên bản")
def get_meeting(request, meeting_id: int):
    return _detail(selectors.meeting_get(scope=api_scope(request), meeting_id=meeting_id))


@router.post("/meetings/{meeting_id}/attendance", response=MeetingDetailOut, summary="Ghi điểm danh (cả danh sách)")
def record_attendance(request, meeting_id: int, payload: AttendanceIn):
    scope = api_scope(request)
    meeting = selectors.meeting_get(scope=scope, meeting_id=meeting_id)
    try:
        meeting = services.meeting_record_attendance(
            actor=request.user, scope=scope, meeting=meeting, held_on=payload.held_on,
            entries={e.member_id: (e.status, e.reason) for e in payload.entries},
            arrived={e.member_id: e.arrived_at for e in payload.entries})
    except (ValidationError, ImportRejected) as exc:
        raise _bad(exc) from None
    return _detail(selectors.meeting_get(scope=scope, meeting_id=meeting.pk))


@router.post("/meetings/{meeting_id}/close", response=MeetingDetailOut, summary="Ghi biên bản, kết thúc buổi sinh hoạt")
def close(request, meeting_id: int, payload: CloseIn):
    scope = api_scope(request)
    meeting = selectors.meeting_get(scope=scope, meeting_id=meeting_id)
    try:
        services.meeting_close(actor=request.user, scope=scope, meeting=meeting, minutes=payload.minutes,
                               resolutions=payload.resolutions, self_rating=payload.self_rating,
                               duration_minutes=payload.duration_minutes, started_at=payload.started_at,
                               agenda=payload.agenda, chair=payload.chair, secretary=payload.secretary)
    except ValidationError as exc:
        raise _bad(exc) from None
    return _detail(selectors.meeting_get(scope=scope, meeting_id=meeting.pk))
