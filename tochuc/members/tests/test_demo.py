from collections import Counter

from tochuc.domain.members.citizen_id import validate_citizen_id
from tochuc.domain.members.dates import age_in_months
from tochuc.domain.members.probation import probation_end
from tochuc.members.demo import demo_members
from tochuc.members.models import Member, Membership, MemberStatus
from tochuc.members.selectors import member_count


def test_demo_members_are_valid_and_realistic(small_tree, system):
    assert demo_members(scope=system, total=600, seed=7) == 600
    members = list(Member.objects.all())
    assert len(members) == 600 == Membership.objects.filter(valid_to__isnull=True).count()
    women = sum(m.sex == "nu" for m in members) / len(members)
    assert 0.25 < women < 0.5
    assert Counter(m.ethnicity for m in members).most_common(1)[0][0] == "01"
    assert Counter(m.full_name.split()[0] for m in members).most_common(1)[0][0] == "Nguyễn"
    for m in members:
        assert age_in_months(m.birth_date, m.admitted_on) >= 18 * 12
        assert validate_citizen_id(m.national_id, m.birth_date, m.sex) == []
        if m.status == MemberStatus.OFFICIAL:
            assert m.official_on == probation_end(m.admitted_on) and m.card_number
        else:
            assert m.official_on is None and m.card_number is None
    assert any(m.status == MemberStatus.PROBATIONARY for m in members)
    # Run again: unique cards and IDs, counts add up in the tree.
    assert demo_members(scope=system, total=100, seed=7) == 100
    root = system.paths[0]
    assert member_count(scope=system, path=root) == 700
