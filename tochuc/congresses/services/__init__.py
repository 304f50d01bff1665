"""Writes of congresses and elections: atomic, audited (DESIGN.md invariant 2), and, for an
election, appended to its log. Rules come from ``tochuc.domain.elections``.

Roles (issue 5, point 8): setting up a congress needs a clerk's scope over its unit; entering or
changing ballots and counting need the congress role "counting committee" or "convening
committee"; releasing results needs "convening committee"; giving or taking back a role needs
"convening committee" or an administrator of the congress's unit (issue 13, point 1). Once an
election's results are released, nothing of it can change.

One module per group of verbs, in the order a congress goes (each under 500 lines):
``congress`` (the congress, its sessions, the counting committee), ``roles``, ``summons`` (the
list, delegates, check-in), ``allocation`` (delegates per unit below), ``candidates``,
``ballots`` (opening the vote, entries), ``counting`` (a round's count, the next round),
``release``; shared guards, audit and log in ``_common``. Callers import from this package.
"""

from __future__ import annotations

from tochuc.congresses.services.allocation import allocation_line_set, allocation_propose
from tochuc.congresses.services.ballots import (
    ballot_enter,
    ballots_enter_many,
    round_open,
    round_set_issued,
    tally_enter,
)
from tochuc.congresses.services.candidates import candidate_add, candidate_check, candidate_remove, election_create
from tochuc.congresses.services.congress import congress_create, congress_session_add, counting_members_set
from tochuc.congresses.services.counting import round_count, round_next
from tochuc.congresses.services.release import election_document_exported, election_log_verify, election_release
from tochuc.congresses.services.roles import congress_role_grant, congress_role_revoke
from tochuc.congresses.services.summons import (
    EXCLUSION_FLAGS,
    QR_PREFIX,
    delegate_add,
    delegate_check_in,
    delegate_update,
    qr_payload,
    summons_generate,
)

__all__ = [
    "EXCLUSION_FLAGS",
    "QR_PREFIX",
    "allocation_line_set",
    "allocation_propose",
    "ballot_enter",
    "ballots_enter_many",
    "candidate_add",
    "candidate_check",
    "candidate_remove",
    "congress_create",
    "congress_role_grant",
    "congress_role_revoke",
    "congress_session_add",
    "counting_members_set",
    "delegate_add",
    "delegate_check_in",
    "delegate_update",
    "election_create",
    "election_document_exported",
    "election_log_verify",
    "election_release",
    "qr_payload",
    "round_count",
    "round_next",
    "round_open",
    "round_set_issued",
    "summons_generate",
    "tally_enter",
]
