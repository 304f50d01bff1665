"""API routes of the document registry, the citation extractor and study coverage (same scope
rules as the pages: out of scope is a 404)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from tochuc.core.api_scope import api_scope
from tochuc.core.params import Year, sized
from tochuc.documents import selectors, services
from tochuc.documents.models import Document, StudySession
from tochuc.domain.citations import extract_citations
from tochuc.orgs.selectors import unit_get

router = Router(tags=["Văn bản"])


class DocumentOut(Schema):
    id: int
    code: str
    kind: str
    number: int
    issuer_code: str
    issuing_body: str
    issued_on: date
    subject: str
    owner: str
    replaces: list[int] = []
    replaced_by: list[int] = []


class DocumentIn(Schema):
    owner: str
    kind: sized(Document, "kind")
    issuing_body: sized(Document, "issuing_body")
    issued_on: date
    code: sized(Document, "code") = ""
    number: int | None = None
    issuer_code: sized(Document, "issuer_code") = ""
    subject: sized(Document, "subject") = ""
    text: str = ""
    replaces: list[int] = []
    reason: str | None = None


class ExtractIn(Schema):
    text: str


class CitationOut(Schema):
    code: str
    kind: str | None
    number: int
    issued_on: date | None
    issuer: str | None
    subject: str | None
    start: int
    end: int
    documents: list[int]


class CoverageRowOut(Schema):
    code: str
    name: str
    kind: str
    studied: bool
    sessions: int
    first_held_on: date | None
    members: int
    attended: int


def _out(document: Document, scope=None) -> DocumentOut:
    replaces, replaced_by = ([], [])
    if scope is not None:
        found = selectors.document_relations(scope=scope, document=document)
        replaces, replaced_by = [d.pk for d in found[0]], [d.pk for d in found[1]]
    return DocumentOut(id=document.pk, code=document.code, kind=document.kind, number=document.number,
                       issuer_code=document.issuer_code, issuing_body=document.issuing_body,
                       issued_on=document.issued_on, subject=document.subject, owner=document.owner.code,
                       replaces=replaces, replaced_by=replaced_by)


def _invalid(exc: ValidationError):
    messages = ([f"{field}: {' '.join(m)}" for field, m in exc.message_dict.items()]
                if hasattr(exc, "error_dict") else list(exc.messages))
    raise HttpError(400, "; ".join(messages))


@router.get("/documents", response=list[DocumentOut], summary="Tìm văn bản (số, ký hiệu, trích yếu, cơ quan ban hành)")
def search_documents(request, q: str = "", kind: str = "", year: Year | None = None, limit: int = 100):
    scope = api_scope(request)
    return [_out(d) for d in selectors.document_search(scope=scope, query=q, kind=kind, year=year,
                                                        limit=max(1, min(limit, 500)))]


@router.post("/documents", response={201: DocumentOut}, summary="Thêm văn bản vào sổ")
def create_document(request, payload: DocumentIn):
    scope = api_scope(request)
    data = services.DocumentData(kind=payload.kind, number=payload.number, issuer_code=payload.issuer_code,
                                 code=payload.code, issuing_body=payload.issuing_body, issued_on=payload.issued_on,
                                 subject=payload.subject, text=payload.text)
    try:
        document = services.document_create(actor=request.user, scope=scope, owner_code=payload.owner, data=data,
                                            replaces=payload.replaces, reason=payload.reason)
    except ValidationError as exc:
        _invalid(exc)
    return Status(201, _out(document, scope))


@router.post("/documents/extract", response=list[CitationOut],
             summary="Tìm các văn bản được trích dẫn trong một đoạn văn")
def extract(request, payload: ExtractIn):
    scope = api_scope(request)
    matches = selectors.match_citations(scope=scope, citations=extract_citations(payload.text[:500_000]))
    return [CitationOut(**m.citation.as_json(), documents=[d.pk for d in m.documents]) for m in matches]


@router.get("/documents/{document_id}", response=DocumentOut, summary="Một văn bản trong sổ")
def get_document(request, document_id: int):
    scope = api_scope(request)
    return _out(selectors.document_get(scope=scope, document_id=document_id), scope)


@router.get("/documents/{document_id}/coverage", response=list[CoverageRowOut],
            summary="Các đơn vị của một cây đã / chưa học tập, quán triệt văn bản")
def get_coverage(request, document_id: int, root: str, level: str = "chi-bo", missing_only: bool = False):
    scope = api_scope(request)
    document = selectors.document_get(scope=scope, document_id=document_id)
    if level not in selectors.COVERAGE_LEVELS:
        raise HttpError(400, "level: xa | co-so | chi-bo | tinh")
    report = selectors.coverage(scope=scope, document=document, root=unit_get(scope=scope, code=root),
                                kinds=selectors.COVERAGE_LEVELS[level])
    rows = report.missing if missing_only else report.rows
    return [CoverageRowOut(code=r.version.unit.code, name=r.version.name, kind=r.version.kind, studied=r.studied,
                           sessions=r.sessions, first_held_on=r.first_held_on, members=r.members, attended=r.attended)
            for r in rows]


class StudySessionOut(Schema):
    id: int
    unit: str
    kind: str
    held_on: date
    title: str
    documents: list[int]
    attendees: list[int]


class StudySessionIn(Schema):
    unit: str
    held_on: date
    title: sized(StudySession, "title")
    kind: sized(StudySession, "kind") = "hoc_tap_quan_triet"
    place: sized(StudySession, "place") = ""
    presenter: sized(StudySession, "presenter") = ""
    notes: str = ""
    documents: list[int]
    attendees: list[int] = []
    reason: str | None = None


def _session_out(session) -> StudySessionOut:
    return StudySessionOut(
        id=session.pk, unit=session.unit.code, kind=session.kind, held_on=session.held_on, title=session.title,
        documents=sorted(session.documents.values_list("pk", flat=True)),
        attendees=sorted(session.attendance.values_list("member_id", flat=True)))


@router.get("/study-sessions", response=list[StudySessionOut], summary="Các buổi học tập, quán triệt trong phạm vi")
def list_sessions(request, document_id: int | None = None, unit: str | None = None):
    scope = api_scope(request)
    document = selectors.document_get(scope=scope, document_id=document_id) if document_id else None
    path = unit_get(scope=scope, code=unit).path if unit else None
    sessions = selectors.session_list(scope=scope, document=document, unit_path=path)
    return [_session_out(s) for s in sessions]


@router.post("/study-sessions", response={201: StudySessionOut}, summary="Ghi một buổi học tập, quán triệt")
def create_session(request, payload: StudySessionIn):
    scope = api_scope(request)
    try:
        session = services.study_session_record(
            actor=request.user, scope=scope, unit_code=payload.unit,
            data=services.StudyData(held_on=payload.held_on, title=payload.title, kind=payload.kind,
                                    place=payload.place, presenter=payload.presenter, notes=payload.notes),
            document_ids=payload.documents, attendee_ids=payload.attendees, reason=payload.reason)
    except ValidationError as exc:
        _invalid(exc)
    return Status(201, _session_out(session))


@router.get("/study-sessions/{session_id}", response=StudySessionOut, summary="Một buổi học tập, quán triệt")
def get_session(request, session_id: int):
    return _session_out(selectors.session_get(scope=api_scope(request), session_id=session_id))
