"""An election and its list of candidates, checked against the surplus rules of 190-QĐ/TW
Điều 14; the list is closed once voting starts."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tochuc.congresses import conf, selectors
from tochuc.congresses.models import (
    SURPLUS_REQUIRED,
    Candidate,
    CandidateSource,
    Congress,
    Delegate,
    Election,
    Layout,
)
from tochuc.congresses.services._common import _audit, _log, _open_election, _require_write
from tochuc.core.scope import Scope
from tochuc.domain import elections as rules


@transaction.atomic
def election_create(*, actor, scope: Scope, congress: Congress, kind: str, seats: int, layout: str = Layout.STRIKE,
                    decided_max_surplus: int | None = None, reason: str | None = None) -> Election:
    _require_write(scope)
    if seats < 1:
        raise ValidationError(_("Số lượng cần bầu phải từ 1 trở lên."))
    if layout not in Layout.values:
        raise ValidationError(_("Mẫu phiếu không hợp lệ."))
    election = Election.objects.create(congress=congress, kind=kind, seats=seats, layout=layout,
                                       decided_max_surplus=decided_max_surplus)
    _log(election, actor, "create", {"kind": kind, "seats": seats, "layout": layout})
    _audit(actor, "election.create", election, congress, after={"kind": kind, "seats": seats, "layout": layout},
           reason=reason)
    return election


@transaction.atomic
def candidate_add(*, actor, scope: Scope, election: Election, full_name: str, source: str = CandidateSource.PREPARED,
                  support: int | None = None, member_id: int | None = None, reason: str | None = None) -> Candidate:
    _require_write(scope)
    election = _open_election(election)
    if election.rounds.exists():
        raise ValidationError(_("Đã bắt đầu bỏ phiếu: danh sách bầu cử không thay đổi được."))
    full_name = " ".join(full_name.split())
    if not full_name:
        raise ValidationError(_("Cần họ tên người ứng cử."))
    if source not in CandidateSource.values:
        raise ValidationError(_("Nguồn giới thiệu không hợp lệ."))
    if source == CandidateSource.FLOOR and support is None:
        raise ValidationError(_("Người được đề cử tại đại hội cần số người đồng ý giới thiệu."))
    if Candidate.objects.filter(election=election, full_name=full_name).exists():
        raise ValidationError(_("%(name)s đã có trong danh sách.") % {"name": full_name})
    if member_id is None:
        # A name of the summons list: link the person, so the delegates they become carry their record.
        same = list(Delegate.objects.filter(congress=election.congress, full_name=full_name, member__isnull=False)
                    .values_list("member_id", flat=True)[:2])
        member_id = same[0] if len(same) == 1 else None
    order = (election.candidates.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    candidate = Candidate.objects.create(election=election, order=order, full_name=full_name, source=source,
                                         support=support, member_id=member_id)
    _log(election, actor, "candidate_add", {"name": full_name, "source": source, "support": support})
    _audit(actor, "election.candidate_add", candidate, election.congress, after={"source": source, "support": support},
           reason=reason)
    return candidate


@transaction.atomic
def candidate_remove(*, actor, scope: Scope, candidate: Candidate, reason: str | None = None) -> None:
    _require_write(scope)
    election = _open_election(candidate.election)
    if election.rounds.exists():
        raise ValidationError(_("Đã bắt đầu bỏ phiếu: danh sách bầu cử không thay đổi được."))
    _log(election, actor, "candidate_remove", {"name": candidate.full_name})
    _audit(actor, "election.candidate_remove", candidate, election.congress, reason=reason)
    candidate.delete()


def candidate_check(election: Election, *, attendees: int | None = None) -> rules.CandidateListCheck:
    """The surplus checks of 190-QĐ/TW Điều 14 on the current list (errors block the vote)."""
    candidates = list(election.candidates.all())
    prepared = [c.full_name for c in candidates if c.source == CandidateSource.PREPARED]
    floor = [rules.FloorNominee(c.full_name,
                                c.support or 0) for c in candidates if c.source != CandidateSource.PREPARED]
    if attendees is None and floor:
        attendees = max(selectors.attendance(election.congress).present, max(f.support for f in floor), 1)
    check = rules.check_candidate_list(
        election.seats, prepared, floor, attendees=attendees,
        require_surplus=election.kind in SURPLUS_REQUIRED and election.layout == Layout.STRIKE,
        decided_max_surplus=election.decided_max_surplus, policy=conf.election_policy())
    if election.kind in SURPLUS_REQUIRED:
        return check
    # Secretary, deputies, the inspection chair: Điều 14's surplus caps are written for bodies;
    # for one or two posts a surplus is the congress's choice, shown to it as a warning.
    from dataclasses import replace

    capped = {"surplus_over_max", "small_body_surplus"}
    return replace(check, errors=tuple(e for e in check.errors if e.code not in capped),
                   warnings=check.warnings + tuple(e for e in check.errors if e.code in capped))
