"""Writes to the document registry and study sessions: atomic, audited (DESIGN.md inv. 2)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from tochuc.audit.services import audit_record, audit_record_many
from tochuc.core.bulk import bulk_insert
from tochuc.core.permissions import denied_message, require
from tochuc.core.scope import Scope
from tochuc.documents import selectors
from tochuc.documents.models import Document, StudyAttendance, StudyKind, StudySession
from tochuc.domain.citations import KIND_CODES, make_code, parse_code
from tochuc.domain.orgs import subtree_upper_bound
from tochuc.domain.text import fold
from tochuc.members.selectors import memberships_on
from tochuc.orgs.models import UnitVersion
from tochuc.orgs.selectors import unit_get, versions_as_of

MAX_FILE_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class DocumentData:
    """What a clerk enters for a document; ``code`` may be given whole ("05 – CT / TW") or built
    from the number, the kind and the issuer code."""

    kind: str
    number: int | None
    issuer_code: str
    issuing_body: str
    issued_on: date | None
    subject: str = ""
    code: str = ""
    text: str = ""
    file_name: str = ""
    file_content: bytes | None = None


def _owner(scope: Scope, owner_code: str) -> UnitVersion:
    try:
        version = unit_get(scope=scope, code=owner_code)
    except UnitVersion.DoesNotExist:
        raise ValidationError(
            {"owner": _("Không có đơn vị «%(code)s» trong phạm vi của bạn.") % {"code": owner_code}}
        ) from None
    require(scope, "document.write")
    return version


NUMBER_MAX = 999_999


def _checked(data: DocumentData) -> tuple[str, str, int, str]:
    """(code, kind code, number, issuer code) or a ValidationError naming every bad field."""
    errors: dict[str, str] = {}
    if data.kind not in KIND_CODES:
        errors["kind"] = _("Loại văn bản không hợp lệ.")
    number, issuer_code = data.number, data.issuer_code.strip().upper()
    kind_code = KIND_CODES.get(data.kind, "")
    if data.code.strip():
        parsed = parse_code(data.code)
        if parsed is None or parsed[2] is None:
            errors["code"] = _("Số, ký hiệu «%(code)s» không đúng dạng số-mã loại/mã cơ quan (ví dụ 05-CT/TW).") % {
                "code": data.code}
        else:
            number, parsed_kind, issuer_code = parsed
            if kind_code and parsed_kind != kind_code:
                errors["code"] = _("Ký hiệu %(code)s không khớp loại văn bản %(kind)s (%(kind_code)s).") % {
                    "code": parsed_kind, "kind": data.kind, "kind_code": kind_code}
    if not number or number < 1:
        errors.setdefault("number", _("Hãy nhập số văn bản (số nguyên dương)."))
    elif number > NUMBER_MAX:  # the column is a 32-bit integer: more was a 500 on PostgreSQL
        errors.setdefault("number", _("Số văn bản quá lớn (tối đa %(max)s).") % {"max": NUMBER_MAX})
    if not issuer_code or not issuer_code.replace("Đ", "D").isalpha():
        errors.setdefault("issuer_code", _("Hãy nhập ký hiệu cơ quan ban hành (ví dụ TW, BTCTW, TU)."))
    if not data.issuing_body.strip():
        errors["issuing_body"] = _("Hãy nhập cơ quan ban hành.")
    if data.issued_on is None:
        errors["issued_on"] = _("Hãy nhập ngày ban hành: số, ký hiệu và ngày cùng xác định một văn bản.")
    if data.file_content is not None and len(data.file_content) > MAX_FILE_BYTES:
        errors["file"] = _("Tệp lớn hơn 20 MB.")
    if errors:
        raise ValidationError(errors)
    return make_code(number, kind_code, issuer_code), kind_code, number, issuer_code


def _snapshot(document: Document) -> dict:
    return {
        "code": document.code, "kind": document.kind, "issued_on": document.issued_on.isoformat(),
        "issuing_body": document.issuing_body, "subject": document.subject, "owner_id": document.owner_id,
        "file_name": document.file_name, "text_length": len(document.text or ""),
    }


def _search_key(document: Document) -> str:
    return fold(f"{document.code} {document.kind} {document.subject} {document.issuing_body}")[:800]


def _replaces(scope: Scope, ids: list[int], document: Document | None) -> list[Document]:
    found = selectors.documents_by_ids(scope=scope, ids=ids)
    if len(found) != len(set(ids)) or (document is not None and document.pk in ids):
        raise ValidationError({"replaces": _("Văn bản được thay thế không hợp lệ.")})
    return found


def _duplicate(code: str, issued_on: date, exclude: int | None = None) -> None:
    taken = Document.objects.filter(code=code, issued_on=issued_on)
    if exclude:
        taken = taken.exclude(pk=exclude)
    if taken.exists():
        raise ValidationError({"code": _("Đã có văn bản %(code)s ngày %(day)s trong sổ.") % {
            "code": code, "day": issued_on.strftime("%d/%m/%Y")}})


@transaction.atomic
def document_create(*, actor, scope: Scope, owner_code: str, data: DocumentData, replaces: list[int] = (),
                    reason: str | None = None) -> Document:
    """Add a document to the registry of ``owner_code`` (a unit in the scope)."""
    owner = _owner(scope, owner_code)
    code, kind_code, number, issuer_code = _checked(data)
    _duplicate(code, data.issued_on)
    replaced = _replaces(scope, list(replaces), None)
    document = Document(
        code=code, kind=data.kind, kind_code=kind_code, number=number, issuer_code=issuer_code,
        issuing_body=data.issuing_body.strip(), issued_on=data.issued_on, subject=data.subject.strip(),
        text=data.text, file_name=data.file_name if data.file_content else "", file_content=data.file_content,
        owner_id=owner.unit_id, created_by=actor if actor is not None and actor.pk else None,
    )
    document.search_key = _search_key(document)
    document.save()
    document.replaces.set(replaced)
    audit_record(actor=actor, action="document.create", obj=document, unit_id=owner.unit_id,
                 after={**_snapshot(document), "replaces": [d.code for d in replaced]}, reason=reason)
    return document


@transaction.atomic
def document_update(*, actor, scope: Scope, document: Document, data: DocumentData, replaces: list[int] | None = None,
                    reason: str | None = None) -> Document:
    """Correct a document of a registry in the scope; the file stays unless a new one is given."""
    document = Document.objects.select_for_update().get(pk=document.pk)
    path = _current_path(scope, document.owner_id)
    require(scope, "document.write")
    if not path or not scope.contains_path(path):
        raise PermissionDenied(_("Văn bản thuộc sổ của đơn vị ngoài phạm vi của bạn: không sửa được."))
    before = _snapshot(document)
    code, kind_code, number, issuer_code = _checked(data)
    _duplicate(code, data.issued_on, exclude=document.pk)
    document.code, document.kind, document.kind_code, document.number = code, data.kind, kind_code, number
    document.issuer_code, document.issuing_body = issuer_code, data.issuing_body.strip()
    document.issued_on, document.subject, document.text = data.issued_on, data.subject.strip(), data.text
    if data.file_content:
        document.file_name, document.file_content = data.file_name, data.file_content
    document.search_key = _search_key(document)
    document.save()
    if replaces is not None:
        document.replaces.set(_replaces(scope, list(replaces), document))
    audit_record(actor=actor, action="document.update", obj=document, unit_id=document.owner_id, before=before,
                 after=_snapshot(document), reason=reason)
    return document


def _current_path(scope: Scope, unit_id: int) -> str:
    return versions_as_of(scope.as_of).filter(unit_id=unit_id).values_list("path", flat=True).first() or ""


@transaction.atomic
def documents_create_many(*, actor, scope: Scope, owner_code: str, items: list[DocumentData],
                          reason: str | None = None) -> list[Document]:
    """Add several documents at once (the unknown citations of a text): all or nothing."""
    owner = _owner(scope, owner_code)
    checked = []
    problems = []
    for index, data in enumerate(items, start=1):
        try:
            checked.append((data, _checked(data)))
        except ValidationError as exc:
            problems.extend(_("văn bản %(n)s, %(field)s: %(reason)s") % {"n": index, "field": field,
                                                                         "reason": " ".join(msgs)}
                            for field, msgs in exc.message_dict.items())
    keys = [(c[0], d.issued_on) for d, c in checked]
    if len(set(keys)) != len(keys):
        problems.append(_("Danh sách có văn bản trùng số, ký hiệu và ngày."))
    if keys:
        taken = set(Document.objects.filter(code__in=[k[0] for k in keys]).values_list("code", "issued_on"))
        problems.extend(_("%(code)s ngày %(day)s đã có trong sổ.") % {"code": code, "day": day.strftime("%d/%m/%Y")}
                        for code, day in keys if (code, day) in taken)
    if problems:
        raise ValidationError(problems)
    now = timezone.now()
    created_by = actor if actor is not None and actor.pk else None
    documents = []
    for data, (code, kind_code, number, issuer_code) in checked:
        document = Document(code=code, kind=data.kind, kind_code=kind_code, number=number, issuer_code=issuer_code,
                            issuing_body=data.issuing_body.strip(), issued_on=data.issued_on,
                            subject=data.subject.strip(), owner_id=owner.unit_id, created_at=now, created_by=created_by)
        document.search_key = _search_key(document)
        documents.append(document)
    Document.objects.bulk_create(documents)
    if documents and documents[0].pk is None:  # backends without RETURNING on bulk insert
        documents = list(Document.objects.filter(code__in=[d.code for d in documents], created_at=now))
    audit_record_many(actor=actor, entries=[
        {"action": "document.create", "object_type": "documents.document", "object_id": d.pk, "object_repr": str(d),
         "unit_id": owner.unit_id, "after": _snapshot(d), "reason": reason} for d in documents])
    return documents


# --- Study sessions -------------------------------------------------------------------------------


@dataclass(frozen=True)
class StudyData:
    held_on: date | None
    title: str
    kind: str = StudyKind.BOTH
    place: str = ""
    presenter: str = ""
    notes: str = ""


def _check_session(scope: Scope, unit_code: str, data: StudyData, document_ids: list[int],
                   attendee_ids: list[int]) -> tuple[UnitVersion, list[Document], set[int]]:
    try:
        version = unit_get(scope=scope, code=unit_code)
    except UnitVersion.DoesNotExist:
        raise ValidationError(
            {"unit": _("Không có đơn vị «%(code)s» trong phạm vi của bạn.") % {"code": unit_code}}
        ) from None
    require(scope, "study.write")
    errors: dict[str, str] = {}
    if data.held_on is None:
        errors["held_on"] = _("Hãy nhập ngày tổ chức.")
    elif data.held_on > timezone.localdate():
        errors["held_on"] = _("Ngày tổ chức ở tương lai: chỉ ghi buổi đã diễn ra.")
    if not data.title.strip():
        errors["title"] = _("Hãy nhập tên buổi học tập, quán triệt.")
    if data.kind not in StudyKind.values:
        errors["kind"] = _("Hình thức không hợp lệ.")
    documents = selectors.documents_by_ids(scope=scope, ids=list(document_ids))
    if not document_ids:
        errors["documents"] = _("Hãy chọn ít nhất một văn bản.")
    elif len(documents) != len(set(document_ids)):
        errors["documents"] = _("Có văn bản không tìm thấy trong sổ.")
    attendees = set(attendee_ids)
    if attendees and data.held_on is not None and "held_on" not in errors:
        # One query: which of them were members of the unit's subtree on that day.

        at_date = versions_as_of(data.held_on).filter(unit_id=version.unit_id).values_list("path", flat=True).first()
        path = at_date or version.path
        units = versions_as_of(data.held_on).filter(path__gte=path, path__lt=subtree_upper_bound(path))
        members = set(memberships_on(data.held_on).filter(
            member_id__in=list(attendees), unit_id__in=Subquery(units.values("unit_id"))).values_list("member_id",
                                                                                                      flat=True))
        strangers = attendees - members
        if strangers:
            errors["attendees"] = _("%(n)s người dự không phải đảng viên của %(unit)s vào ngày %(day)s.") % {
                "n": len(strangers), "unit": version.name, "day": data.held_on.strftime("%d/%m/%Y")}
    if errors:
        raise ValidationError(errors)
    return version, documents, attendees


def _session_snapshot(session: StudySession, documents: list[Document], attendees: set[int]) -> dict:
    return {"title": session.title, "kind": session.kind, "held_on": session.held_on.isoformat(),
            "documents": sorted(d.code for d in documents), "attendees": len(attendees)}


@transaction.atomic
def study_session_record(*, actor, scope: Scope, unit_code: str, data: StudyData, document_ids: list[int],
                         attendee_ids: list[int], reason: str | None = None) -> StudySession:
    """Record that a unit studied documents on a day, and who attended (members of the unit)."""
    version, documents, attendees = _check_session(scope, unit_code, data, document_ids, attendee_ids)
    session = StudySession.objects.create(
        unit_id=version.unit_id, kind=data.kind, held_on=data.held_on, title=data.title.strip(),
        place=data.place.strip(), presenter=data.presenter.strip(), notes=data.notes,
        created_by=actor if actor is not None and actor.pk else None)
    session.documents.set(documents)
    bulk_insert(StudyAttendance, ["session", "member"], [(session.pk, m) for m in sorted(attendees)])
    audit_record(actor=actor, action="study.record", obj=session, unit_id=version.unit_id,
                 after=_session_snapshot(session, documents, attendees), reason=reason)
    return session


@transaction.atomic
def study_session_update(*, actor, scope: Scope, session: StudySession, data: StudyData, document_ids: list[int],
                         attendee_ids: list[int], reason: str | None = None) -> StudySession:
    """Correct a session: its details, documents and the whole attendance list."""
    session = StudySession.objects.select_for_update().get(pk=session.pk)
    unit_code = session.unit.code
    before = _session_snapshot(session, list(session.documents.all()),
                               set(session.attendance.values_list("member_id", flat=True)))
    version, documents, attendees = _check_session(scope, unit_code, data, document_ids, attendee_ids)
    session.kind, session.held_on, session.title = data.kind, data.held_on, data.title.strip()
    session.place, session.presenter, session.notes = data.place.strip(), data.presenter.strip(), data.notes
    session.save()
    session.documents.set(documents)
    StudyAttendance.objects.filter(session=session).delete()
    bulk_insert(StudyAttendance, ["session", "member"], [(session.pk, m) for m in sorted(attendees)])
    audit_record(actor=actor, action="study.update", obj=session, unit_id=version.unit_id, before=before,
                 after=_session_snapshot(session, documents, attendees), reason=reason)
    return session


@transaction.atomic
def study_session_delete(*, actor, scope: Scope, session: StudySession, reason: str | None = None) -> None:
    """Remove a session recorded by mistake; the audit row keeps what it was."""
    session = StudySession.objects.select_for_update().select_related("unit").get(pk=session.pk)
    path = _current_path(scope, session.unit_id)
    require(scope, "study.write")
    if not path or not scope.contains_path(path):
        raise PermissionDenied(denied_message("study.write"))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Hãy ghi lý do xóa buổi học tập.")})
    before = _session_snapshot(session, list(session.documents.all()),
                               set(session.attendance.values_list("member_id", flat=True)))
    audit_record(actor=actor, action="study.delete", obj=session, unit_id=session.unit_id, before=before, reason=reason)
    session.delete()


@transaction.atomic
def coverage_exported(*, actor, scope: Scope, document: Document, root: UnitVersion, count: int) -> None:
    """Exports are audited (who took which list out)."""
    audit_record(actor=actor, action="study.coverage_export", obj=document, unit_id=root.unit_id,
                 after={"root": root.unit.code, "rows": count})
