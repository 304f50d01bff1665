"""Branch meeting pages: the branches, a branch's meetings and plan, the meeting record with its
attendance sheet and minutes, exports, the superior's compliance page, planning for a subtree.

Thin views (DESIGN.md): reads through ``tochuc.meetings.selectors`` with ``request.scope``,
writes through ``tochuc.meetings.services``; ``scoped_view`` turns out-of-scope ids into 404.
"""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tochuc.core.params import BadInput, bounded_int
from tochuc.core.permissions import allows
from tochuc.core.views import day_param, messages_of, quarter_param, run_service, scoped_view
from tochuc.domain import meetings as rules
from tochuc.domain import orgs as org_rules
from tochuc.domain.meetings import MeetingRuleError, Month, Quarter
from tochuc.meetings import exports, selectors, services
from tochuc.meetings.models import AttendanceStatus, Meeting, MeetingKind, MeetingStatus, SelfRating
from tochuc.meetings.policy import current_policy
from tochuc.orgs.models import UnitVersion
from tochuc.orgs.selectors import scope_roots, scoped_versions, unit_get_by_id, unit_search

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PAGE = 50
EXPORT_MAX = 20_000  # branches with gaps in one sheet (explaining them reads their attendance)


def _time(text: str | None):
    text = (text or "").strip()
    try:
        return datetime.strptime(text, "%H:%M").time() if text else None
    except ValueError:
        return None


# --- Branches -----------------------------------------------------------------------------------


@scoped_view
def meeting_home(request: HttpRequest) -> HttpResponse:
    """Branches in scope (searchable), planning for a subtree, the way to the compliance page."""
    scope = request.scope
    query = request.GET.get("q", "").strip()[:200]
    if query:
        branches = [v for v in unit_search(scope=scope, query=query,
                                           limit=200) if v.kind in org_rules.BRANCH_KINDS][:PAGE]
    else:
        branches = list(scoped_versions(scope).filter(kind__in=org_rules.BRANCH_KINDS)
                        .select_related("unit").order_by("path")[:PAGE])
    roots = scope_roots(scope)
    next_month = Month.of(scope.as_of) + 1
    return render(request, "meetings/home.html", {
        "query": query, "branches": branches, "roots": roots, "can_write": allows(scope, "meeting.write"),
        "next_month": next_month.iso(), "quarter": Month.of(scope.as_of).quarter,
        "this_month": Month.of(scope.as_of).iso(), "errors": [], "done": request.GET.get("da-lap", ""),
    })


@require_POST
@scoped_view
def meeting_plan_subtree(request: HttpRequest) -> HttpResponse:
    """Plan the month's regular meeting, or the quarter's thematic session, for a whole subtree."""
    scope = request.scope
    root_code = request.POST.get("root", "").strip()
    what = request.POST.get("what", "monthly")
    try:
        if what == "thematic":
            year, number = quarter_param(request.POST.get("quarter"))
            count = services.meetings_plan_quarter(
                actor=request.user, scope=scope, root_code=root_code, quarter=Quarter(year, number),
                topic=request.POST.get("topic", ""),
                month_of_quarter=bounded_int("month_of_quarter", request.POST.get("month_of_quarter") or 3))
        else:
            count = services.meetings_plan_month(actor=request.user, scope=scope, root_code=root_code,
                                                 month=Month.parse(request.POST.get("month", "")))
    except PermissionDenied as exc:
        raise PermissionDenied(str(exc)) from None
    except (ValidationError, MeetingRuleError, BadInput) as exc:
        errors = messages_of(exc)
        return render(request, "meetings/home.html", {
            "query": "", "branches": [], "roots": scope_roots(scope), "can_write": allows(scope, "meeting.write"),
            "next_month": (Month.of(scope.as_of) + 1).iso(), "quarter": Month.of(scope.as_of).quarter,
            "this_month": Month.of(scope.as_of).iso(), "errors": errors, "done": ""}, status=400)
    return redirect(f"{reverse('meetings:home')}?da-lap={count}")


def _branch_page(request: HttpRequest, version: UnitVersion, *, errors=(), status: int = 200) -> HttpResponse:
    scope = request.scope
    meetings = selectors.branch_meetings(scope=scope, version=version)
    next_month = Month.of(scope.as_of) + 1
    return render(request, "meetings/branch.html", {
        "branch": version, "meetings": meetings, "can_write": allows(scope, "meeting.write"), "errors": errors,
        "kinds": MeetingKind.choices, "default_day": rules.regular_meeting_day(next_month, current_policy()),
    }, status=status)


