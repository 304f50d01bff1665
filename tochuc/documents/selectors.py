"""Reads of the document registry and of study sessions; every read takes a scope.

A document is visible when its owner unit lies in the scope or above it (the documents of
superiors apply to the units below). A study session is visible when its unit lies in the
scope on the scope's date.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Exists, Max, Min, OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext_lazy

from tochuc.core.permissions import allows
from tochuc.core.scope import Scope
from tochuc.documents.models import Document, StudyAttendance, StudySession
from tochuc.domain import orgs as org_rules
from tochuc.domain.citations import Citation
from tochuc.domain.text import search_terms
from tochuc.members.models import Member
from tochuc.members.selectors import memberships_on, subtree_memberships
from tochuc.orgs.models import UnitKind, UnitVersion
from tochuc.orgs.selectors import scoped_versions, subtree_versions, versions_as_of


def _above_scope_ids(scope: Scope) -> set[int]:
    return {unit_id for path in scope.paths for unit_id in org_rules.path_ids(path)}


def visible_documents(scope: Scope) -> QuerySet[Document]:
    """Documents whose owner is in the scope or an ancestor of it; large columns deferred.

    An owner counts as in the scope when any of its versions lay in the scope's subtrees, so
    the registry of a unit dissolved since (a district before 1/7/2025) stays readable above it.
    """
    owners_in_scope = UnitVersion.objects.filter(scope.path_q()).values("unit_id")
    condition = Q(owner_id__in=_above_scope_ids(scope)) | Q(owner_id__in=Subquery(owners_in_scope))
    return Document.objects.filter(condition).defer("text", "file_content")


def document_search(*, scope: Scope, query: str = "", kind: str = "", year: int | None = None,
                    limit: int = 100) -> list[Document]:
    """Documents matching every folded term of ``query`` (code, subject, issuing body), newest first."""
    replaced = Document.replaces.through.objects.filter(to_document=OuterRef("pk"))
    documents = visible_documents(scope).select_related("owner").annotate(is_replaced=Exists(replaced))
    for term in search_terms(query):
        documents = documents.filter(search_key__contains=term)
    if kind:
        documents = documents.filter(kind=kind)
    if year:
        documents = documents.filter(issued_on__gte=date(year, 1, 1), issued_on__lt=date(year + 1, 1, 1))
    return list(documents.order_by("-issued_on", "code")[:limit])


def document_get(*, scope: Scope, document_id: int, with_content: bool = False) -> Document:
    """A visible document, or ``Document.DoesNotExist`` (a 404 to the caller)."""
    documents = visible_documents(scope)
    if with_content:
        documents = documents.defer(None)
    return documents.select_related("owner").get(pk=document_id)


def document_editable(*, scope: Scope, document: Document) -> bool:
    """Whether the scope may correct the document: its registry's unit lies in the scope (a
    commune reads the Central Committee's documents, it does not edit them)."""
    if not allows(scope, "document.write"):
        return False
    path = scoped_versions(scope).filter(unit_id=document.owner_id).values_list("path", flat=True).first()
    return path is not None


def document_relations(*, scope: Scope, document: Document) -> tuple[list[Document], list[Document]]:
    """(the visible documents it replaces, those that replace it)."""
    visible = visible_documents(scope)
    replaces = list(visible.filter(replaced_by=document).order_by("issued_on"))
    replaced_by = list(visible.filter(replaces=document).order_by("issued_on"))
    return replaces, replaced_by


def documents_by_ids(*, scope: Scope, ids: list[int]) -> list[Document]:
    return list(visible_documents(scope).filter(pk__in=ids))


@dataclass
class CitationMatch:
    """A citation found in a text, with the registry documents it may name."""

    citation: Citation
    documents: list[Document]
    # Same code, another date: the text may misquote the date (DOMAIN.md §1), or cite another term's.
    near: list[Document] = field(default_factory=list)

    @property
    def known(self) -> bool:
        return len(self.documents) == 1

    @property
    def document(self) -> Document | None:
        return self.documents[0] if len(self.documents) == 1 else None


