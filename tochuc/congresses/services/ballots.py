"""Voting in a round (issue 5, point 4): opening the first round on the checked list, the number
of ballots issued, and each teller's entries — ballot by ballot, a whole file at once, or totals
counted on paper. Only the congress's counting or convening committee enters; one person never
enters both tellers' piles."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tochuc.audit.services import audit_record
from tochuc.congresses.models import BallotEntry, Election, EntryMode, Layout, RoleKind, Round, TallyEntry
from tochuc.congresses.services._common import _audit, _log, _open_election, _open_round, _require_role
from tochuc.congresses.services.candidates import candidate_check
from tochuc.core.bulk import bulk_insert
from tochuc.core.scope import Scope


@transaction.atomic
def round_open(*, actor, scope: Scope, election: Election, issued: int | None = None, mode: str = EntryMode.BALLOTS,
               reason: str | None = None) -> Round:
    """Start the first round on the checked list: names refused by the checks are left out; an
    error of the checks (surplus over 30%, a list too short) blocks the vote."""
    election = _open_election(election)
    _require_role(election.congress, actor, (RoleKind.COMMITTEE, RoleKind.COUNTING), scope)
    if election.rounds.exists():
        raise ValidationError(_("Vòng bầu thứ nhất đã mở."))
    check = candidate_check(election)
    if check.errors:
        raise ValidationError([issue.message for issue in check.errors])
    if mode not in EntryMode.values:
        raise ValidationError(_("Cách nhập phiếu không hợp lệ."))
    round_ = Round.objects.create(election=election, number=1, seats=election.seats, mode=mode, issued=issued)
    listed = set(check.candidates)
    round_.candidates.set([c for c in election.candidates.all() if c.full_name in listed])
    _log(election, actor, "round_open", {"round": 1, "candidates": list(check.candidates), "issued": issued,
                                         "warnings": [w.message for w in check.warnings]})
    _audit(actor, "election.round_open", election, election.congress, after={"round": 1}, reason=reason)
    return round_


@transaction.atomic
def round_set_issued(*, actor, scope: Scope, round_: Round, issued: int, reason: str | None = None) -> Round:
    round_, election = _open_round(round_, actor, scope)
    if issued < 0:
        raise ValidationError(_("Số phiếu phát ra không hợp lệ."))
    before = round_.issued
    round_.issued = issued
    round_.save(update_fields=["issued"])
    _log(election, actor, "issued", {"round": round_.number, "issued": issued, "before": before})
    _audit(actor, "election.issued", election, election.congress, before={"issued": before}, after={"issued": issued},
           reason=reason)
    return round_


def _check_teller(round_: Round, teller: int, actor, scope: Scope) -> None:
    if teller not in (1, 2):
        raise ValidationError(_("Tổ nhập phiếu phải là 1 hoặc 2."))
    if scope.is_system or actor is None or not actor.pk:
        return
    other = 2 if teller == 1 else 1
    if BallotEntry.objects.filter(round=round_, teller=other, entered_by=actor).exists() or \
            TallyEntry.objects.filter(round=round_, teller=other, entered_by=actor).exists():
        raise ValidationError(_("Một người không được nhập cả hai lượt: lượt %(n)s đã do bạn nhập.") % {"n": other})


def _marks(round_: Round, layout: str, kept: list[int] | None, marks: dict | None) -> list | dict:
    allowed = set(round_.candidates.values_list("id", flat=True))
    if layout == Layout.STRIKE:
        ids = sorted({int(i) for i in kept or []})
        if set(ids) - allowed:
            raise ValidationError(_("Phiếu có tên không thuộc danh sách bầu vòng này."))
        return ids
    cleaned = {}
    for key, mark in (marks or {}).items():
        if int(key) not in allowed:
            raise ValidationError(_("Phiếu có tên không thuộc danh sách bầu vòng này."))
        if mark not in ("agree", "disagree", None):
            raise ValidationError(_("Ô đánh dấu phải là đồng ý, không đồng ý hoặc để trống."))
        cleaned[str(int(key))] = mark
    return cleaned


@transaction.atomic
def ballot_enter(*, actor, scope: Scope, round_: Round, teller: int, number: int, kept: list[int] | None = None,
                 marks: dict | None = None, invalid: str = "", reason: str | None = None) -> BallotEntry:
    """One ballot as read by one teller (issue 5, point 4). Entering the same number again changes
    that teller's entry (logged); the two tellers' entries are reconciled before counting."""
    round_, election = _open_round(round_, actor, scope)
    if round_.mode != EntryMode.BALLOTS:
        raise ValidationError(_("Vòng này nhập tổng số phiếu, không nhập từng phiếu."))
    _check_teller(round_, teller, actor, scope)
    if number < 1:
        raise ValidationError(_("Số thứ tự phiếu phải từ 1."))
    invalid = " ".join(invalid.split())
    value = [] if invalid else _marks(round_, election.layout, kept, marks)
    entry, created = BallotEntry.objects.update_or_create(
        round=round_, teller=teller, number=number,
        defaults={"marks": value, "invalid": invalid, "entered_by": actor if actor is not None and actor.pk else None,
                  "entered_at": timezone.now()})
    _log(election, actor, "ballot" if created else "ballot_change",
         {"round": round_.number, "teller": teller, "number": number, "marks": value, "invalid": invalid})
    audit_record(actor=actor, action="election.ballot" if created else "election.ballot_change", obj=election,
                 unit_id=election.congress.unit_id, reason=reason,
                 after={"round": round_.number, "teller": teller, "number": number})
    return entry


@transaction.atomic
def ballots_enter_many(*, actor, scope: Scope, round_: Round, teller: int,
                       entries: list[tuple[int, list[int] | dict, str]], reason: str | None = None) -> int:
    """A whole pile from one teller at once (a file from the counting machine): set-based; the
    pile replaces that teller's earlier entries; one log row with the count and a digest."""
    import hashlib
    import json

    round_, election = _open_round(round_, actor, scope)
    if round_.mode != EntryMode.BALLOTS:
        raise ValidationError(_("Vòng này nhập tổng số phiếu, không nhập từng phiếu."))
    _check_teller(round_, teller, actor, scope)
    allowed = set(round_.candidates.values_list("id", flat=True))
    numbers: set[int] = set()
    rows = []
    who = actor if actor is not None and actor.pk else None
    now = timezone.now()
    for i, (number, value, invalid) in enumerate(entries):
        if number < 1 or number in numbers:
            raise ValidationError(_("Phiếu thứ %(i)s: số thứ tự %(n)s không hợp lệ hoặc trùng.") % {"i": i + 1,
                                                                                                    "n": number})
        numbers.add(number)
        invalid = " ".join((invalid or "").split())
        try:
            ids = set(map(int, value)) if not invalid else set()
        except (TypeError, ValueError):
            ids = {None}
        if ids - allowed:
            raise ValidationError(_("Phiếu số %(n)s có tên không thuộc danh sách bầu vòng này.") % {"n": number})
        if invalid:
            value = []
        elif election.layout == Layout.STRIKE:
            value = sorted(ids)
        else:
            if not isinstance(value, dict) or any(m not in ("agree", "disagree", None) for m in value.values()):
                raise ValidationError(_("Phiếu số %(n)s: ô đánh dấu phải là đồng ý, không đồng ý hoặc để trống.") % {
                    "n": number})
            value = {str(int(k)): m for k, m in value.items()}
        rows.append((round_.pk, teller, number, json.dumps(value), invalid, who and who.pk, now))
    BallotEntry.objects.filter(round=round_, teller=teller).delete()
    bulk_insert(BallotEntry, ["round", "teller", "number", "marks", "invalid", "entered_by", "entered_at"], rows)
    digest = hashlib.sha256(json.dumps(sorted(entries), default=str).encode()).hexdigest()
    _log(election, actor, "ballots_file", {"round": round_.number, "teller": teller, "count": len(rows),
                                           "sha256": digest})
    _audit(actor, "election.ballots_file", election, election.congress, after={"teller": teller, "count": len(rows)},
           reason=reason)
    return len(rows)


