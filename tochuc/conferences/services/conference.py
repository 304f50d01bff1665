"""The conference itself, written by the host: creating and editing it, its agenda, and the
documents disseminated at it (linked to the registry's document when the code and date match)."""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tochuc.audit.services import audit_record
from tochuc.conferences.models import AgendaItem, Conference, ConferenceDocument
from tochuc.conferences.services._common import _require_host, _require_write
from tochuc.core.scope import Scope
from tochuc.documents.selectors import visible_documents
from tochuc.domain.citations import extract_citations, normalize_code
from tochuc.orgs.selectors import versions_as_of


def _check_times(starts_at: datetime, ends_at: datetime | None) -> None:
    if ends_at is not None and ends_at < starts_at:
        raise ValidationError({"ends_at": _("Thời gian kết thúc trước thời gian bắt đầu.")})


@transaction.atomic
def conference_create(*, actor, scope: Scope, organizer_code: str, title: str, starts_at: datetime,
                      host_site: str, ends_at: datetime | None = None, video_link: str = "",
                      reason: str | None = None) -> Conference:
    """Create a conference organized by ``organizer_code`` (a unit in the actor's scope)."""
    _require_write(scope)
    title, host_site = title.strip(), host_site.strip()
    if not title:
        raise ValidationError({"title": _("Hãy nhập tên hội nghị.")})
    if not host_site:
        raise ValidationError({"host_site": _("Hãy nhập điểm cầu chính.")})
    _check_times(starts_at, ends_at)
    version = versions_as_of(scope.as_of).filter(scope.path_q(), unit__code=organizer_code.strip()).first()
    if version is None:
        raise ValidationError({"organizer_code": _("Không có đơn vị mã «%(code)s» trong phạm vi của bạn.")
                               % {"code": organizer_code}})
    conference = Conference.objects.create(
        organizer_id=version.unit_id, title=title, starts_at=starts_at, ends_at=ends_at, host_site=host_site,
        video_link=video_link.strip(), created_by=actor if actor is not None and actor.pk else None)
    audit_record(actor=actor, action="conference.create", obj=conference, unit_id=version.unit_id,
                 after={"title": title, "starts_at": starts_at.isoformat(), "host_site": host_site,
                        "video_link": conference.video_link}, reason=reason)
    return conference


EDITABLE = ("title", "starts_at", "ends_at", "host_site", "video_link")


@transaction.atomic
def conference_update(*, actor, scope: Scope, conference: Conference, reason: str | None = None,
                      **changes) -> Conference:
    _require_host(scope, conference)
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    before = {name: getattr(conference, name) for name in changes}
    for name, value in changes.items():
        setattr(conference, name, value.strip() if isinstance(value, str) else value)
    if not conference.title or not conference.host_site:
        raise ValidationError(_("Tên hội nghị và điểm cầu chính không được để trống."))
    _check_times(conference.starts_at, conference.ends_at)
    conference.save(update_fields=list(changes))
    audit_record(actor=actor, action="conference.update", obj=conference, unit_id=conference.organizer_id,
                 before={k: str(v) for k, v in before.items()},
                 after={k: str(getattr(conference, k)) for k in changes}, reason=reason)
    return conference


@transaction.atomic
def agenda_item_add(*, actor, scope: Scope, conference: Conference, title: str, presenter: str = "",
                    presenter_title: str = "", minutes: int | None = None, reason: str | None = None) -> AgendaItem:
    _require_host(scope, conference)
    if not title.strip():
        raise ValidationError({"title": _("Hãy nhập nội dung của mục chương trình.")})
    if minutes is not None and not 0 < minutes <= 24 * 60:
        raise ValidationError({"minutes": _("Thời lượng phải từ 1 đến 1440 phút.")})
    last = AgendaItem.objects.filter(conference=conference).order_by("-position").values_list("position",
                                                                                              flat=True).first()
    item = AgendaItem.objects.create(conference=conference, position=(last or 0) + 1, title=title.strip(),
                                     presenter=presenter.strip(), presenter_title=presenter_title.strip(),
                                     minutes=minutes)
    audit_record(actor=actor, action="conference.agenda_add", obj=item, unit_id=conference.organizer_id,
                 after={"conference": conference.pk, "position": item.position, "title": item.title,
                        "presenter": item.presenter}, reason=reason)
    return item


@transaction.atomic
def document_add(*, actor, scope: Scope, conference: Conference, code: str, title: str,
                 issued_on: date | None = None, reason: str | None = None) -> ConferenceDocument:
    """Record a document disseminated at the conference (code, date, title as text)."""
    _require_host(scope, conference)
    code, title = " ".join(code.split()), title.strip()
    if not code:
        raise ValidationError({"code": _("Hãy nhập số, ký hiệu văn bản.")})
    if not title:
        raise ValidationError({"title": _("Hãy nhập trích yếu văn bản.")})
    if ConferenceDocument.objects.filter(conference=conference, code=code).exists():
        raise ValidationError({"code": _("Văn bản «%(code)s» đã có trong hội nghị.") % {"code": code}})
    registered = registry_match(scope=scope, code=code, issued_on=issued_on)
    if registered is not None:
        code, issued_on = registered.code, issued_on or registered.issued_on
    document = ConferenceDocument.objects.create(conference=conference, code=code, title=title, issued_on=issued_on,
                                                 document=registered)
    audit_record(actor=actor, action="conference.document_add", obj=document, unit_id=conference.organizer_id,
                 after={"conference": conference.pk, "code": code, "document": registered.pk if registered else None,
                        "issued_on": issued_on.isoformat() if issued_on else None, "title": title}, reason=reason)
    return document


def registry_match(*, scope: Scope, code: str, issued_on: date | None):
    """The registry's document with this code (written in any of the usual ways: "05 – CT / TW",
    "Chỉ thị 05-CT/TW") and date, among those the scope can read; with no date, the only one
    with the code, else None (two documents share a code across years: DOMAIN.md §5)."""
    normalized = normalize_code(code)
    if normalized is None:
        found = extract_citations(code)
        normalized = found[0].code if len(found) == 1 else None
    if normalized is None:
        return None
    candidates = visible_documents(scope).filter(code=normalized)
    if issued_on is not None:
        candidates = candidates.filter(issued_on=issued_on)
    matches = list(candidates[:2])
    return matches[0] if len(matches) == 1 else None
