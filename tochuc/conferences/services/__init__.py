"""Writes of conferences: atomic, audited (DESIGN.md invariant 2).

The host (a scope containing the organizing unit) writes the conference, its agenda, documents,
bridge points, conclusion and tasks; a bridge point's clerk writes only its point (contact,
connection, head count, registrations, check-ins); the assigned unit updates its task's status.

One module per group of verbs (each under 500 lines): ``conference`` (the conference, agenda,
documents), ``points`` (bridge points), ``registration``, ``checkins`` (the hot path: why it
inserts-or-ignores is written there), ``conclusion`` (conclusion and tasks); the write guards in
``_common``. Callers import from this package.
"""

from __future__ import annotations

from tochuc.conferences.services._common import conference_day
from tochuc.conferences.services.checkins import (
    CheckInResult,
    checkin_cancel,
    checkin_record,
    one_writer_at_a_time_on_sqlite,
)
from tochuc.conferences.services.conclusion import conclusion_record, task_assign, task_set_status
from tochuc.conferences.services.conference import (
    EDITABLE,
    agenda_item_add,
    conference_create,
    conference_update,
    document_add,
    registry_match,
)
from tochuc.conferences.services.points import (
    MAX_COUNT,
    MAX_POINTS,
    POINT_COLUMNS,
    POINT_OPTIONAL,
    PointRow,
    bridge_point_connect,
    bridge_point_report_count,
    bridge_point_update,
    bridge_points_add,
    bridge_points_import,
)
from tochuc.conferences.services.registration import Guest, attendance_exported, attendees_register

__all__ = [
    "EDITABLE",
    "MAX_COUNT",
    "MAX_POINTS",
    "POINT_COLUMNS",
    "POINT_OPTIONAL",
    "CheckInResult",
    "Guest",
    "PointRow",
    "agenda_item_add",
    "attendance_exported",
    "attendees_register",
    "bridge_point_connect",
    "bridge_point_report_count",
    "bridge_point_update",
    "bridge_points_add",
    "bridge_points_import",
    "checkin_cancel",
    "checkin_record",
    "conclusion_record",
    "conference_create",
    "conference_day",
    "conference_update",
    "document_add",
    "one_writer_at_a_time_on_sqlite",
    "registry_match",
    "task_assign",
    "task_set_status",
]
