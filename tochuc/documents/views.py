"""Document pages: the registry (search, record, add, edit), the citation extractor, study
sessions and the coverage report. Thin views: reads through ``selectors`` with
``request.scope``, writes through ``services``; ``scoped_view`` turns out-of-scope ids into 404."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tochuc.core.permissions import allows, denied_message, require
from tochuc.core.views import day_param, message_of, messages_of, scoped_view
from tochuc.documents import exports, selectors, services
from tochuc.documents.forms import DocumentForm, ExtractForm, StudyForm
from tochuc.documents.models import KIND_CHOICES, Document
from tochuc.domain.citations import extract_citations
from tochuc.orgs.models import UnitKind, UnitVersion
from tochuc.orgs.selectors import scope_roots, unit_get

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _apply_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, messages in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, exc.messages)


def _default_owner(scope) -> str:
    roots = scope_roots(scope)
    return roots[0].unit.code if roots else ""


# --- Registry -------------------------------------------------------------------------------------


@scoped_view
def document_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    kind = request.GET.get("loai", "")
    kind = kind if kind in dict(KIND_CHOICES) else ""
    try:
        year = int(request.GET.get("nam", "")) or None
    except ValueError:
        year = None
    documents = selectors.document_search(scope=request.scope, query=query, kind=kind, year=year)
    context = {"query": query, "kind": kind, "year": year or "", "documents": documents, "kinds": KIND_CHOICES}
    template = "documents/list.html#results" if request.htmx else "documents/list.html"
    return render(request, template, context)


@scoped_view
def document_detail(request: HttpRequest, document_id: int) -> HttpResponse:
    scope = request.scope
    document = selectors.document_get(scope=scope, document_id=document_id, with_content=True)
    replaces, replaced_by = selectors.document_relations(scope=scope, document=document)
    context = {
        "document": document, "replaces": replaces, "replaced_by": replaced_by,
        "sessions": selectors.session_list(scope=scope, document=document, limit=50),
        "can_write": selectors.document_editable(scope=scope, document=document), "has_file": bool(document.file_name),
        "roots": scope_roots(scope),
        # The documents its own text cites, linked to the registry.
        "cited": [m for m in selectors.match_citations(scope=scope, citations=extract_citations(document.text))
                  if m.document != document] if document.text else [],
    }
    return render(request, "documents/detail.html", context)


@scoped_view
def document_file(request: HttpRequest, document_id: int) -> HttpResponse:
    document = selectors.document_get(scope=request.scope, document_id=document_id, with_content=True)
    if not document.file_name or document.file_content is None:
        raise Document.DoesNotExist
    response = HttpResponse(bytes(document.file_content), content_type="application/octet-stream")
    response["Content-Disposition"] = f'attachment; filename="{document.file_name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _data(form: DocumentForm) -> services.DocumentData:
    d = form.cleaned_data
    upload = d.get("file")
    return services.DocumentData(
        kind=d["kind"], number=d.get("number"), issuer_code=d.get("issuer_code") or "", code=d.get("code") or "",
        issuing_body=d["issuing_body"], issued_on=d["issued_on"], subject=d.get("subject") or "",
        text=d.get("text") or "", file_name=upload.name if upload else "",
        file_content=upload.read() if upload else None,
    )


PREFILL = ("kind", "number", "issuer_code", "code", "issuing_body", "issued_on", "subject")


@scoped_view
def document_add(request: HttpRequest) -> HttpResponse:
    scope = request.scope
    require(scope, "document.write")
    if request.method == "POST":
        form = DocumentForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                document = services.document_create(
                    actor=request.user, scope=scope, owner_code=form.cleaned_data["owner"], data=_data(form),
                    replaces=form.cleaned_data["replaces"], reason=form.cleaned_data["reason"] or None)
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                return redirect("documents:detail", document_id=document.pk)
        status = 400
    else:
        initial = {key: request.GET[key] for key in PREFILL if request.GET.get(key)}
        form = DocumentForm(initial={"owner": _default_owner(scope), **initial})
        status = 200
    return render(request, "documents/form.html", {"form": form, "document": None}, status=status)


@scoped_view
def document_edit(request: HttpRequest, document_id: int) -> HttpResponse:
    scope = request.scope
    document = selectors.document_get(scope=scope, document_id=document_id, with_content=True)
    if not selectors.document_editable(scope=scope, document=document):
        raise PermissionDenied(_("Văn bản thuộc sổ của đơn vị ngoài phạm vi của bạn: không sửa được."))
    if request.method == "POST":
        form = DocumentForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.document_update(actor=request.user, scope=scope, document=document, data=_data(form),
                                         replaces=form.cleaned_data["replaces"],
                                         reason=form.cleaned_data["reason"] or None)
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                return redirect("documents:detail", document_id=document.pk)
        status = 400
    else:
        replaces, _replaced_by = selectors.document_relations(scope=scope, document=document)
        form = DocumentForm(initial={
            "kind": document.kind, "number": document.number, "issuer_code": document.issuer_code,
            "issuing_body": document.issuing_body, "issued_on": document.issued_on, "subject": document.subject,
            "owner": document.owner.code, "text": document.text, "replaces": ", ".join(str(d.pk) for d in replaces)})
        status = 200
    return render(request, "documents/form.html", {"form": form, "document": document}, status=status)


# --- Citation extractor ---------------------------------------------------------------------------


def _prefill(citation) -> dict:
    return {
        "kind": citation.kind or "", "number": citation.number, "issuer_code": citation.issuer_code or "",
        "issuing_body": citation.issuer or "", "subject": citation.subject or "",
        "issued_on": citation.issued_on.isoformat() if citation.issued_on else "",
    }


def _segments(text: str, matches: list) -> list[tuple[str, int | None]]:
    """The pasted text cut into (piece, index of the citation it mentions or None), so the page
    marks every mention where it stands."""
    spans = sorted((a, b, i) for i, m in enumerate(matches) for a, b in m.citation.mentions)
    pieces, at = [], 0
    for a, b, i in spans:
        if a < at:
            continue
        pieces.append((text[at:a], None))
        pieces.append((text[a:b], i + 1))
        at = b
    pieces.append((text[at:], None))
    return [p for p in pieces if p[0]]


def _addable(match: selectors.CitationMatch) -> bool:
    """Added all at once: unknown citations with a complete code, a date, a kind and the issuing
    body's name. The others go through the prefilled form; so does one whose code is known with
    another date (the text may misquote the date)."""
    c = match.citation
    return (not match.documents and not match.near and c.complete and c.issued_on is not None
            and c.kind is not None and bool(c.issuer))


@scoped_view
def extract(request: HttpRequest) -> HttpResponse:
    """Paste a text: every document it cites, linked to the registry; unknown ones can be added
    one by one (a prefilled form) or all at once when their code and date are complete."""
    scope = request.scope
    form = ExtractForm(request.POST or None)
    matches, added, problems = [], [], []
    if request.method == "POST" and form.is_valid():
        text = form.cleaned_data["text"]
        citations = extract_citations(text)
        if request.POST.get("action") == "add-unknown":
            require(scope, "document.write")
            unknown = [m.citation for m in selectors.match_citations(scope=scope, citations=citations) if _addable(m)]
            items = [services.DocumentData(kind=c.kind, number=c.number, issuer_code=c.issuer_code,
                                           issuing_body=c.issuer, issued_on=c.issued_on,
                                           subject=c.subject or "") for c in unknown]
            try:
                added = services.documents_create_many(
                    actor=request.user, scope=scope, owner_code=request.POST.get("owner") or _default_owner(scope),
                    items=items, reason=_("Thêm từ trích dẫn trong văn bản"))
            except ValidationError as exc:
                problems = messages_of(exc)
        matches = selectors.match_citations(scope=scope, citations=citations)
    addable = [m for m in matches if _addable(m)]
    context = {"form": form, "matches": matches, "added": added, "problems": problems, "addable": addable,
               "can_write": allows(scope, "document.write"), "owner": _default_owner(scope),
               "prefills": [_prefill(m.citation) for m in matches]}
    context["rows"] = list(zip(matches, context["prefills"], strict=True))
    context["segments"] = _segments(form.cleaned_data["text"], matches) if matches else []
    return render(request, "documents/extract.html", context, status=400 if problems else 200)


# --- Study sessions -------------------------------------------------------------------------------


@scoped_view
def study_list(request: HttpRequest) -> HttpResponse:
    """Sessions in scope, newest first; ``?unit=CODE`` keeps those of that unit's subtree."""
    scope = request.scope
    code = request.GET.get("unit", "").strip()
    unit = unit_get(scope=scope, code=code) if code else None  # out of scope: a 404
    sessions = selectors.session_list(scope=scope, unit_path=unit.path if unit else None)
    return render(request, "documents/study_list.html",
                  {"sessions": sessions, "can_write": allows(scope, "study.write"), "unit": unit, "code": code})


