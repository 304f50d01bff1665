"""Pure rules of elections in the Party (no Django; DESIGN.md invariant 3).

Sources: Quy chế bầu cử trong Đảng, Quyết định 190-QĐ/TW (10/10/2024); Chỉ thị 45-CT/TW
(14/4/2025) on the congresses of the 2025–2030 term; DOMAIN.md §4.

- :mod:`.counting`: counting one round (``count_ballots``), the round after a tie or a shortfall
  (``next_round_candidates``) and the offline JSON contract (``run_count_json``).
- :mod:`.base`: the "more than half" base of a members' or delegates' congress.
- :mod:`.candidates`: checks of the candidate list (surplus, floor nominees), with
  :class:`ElectionPolicy` holding the figures that may change.
- :mod:`.allocation`: sharing delegates among units (largest remainder, with a minimum).
- :mod:`.entry`: two tellers' double entry reconciled, counting from per-candidate tallies, quorum.
"""

from tochuc.domain.elections.allocation import allocate_delegates
from tochuc.domain.elections.base import (
    REASON_LABELS,
    CongressBase,
    DelegateRecord,
    MemberRecord,
    delegates_congress_base,
    members_congress_base,
)
from tochuc.domain.elections.candidates import (
    CandidateListCheck,
    FloorNominee,
    Issue,
    check_candidate_list,
    max_surplus,
    prepared_surplus_range,
)
from tochuc.domain.elections.counting import (
    AGREE,
    STRIKE,
    TOO_MANY,
    CountResult,
    InvalidBallot,
    NextRound,
    count_ballots,
    next_round_candidates,
    run_count_json,
)
from tochuc.domain.elections.entry import Quorum, Reconciliation, count_tallies, quorum, reconcile_entries
from tochuc.domain.elections.errors import (
    BallotsExceedIssuedError,
    ElectionError,
    ElectionInputError,
)
from tochuc.domain.elections.policy import DEFAULT_POLICY, ElectionPolicy

__all__ = [
    "AGREE",
    "DEFAULT_POLICY",
    "REASON_LABELS",
    "STRIKE",
    "TOO_MANY",
    "BallotsExceedIssuedError",
    "CandidateListCheck",
    "CongressBase",
    "CountResult",
    "DelegateRecord",
    "ElectionError",
    "ElectionInputError",
    "ElectionPolicy",
    "FloorNominee",
    "InvalidBallot",
    "Issue",
    "MemberRecord",
    "NextRound",
    "Quorum",
    "Reconciliation",
    "allocate_delegates",
    "check_candidate_list",
    "count_ballots",
    "count_tallies",
    "delegates_congress_base",
    "max_surplus",
    "members_congress_base",
    "next_round_candidates",
    "prepared_surplus_range",
    "quorum",
    "reconcile_entries",
    "run_count_json",
]