@scoped_view
def meeting_branch(request: HttpRequest, code: str) -> HttpResponse:
    version = selectors.branch_get(scope=request.scope, code=code)
    if request.method == "POST":
        planned_on = day_param(request.POST.get("planned_on"))
        if planned_on is None:
            return _branch_page(request, version, errors=[_("Ngày dự kiến: hãy nhập ngày (YYYY-MM-DD).")], status=400)
        meeting, problems = run_service(request, services.meeting_plan, branch_code=code,
                                        kind=request.POST.get("kind", ""), planned_on=planned_on,
                                        topic=request.POST.get("topic", ""), agenda=request.POST.get("agenda", ""))
        if problems:
            return _branch_page(request, version, errors=problems, status=problems.status)
        return redirect("meetings:detail", meeting_id=meeting.pk)
    return _branch_page(request, version)


# --- One meeting --------------------------------------------------------------------------------


def _meeting_page(request: HttpRequest, meeting: Meeting, *, errors=(), status: int = 200,
                  held_on: date | None = None, posted: dict | None = None) -> HttpResponse:
    scope = request.scope
    try:
        branch = unit_get_by_id(scope=scope, unit_id=meeting.unit_id)
    except UnitVersion.DoesNotExist:
        raise Http404 from None
    sheet = selectors.meeting_sheet(meeting=meeting, on=held_on or meeting.held_on)
    if posted:  # a rejected sheet comes back as it was typed
        for row in sheet:
            row.status, row.reason = posted.get(row.member_id, (row.status, row.reason))
    policy = current_policy()
    return render(request, "meetings/detail.html", {
        "meeting": meeting, "branch": branch, "sheet": sheet, "can_write": allows(scope, "meeting.write"),
        "errors": errors,
        "statuses": AttendanceStatus.choices, "ratings": SelfRating.choices,
        "held_on": held_on or meeting.held_on or min(meeting.planned_on, scope.as_of),
        "short_of": rules.short_meeting(meeting.kind, meeting.duration_minutes, policy),
        "low": meeting.status == MeetingStatus.HELD and rules.attendance_is_low(
            meeting.present_count, meeting.summoned_count, policy),
        "threshold": policy.attendance_min_percent,
        "agenda_text": "\n".join(meeting.agenda or []), "resolutions_text": "\n".join(meeting.resolutions or []),
    }, status=status)