def match_citations(*, scope: Scope, citations: list[Citation]) -> list[CitationMatch]:
    """Link each citation to the visible registry documents it can name (one query).

    A citation names a document with the same kind code and number, the same issuer code when
    the citation has one, and the same date when it has one; a citation without a date may name
    several (one per term): all are offered.
    """
    if not citations:
        return []
    condition = Q()
    for c in citations:
        condition |= Q(kind_code=c.kind_code, number=c.number)
    found: dict[tuple[str, int], list[Document]] = defaultdict(list)
    for document in visible_documents(scope).filter(condition).order_by("-issued_on"):
        found[(document.kind_code, document.number)].append(document)
    matches = []
    for c in citations:
        candidates = [
            d for d in found[(c.kind_code, c.number)]
            if (c.issuer_code is None or d.issuer_code == c.issuer_code)
            and (c.issued_on is None or d.issued_on == c.issued_on)
        ]
        near = [] if candidates or c.issued_on is None else [
            d for d in found[(c.kind_code, c.number)] if c.issuer_code is None or d.issuer_code == c.issuer_code]
        matches.append(CitationMatch(c, candidates, near))
    return matches


# --- Study sessions -------------------------------------------------------------------------------


def visible_sessions(scope: Scope) -> QuerySet[StudySession]:
    return StudySession.objects.filter(unit_id__in=Subquery(scoped_versions(scope).values("unit_id")))


def session_list(*, scope: Scope, document: Document | None = None, unit_path: str | None = None,
                 limit: int = 200) -> list[StudySession]:
    """Sessions in scope, newest first, with their unit's version and their attendance counts."""
    sessions = visible_sessions(scope)
    if unit_path is not None:
        sessions = sessions.filter(unit_id__in=Subquery(subtree_versions(scope, unit_path).values("unit_id")))
    if document is not None:
        sessions = sessions.filter(documents=document)
    rows = list(sessions.select_related("unit").annotate(attended=Count("attendance", distinct=True))
                .order_by("-held_on", "-id")[:limit])
    _attach_units(scope, rows)
    return rows


def _attach_units(scope: Scope, sessions: list[StudySession]) -> None:
    versions = {v.unit_id: v for v in scoped_versions(scope).filter(
        unit_id__in={s.unit_id for s in sessions}).select_related("unit")}
    for session in sessions:
        session.unit_version = versions.get(session.unit_id)


def session_get(*, scope: Scope, session_id: int) -> StudySession:
    session = visible_sessions(scope).select_related("unit").get(pk=session_id)
    _attach_units(scope, [session])
    return session


def session_attendees(*, session: StudySession) -> list:
    return list(Member.objects.filter(pk__in=StudyAttendance.objects.filter(session=session).values("member_id"))
                .order_by("search_key", "id"))


def unit_members_on(*, unit_version: UnitVersion, on: date) -> list:
    """Members whose primary branch on ``on`` lies in the unit's subtree (who may attend)."""
    units = versions_as_of(on).filter(path__gte=unit_version.path,
                                      path__lt=org_rules.subtree_upper_bound(unit_version.path))
    ids = memberships_on(on).filter(unit_id__in=Subquery(units.values("unit_id"))).values("member_id")
    return list(Member.objects.filter(pk__in=Subquery(ids)).order_by("search_key", "id"))


# --- Coverage: which units have not yet studied a document ------------------------------------------


COVERAGE_LEVELS: dict[str, tuple[str, ...]] = {
    "xa": (org_rules.COMMUNE,),
    "co-so": (org_rules.GRASSROOTS_COMMITTEE, org_rules.GRASSROOTS_BRANCH),
    "chi-bo": tuple(sorted(org_rules.BRANCH_KINDS)),
    "tinh": (org_rules.PROVINCE, org_rules.CENTRAL_COMMITTEE),
}
COVERAGE_LEVEL_LABELS = {
    "xa": gettext_lazy("Đảng bộ xã, phường, đặc khu"), "co-so": gettext_lazy("Tổ chức cơ sở đảng"),
    "chi-bo": gettext_lazy("Chi bộ"), "tinh": gettext_lazy("Đảng bộ tỉnh và trực thuộc Trung ương"),
}


