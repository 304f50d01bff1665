import pytest

from tochuc.accounts.services import api_token_create
from tochuc.congresses.models import Delegate

pytestmark = pytest.mark.django_db


def bearer(user):
    return {"Authorization": f"Bearer {api_token_create(actor=None, user=user)}"}


def test_api_check_in_and_results_hidden_until_released(client, counted_election, commune_clerk):
    from tochuc.conftest import make_user

    election = counted_election.election
    congress = election.congress
    clerk = bearer(commune_clerk)
    listed = client.get("/api/v1/congresses", headers=clerk).json()
    assert [c["id"] for c in listed] == [congress.pk]
    figures = client.get(f"/api/v1/congresses/{congress.pk}/attendance", headers=clerk).json()
    assert figures == {"summoned": 9, "present": 9, "base": 9, "quorum_needed": 6, "quorum_reached": True,
                       "excluded": {}}
    viewer = bearer(make_user("xem-api", "viewer", ["X00004"]))
    assert client.get(f"/api/v1/elections/{election.pk}/results", headers=viewer).status_code == 403
    results = client.get(f"/api/v1/elections/{election.pk}/results", headers=clerk).json()
    assert results["released"] is False and results["rounds"][0]["votes"]["Nguyễn Văn Đức"] == 8
    from tochuc.congresses.services import election_release
    from tochuc.core.scope import scope_for_user

    election_release(actor=commune_clerk, scope=scope_for_user(commune_clerk), election=election)
    released = client.get(f"/api/v1/elections/{election.pk}/results", headers=viewer).json()
    assert released["elected"] == ["Nguyễn Văn Đức", "Phạm Thị Ngọc Ánh", "Trần Thị Hằng"]


def test_api_ballots_file_and_count(client, congress, commune_clerk, clerk_scope):
    from tochuc.conftest import make_user
    from tochuc.congresses import services

    services.summons_generate(actor=commune_clerk, scope=clerk_scope, congress=congress)
    election = services.election_create(actor=commune_clerk, scope=clerk_scope, congress=congress, kind="secretary",
                                        seats=1, layout="agree")
    services.candidate_add(actor=commune_clerk, scope=clerk_scope, election=election, full_name="Lê Quang Vũ")
    round_ = services.round_open(actor=commune_clerk, scope=clerk_scope, election=election, issued=9)
    cid = str(round_.candidates.get().pk)
    teller2 = make_user("to2", "viewer", ["X00004"])
    services.congress_role_grant(actor=commune_clerk, scope=clerk_scope, congress=congress, username="to2",
                                 role="counting")
    ballots = [{"number": n, "marks": {cid: "agree" if n <= 6 else "disagree" if n < 9 else None}} for n in range(1,
                                                                                                                  10)]
    for user, teller in ((commune_clerk, 1), (teller2, 2)):
        done = client.post(f"/api/v1/rounds/{round_.pk}/ballots", data={"teller": teller, "ballots": ballots},
                           headers=bearer(user), content_type="application/json")
        assert done.status_code == 200, done.content
    counted = client.post(f"/api/v1/rounds/{round_.pk}/count", headers=bearer(commune_clerk)).json()
    assert counted["votes"] == {"Lê Quang Vũ": 6} and counted["elected"] == ["Lê Quang Vũ"]
    outsider = bearer(make_user("khac", "clerk", ["X00004"]))  # a clerk without a role
    refused = client.post(f"/api/v1/rounds/{round_.pk}/ballots", data={"teller": 1, "ballots": ballots},
                          headers=outsider, content_type="application/json")
    assert refused.status_code == 403


def test_api_check_in_by_qr(client, congress, commune_clerk, clerk_scope):
    from tochuc.congresses import services

    services.summons_generate(actor=commune_clerk, scope=clerk_scope, congress=congress)
    delegate = Delegate.objects.filter(congress=congress).last()
    done = client.post(f"/api/v1/congresses/{congress.pk}/checkin", data={"query": services.qr_payload(delegate)},
                       headers=bearer(commune_clerk), content_type="application/json")
    assert done.status_code == 200 and done.json()["full_name"] == delegate.full_name
    bad = client.post(f"/api/v1/congresses/{congress.pk}/checkin", data={"query": "không có ai"},
                      headers=bearer(commune_clerk), content_type="application/json")
    assert bad.status_code == 400 and "Không tìm thấy" in bad.json()["detail"]
