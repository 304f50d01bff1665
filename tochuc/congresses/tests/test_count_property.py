"""Whatever the pile, counting through the service (stored entries, base from the summons) gives
what the pure domain count gives for the same ballots."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tochuc.congresses import selectors, services
from tochuc.domain import elections as rules

pytestmark = pytest.mark.django_db

NAMES = ["Nguyễn Văn Đức", "Trần Thị Hằng", "Lê Quang Vũ", "Phạm Thị Ngọc Ánh"]


@st.composite
def piles(draw):
    layout = draw(st.sampled_from(["strike", "agree"]))
    n = draw(st.integers(1, 4))
    seats = draw(st.integers(1, n))
    if layout == "strike":
        ballot = st.lists(st.integers(0, n - 1), unique=True, max_size=n)
    else:
        ballot = st.dictionaries(st.integers(0, n - 1), st.sampled_from(["agree", "disagree", None]), max_size=n)
    invalid = st.sampled_from(["", "", "", "Không có dấu"])
    ballots = draw(st.lists(st.tuples(ballot, invalid), max_size=9))
    return layout, n, seats, ballots


@settings(max_examples=15)
@given(piles())
def test_service_count_equals_domain_count(counted_election, commune_clerk, clerk_scope, case):
    from tochuc.core.scope import system_scope

    layout, n, seats, ballots = case
    congress = counted_election.election.congress  # 9 summoned and present: base 9
    election = services.election_create(actor=commune_clerk, scope=clerk_scope, congress=congress, kind="secretary",
                                        seats=seats, layout=layout)
    for name in NAMES[:n]:
        services.candidate_add(actor=commune_clerk, scope=clerk_scope, election=election, full_name=name)
    round_ = services.round_open(actor=commune_clerk, scope=clerk_scope, election=election, issued=9)
    ids = [c.pk for c in selectors.round_candidates(round_)]
    entries = [(k + 1, [ids[i] for i in b] if layout == "strike" else {ids[i]: m for i, m in b.items()}, invalid)
               for k, (b, invalid) in enumerate(ballots)]
    for teller in (1, 2):
        services.ballots_enter_many(actor=None, scope=system_scope(), round_=round_, teller=teller, entries=entries)
    if not ballots:
        from django.core.exceptions import ValidationError

        with pytest.raises(ValidationError, match="Chưa có phiếu nào"):
            services.round_count(actor=commune_clerk, scope=clerk_scope, round_=round_)
        return
    result = services.round_count(actor=commune_clerk, scope=clerk_scope, round_=round_)
    names = NAMES[:n]
    domain = rules.count_ballots(
        seats=seats, candidates=names, base=9, layout=layout, issued=9,
        ballots=[rules.InvalidBallot(invalid) if invalid else
                 ([names[i] for i in b] if layout == "strike" else {names[i]: m for i, m in b.items()})
                 for b, invalid in ballots])
    assert (dict(result.votes), result.elected, result.tied, result.valid, result.invalid) == (
        dict(domain.votes), domain.elected, domain.tied, domain.valid, domain.invalid)
