"""Who hands out the roles of a congress (issue 13, point 1).

A congress role opens the ballots and the results before release. Only the congress's convening
committee (the creator is its first member) or an administrator of the congress's unit gives or
takes one back, only to an active user whose scope covers the unit, audited; the answer is the
same whether or not a username exists.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tochuc.accounts.services import api_token_create
from tochuc.audit.models import AuditEntry
from tochuc.conftest import make_user
from tochuc.congresses import services
from tochuc.congresses.models import CongressRole
from tochuc.core.scope import scope_for_user

pytestmark = pytest.mark.django_db

TODAY = date(2026, 1, 15)


def scope_of(user):
    return scope_for_user(user, TODAY)


def roles(congress) -> set[tuple[str, str]]:
    return set(CongressRole.objects.filter(congress=congress).values_list("user__username", "role"))


def test_the_creator_is_the_convening_committee(congress):
    assert roles(congress) == {("badinh", "committee")}


def test_a_clerk_without_a_role_cannot_grant_one_to_themselves(congress):
    clerk = make_user("khac", "clerk", ["X00004"])  # same subtree, clerk, no role in the congress
    audited = AuditEntry.objects.count()
    with pytest.raises(PermissionDenied):
        services.congress_role_grant(actor=clerk, scope=scope_of(clerk), congress=congress, username="khac",
                                     role="counting")
    with pytest.raises(PermissionDenied):
        services.congress_role_grant(actor=clerk, scope=scope_of(clerk), congress=congress, username="khac",
                                     role="committee")
    assert roles(congress) == {("badinh", "committee")}
    assert AuditEntry.objects.count() == audited


def test_an_unauthorized_clerk_learns_nothing_about_usernames(congress):
    clerk = make_user("khac", "clerk", ["X00004"])
    answers = set()
    for username in ("badinh", "khong-co-ai"):
        with pytest.raises(PermissionDenied) as refused:
            services.congress_role_grant(actor=clerk, scope=scope_of(clerk), congress=congress, username=username,
                                         role="counting")
        answers.add(str(refused.value))
    assert len(answers) == 1


def test_the_committee_grants_only_to_users_whose_scope_covers_the_unit(congress, commune_clerk, other_province_clerk):
    scope = scope_of(commune_clerk)
    make_user("to2", "viewer", ["CB-BD-1"])
    make_user("nhanh-khac", "clerk", ["CB-BD-2"])  # a sibling branch: does not cover CB-BD-1
    services.congress_role_grant(actor=commune_clerk, scope=scope, congress=congress, username="to2", role="counting")
    assert ("to2", "counting") in roles(congress)
    grant = AuditEntry.objects.filter(action="congress.role_grant").latest("id")
    assert grant.actor_id == commune_clerk.pk and grant.after["user"] == "to2" and grant.after["role"] == "counting"

    def refusal(username: str) -> str:
        with pytest.raises(ValidationError) as refused:
            services.congress_role_grant(actor=commune_clerk, scope=scope, congress=congress, username=username,
                                         role="counting")
        return " ".join(refused.value.messages).replace(username, "NAME")

    # the same answer for another province's user, a sibling branch's user, an unknown name
    assert refusal("saigon") == refusal("nhanh-khac") == refusal("khong-co-ai")
    assert "phạm vi" in refusal("saigon")
    assert {u for u, _r in roles(congress)} == {"badinh", "to2"}


def test_an_inactive_account_gets_no_role(congress, commune_clerk):
    user = make_user("nghi", "viewer", ["X00004"])
    user.is_active = False
    user.save(update_fields=["is_active"])
    with pytest.raises(ValidationError):
        services.congress_role_grant(actor=commune_clerk, scope=scope_of(commune_clerk), congress=congress,
                                     username="nghi", role="counting")


def test_an_administrator_of_the_unit_grants_one_of_another_province_cannot(congress):
    admin = make_user("qt-hn", "administrator", ["T01"])
    services.congress_role_grant(actor=admin, scope=scope_of(admin), congress=congress, username="qt-hn",
                                 role="committee")
    assert ("qt-hn", "committee") in roles(congress)
    other = make_user("qt-sg", "administrator", ["T79"])
    with pytest.raises(PermissionDenied):
        services.congress_role_grant(actor=other, scope=scope_of(other), congress=congress, username="qt-hn",
                                     role="counting")


def test_revoke_follows_the_same_rule_and_is_audited(congress, commune_clerk):
    make_user("to2", "viewer", ["X00004"])
    services.congress_role_grant(actor=commune_clerk, scope=scope_of(commune_clerk), congress=congress,
                                 username="to2", role="counting")
    clerk = make_user("khac", "clerk", ["X00004"])
    with pytest.raises(PermissionDenied):
        services.congress_role_revoke(actor=clerk, scope=scope_of(clerk), congress=congress, username="badinh",
                                      role="committee")
    assert services.congress_role_revoke(actor=commune_clerk, scope=scope_of(commune_clerk), congress=congress,
                                         username="to2", role="counting")
    assert ("to2", "counting") not in roles(congress)
    revoked = AuditEntry.objects.get(action="congress.role_revoke")
    assert revoked.before == {"user": "to2", "role": "counting"} and revoked.actor_id == commune_clerk.pk


# --- The page ----------------------------------------------------------------------------------


def test_page_refuses_a_self_grant_and_hides_the_form(client, congress):
    clerk = make_user("khac", "clerk", ["X00004"])
    client.force_login(clerk)
    page = client.get(f"/dai-hoi/{congress.pk}/")
    assert page.status_code == 200 and 'id="role-username"' not in page.content.decode()
    answer = client.post(f"/dai-hoi/{congress.pk}/vai-tro/", {"username": "khac", "role": "counting"}, follow=True)
    assert "Chỉ cấp ủy triệu tập" in answer.content.decode()
    assert ("khac", "counting") not in roles(congress)


def test_page_lets_the_committee_grant_and_revoke(client, congress, commune_clerk):
    make_user("to2", "viewer", ["X00004"])
    client.force_login(commune_clerk)
    assert 'id="role-username"' in client.get(f"/dai-hoi/{congress.pk}/").content.decode()
    done = client.post(f"/dai-hoi/{congress.pk}/vai-tro/", {"username": "to2", "role": "counting"}, follow=True)
    assert "Đã giao vai trò." in done.content.decode() and ("to2", "counting") in roles(congress)
    refused = client.post(f"/dai-hoi/{congress.pk}/vai-tro/", {"username": "saigon", "role": "counting"}, follow=True)
    assert "không có người dùng này trong phạm vi" in refused.content.decode()
    gone = client.post(f"/dai-hoi/{congress.pk}/vai-tro/", {"action": "revoke", "username": "to2", "role": "counting"},
                       follow=True)
    assert "Đã thu hồi vai trò." in gone.content.decode() and ("to2", "counting") not in roles(congress)


# --- The API -----------------------------------------------------------------------------------


def bearer(user):
    return {"Authorization": f"Bearer {api_token_create(actor=None, user=user)}"}


def test_api_refuses_a_self_grant_and_lets_the_committee_grant(client, congress, commune_clerk, other_province_clerk):
    clerk = make_user("khac", "clerk", ["X00004"])
    url = f"/api/v1/congresses/{congress.pk}/roles"
    refused = client.post(url, data={"username": "khac", "role": "counting"}, headers=bearer(clerk),
                          content_type="application/json")
    assert refused.status_code == 403 and ("khac", "counting") not in roles(congress)
    committee = bearer(commune_clerk)
    done = client.post(url, data={"username": "khac", "role": "counting"}, headers=committee,
                       content_type="application/json")
    assert done.status_code == 201 and done.json() == {"username": "khac", "role": "counting"}
    outsider = client.post(url, data={"username": "saigon", "role": "counting"}, headers=committee,
                           content_type="application/json")
    ghost = client.post(url, data={"username": "khong-co", "role": "counting"}, headers=committee,
                        content_type="application/json")
    assert outsider.status_code == ghost.status_code == 400
    assert outsider.json()["detail"].replace("saigon", "X") == ghost.json()["detail"].replace("khong-co", "X")
    listed = client.get(url, headers=committee).json()
    assert {(r["username"], r["role"]) for r in listed} == {("badinh", "committee"), ("khac", "counting")}
    revoked = client.post(f"{url}/revoke", data={"username": "khac", "role": "counting"}, headers=bearer(clerk),
                          content_type="application/json")
    assert revoked.status_code == 403
    revoked = client.post(f"{url}/revoke", data={"username": "khac", "role": "counting"}, headers=committee,
                          content_type="application/json")
    assert revoked.status_code == 200 and ("khac", "counting") not in roles(congress)
