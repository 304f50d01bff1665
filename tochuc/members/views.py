"""Member pages: search, the record with its timeline, recording an event, due lists.

Thin views (DESIGN.md): reads through ``tochuc.members.selectors`` with ``request.scope``,
writes through ``tochuc.members.lifecycle``; ``scoped_view`` turns out-of-scope ids into 404.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tochuc.core.permissions import allows, denied_message
from tochuc.core.views import message_of, month_param, scoped_view, status_of
from tochuc.domain.members.discipline import DISCIPLINE_FORMS
from tochuc.domain.members.rating import RATING_LEVELS
from tochuc.domain.members.rules import next_badge_day
from tochuc.members import exports, lifecycle, selectors
from tochuc.members.forms import EventForm
from tochuc.members.models import Member
from tochuc.members.privacy import mask
from tochuc.orgs.models import UnitVersion
from tochuc.orgs.selectors import unit_get_by_id

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx(request: HttpRequest, *, name: str, title: str, columns, rows: list) -> HttpResponse:
    lifecycle.member_list_exported(actor=request.user, scope=request.scope, name=name, count=len(rows))
    response = HttpResponse(exports.xlsx_bytes(title=title, columns=columns, rows=rows), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}-{request.scope.as_of.isoformat()}.xlsx"'
    return response


# --- Search -------------------------------------------------------------------------------------


@scoped_view
def member_search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    results = selectors.member_search(scope=request.scope, query=query) if query else []
    selectors.mark_left(scope=request.scope, members=results)
    if request.GET.get("export") == "xlsx" and query:
        return _xlsx(request, name="tim-kiem-dang-vien", title=_("Kết quả tìm kiếm"),
                     columns=exports.member_columns(), rows=exports.member_rows(results))
    template = "members/search.html#results" if request.htmx else "members/search.html"
    return render(request, template, {"query": query, "results": results})


# --- Record -------------------------------------------------------------------------------------


@dataclass
class TimelineEntry:
    kind: str
    label: str
    effective_on: date
    text: str = ""
    reason: str = ""
    voided: bool = False
    correction: TimelineEntry | None = None
    from_record: bool = False


def _describe(kind: str, details: dict) -> str:
    if kind == "rating":
        level = RATING_LEVELS.get(details.get("level"), details.get("level", ""))
        return _("%(score)s điểm — %(level)s") % {"score": details.get("score", ""), "level": level}
    if kind in ("badge", "posthumous_badge"):
        return _("Huy hiệu %(level)s năm tuổi Đảng") % {"level": details.get("level", "")}
    if kind == "discipline":
        return str(DISCIPLINE_FORMS.get(details.get("form"), details.get("form", "")))
    if kind in ("transfer", "temporary_transfer", "admission") and (details.get("to") or details.get("branch")):
        return _("Chi bộ %(code)s") % {"code": details.get("to") or details.get("branch")}
    if kind == "official" and details.get("approved_on"):
        return _("Quyết định ngày %(day)s") % {"day": date.fromisoformat(details["approved_on"]).strftime("%d/%m/%Y")}
    return ""


def _entry(event) -> TimelineEntry:
    return TimelineEntry(kind=event.kind, label=str(lifecycle.EVENT_LABELS.get(event.kind, event.kind)),
                         effective_on=event.effective_on, text=_describe(event.kind, event.details or {}),
                         reason=event.reason, voided=event.voided)


def member_timeline(member: Member) -> list[TimelineEntry]:
    """Events oldest first; a voided event carries its correction; admission and official dates
    come from the record itself when no event holds them (imported members)."""
    events = list(member.events.all())
    entries = {e.pk: _entry(e) for e in events}
    for event in events:
        if event.corrects_id in entries:
            entries[event.corrects_id].correction = entries[event.pk]
    kinds = {e.kind for e in events if not e.voided}
    timeline = list(entries.values())
    if "admission" not in kinds:
        timeline.append(TimelineEntry(kind="admission", label=str(lifecycle.EVENT_LABELS["admission"]),
                                      effective_on=member.admitted_on, from_record=True))
    if member.official_on and "official" not in kinds:
        timeline.append(TimelineEntry(kind="official", label=str(lifecycle.EVENT_LABELS["official"]),
                                      effective_on=member.official_on, from_record=True))
    timeline.sort(key=lambda e: (e.effective_on, e.kind != "admission"))
    return timeline


def _record_page(request: HttpRequest, member: Member, *, form: EventForm | None = None, error: str = "",
                 status: int = 200) -> HttpResponse:
    scope = request.scope
    branch = selectors.member_branch(member=member, as_of=scope.as_of)
    branch_version = None
    if branch is not None:
        try:
            branch_version = unit_get_by_id(scope=scope, unit_id=branch.unit_id)
        except UnitVersion.DoesNotExist:
            branch_version = None
    left_on = getattr(member, "left_on", None)
    # A member who left the subtree since the page's date: identifiers masked, no current data,
    # only the history before they left, and no form (writes happen today; DESIGN.md invariant 11).
    full = allows(scope, "member.read_identifiers") and left_on is None
    if full:
        lifecycle.member_record_viewed(actor=request.user, member=member, unit_id=branch.unit_id if branch else None)
    timeline = member_timeline(member)
    if left_on is not None:
        timeline = [entry for entry in timeline if entry.effective_on < left_on]
        for entry in timeline:
            if entry.correction is not None and entry.correction.effective_on >= left_on:
                entry.correction = None
    context = {
        "member": member,
        "left_on": left_on,
        "national_id": member.national_id if full else mask(member.national_id),
        "phone": member.phone if full else mask(member.phone),
        "card_number": member.card_number if left_on is None else mask(member.card_number),
        "branch": branch,
        "branch_version": branch_version,
        "timeline": timeline,
        "full_identifiers": full,
        "can_write": allows(scope, "member.write") and left_on is None,
        "form": form or EventForm(initial={"effective_on": scope.as_of}),
        "error": error,
    }
    return render(request, "members/detail.html", context, status=status)


@scoped_view
def member_detail(request: HttpRequest, member_id: int) -> HttpResponse:
    member = selectors.member_get(scope=request.scope, member_id=member_id)
    return _record_page(request, member)


@require_POST
@scoped_view
def member_event(request: HttpRequest, member_id: int) -> HttpResponse:
    scope = request.scope
    member = selectors.member_get(scope=scope, member_id=member_id)
    form = EventForm(request.POST)
    if not allows(scope, "member.write"):
        return _record_page(request, member, form=form, status=403, error=denied_message("member.write"))
    if not form.is_valid():
        return _record_page(request, member, form=form, status=400, error=_("Hãy sửa các ô bị báo lỗi."))
    data = form.cleaned_data
    kind, on, reason = data["kind"], data["effective_on"], data["reason"] or None
    common = {"actor": request.user, "scope": scope, "member": member, "reason": reason}
    try:
        if kind == "official":
            lifecycle.member_make_official(approved_on=on, **common)
        elif kind == "transfer":
            lifecycle.member_transfer(to_branch_code=data["to_branch"].strip(), effective_on=on, **common)
        elif kind in ("death", "removal", "leave"):
            lifecycle.member_leave_registry(kind=kind, effective_on=on, **common)
        else:
            lifecycle.member_record(kind=kind, effective_on=on, details=form.details(), **common)
    except (PermissionDenied, ValidationError) as exc:
        return _record_page(request, member, form=form, status=status_of(exc), error=message_of(exc))
    return redirect("members:detail", member_id=member.pk)


# --- Due lists ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class BadgeCandidate:
    member: Member
    level: int


DUE_LISTS = {
    "du-bi-den-han": "probation_due",
    "du-bi-qua-han": "probation_overdue",
    "chi-bo-duoi-3": "below_minimum",
    "chi-bo-co-so-30": "grassroots_reaching",
    "huy-hieu": "badge_candidates",
}


@scoped_view
def member_due(request: HttpRequest) -> HttpResponse:
    scope = request.scope
    year, month = month_param(request.GET, scope.as_of)
    lists = {
        "probation_due": list(selectors.probation_due_in_month(scope=scope, year=year, month=month)),
        "probation_overdue": list(selectors.probation_overdue(scope=scope, today=scope.as_of)),
        "below_minimum": list(selectors.branches_below_minimum(scope=scope)),
        "grassroots_reaching": list(selectors.grassroots_branches_reaching(scope=scope)),
    }
    badge_day = next_badge_day(scope.as_of)
    lists["badge_candidates"] = [
        BadgeCandidate(member, level) for member, level in selectors.badge_candidates(scope=scope, award_day=badge_day)]
    selectors.mark_left(scope=scope, members=[*lists["probation_due"], *lists["probation_overdue"],
                                              *(c.member for c in lists["badge_candidates"])])
    wanted = request.GET.get("danh-sach", "")
    if request.GET.get("export") == "xlsx" and wanted in DUE_LISTS:
        key = DUE_LISTS[wanted]
        titles = {"probation_due": _("Dự bị đến hạn"), "probation_overdue": _("Dự bị quá hạn"),
                  "below_minimum": _("Chi bộ dưới 3 ĐV chính thức"), "grassroots_reaching": _("Chi bộ cơ sở từ 30 ĐV"),
                  "badge_candidates": _("Đủ tuổi Đảng nhận Huy hiệu")}
        if key == "badge_candidates":
            columns = [*exports.member_columns(), _("Huy hiệu (năm tuổi Đảng)")]
            rows = [[*row, candidate.level] for row, candidate in
                    zip(exports.member_rows(c.member for c in lists[key]), lists[key], strict=True)]
        elif key in ("probation_due", "probation_overdue"):
            columns, rows = exports.member_columns(), exports.member_rows(lists[key])
        else:
            columns, rows = exports.branch_columns(), exports.branch_rows(lists[key])
        return _xlsx(request, name=wanted, title=titles[key], columns=columns, rows=rows)
    context = {**lists, "month_value": f"{year:04d}-{month:02d}", "year": year, "month": month, "badge_day": badge_day}
    return render(request, "members/due.html", context)
