"""Counting a round once both tellers agree (issue 5, point 5), on a base frozen from the summons
and check-ins, and opening the next round the congress decides on (a tie, a shortfall). The
results go to the election's log, never into the audit log, until release (issue 13, point 3)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tochuc.congresses import selectors
from tochuc.congresses.models import (
    BallotEntry,
    Candidate,
    CandidateSource,
    EntryMode,
    Layout,
    RoleKind,
    Round,
    RoundStatus,
    TallyEntry,
)
from tochuc.congresses.services._common import _audit, _log, _open_election, _open_round, _require_role
from tochuc.core.scope import Scope
from tochuc.domain import elections as rules


def _result_json(result: rules.CountResult, names: dict[str, int]) -> dict:
    return {"valid": result.valid, "invalid": result.invalid, "returned": result.returned, "issued": result.issued,
            "invalid_by_reason": dict(result.invalid_by_reason), "votes": dict(result.votes),
            "elected": list(result.elected), "tied": list(result.tied), "unfilled": result.unfilled,
            "needed": result.needed, "ids": names}


@transaction.atomic
def round_count(*, actor, scope: Scope, round_: Round, reason: str | None = None) -> rules.CountResult:
    """Count a round once both tellers' entries agree (issue 5, point 5): the base is frozen from
    the summons and check-ins, the ballots are counted by the domain rule, the round is closed."""
    round_, election = _open_round(round_, actor, scope)
    if round_.issued is None:
        raise ValidationError(_("Chưa ghi số phiếu phát ra."))
    rec = selectors.round_reconciliation(round_)
    if not rec.ok and round_.mode == EntryMode.TALLIES:
        raise ValidationError(_("Tổng số phiếu hai tổ nhập chưa khớp nhau, hoặc một tổ chưa nhập."))
    if not rec.ok:
        raise ValidationError(_("Hai tổ nhập chưa khớp ở phiếu số: %(n)s.") % {
            "n": ", ".join(map(str, rec.mismatches[:30])) + ("…" if len(rec.mismatches) > 30 else "")})
    if not rec.agreed:
        raise ValidationError(_("Chưa có phiếu nào được cả hai tổ nhập."))
    candidates = selectors.round_candidates(round_)
    by_id = {str(c.pk): c.full_name for c in candidates}
    names = [c.full_name for c in candidates]
    figures = selectors.attendance(election.congress)
    if not figures.summoned:
        raise ValidationError(_("Chưa có danh sách triệu tập: không có căn cứ để tính kết quả bầu cử."))
    base = figures.base
    try:
        if round_.mode == EntryMode.BALLOTS:
            ballots: list = []
            for marks, invalid in BallotEntry.objects.filter(round=round_, teller=1).order_by("number") \
                    .values_list("marks", "invalid"):
                if invalid:
                    ballots.append(rules.InvalidBallot(invalid))
                elif election.layout == Layout.STRIKE:
                    ballots.append([by_id[str(i)] for i in marks])
                else:
                    ballots.append({by_id[k]: v for k, v in marks.items()})
            result = rules.count_ballots(seats=round_.seats, candidates=names, ballots=ballots, base=base.base,
                                         layout=election.layout, issued=round_.issued)
        else:
            tally = TallyEntry.objects.get(round=round_, teller=1)
            result = rules.count_tallies(seats=round_.seats, candidates=names,
                                         votes={by_id[k]: v for k, v in tally.votes.items()}, valid=tally.valid,
                                         invalid_by_reason=tally.invalid, base=base.base, layout=election.layout,
                                         issued=round_.issued)
    except rules.ElectionInputError as exc:
        raise ValidationError(str(exc)) from None
    round_.status = RoundStatus.COUNTED
    round_.base = base.base
    round_.base_breakdown = base.breakdown()
    round_.summoned = base.summoned
    round_.present = figures.present
    round_.result = _result_json(result, {c.full_name: c.pk for c in candidates})
    round_.counted_at = timezone.now()
    round_.save()
    logged = _log(election, actor, "count", {"round": round_.number, "base": base.base, "result": round_.result})
    # Only a reference: every reader in scope reads the audit log, and the results stay secret
    # until the presidium releases them (issue 13, point 3); the election's log holds them.
    _audit(actor, "election.count", election, election.congress, reason=reason,
           after={"round": round_.number, "log": logged.pk})
    return result


def _stored_result(round_: Round) -> rules.CountResult:
    from types import MappingProxyType

    r = round_.result
    return rules.CountResult(
        seats=round_.seats, base=round_.base, layout=round_.election.layout, candidates=tuple(r["votes"]),
        issued=r["issued"], returned=r["returned"], valid=r["valid"], invalid=r["invalid"],
        invalid_by_reason=MappingProxyType(r["invalid_by_reason"]), votes=MappingProxyType(r["votes"]),
        elected=tuple(r["elected"]), tied=tuple(r["tied"]), unfilled=r["unfilled"])


@transaction.atomic
def round_next(*, actor, scope: Scope, round_: Round, extra: list[str] = (), issued: int | None = None,
               reason: str | None = None) -> Round:
    """The congress decided to vote again (a tie at the last seat: among the tied only; a
    shortfall: the unfilled seats among those not elected plus names it adds). Earlier rounds stay."""
    election = _open_election(round_.election)
    _require_role(election.congress, actor, (RoleKind.COMMITTEE,), scope)
    round_ = Round.objects.get(pk=round_.pk)
    if round_.status != RoundStatus.COUNTED:
        raise ValidationError(_("Vòng bầu này chưa kiểm phiếu."))
    if election.rounds.filter(number__gt=round_.number).exists():
        raise ValidationError(_("Đã có vòng bầu tiếp theo."))
    try:
        plan = rules.next_round_candidates(_stored_result(round_),
                                           extra=[" ".join(e.split()) for e in extra if e.strip()])
    except rules.ElectionInputError as exc:
        raise ValidationError(str(exc)) from None
    if plan is None:
        raise ValidationError(_("Đã bầu đủ số lượng: không cần bầu tiếp."))
    order = (election.candidates.order_by("-order").values_list("order", flat=True).first() or 0)
    existing = {c.full_name: c for c in election.candidates.all()}
    chosen = []
    for name in plan.candidates:
        if name not in existing:
            order += 1
            existing[name] = Candidate.objects.create(election=election, order=order, full_name=name,
                                                      source=CandidateSource.ADDED)
        chosen.append(existing[name])
    following = Round.objects.create(election=election, number=round_.number + 1, reason=plan.reason, seats=plan.seats,
                                     mode=round_.mode, issued=issued)
    following.candidates.set(chosen)
    logged = _log(election, actor, "round_open", {"round": following.number, "reason": plan.reason,
                                                  "seats": plan.seats, "candidates": list(plan.candidates)})
    # Why the congress votes again (a tie, a shortfall) and for how many seats tells how the last
    # round came out: like counting, the audit row (read by everyone in scope) only points to the
    # election's log until release (issue 13).
    _audit(actor, "election.round_next", election, election.congress, reason=reason,
           after={"round": following.number, "log": logged.pk})
    return following
