"""Pages: overview, organization tree, unit page, unit search, audit log.

Thin views: every read goes through a selector with ``request.scope`` (set by the scope
middleware); ``scoped_view`` turns anything not found in scope into a 404.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tochuc.core.views import day_param, scoped_view
from tochuc.members.selectors import member_count
from tochuc.members.tree import unit_children
from tochuc.orgs import selectors
from tochuc.orgs.models import UnitKind
from tochuc.reorganizations import history as org_history
from tochuc.web.audit_log import AuditFilter, audit_actions, audit_page


def _unit_links(request: HttpRequest, versions) -> dict[int, bool]:
    """Which of ``versions`` the user may open (ancestors above the scope are shown unlinked)."""
    return {v.unit_id: request.scope.contains_path(v.path) for v in versions}


@scoped_view
def home(request: HttpRequest) -> HttpResponse:
    scope = request.scope
    roots = [
        {
            "version": root,
            "units": [(UnitKind(kind).label, count) for kind,
                      count in selectors.subtree_kind_counts(scope=scope, version=root).items()],
            "members": member_count(scope=scope, path=root.path),
        }
        for root in selectors.scope_roots(scope)
    ]
    return render(request, "web/home.html", {"roots": roots})


@scoped_view
def tree(request: HttpRequest) -> HttpResponse:
    scope = request.scope
    roots = selectors.scope_roots(scope)
    rows = []
    for root in roots:
        counts = selectors.subtree_kind_counts(scope=scope, version=root)
        rows.append({"version": root, "total_units": sum(counts.values()), "has_children": sum(counts.values()) > 1,
                     "members": member_count(scope=scope, path=root.path)})
    return render(request, "web/tree.html", {"rows": rows})


@scoped_view
def tree_children(request: HttpRequest, code: str) -> HttpResponse:
    parent = selectors.unit_get(scope=request.scope, code=code)
    children = unit_children(scope=request.scope, version=parent)
    return render(request, "web/tree.html#children", {"parent": parent, "children": children})


@scoped_view
def unit_detail(request: HttpRequest, code: str) -> HttpResponse:
    scope = request.scope
    version = selectors.unit_get(scope=scope, code=code)
    ancestors = selectors.unit_ancestors(version=version, as_of=scope.as_of)
    history = selectors.unit_history(scope=scope, version=version)
    parents = selectors.parent_codes(history)
    context = {
        "unit": version,
        "ancestors": ancestors,
        "ancestor_links": _unit_links(request, ancestors),
        "children": unit_children(scope=scope, version=version),
        "counts": [(UnitKind(kind).label, n) for kind,
                   n in selectors.subtree_kind_counts(scope=scope, version=version).items()],
        "members": member_count(scope=scope, path=version.path),
        "history": [{"version": v, "parent_code": parents.get(v.parent_id)} for v in history],
        "timeline": org_history.unit_timeline(unit=version),
    }
    compare_on = day_param(request.GET.get("so-sanh", ""))
    if compare_on is not None:
        # Members on an earlier date: by the structure then, and restated to the page's structure.
        context["compare_on"] = compare_on
        context["compared"] = org_history.restated_member_count(scope=scope, code=code, as_of=compare_on)
        context["compared_children"] = org_history.restated_unit_counts(scope=scope, code=code, as_of=compare_on)
    return render(request, "web/unit.html", context)


@scoped_view
def unit_search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    if kind not in UnitKind.values:
        kind = ""
    results = selectors.unit_search(scope=request.scope, query=query, kind=kind or None) if query else []
    context = {"query": query, "kind": kind, "kinds": UnitKind.choices, "results": results}
    template = "web/search.html#results" if request.htmx else "web/search.html"
    return render(request, template, context)


@scoped_view
def audit_log(request: HttpRequest) -> HttpResponse:
    params = request.GET
    filters = AuditFilter(
        action=params.get("action", ""),
        actor=params.get("actor", "").strip(),
        unit_code=params.get("unit", "").strip(),
        date_from=day_param(params.get("from", "")),
        date_to=day_param(params.get("to", "")),
    )
    before = params.get("before", "")
    entries, next_id = audit_page(scope=request.scope, filters=filters,
                                  before_id=int(before) if before.isdigit() else None)
    query = params.copy()
    query.pop("before", None)
    context = {"entries": entries, "next_id": next_id, "filters": filters, "actions": audit_actions(),
               "base_query": query.urlencode()}
    return render(request, "web/audit.html", context)