@scoped_view
def meeting_detail(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = selectors.meeting_get(scope=request.scope, meeting_id=meeting_id)
    return _meeting_page(request, meeting, held_on=day_param(request.GET.get("ngay-hop")))


@require_POST
@scoped_view
def meeting_attendance(request: HttpRequest, meeting_id: int) -> HttpResponse:
    scope = request.scope
    meeting = selectors.meeting_get(scope=scope, meeting_id=meeting_id)
    held_on = day_param(request.POST.get("held_on"))
    if held_on is None:
        return _meeting_page(request, meeting, errors=[_("Ngày sinh hoạt: hãy nhập ngày (YYYY-MM-DD).")], status=400)
    entries, arrived = {}, {}
    for key, value in request.POST.items():
        if key.startswith("status-") and key[7:].isdigit() and value:
            member_id = int(key[7:])
            entries[member_id] = (value, request.POST.get(f"reason-{member_id}", ""))
            arrived[member_id] = _time(request.POST.get(f"arrived-{member_id}"))
    _none, problems = run_service(request, services.meeting_record_attendance, meeting=meeting, held_on=held_on,
                                  entries=entries, arrived=arrived)
    if problems.status == 403:
        return _meeting_page(request, meeting, errors=problems, status=403)
    if problems:
        return _meeting_page(request, meeting, errors=problems, status=400, held_on=held_on, posted=entries)
    return redirect("meetings:detail", meeting_id=meeting.pk)


@require_POST
@scoped_view
def meeting_minutes(request: HttpRequest, meeting_id: int) -> HttpResponse:
    scope = request.scope
    meeting = selectors.meeting_get(scope=scope, meeting_id=meeting_id)
    try:
        duration = int(request.POST.get("duration_minutes") or 0)
    except ValueError:
        duration = 0
    _none, problems = run_service(
        request, services.meeting_close, meeting=meeting, minutes=request.POST.get("minutes", ""),
        resolutions=request.POST.get("resolutions", ""), self_rating=request.POST.get("self_rating", ""),
        duration_minutes=duration, started_at=_time(request.POST.get("started_at")), agenda=request.POST.get("agenda"),
        chair=request.POST.get("chair", ""), secretary=request.POST.get("secretary", ""))
    if problems:
        return _meeting_page(request, meeting, errors=problems, status=problems.status)
    return redirect("meetings:detail", meeting_id=meeting.pk)


@require_POST
@scoped_view
def meeting_cancel(request: HttpRequest, meeting_id: int) -> HttpResponse:
    scope = request.scope
    meeting = selectors.meeting_get(scope=scope, meeting_id=meeting_id)
    _none, problems = run_service(request, services.meeting_cancel, meeting=meeting,
                                  reason=request.POST.get("reason", "").strip() or None)
    if problems:
        return _meeting_page(request, meeting, errors=problems, status=problems.status)
    return redirect("meetings:detail", meeting_id=meeting.pk)


def _minutes_file(request: HttpRequest, meeting_id: int, fmt: str) -> HttpResponse:
    scope = request.scope
    meeting = selectors.meeting_get(scope=scope, meeting_id=meeting_id)
    branch = unit_get_by_id(scope=scope, unit_id=meeting.unit_id)
    sheet = selectors.meeting_sheet(meeting=meeting)
    services.minutes_exported(actor=request.user, meeting=meeting, fmt=fmt)
    if fmt == "pdf":
        content, mime = exports.minutes_pdf(meeting, branch.name, sheet), "application/pdf"
    else:
        content, mime = exports.minutes_docx(meeting, branch.name, sheet), DOCX
    response = HttpResponse(content, content_type=mime)
    response["Content-Disposition"] = (f'attachment; filename="bien-ban-{branch.unit.code}-'
                                       f'{meeting.day.isoformat()}.{fmt}"')
    return response


@scoped_view
def meeting_minutes_pdf(request: HttpRequest, meeting_id: int) -> HttpResponse:
    return _minutes_file(request, meeting_id, "pdf")


@scoped_view
def meeting_minutes_docx(request: HttpRequest, meeting_id: int) -> HttpResponse:
    return _minutes_file(request, meeting_id, "docx")


# --- Compliance ---------------------------------------------------------------------------------


@scoped_view
def meeting_compliance(request: HttpRequest) -> HttpResponse:
    """The superior's view: which branches of a subtree missed a month or a quarter's thematic
    session, had low attendance, members absent without reason or excused too often."""
    scope = request.scope
    roots = scope_roots(scope)
    root = request.GET.get("root", "").strip() or (roots[0].unit.code if roots else "")
    last = Month.of(scope.as_of) + -1
    start_text = request.GET.get("tu", "").strip() or (last + -2).iso()
    end_text = request.GET.get("den", "").strip() or last.iso()
    try:
        page = max(1, int(request.GET.get("trang") or 1))
    except ValueError:
        page = 1
    context = {"root": root, "start": start_text, "end": end_text, "roots": roots, "errors": [], "page": page}
    try:
        period = selectors.period_of(start_text, end_text)
    except MeetingRuleError as exc:
        context["errors"] = [exc.message]
        return render(request, "meetings/compliance.html", context, status=400)
    if not root:
        raise Http404
    exporting = request.GET.get("export") == "xlsx"
    summary = selectors.compliance_summary(scope, root, period.start, period.end)  # DoesNotExist → 404
    rows = selectors.compliance_branches(scope, root, period.start, period.end,
                                         limit=(EXPORT_MAX if exporting else PAGE) + 1,
                                         offset=0 if exporting else (page - 1) * PAGE)
    if exporting:
        services.compliance_names_read(actor=request.user, summary=summary, rows=rows[:EXPORT_MAX], channel="xlsx")
        content = exports.compliance_xlsx(summary, rows[:EXPORT_MAX], truncated=len(rows) > EXPORT_MAX)
        response = HttpResponse(content, content_type=XLSX)
        response["Content-Disposition"] = (f'attachment; filename="sinh-hoat-chi-bo-{summary.root}-'
                                           f'{period.start.iso()}-{period.end.iso()}.xlsx"')
        return response
    services.compliance_names_read(actor=request.user, summary=summary, rows=rows[:PAGE], channel="page")
    context.update({"summary": summary, "rows": rows[:PAGE], "has_next": len(rows) > PAGE,
                    "threshold": current_policy().attendance_min_percent,
                    "max_excused": current_policy().max_excused_in_a_row})
    return render(request, "meetings/compliance.html", context)