@dataclass(frozen=True)
class UnitRow:
    """A unit of the report, read as plain values (thousands of them: no model instances).
    ``unit.code``, ``name`` and ``get_kind_display()`` read like a unit version."""

    unit_id: int
    code: str
    name: str
    kind: str
    path: str

    @property
    def unit(self) -> UnitRow:
        return self

    def get_kind_display(self) -> str:
        return str(UnitKind(self.kind).label)


@dataclass
class CoverageRow:
    version: UnitRow
    sessions: int = 0
    first_held_on: date | None = None
    last_held_on: date | None = None
    members: int = 0
    attended: int = 0  # members of the unit's subtree who attended a session on the document

    @property
    def studied(self) -> bool:
        return self.sessions > 0

    @property
    def attendance_rate(self) -> float | None:
        return round(100 * self.attended / self.members, 1) if self.members else None


@dataclass
class Coverage:
    document: Document
    root: UnitVersion
    kinds: tuple[str, ...]
    rows: list[CoverageRow]

    @property
    def missing(self) -> list[CoverageRow]:
        return [r for r in self.rows if not r.studied]

    @property
    def studied_count(self) -> int:
        return sum(1 for r in self.rows if r.studied)


def coverage(*, scope: Scope, document: Document, root: UnitVersion, kinds: tuple[str, ...]) -> Coverage:
    """For every unit of ``kinds`` in the subtree at ``root`` (cut to the scope): whether it held
    a study session on ``document`` itself by the scope's date, when, and how many of its members
    attended one (anywhere: a member may have studied with another unit, e.g. the commune's).

    Set-based, a fixed number of queries whatever the size of the subtree: the units; sessions
    grouped by unit; members grouped by branch; attendees grouped by branch — then branch counts
    are rolled up to the target units by path prefix in Python.
    """
    everything = [UnitRow(*row) for row in subtree_versions(scope, root.path).order_by("path")
                  .values_list("unit_id", "unit__code", "name", "kind", "path")]
    units = [v for v in everything if v.kind in kinds]
    rows = {v.path: CoverageRow(v) for v in units}
    by_unit = {v.unit_id: rows[v.path] for v in units}
    held = (
        StudySession.objects.filter(documents=document, held_on__lte=scope.as_of, unit_id__in=Subquery(
            subtree_versions(scope, root.path).filter(kind__in=kinds).values("unit_id")))
        .values("unit_id").annotate(n=Count("id", distinct=True), first=Min("held_on"), last=Max("held_on")).order_by()
    )
    for row in held:
        target = by_unit[row["unit_id"]]
        target.sessions, target.first_held_on, target.last_held_on = row["n"], row["first"], row["last"]
    # Members and attendees per branch, then rolled up to each target unit above the branch.
    memberships = subtree_memberships(scope, root.path)
    branch_members = dict(memberships.values("unit_id").annotate(n=Count("id")).order_by().values_list("unit_id", "n"))
    attendees = StudyAttendance.objects.filter(session__documents=document, session__held_on__lte=scope.as_of
                                               ).values("member_id")
    branch_attended = dict(
        memberships.filter(member_id__in=Subquery(attendees)).values("unit_id")
        .annotate(n=Count("id")).order_by().values_list("unit_id", "n")  # one primary membership each
    )
    branch_paths = {v.unit_id: v.path for v in everything if v.unit_id in branch_members}
    lengths = sorted({len(p) for p in rows})
    for unit_id, path in branch_paths.items():
        for length in lengths:
            if length > len(path):
                break
            target = rows.get(path[:length])
            if target is not None:
                target.members += branch_members.get(unit_id, 0)
                target.attended += branch_attended.get(unit_id, 0)
    return Coverage(document=document, root=root, kinds=kinds, rows=list(rows.values()))
