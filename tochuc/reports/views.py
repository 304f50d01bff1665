"""Report pages: the dashboard of a unit (drill-down to children and to the members behind a
number), export jobs with a progress page, work programmes.

Thin views: figures come from :mod:`tochuc.reports.engine` with ``request.scope``; writes from
:mod:`tochuc.reports.services`; ``scoped_view`` turns anything out of scope into a 404.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tochuc.core.views import day_param, message_of, scoped_view
from tochuc.domain import reports as rules
from tochuc.domain.meetings import MeetingRuleError
from tochuc.orgs import selectors as org_selectors
from tochuc.orgs.models import UnitVersion
from tochuc.reports import charts, engine, exports, selectors, services, tally, tasks
from tochuc.reports.models import ItemKind, ItemStatus

MEMBER_LIST_LIMIT = 200


@dataclass(frozen=True)
class Params:
    """What a report page was asked: the date of the figures, the counting, period and year."""

    day: date
    mode: str
    start: date
    year: int

    @classmethod
    def of(cls, request: HttpRequest) -> Params:
        source = request.POST if request.method == "POST" else request.GET
        day = day_param(source.get("tai_ngay")) or request.scope.as_of
        mode = source.get("che_do") if source.get("che_do") in engine.MODES else engine.AS_OF
        start = day_param(source.get("tu"))
        if start is None or start > day:
            start = engine.default_period(day).start
        try:
            year = int(source.get("nam", ""))
        except ValueError:
            year = rules.default_rating_year(day)
        if not 1930 <= year <= 2100:
            year = rules.default_rating_year(day)
        return cls(day, mode, start, year)

    @property
    def period(self) -> engine.Period:
        return engine.Period(self.start, self.day)

    def query(self, **extra) -> str:
        values = {"tai_ngay": self.day.isoformat(), "che_do": self.mode, "tu": self.start.isoformat(),
                  "nam": str(self.year)} | {k: v for k, v in extra.items() if v is not None}
        return urlencode(values)


@scoped_view
def dashboard_home(request: HttpRequest) -> HttpResponse:
    roots = org_selectors.scope_roots(request.scope)
    if not roots:
        raise Http404
    return redirect("reports:dashboard", code=roots[0].unit.code)


@scoped_view
def dashboard(request: HttpRequest, code: str) -> HttpResponse:
    scope = request.scope
    params = Params.of(request)
    current = org_selectors.unit_get(scope=scope, code=code)  # 404 outside the scope
    ancestors = [a for a in org_selectors.unit_ancestors(version=current, as_of=scope.as_of)
                 if scope.contains_path(a.path)]
    context = {"unit": current, "ancestors": ancestors, "params": params, "modes": engine.MODES,
               "query": params.query(), "restated_query": Params(params.day, engine.RESTATED, params.start,
                                                                  params.year).query(),
               "as_of_query": Params(params.day, engine.AS_OF, params.start, params.year).query()}
    try:
        ctx = engine.context_for(scope=scope, code=code, day=params.day, mode=params.mode)
    except engine.NotOnDate:
        context["not_on_date"] = True
        return render(request, "reports/dashboard.html", context)
    if waiting := _queued(ctx, params):
        context.update(waiting)
        return render(request, "reports/dashboard.html", context)
    children, *tables = tally.tables(ctx, period=params.period, year=params.year)
    status = tables[0]
    whole, per_child = selectors.completion(scope=scope, root=current, day=params.day,
                                            items=selectors.items_of_year(scope, params.day.year))
    context.update({
        "ctx": ctx, "children": children, "children_chart": charts.bar_chart(children, chart_id="chart-children"),
        "tables": [{"table": t,
                    "chart": charts.bar_chart(t, chart_id=f"chart-{t.key}", stacked=t.definition.chart == "stacked")
                    if t.definition.chart != "none" else ""} for t in tables],
        "total": status.total, "official": status.row_total("official"),
        "probationary": status.row_total("probationary"),
        "women": status.column_total("nu"),
        "units_total": tables[-1].total, "work": whole, "work_children": {r.code: r for r in per_child},
        "members_url": reverse("reports:members", args=[code]),
        "meetings": _meeting_compliance(scope, current, params),
    })
    return render(request, "reports/dashboard.html", context)


def _queued(ctx: engine.Context, params: Params) -> dict | None:
    """A big subtree whose figures are not kept for these parameters yet: their counting is
    queued (once) and the page waits for it instead of counting for a minute in the request."""
    if not tally.usable(ctx):
        return None
    missing, total = tally.pending(ctx, params.period, params.year)
    if missing <= tally.BACKGROUND_AFTER:
        return None
    tasks.queue_dashboard(ctx, params.period, params.year)
    return {"waiting": True, "missing": missing, "units": total,
            "status_url": reverse("reports:dashboard_status", args=[ctx.code]) + "?" + params.query()}


@scoped_view
def dashboard_status(request: HttpRequest, code: str) -> HttpResponse:
    """Polled by the waiting dashboard: the page reloads once the figures are kept."""
    params = Params.of(request)
    try:
        ctx = engine.context_for(scope=request.scope, code=code, day=params.day, mode=params.mode)
    except engine.NotOnDate:
        raise Http404 from None
    missing, total = tally.pending(ctx, params.period, params.year) if tally.usable(ctx) else (0, 0)
    if missing <= tally.BACKGROUND_AFTER:
        url = reverse("reports:dashboard", args=[code]) + "?" + params.query()
        response = HttpResponse(format_html('<p id="waiting"><a href="{}">{}</a></p>', url,
                                            _("Số liệu đã tổng hợp xong: xem")))
        response["HX-Refresh"] = "true"
        return response
    return render(request, "reports/dashboard.html#waiting", {"missing": missing, "units": total,
                                                              "status_url": request.get_full_path()})


def _meeting_compliance(scope, unit, params: Params):
    """Branch meeting compliance of the unit's subtree over the page's period, by the tree of the
    period's end (months after the page's date are not yet due); None where it has no figure
    (the unit did not exist then)."""
    try:
        return tally.meeting_compliance(scope, unit.unit.code, params.start, params.day, today=params.day)
    except (UnitVersion.DoesNotExist, MeetingRuleError):
        return None


@scoped_view
def members(request: HttpRequest, code: str) -> HttpResponse:
    """The members behind one number of the dashboard (the same expressions as the count)."""
    params = Params.of(request)
    try:
        definition = engine.table_def(request.GET.get("bang", ""))
    except KeyError:
        raise Http404 from None
    if not definition.drillable:
        raise Http404
    try:
        ctx = engine.context_for(scope=request.scope, code=code, day=params.day, mode=params.mode)
    except engine.NotOnDate:
        raise Http404 from None
    row = request.GET.get("dong")
    column = request.GET.get("cot")
    found = engine.cell_members(definition, ctx, row=row, column=column, period=params.period, year=params.year)
    total = found.count()
    shown = list(found.order_by("search_key", "id")[:MEMBER_LIST_LIMIT])
    labels = {}
    if definition.rows is not None and row is not None:
        labels["row"] = next((c.label for c in definition.rows.ordered({row}) if c.key == row), row)
    elif row is not None:
        table = engine.evaluate(definition, ctx, period=params.period, year=params.year)
        labels["row"] = next((c.label for c in table.rows if c.key == row), row)
    if definition.columns is not None and column is not None:
        labels["column"] = next((c.label for c in definition.columns.ordered({column}) if c.key == column), column)
    return render(request, "reports/members.html", {
        "ctx": ctx, "definition": definition, "labels": labels, "members": shown, "total": total,
        "limit": MEMBER_LIST_LIMIT, "params": params, "query": params.query(), "unit": ctx.root})


# --- Exports --------------------------------------------------------------------------------------


@require_POST
@scoped_view
def export_start(request: HttpRequest, code: str) -> HttpResponse:
    params = Params.of(request)
    try:
        job = services.report_export_enqueue(actor=request.user, scope=request.scope, code=code, day=params.day,
                                             mode=params.mode, period_start=params.start, rating_year=params.year,
                                             fmt=request.POST.get("dinh_dang", "xlsx"))
    except ValidationError as exc:
        return HttpResponse(" ".join(exc.messages), status=400)
    return redirect("reports:export", export_id=job.pk)


@scoped_view
def export_job(request: HttpRequest, export_id: int) -> HttpResponse:
    job = selectors.export_get(scope=request.scope, user=request.user, export_id=export_id)
    template = "reports/export.html#progress" if request.htmx else "reports/export.html"
    return render(request, template, {"job": job})


@require_POST
@scoped_view
def export_retry(request: HttpRequest, export_id: int) -> HttpResponse:
    try:
        services.report_export_retry(actor=request.user, scope=request.scope, export_id=export_id)
    except ValidationError as exc:
        job = selectors.export_get(scope=request.scope, user=request.user, export_id=export_id)
        return render(request, "reports/export.html", {"job": job, "error": " ".join(exc.messages)}, status=400)
    return redirect("reports:export", export_id=export_id)


@scoped_view
def export_download(request: HttpRequest, export_id: int) -> HttpResponse:
    job = selectors.export_content(user=request.user, export_id=export_id)
    response = HttpResponse(bytes(job.content), content_type=exports.XLSX if job.format == "xlsx" else exports.PDF)
    response["Content-Disposition"] = f'attachment; filename="{job.filename}"'
    return response


# --- Work programmes ------------------------------------------------------------------------------


@scoped_view
def programme_list(request: HttpRequest) -> HttpResponse:
    scope = request.scope
    error = ""
    if request.method == "POST":
        try:
            programme = services.programme_create(actor=request.user, scope=scope,
                                                  unit_code=request.POST.get("unit", "").strip(),
                                                  year=int(request.POST.get("year", "0") or 0),
                                                  title=request.POST.get("title", ""))
        except (ValidationError, PermissionDenied, ValueError) as exc:
            error = message_of(exc)
        except org_selectors.UnitVersion.DoesNotExist:
            error = "Không có đơn vị này trong phạm vi."
        else:
            return redirect("reports:programme", programme_id=programme.pk)
    roots = org_selectors.scope_roots(scope)
    return render(request, "reports/programmes.html", {
        "programmes": list(selectors.programmes(scope)), "error": error, "roots": roots,
        "year": scope.as_of.year}, status=400 if error else 200)


@scoped_view
def programme_detail(request: HttpRequest, programme_id: int) -> HttpResponse:
    scope = request.scope
    programme = selectors.programme_get(scope=scope, programme_id=programme_id)
    day = day_param(request.GET.get("tai_ngay")) or scope.as_of
    error = ""
    if request.method == "POST":
        try:
            if request.POST.get("action") == "status":
                item = selectors.item_get(programme=programme, item_id=int(request.POST.get("item", "0")))
                services.programme_item_set_status(actor=request.user, scope=scope, item=item,
                                                   status=request.POST.get("status", ""),
                                                   on=day_param(request.POST.get("on")) or scope.as_of,
                                                   reason=request.POST.get("reason") or None)
            else:
                deadline = day_param(request.POST.get("deadline"))
                if deadline is None:
                    raise ValidationError("Hãy nhập thời hạn (ngày).")
                services.programme_item_add(actor=request.user, scope=scope, programme=programme,
                                            kind=request.POST.get("kind", ""), title=request.POST.get("title", ""),
                                            lead_unit_code=request.POST.get("lead", "").strip(), deadline=deadline,
                                            on=day_param(request.POST.get("on")) or scope.as_of)
        except (ValidationError, PermissionDenied, ValueError) as exc:
            error = message_of(exc)
        except programme.items.model.DoesNotExist:
            raise Http404 from None
        else:
            return redirect("reports:programme", programme_id=programme.pk)
    owner = org_selectors.unit_get(scope=scope, code=programme.unit.code)
    whole, per_child = selectors.completion(scope=scope, root=owner, day=day, items=programme.items.all())
    return render(request, "reports/programme.html", {
        "programme": programme, "owner": owner, "items": list(selectors.items_on(programme=programme, day=day)),
        "whole": whole, "per_child": per_child, "day": day, "error": error,
        "kinds": ItemKind.choices, "statuses": ItemStatus.choices}, status=400 if error else 200)
