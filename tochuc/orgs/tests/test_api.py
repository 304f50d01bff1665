"""The API of the organization tree: tokens, units, children, search, stats, scope."""


def test_requires_a_token(small_tree, client):
    assert client.get("/api/v1/units/TW").status_code == 401
    assert client.get("/api/v1/units/TW", headers={"Authorization": "Bearer nope"}).status_code == 401


def test_unit_and_children(national_admin, client_for):
    get = client_for(national_admin)
    unit = get("/api/v1/units/X00004").json()
    assert unit["path"] == ["TW", "T01", "X00004"] and unit["kind"] == "commune"
    children = get("/api/v1/units/X00004/children").json()
    assert {c["code"]: c["units"] for c in children} == {
        "CB-BD-1": {"branch": 1}, "CB-BD-2": {"branch": 1}, "DBCS-BD": {"grassroots_committee": 1, "branch": 1}}


def test_out_of_scope_is_404(commune_clerk, client_for):
    get = client_for(commune_clerk)
    assert get("/api/v1/units/X00004").status_code == 200
    for url in ("/api/v1/units/X00008", "/api/v1/units/T01", "/api/v1/units/X26734/children",
                "/api/v1/stats?root=T79", "/api/v1/units/NOPE"):
        response = get(url)
        assert response.status_code == 404, url
        assert "Sài Gòn" not in response.content.decode()


def test_search_and_stats_stay_in_scope(commune_clerk, national_admin, client_for):
    clerk = client_for(commune_clerk)
    assert clerk("/api/v1/units/search?q=phuong").json() == [
        {"code": "X00004", "name": "Đảng bộ phường Ba Đình", "kind": "commune", "parent": "T01"}]
    admin = client_for(national_admin)
    assert {h["code"] for h in admin("/api/v1/units/search?q=phuong").json()} == {"X00004", "X00008", "X26734"}
    assert clerk("/api/v1/stats").json()["root"] == "X00004"
    stats = admin("/api/v1/stats?root=TW&as_of=2025-07-15").json()
    assert stats["units"] == {"central": 1, "province": 2, "commune": 3, "grassroots_committee": 1, "branch": 4}


def test_openapi_docs_are_served(client):
    assert client.get("/api/v1/openapi.json").status_code == 200
