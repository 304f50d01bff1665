"""Releasing an election's results (after which nothing of it changes), checking its log has not
been edited, and auditing the documents of a round that leave the system as files."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tochuc.audit.services import actor_name, personal_data_read
from tochuc.congresses import selectors
from tochuc.congresses.models import Election, ElectionLogEntry, RoleKind, Round, RoundStatus
from tochuc.congresses.services._common import _audit, _log, _open_election, _require_role
from tochuc.core.scope import Scope


@transaction.atomic
def election_release(*, actor, scope: Scope, election: Election, reason: str | None = None) -> Election:
    """The presidium releases the results: shown on the big screen, and the election's log closes."""
    election = _open_election(election)
    _require_role(election.congress, actor, (RoleKind.COMMITTEE,), scope)
    last = election.rounds.order_by("-number").first()
    if last is None or last.status != RoundStatus.COUNTED:
        raise ValidationError(_("Chưa kiểm phiếu xong vòng bầu cuối cùng."))
    election.released_at = timezone.now()
    election.released_by_name = actor_name(actor)
    election.save(update_fields=["released_at", "released_by_name"])
    _log(election, actor, "release", {"elected": selectors.elected_names(election)})
    _audit(actor, "election.release", election, election.congress, reason=reason,
           after={"elected": selectors.elected_names(election)})
    return election


def election_log_verify(election: Election) -> bool:
    """True when every log row still hashes to what the next one recorded (nothing edited)."""
    previous = "0" * 64
    for entry in ElectionLogEntry.objects.filter(election=election).order_by("id"):
        if entry.previous_hash != previous or entry.compute_hash() != entry.hash:
            return False
        previous = entry.hash
    return True


def election_document_exported(*, actor, round_: Round, document: str, fmt: str = "pdf") -> None:
    """Counting minutes or ballot papers (names of candidates and counters) left the system as a
    file: one audit row per file, with no votes in it (the counting row holds those)."""
    congress = round_.election.congress
    personal_data_read(actor=actor, action=f"election.{document}_export", obj=round_, unit_id=congress.unit_id,
                       object_repr=f"{round_.election} — lần {round_.number}",
                       details={"format": fmt, "election": round_.election_id, "round": round_.number})
