"""No personal data in a cache: every response to a signed-in user or a token is
``Cache-Control: no-store, private`` (issue 13, finding 12); static files and anonymous pages are
left alone."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import RequestFactory

from tochuc.accounts.services import api_token_create
from tochuc.core.cache import NoStoreForUsersMiddleware
from tochuc.members.tests.factories import admit


def test_personal_pages_exports_and_api_are_not_stored(small_tree, system, client, commune_clerk):
    member = admit(system, "Phạm Văn Đồng Chí", birth=date(1990, 1, 5), admitted=date(2025, 8, 19),
                   national_id="001090000777")
    client.force_login(commune_clerk)
    page = client.get(f"/dang-vien/{member.pk}/")
    assert page.status_code == 200 and "001090000777" in page.content.decode()
    assert page["Cache-Control"] == "no-store, private"
    export = client.get("/dang-vien/?q=pham&export=xlsx")
    assert export.status_code == 200 and "attachment" in export["Content-Disposition"]
    assert export["Cache-Control"] == "no-store, private"
    client.logout()
    headers = {"Authorization": f"Bearer {api_token_create(actor=None, user=commune_clerk)}"}
    api = client.get(f"/api/v1/members/{member.pk}", headers=headers)
    assert api.status_code == 200 and api["Cache-Control"] == "no-store, private"
    refused = client.get(f"/api/v1/members/{member.pk}", headers={"Authorization": "Bearer sai"})
    assert refused.status_code == 401 and refused["Cache-Control"] == "no-store, private"


def test_static_files_and_anonymous_pages_keep_their_caching(commune_clerk):
    def view(request):
        response = HttpResponse("x")
        response["Cache-Control"] = "max-age=31536000, public"
        return response

    middleware = NoStoreForUsersMiddleware(view)
    static = RequestFactory().get("/static/vendor/htmx.min.js")
    static.user = commune_clerk
    assert middleware(static)["Cache-Control"] == "max-age=31536000, public"
    anonymous = RequestFactory().get("/tai-khoan/dang-nhap/")
    anonymous.user = AnonymousUser()
    assert middleware(anonymous)["Cache-Control"] == "max-age=31536000, public"
