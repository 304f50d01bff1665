"""Conference pages: list and creation, the conference (host's forms), the live totals (htmx
refreshes them), a bridge point's page (contact, connection, head count, registrations,
check-ins), the attendance export.

Thin views: reads through ``tochuc.conferences.selectors`` with ``request.scope``, writes through
``tochuc.conferences.services``; ``scoped_view`` turns anything out of reach into a 404.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from tochuc.conferences import exports, forms, selectors, services
from tochuc.conferences.models import Level, TaskStatus
from tochuc.core.permissions import allows
from tochuc.core.tabular import ImportRejected
from tochuc.core.views import message_of, messages_of, scoped_view, status_of
from tochuc.domain import conferences as rules
from tochuc.orgs.selectors import scope_roots

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def refresh_seconds() -> int:
    """How often the live totals refresh (setting ``TOCHUC_CONFERENCE_REFRESH_SECONDS``, default 5)."""
    return int(getattr(settings, "TOCHUC_CONFERENCE_REFRESH_SECONDS", 5))


# --- List and creation --------------------------------------------------------------------------


@scoped_view
def conference_list(request: HttpRequest) -> HttpResponse:
    scope = request.scope
    errors: list[str] = []
    status = 200
    initial = {"organizer_code": ""}
    if scope.paths:
        roots = scope_roots(scope)
        initial["organizer_code"] = roots[0].unit.code if roots else ""
    form = forms.ConferenceForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            try:
                conference = services.conference_create(actor=request.user, scope=scope, **form.cleaned_data)
                return redirect("conferences:detail", conference_id=conference.pk)
            except (ValidationError, PermissionDenied) as exc:
                errors, status = messages_of(exc), status_of(exc)
        else:
            errors, status = [_("Hãy sửa các ô bị báo lỗi.")], 400
    conferences = list(selectors.conferences_visible(scope)[:200])
    return render(request, "conferences/list.html", {"conferences": conferences, "form": form, "errors": errors},
                  status=status)


# --- The conference -----------------------------------------------------------------------------

HOST_FORMS = {
    "edit": forms.ConferenceEditForm,
    "agenda": forms.AgendaForm,
    "document": forms.DocumentForm,
    "points": forms.PointsForm,
    "conclusion": forms.ConclusionForm,
    "task": forms.TaskForm,
}


def _host_action(request: HttpRequest, access, action: str, form) -> None:
    """Run one host form through its service (raises ValidationError/ImportRejected/PermissionDenied)."""
    common = {"actor": request.user, "scope": request.scope, "conference": access.conference}
    data = form.cleaned_data
    if action == "edit":
        services.conference_update(actor=request.user, scope=request.scope, conference=access.conference, **data)
    elif action == "agenda":
        services.agenda_item_add(**common, title=data["title"], presenter=data["presenter"],
                                 presenter_title=data["presenter_title"], minutes=data["minutes"])
    elif action == "document":
        services.document_add(**common, code=data["code"], title=data["title"], issued_on=data["issued_on"])
    elif action == "points":
        rows, numbers = form.rows()
        try:
            services.bridge_points_add(**common, rows=rows)
        except ImportRejected as exc:
            raise ImportRejected(forms.renumber(exc.errors, numbers)) from None
    elif action == "conclusion":
        services.conclusion_record(**common, text=data["text"])
    elif action == "task":
        services.task_assign(**common, unit_code=data["unit_code"], description=data["description"],
                             deadline=data["deadline"])


@scoped_view
def conference_detail(request: HttpRequest, conference_id: int) -> HttpResponse:
    scope = request.scope
    access = selectors.conference_access(scope=scope, conference_id=conference_id)
    c = access.conference
    bound = {name: cls() for name, cls in HOST_FORMS.items()}
    bound["edit"] = forms.ConferenceEditForm(initial={name: getattr(c, name) for name in services.EDITABLE})
    errors: list[str] = []
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in HOST_FORMS:
            return HttpResponse(status=400)
        form = bound[action] = HOST_FORMS[action](request.POST)
        if not access.is_host or not allows(scope, "conference.write"):
            errors, status = [_("Chỉ đơn vị tổ chức hội nghị mới được làm việc này.")], 403
        elif not form.is_valid():
            errors, status = [_("Hãy sửa các ô bị báo lỗi.")], 400
        else:
            try:
                _host_action(request, access, action, form)
                return redirect(f"{request.path}#{action}")
            except (PermissionDenied, ValidationError, ImportRejected) as exc:
                errors, status = messages_of(exc), status_of(exc)
    conference = access.conference
    tasks = list(selectors.tasks_visible(scope=scope, access=access))
    context = {
        "access": access,
        "conference": conference,
        "agenda": list(conference.agenda.all()),
        "documents": list(conference.documents.all()),
        "tasks": tasks,
        "overdue": {t.pk for t in tasks if rules.task_overdue(status=t.status, deadline=t.deadline, today=scope.as_of)},
        "task_statuses": TaskStatus.choices,
        "attendance": selectors.attendance(access),
        "levels": dict(Level.choices),
        "forms": bound,
        "errors": errors,
        "can_host": access.is_host and allows(scope, "conference.write"),
        "today": scope.as_of,
    }
    return render(request, "conferences/detail.html", context, status=status)


@scoped_view
def conference_live(request: HttpRequest, conference_id: int) -> HttpResponse:
    """The live totals; htmx asks for the ``totals`` partial every few seconds."""
    access = selectors.conference_access(scope=request.scope, conference_id=conference_id)
    totals = selectors.attendance(access, with_points=False).totals
    missing = selectors.points_not_connected(access)
    context = {"access": access, "conference": access.conference, "levels": dict(Level.choices), "totals": totals,
               "refresh": refresh_seconds(), "missing": missing,
               "missing_more": totals.overall.points - totals.overall.connected - len(missing)}
    template = "conferences/live.html#totals" if request.htmx else "conferences/live.html"
    return render(request, template, context)


@scoped_view
def conference_export(request: HttpRequest, conference_id: int) -> HttpResponse:
    access = selectors.conference_access(scope=request.scope, conference_id=conference_id)
    attendance = selectors.attendance(access)
    attendees = list(selectors.attendee_rows(access))
    services.attendance_exported(actor=request.user, scope=request.scope, conference=access.conference,
                                 rows=len(attendees))
    content = exports.attendance_xlsx(conference=access.conference, attendance=attendance, attendees=attendees)
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="diem-danh-hoi-nghi-{access.conference.pk}.xlsx"'
    return response


@scoped_view
def task_status(request: HttpRequest, task_id: int) -> HttpResponse:
    task, _host = selectors.task_get(scope=request.scope, task_id=task_id)
    if request.method != "POST":
        return redirect("conferences:detail", conference_id=task.conference_id)
    form = forms.TaskStatusForm(request.POST)
    if not form.is_valid():
        return HttpResponse(_("Tình trạng không hợp lệ."), status=400)
    try:
        services.task_set_status(actor=request.user, scope=request.scope, task=task, status=form.cleaned_data["status"],
                                 note=form.cleaned_data["note"])
    except (PermissionDenied, ValidationError) as exc:
        return HttpResponse(message_of(exc), status=status_of(exc))
    return redirect(reverse("conferences:detail", args=[task.conference_id]) + "#task")


# --- A bridge point ----------------------------------------------------------------------------


def _point_action(request: HttpRequest, point, action: str) -> str | None:
    """Run one form of the point page; returns a notice for the page (or raises)."""
    scope, actor, post = request.scope, request.user, request.POST
    if action == "contact":
        form = forms.ContactForm(post)
        if not form.is_valid():
            raise ValidationError(_("Hãy nhập người liên hệ."))
        services.bridge_point_update(actor=actor, scope=scope, point=point, **form.cleaned_data)
    elif action == "connect":
        services.bridge_point_connect(actor=actor, scope=scope, point=point)
    elif action == "count":
        form = forms.CountForm(post)
        if not form.is_valid():
            raise ValidationError(_("Số đại biểu phải là số nguyên từ 0."))
        services.bridge_point_report_count(actor=actor, scope=scope, point=point, count=form.cleaned_data["count"])
    elif action == "register":
        form = forms.RegisterForm(post)
        form.is_valid()
        identifiers = form.identifiers()
        member_ids, errors = selectors.members_by_identifiers(scope=scope, identifiers=identifiers)
        if errors:
            raise ImportRejected(errors)
        guests, guest_lines = form.guest_rows()
        try:
            count = services.attendees_register(actor=actor, scope=scope, point=point, member_ids=member_ids,
                                                guests=guests)
        except ImportRejected as exc:  # rows back to the lines typed in each box
            raise ImportRejected(forms.renumber(exc.errors, [n for n, _t in identifiers] + guest_lines)) from None
        return _("Đã đăng ký %(n)s đại biểu.") % {"n": count}
    elif action == "checkin":
        try:
            attendee_id = int(post.get("attendee", ""))
        except ValueError:
            raise ValidationError(_("Thiếu số đăng ký của đại biểu.")) from None
        result = services.checkin_record(actor=actor, scope=scope, point=point, attendee_id=attendee_id)
        return _checkin_notice(result)
    elif action == "walkin":
        form = forms.WalkInForm(post)
        form.is_valid()
        data = form.cleaned_data
        if data.get("card"):
            ids, errors = selectors.members_by_identifiers(scope=scope, identifiers=[(1, data["card"].strip())])
            if errors:
                raise ValidationError(errors[0].reason)
            result = services.checkin_record(actor=actor, scope=scope, point=point, member_id=ids[0])
        else:
            result = services.checkin_record(actor=actor, scope=scope, point=point, guest_name=data.get("guest_name"),
                                             guest_position=data.get("guest_position", ""),
                                             idempotency_key=post.get("idempotency_key", ""))
        return _checkin_notice(result)
    elif action == "cancel":
        try:
            attendee_id = int(post.get("attendee", ""))
        except ValueError:
            raise ValidationError(_("Thiếu số đăng ký của đại biểu.")) from None
        services.checkin_cancel(actor=actor, scope=scope, point=point, attendee_id=attendee_id)
    else:
        raise ValidationError(_("Thao tác không hợp lệ."))
    return None


def _checkin_notice(result) -> str:
    if result.created:
        return _("Đã điểm danh %(name)s.") % {"name": result.attendee.full_name}
    return _("%(name)s đã được điểm danh lúc %(time)s (không tính thêm).") % {
        "name": result.attendee.full_name, "time": result.checked_at.astimezone().strftime("%H:%M")}


@scoped_view
def point_detail(request: HttpRequest, conference_id: int, point_id: int) -> HttpResponse:
    scope = request.scope
    point, is_host = selectors.point_access(scope=scope, conference_id=conference_id, point_id=point_id)
    errors: list[str] = []
    notice = request.GET.get("tb", "")[:300]
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            notice = _point_action(request, point, action) or ""
            if not request.htmx:
                from urllib.parse import urlencode

                return redirect(f"{request.path}?{urlencode({'tb': notice})}" if notice else request.path)
        except (PermissionDenied, ValidationError, ImportRejected) as exc:
            errors, status = messages_of(exc), status_of(exc)
        point.refresh_from_db()
    attendees = selectors.point_attendees(point)
    checked_here = sum(1 for a in attendees if a["checkin"] and a["checkin"]["point_id"] == point.pk)
    context = {
        "conference": point.conference, "point": point, "is_host": is_host, "attendees": attendees,
        "checked_here": checked_here + selectors.point_walkin_checkins(point), "registered": len(attendees),
        "errors": errors, "notice": notice, "can_write": allows(scope, "conference.write"),
        "level": Level(point.level).label, "walk_in_key": secrets.token_urlsafe(18),
    }
    if request.htmx:  # htmx swaps only 2xx answers: the error is shown inside the partial
        return render(request, "conferences/point.html#attendance", context)
    return render(request, "conferences/point.html", context, status=status)
