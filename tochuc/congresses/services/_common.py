"""What every writer of congresses and elections shares: the write and role guards, the audit
row (on the congress's unit), the election's hash-chained log, and the lock that refuses any
change once an election's results are released."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from tochuc.audit.services import actor_name, audit_record
from tochuc.congresses import selectors
from tochuc.congresses.models import Congress, Election, ElectionLogEntry, RoleKind, Round, RoundStatus
from tochuc.core.permissions import require
from tochuc.core.scope import Scope


def _require_write(scope: Scope) -> None:
    require(scope, "congress.manage")


def _require_role(congress: Congress, actor, roles: tuple[str, ...], scope: Scope) -> None:
    if scope.is_system:
        return
    if not selectors.user_roles(congress, actor) & set(roles):
        raise PermissionDenied(_("Chỉ cấp ủy triệu tập và ban kiểm phiếu của đại hội được nhập, sửa phiếu bầu."))


def _audit(actor, action: str, obj, congress: Congress, after: dict | None = None, reason: str | None = None,
           before: dict | None = None) -> None:
    audit_record(actor=actor, action=action, obj=obj, unit_id=congress.unit_id, after=after, before=before,
                 reason=reason)


def _log(election: Election, actor, action: str, details: dict) -> ElectionLogEntry:
    """Append to the election's hash-chained log (the election row is locked by the caller)."""
    last = ElectionLogEntry.objects.filter(election=election).order_by("-id").values_list("hash", flat=True).first()
    entry = ElectionLogEntry(election=election, actor_name=actor_name(actor), action=action, details=details,
                             previous_hash=last or "0" * 64, at=timezone.now())
    entry.hash = entry.compute_hash()
    entry.save()
    return entry


def _open_election(election: Election) -> Election:
    locked = Election.objects.select_for_update().select_related("congress").get(pk=election.pk)
    if locked.released_at is not None:
        raise ValidationError(_("Kết quả đã được công bố: không thể thay đổi cuộc bầu cử này."))
    return locked


def _open_round(round_: Round, actor, scope: Scope) -> tuple[Round, Election]:
    election = _open_election(round_.election)
    _require_role(election.congress, actor, (RoleKind.COMMITTEE, RoleKind.COUNTING), scope)
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    if round_.status != RoundStatus.OPEN:
        raise ValidationError(_("Vòng bầu này đã kiểm phiếu xong."))
    return round_, election
