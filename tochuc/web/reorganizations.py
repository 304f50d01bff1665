"""Reorganization pages: the list (with revert of the latest), a plan to upload or edit, its
preview (what changes, members per receiving unit, every problem), confirmation, the result.

A plan travels in the form as CSV text, so what the clerk confirms is exactly what was previewed
(and can be edited between the two); the services check it again when it is applied.
"""

from __future__ import annotations

import io
from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tochuc.core.permissions import allows, require
from tochuc.core.tabular import ImportRejected
from tochuc.core.views import day_param, messages_of, scoped_view
from tochuc.domain import reorg as plan_rules
from tochuc.orgs.models import UnitKind, UnitVersion
from tochuc.reorganizations.loading import read_plan
from tochuc.reorganizations.revert import dependents, reorganization_revert_last
from tochuc.reorganizations.selectors import (
    latest_active,
    reorganization_get,
    reorganization_lines,
    reorganizations_in_scope,
    target_counts,
)
from tochuc.reorganizations.services import PlanRejected, reorganization_apply, reorganization_preview

HEADER = ",".join(plan_rules.COLUMNS)
MAX_PLAN_BYTES = 20 * 1024 * 1024
PAGE = 50


def _decoded(upload) -> str:
    if upload.size > MAX_PLAN_BYTES:
        raise ValidationError(_("Tệp kế hoạch quá lớn (tối đa 20 MB); hãy dùng lệnh tochuc org reorganize."))
    try:
        return upload.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(_("Tệp kế hoạch phải là CSV mã hoá UTF-8.")) from None


def _names(scope, plan_text: str, codes: set[str]) -> dict[str, str]:
    """Names of receiving units: the plan's own (a unit it creates or renames), else the registry's
    (read within the scope, like every other read)."""
    names: dict[str, str] = {}
    known = UnitVersion.objects.filter(scope.path_q(), unit__code__in=codes).values_list("unit__code", "name",
                                                                                         "valid_from")
    for code, name, _since in sorted(known, key=lambda row: row[2] or date.min):
        names[code] = name  # the latest version's name wins
    lines, _problems = read_plan(io.StringIO(plan_text))  # the services' own reading of the plan
    for line in lines:
        if line.op in (plan_rules.CREATE, plan_rules.RENAME) and line.code in codes and line.name:
            names[line.code] = line.name
    return names


@scoped_view
def reorganization_list(request: HttpRequest) -> HttpResponse:
    scope = request.scope
    found = list(reorganizations_in_scope(scope)[:PAGE])
    latest = latest_active()
    context = {"reorganizations": found, "latest": latest if latest in found else None,
               "can_write": allows(scope, "reorganization.apply")}
    return render(request, "web/reorg/list.html", context)


@scoped_view
def reorganization_new(request: HttpRequest) -> HttpResponse:
    """GET: an empty plan. POST ``action=preview``: check it; ``action=apply``: write it."""
    scope = request.scope
    require(scope, "reorganization.apply")
    data = request.POST if request.method == "POST" else {}
    plan_text = data.get("plan", "").strip() or HEADER
    effective_text = data.get("effective", "")
    reason = data.get("reason", "").strip()
    context: dict = {"kinds": UnitKind.choices, "ops": plan_rules.OP_LABELS, "header": HEADER}
    errors: list[str] = []
    if request.method == "POST":
        if upload := request.FILES.get("file"):
            try:
                plan_text = _decoded(upload).strip()
            except ValidationError as exc:
                errors.extend(exc.messages)
        effective = day_param(effective_text)
        if effective is None:
            errors.append(_("Ngày hiệu lực: hãy nhập một ngày (YYYY-MM-DD)."))
        if not errors and effective is not None:
            if data.get("action") == "apply":
                try:  # the service checks the decision reference (domain rule) before the plan
                    done = reorganization_apply(actor=request.user, scope=scope, effective=effective,
                                                stream=io.StringIO(plan_text), reason=reason,
                                                source=_("trang web"))
                except (ValidationError, ImportRejected) as exc:  # an unreadable or empty file too
                    errors.extend(messages_of(exc))
                except PlanRejected as rejected:
                    context["preview"] = rejected.preview
                else:
                    messages.success(request, _("Đã áp dụng đợt sắp xếp số %(id)s.") % {"id": done.reorganization_id})
                    return redirect("web:reorg_detail", pk=done.reorganization_id)
            if "preview" not in context and not errors:
                try:
                    context["preview"] = reorganization_preview(scope=scope, effective=effective,
                                                                stream=io.StringIO(plan_text))
                except (ValidationError, ImportRejected) as exc:  # a plan of a header only was a 500
                    errors.extend(messages_of(exc))
    if preview := context.get("preview"):
        context["summary"] = preview.as_json()
        context["targets"] = target_counts(preview.members_by_target,
                                           _names(scope, plan_text, set(preview.members_by_target)))
    context.update(plan=plan_text, effective=effective_text, reason=reason, errors=errors)
    return render(request, "web/reorg/new.html", context, status=400 if errors else 200)


@scoped_view
def reorganization_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scope = request.scope
    reorganization = reorganization_get(scope=scope, pk=pk)
    latest = latest_active()
    is_latest = latest is not None and latest.pk == reorganization.pk
    lines, line_count = reorganization_lines(scope=scope, reorganization=reorganization)
    context = {"reorganization": reorganization, "lines": lines, "line_count": line_count,
               "op_labels": plan_rules.OP_LABELS, "summary": reorganization.summary,
               "is_latest": is_latest, "can_write": allows(scope, "reorganization.apply"),
               "blocking": dependents(reorganization) if is_latest and allows(scope, "reorganization.apply") else []}
    return render(request, "web/reorg/detail.html", context)


@require_POST
@scoped_view
def reorganization_revert(request: HttpRequest) -> HttpResponse:
    scope = request.scope
    latest = latest_active()
    try:
        reverted = reorganization_revert_last(actor=request.user, scope=scope,
                                              reason=request.POST.get("reason", "").strip() or None)
    except ValidationError as exc:
        for text in exc.messages:
            messages.error(request, text)
    except PermissionDenied as exc:
        messages.error(request, str(exc) or _("Bạn không có quyền hoàn tác đợt sắp xếp này."))
    else:
        messages.success(request, _("Đã hoàn tác đợt sắp xếp số %(id)s.") % {"id": reverted.pk})
        return redirect("web:reorg_detail", pk=reverted.pk)
    return redirect("web:reorg_detail", pk=latest.pk) if latest else redirect("web:reorg_list")
