"""Who may write what of a conference: the host (a scope containing the organizing unit) writes
the conference; a bridge point's clerk writes only its point; and the conference's day, on which
units and scopes are read."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from tochuc.conferences.models import BridgePoint, Conference
from tochuc.core.permissions import require
from tochuc.core.scope import Scope
from tochuc.orgs.selectors import versions_as_of


def _require_write(scope: Scope) -> None:
    require(scope, "conference.write")


def _require_host(scope: Scope, conference: Conference) -> None:
    _require_write(scope)
    if not versions_as_of(scope.as_of).filter(scope.path_q(), unit_id=conference.organizer_id).exists():
        raise PermissionDenied(_("Chỉ đơn vị tổ chức hội nghị mới được làm việc này."))


def _require_point(scope: Scope, point: BridgePoint) -> None:
    """The actor writes this point: its scope holds the point's unit or the organizer.
    (:func:`tochuc.conferences.selectors.point_access` has checked it already for this very
    scope and point object when it marked the point: the check-in path skips a query.)"""
    _require_write(scope)
    if getattr(point, "_reached_by", None) is scope:
        return
    wanted = [point.unit_id, point.conference.organizer_id]
    if not versions_as_of(scope.as_of).filter(scope.path_q(), unit_id__in=wanted).exists():
        raise PermissionDenied(_("Bạn chỉ được cập nhật điểm cầu của đơn vị mình."))


def conference_day(conference: Conference) -> date:
    return timezone.localdate(conference.starts_at)