@scoped_view
def study_detail(request: HttpRequest, session_id: int) -> HttpResponse:
    session = selectors.session_get(scope=request.scope, session_id=session_id)
    context = {"session": session, "documents": list(session.documents.order_by("issued_on")),
               "attendees": selectors.session_attendees(session=session)}
    return render(request, "documents/study_detail.html", context)


def _held_on(request: HttpRequest, default: date) -> date:
    return day_param(request.POST.get("held_on") or request.GET.get("held_on"), default)


@scoped_view
def study_add(request: HttpRequest) -> HttpResponse:
    """Step 1: the unit's code (``?unit=``); step 2: the form with the unit's members as of the
    day (change the day and reload to list who were members then)."""
    scope = request.scope
    require(scope, "study.write")
    code = (request.POST.get("unit") or request.GET.get("unit") or "").strip()
    try:
        version = unit_get(scope=scope, code=code) if code else None
    except UnitVersion.DoesNotExist:
        version = None
    if version is None:
        return render(request, "documents/study_pick.html", {"code": code, "not_found": bool(code)})
    held_on = _held_on(request, scope.as_of)
    members = selectors.unit_members_on(unit_version=version, on=held_on)
    documents = selectors.document_search(scope=scope, limit=500)
    status = 200
    if request.method == "POST":
        form = StudyForm(request.POST, documents=documents, members=members)
        if form.is_valid():
            d = form.cleaned_data
            try:
                session = services.study_session_record(
                    actor=request.user, scope=scope, unit_code=version.unit.code,
                    **_study_fields(d))
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                return redirect("documents:study_detail", session_id=session.pk)
        status = 400
    else:
        initial_docs = [int(x) for x in request.GET.getlist("van_ban") if x.isdigit()]
        form = StudyForm(initial={"unit": version.unit.code, "held_on": held_on, "documents": initial_docs},
                         documents=documents, members=members)
    return render(request, "documents/study_form.html",
                  {"form": form, "version": version, "members": members, "held_on": held_on}, status=status)


