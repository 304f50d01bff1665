"""Writes to the member registry: atomic, audited (DESIGN.md invariant 2)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import IO

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tochuc.audit.services import audit_record, audit_record_many
from tochuc.core import changes, jobs
from tochuc.core.bulk import allocate_ids, bulk_insert, existing_values
from tochuc.core.permissions import require
from tochuc.core.scope import Scope
from tochuc.core.tabular import ImportRejected, RowError, read_table
from tochuc.domain import orgs as org_rules
from tochuc.domain.text import fold
from tochuc.members import importing
from tochuc.members.models import Member, Membership, MembershipKind, MemberStatus
from tochuc.orgs.selectors import versions_as_of

Progress = Callable[[str, int, int], None]
IN_CHUNK = 30_000  # below SQLite's default limit of 32,766 bound parameters


def _no_progress(stage: str, done: int, total: int) -> None:
    return None


@dataclass(frozen=True)
class MemberImportResult:
    created: int
    rejected: list[RowError] = field(default_factory=list)
    rejected_rows: set[int] = field(default_factory=set)


def _branches_in_scope(scope: Scope, codes: set[str]) -> dict[str, importing.Branch]:
    """Branch-kind units among ``codes`` open on the scope's date and in the scope. The version
    valid on that date, whether or not it ends later: a branch renamed (or moved) from a later
    date is the same open branch until then."""
    found: dict[str, importing.Branch] = {}
    codes_list = sorted(codes)
    for start in range(0, len(codes_list), IN_CHUNK):
        rows = (
            versions_as_of(scope.as_of)
            .filter(scope.path_q(), unit__code__in=codes_list[start : start + IN_CHUNK],
                    kind__in=org_rules.BRANCH_KINDS)
            .values_list("unit__code", "unit_id", "unit__versions__valid_from")
        )
        for code, unit_id, first_from in rows:
            known = found.get(code)
            if known is None or first_from < known.valid_from:
                found[code] = importing.Branch(unit_id, first_from)
    return found


def taken_values(column: str, values: set[str]) -> set[str]:
    return existing_values(Member, column, sorted(values))


def people_in_branches(unit_ids: set[int]) -> set[tuple[int, str, date]]:
    """(branch, folded name, birth date) of the members now in these branches: how a re-imported
    row without citizen ID or card number is recognised."""
    found: set[tuple[int, str, date]] = set()
    ids = sorted(unit_ids)
    for start in range(0, len(ids), IN_CHUNK):
        found.update(Membership.objects.filter(
            unit_id__in=ids[start : start + IN_CHUNK], kind=MembershipKind.PRIMARY, valid_to__isnull=True,
        ).values_list("unit_id", "member__search_key", "member__birth_date"))
    return found


def members_import(
    *, actor, scope: Scope, stream: IO[bytes], source: str, skip_bad_rows: bool = False,
    reason: str | None = None, progress: Progress = _no_progress, allow_duplicates: bool = False,
) -> MemberImportResult:
    """Import members from CSV/XLSX: all rows or nothing; with ``skip_bad_rows`` the good rows
    and the list of rejected ones. A row whose name and birth date are already in its branch (or
    earlier in the file) is refused unless ``allow_duplicates``."""
    require(scope, "member.import")
    table = read_table(stream, source)
    total = len(table.rows)
    progress("read", total, total)

    def cells_of(name: str) -> set[str]:
        index = table.column(name)
        if index is None:
            return set()
        return {cells[index].strip() for _, cells in table.rows if index < len(cells) and cells[index].strip()}

    branches = _branches_in_scope(scope, cells_of("branch_code"))
    good, errors, bad_rows = importing.validate(
        table, branches=branches, taken_national_ids=taken_values("national_id", cells_of("national_id")),
        taken_cards=taken_values("card_number", cells_of("card_number")), today=timezone.localdate(),
        taken_people=set() if allow_duplicates else people_in_branches({b.unit_id for b in branches.values()}),
        allow_duplicates=allow_duplicates,
    )
    progress("validate", total, total)
    if errors and (not skip_bad_rows or not good):
        raise ImportRejected(errors)
    created = members_write_rows(actor=actor, rows=good, source=source, reason=reason, progress=progress)
    return MemberImportResult(created=created, rejected=errors, rejected_rows=bad_rows)


@transaction.atomic
def members_write_rows(*, actor, rows: list[importing.MemberRow], source: str, reason: str | None,
                       progress: Progress = _no_progress) -> int:
    """Write checked rows set-based (members, their memberships, one audit row per branch)."""
    ids = allocate_ids(Member, len(rows))
    now = timezone.now()
    member_rows = []
    membership_rows = []
    for member_id, row in zip(ids, rows, strict=True):
        status = MemberStatus.OFFICIAL if row.official_on else MemberStatus.PROBATIONARY
        member_rows.append((
            member_id, row.full_name, fold(row.full_name), row.birth_date, row.sex, row.ethnicity, "", "",
            row.national_id, "", "", "", row.admitted_on, row.official_on, row.card_number, status, False, now,
        ))
        membership_rows.append((member_id, row.unit_id, MembershipKind.PRIMARY, row.joined_branch_on, None))
    bulk_insert(Member, ["id", "full_name", "search_key", "birth_date", "sex", "ethnicity", "religion", "hometown",
                         "national_id", "phone", "education", "theory_level", "admitted_on", "official_on",
                         "card_number", "status", "exempted", "created_at"], member_rows)
    progress("write", len(rows) // 2, len(rows))
    bulk_insert(Membership, ["member", "unit", "kind", "valid_from", "valid_to"], membership_rows)
    progress("write", len(rows), len(rows))
    per_branch = Counter(row.unit_id for row in rows)
    changes.touched(units=per_branch, kinds=[changes.MEMBERS])
    audit_record_many(actor=actor, entries=[
        {"action": "member.import", "object_type": "orgs.unit", "object_id": unit_id,
         "object_repr": _("%(count)s đảng viên từ %(source)s") % {"count": count, "source": source},
         "unit_id": unit_id, "after": {"count": count, "source": source}, "reason": reason}
        for unit_id, count in per_branch.items()
    ])
    return len(rows)


MAX_UPLOAD_BYTES = 200 * 1024 * 1024


@transaction.atomic
def member_import_enqueue(*, actor, scope: Scope, source: str, content: bytes, skip_bad_rows: bool,
                          allow_duplicates: bool = False):
    """Queue a web upload for import in the background; the job row carries its progress."""
    from tochuc.members.models import ImportJob
    from tochuc.members.tasks import run_member_import

    require(scope, "member.import")
    if not source.lower().endswith((".csv", ".xlsx")):
        raise ValidationError(_("Chỉ nhận tệp CSV hoặc XLSX."))
    if len(content) > MAX_UPLOAD_BYTES:
        raise ValidationError(_("Tệp lớn hơn 200 MB."))
    job = ImportJob.objects.create(created_by=actor, source=source, content=content, skip_bad_rows=skip_bad_rows,
                                   allow_duplicates=allow_duplicates)
    transaction.on_commit(lambda: run_member_import.enqueue(job.pk))
    return job


@transaction.atomic
def member_import_retry(*, actor, scope: Scope, job_id: int, reason: str | None = None):
    """Queue a failed import again (its worker died, or the system failed). Safe: the import
    writes in one transaction, so a failed run left nothing behind. Only the uploader's own job
    (``ImportJob.DoesNotExist`` otherwise); a job that is not failed is refused."""
    from tochuc.members.models import ImportJob
    from tochuc.members.tasks import run_member_import

    require(scope, "member.import")
    job = ImportJob.objects.defer("content").get(pk=job_id, created_by=actor)
    jobs.expire_if_stale(job)
    if not jobs.requeue(job, stage="", total=0, created=0, problems=[], rejected_rows=[]):
        raise ValidationError(_("Chỉ chạy lại được lần nhập bị lỗi hệ thống."))
    audit_record(actor=actor, action="member.import_retry", obj=job, object_repr=job.source[:255],
                 after={"job": job.pk, "source": job.source}, reason=reason)
    transaction.on_commit(lambda: run_member_import.enqueue(job.pk))
    return job
