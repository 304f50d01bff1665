"""A delegates' congress: delegates elected below (released), ex-officio ones, a substitute, the base."""

from datetime import date

import pytest

from tochuc.congresses import selectors, services
from tochuc.congresses.models import Delegate
from tochuc.congresses.tests.conftest import NAMES

pytestmark = pytest.mark.django_db


def lower_congress_elects(congress, clerk, scope, *, official, substitute):
    services.summons_generate(actor=clerk, scope=scope, congress=congress)
    for d in Delegate.objects.filter(congress=congress):
        services.delegate_check_in(actor=clerk, scope=scope, congress=congress, delegate=d)
    for kind, names in (("delegates", official), ("substitutes", substitute)):
        election = services.election_create(actor=clerk, scope=scope, congress=congress, kind=kind,
                                            seats=len(names), layout="agree")
        for name in names:
            services.candidate_add(actor=clerk, scope=scope, election=election, full_name=name)
        round_ = services.round_open(actor=clerk, scope=scope, election=election, issued=9, mode="tallies")
        votes = {c.pk: 9 for c in round_.candidates.all()}
        for teller in (1, 2):
            services.tally_enter(actor=None, scope=_system(), round_=round_, teller=teller, valid=9, invalid={},
                                 votes=votes)
        services.round_count(actor=clerk, scope=scope, round_=round_)
        services.election_release(actor=clerk, scope=scope, election=election)


def _system():
    from tochuc.core.scope import system_scope

    return system_scope(date(2026, 1, 15))


def test_delegates_congress_summons_and_base(congress, commune_clerk, clerk_scope):
    official = NAMES[:5]
    lower_congress_elects(congress, commune_clerk, clerk_scope, official=official, substitute=[NAMES[5]])
    upper = services.congress_create(actor=commune_clerk, scope=clerk_scope, unit_code="X00004", kind="delegates",
                                     starts_on=date(2026, 3, 10), ends_on=date(2026, 3, 11), cutoff_on=date(2026, 3, 1))
    assert services.summons_generate(actor=commune_clerk, scope=clerk_scope, congress=upper) == 6
    ex = services.delegate_add(actor=commune_clerk, scope=clerk_scope, congress=upper, category="ex_officio",
                               full_name="Đinh Thị Cấp Ủy")
    ex2 = services.delegate_add(actor=commune_clerk, scope=clerk_scope, congress=upper, category="ex_officio",
                                full_name="Mạc Văn Ủy Viên")
    people = {d.full_name: d for d in Delegate.objects.filter(congress=upper)}
    assert people[NAMES[0]].category == "elected" and people[NAMES[5]].category == "substitute"
    assert people[NAMES[0]].branch_name == "Chi bộ Khu phố 1" and people[NAMES[0]].card_number
    # Official delegates summoned: 5 elected + 2 ex officio = 7.
    # NAMES[0] absent, replaced by the substitute NAMES[5]: the seat counts.
    # NAMES[1] absent, no substitute: out. NAMES[2] credentials not recognized: out.
    # ex2 (ex officio) absent: out. Everyone else present. Base = 7 − 3 = 4.
    services.delegate_update(actor=commune_clerk, scope=clerk_scope, delegate=people[NAMES[0]], flags={},
                             replaced_by=people[NAMES[5]])
    services.delegate_update(actor=commune_clerk, scope=clerk_scope, delegate=people[NAMES[2]],
                             flags={"disqualified": True})
    for d in (people[NAMES[2]], people[NAMES[3]], people[NAMES[4]], people[NAMES[5]], ex):
        services.delegate_check_in(actor=commune_clerk, scope=clerk_scope, congress=upper, delegate=d)
    base = selectors.congress_base(upper)
    assert (base.summoned, base.base) == (7, 4)
    assert base.counts == {"ex_officio_absent": 1, "disqualified_not_replaced": 1, "absent_not_replaced": 1}
    figures = selectors.attendance(upper)
    # present: NAMES[2..4] + ex (4 official) + the seated substitute = 5; 2/3 of 4 → 3 needed
    assert figures.present == 5 and figures.quorum.needed == 3 and figures.quorum.reached
    assert ex2.checked_in_at is None


def test_lower_results_not_released_are_not_summoned(congress, commune_clerk, clerk_scope):
    services.summons_generate(actor=commune_clerk, scope=clerk_scope, congress=congress)
    election = services.election_create(actor=commune_clerk, scope=clerk_scope, congress=congress, kind="delegates",
                                        seats=1, layout="agree")
    services.candidate_add(actor=commune_clerk, scope=clerk_scope, election=election, full_name=NAMES[0])
    upper = services.congress_create(actor=commune_clerk, scope=clerk_scope, unit_code="X00004", kind="delegates",
                                     starts_on=date(2026, 3, 10), ends_on=date(2026, 3, 11), cutoff_on=date(2026, 3, 1))
    assert services.summons_generate(actor=commune_clerk, scope=clerk_scope, congress=upper) == 0