def _study_fields(d: dict) -> dict:
    """The service's keywords from a valid study form (new and edited sessions alike)."""
    return {"data": services.StudyData(held_on=d["held_on"], title=d["title"], kind=d["kind"], place=d["place"],
                                       presenter=d["presenter"], notes=d["notes"]),
            "document_ids": d["documents"], "attendee_ids": d["attendees"]}


@scoped_view
def study_edit(request: HttpRequest, session_id: int) -> HttpResponse:
    """Correct a session: details, documents, the whole attendance list (members of the unit on
    the session's day)."""
    scope = request.scope
    session = selectors.session_get(scope=scope, session_id=session_id)
    require(scope, "study.write")
    if session.unit_version is None:
        raise PermissionDenied(denied_message("study.write"))
    version = session.unit_version
    held_on = _held_on(request, session.held_on)
    members = selectors.unit_members_on(unit_version=version, on=held_on)
    documents = selectors.document_search(scope=scope, limit=500)
    chosen = list(session.documents.all())
    documents += [d for d in chosen if d not in documents]
    status = 200
    if request.method == "POST":
        form = StudyForm(request.POST, documents=documents, members=members)
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.study_session_update(
                    actor=request.user, scope=scope, session=session,
                    **_study_fields(d))
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                return redirect("documents:study_detail", session_id=session.pk)
        status = 400
    else:
        form = StudyForm(initial={
            "unit": version.unit.code, "held_on": session.held_on, "kind": session.kind, "title": session.title,
            "place": session.place, "presenter": session.presenter, "notes": session.notes,
            "documents": [d.pk for d in chosen],
            "attendees": list(session.attendance.values_list("member_id", flat=True))},
            documents=documents, members=members)
    return render(request, "documents/study_form.html",
                  {"form": form, "version": version, "members": members, "held_on": held_on, "session": session},
                  status=status)


@require_POST
@scoped_view
def study_delete(request: HttpRequest, session_id: int) -> HttpResponse:
    session = selectors.session_get(scope=request.scope, session_id=session_id)
    try:
        services.study_session_delete(actor=request.user, scope=request.scope, session=session,
                                      reason=request.POST.get("reason", "")[:500])
    except ValidationError as exc:
        context = {"session": session, "documents": list(session.documents.order_by("issued_on")),
                   "attendees": selectors.session_attendees(session=session), "delete_error": message_of(exc)}
        return render(request, "documents/study_detail.html", context, status=400)
    return redirect("documents:study_list")


# --- Coverage -------------------------------------------------------------------------------------

LEVELS = selectors.COVERAGE_LEVELS
COVERAGE_PAGE_ROWS = 2000
LEVEL_LABELS = selectors.COVERAGE_LEVEL_LABELS


@scoped_view
def coverage(request: HttpRequest, document_id: int) -> HttpResponse:
    scope = request.scope
    document = selectors.document_get(scope=scope, document_id=document_id)
    root_code = request.GET.get("root") or _default_owner(scope)
    root = unit_get(scope=scope, code=root_code)  # out of scope: a 404
    level = request.GET.get("cap", "chi-bo")
    level = level if level in LEVELS else "chi-bo"
    report = selectors.coverage(scope=scope, document=document, root=root, kinds=LEVELS[level])
    only_missing = request.GET.get("chua") == "1"
    rows = report.missing if only_missing else report.rows
    if request.GET.get("export") == "xlsx":
        services.coverage_exported(actor=request.user, scope=scope, document=document, root=root, count=len(rows))
        content = exports.coverage_xlsx(report, rows, level_label=str(LEVEL_LABELS[level]))
        response = HttpResponse(content, content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="hoc-tap-{document.pk}-{root.unit.code}.xlsx"'
        return response
    shown = rows[:COVERAGE_PAGE_ROWS]  # a whole country's chi bộ go to the XLSX, not to one page
    context = {"document": document, "report": report, "rows": shown, "hidden": len(rows) - len(shown),
               "level": level, "levels": LEVEL_LABELS,
               "root": root, "only_missing": only_missing, "kind_labels": dict(UnitKind.choices)}
    return render(request, "documents/coverage.html", context)

