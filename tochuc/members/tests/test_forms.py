"""The member forms offer what the domain rules allow, read from the rules (issue 14, point 4)."""

from __future__ import annotations

from tochuc.domain.members import policy as member_policy
from tochuc.domain.members.policy import MemberPolicy
from tochuc.members.forms import EventForm


def test_badge_levels_are_the_domain_policy(monkeypatch):
    assert [n for n,
            _label in EventForm().fields["level"].choices][1:] == list(member_policy.DEFAULT_POLICY.badge_years)
    # A regulation that adds a level changes the policy only; the form follows.
    monkeypatch.setattr(member_policy, "DEFAULT_POLICY", MemberPolicy(badge_years=(30, 40, 95)))
    assert [n for n, _label in EventForm().fields["level"].choices] == ["", 30, 40, 95]
    assert EventForm(data={"kind": "badge", "effective_on": "2026-02-03", "level": "95"}).is_valid()