@transaction.atomic
def tally_enter(*, actor, scope: Scope, round_: Round, teller: int, valid: int, invalid: dict[str, int],
                votes: dict[int, int], reason: str | None = None) -> TallyEntry:
    """Per-candidate totals counted on paper, entered independently by each of two tellers."""
    round_, election = _open_round(round_, actor, scope)
    if round_.mode != EntryMode.TALLIES:
        raise ValidationError(_("Vòng này nhập từng phiếu."))
    _check_teller(round_, teller, actor, scope)
    allowed = set(round_.candidates.values_list("id", flat=True))
    if set(map(int, votes)) != allowed:
        raise ValidationError(_("Cần số phiếu của đúng từng người trong danh sách."))
    clean_invalid = {" ".join(r.split()): int(n) for r, n in invalid.items() if int(n)}
    clean_votes = {str(int(k)): int(v) for k, v in votes.items()}
    entry, created = TallyEntry.objects.update_or_create(
        round=round_, teller=teller, defaults={"valid": valid, "invalid": clean_invalid, "votes": clean_votes,
                                               "entered_by": actor if actor is not None and actor.pk else None})
    _log(election, actor, "tally" if created else "tally_change",
         {"round": round_.number, "teller": teller, "valid": valid, "invalid": clean_invalid, "votes": clean_votes})
    _audit(actor, "election.tally" if created else "election.tally_change", election, election.congress,
           after={"round": round_.number, "teller": teller}, reason=reason)  # no figures before release
    return entry
