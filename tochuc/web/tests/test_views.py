import re
from datetime import date

from tochuc.conftest import PASSWORD
from tochuc.orgs.services import unit_rename


def text(response) -> str:
    return response.content.decode()


def test_pages_need_a_login(small_tree, client):
    for url in ("/", "/to-chuc/", "/to-chuc/X00004/", "/to-chuc/tim-kiem/?q=ba", "/nhat-ky/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/tai-khoan/dang-nhap/"), url


def test_home_shows_scope_counts(as_user, province_clerk):
    body = text(as_user(province_clerk).get("/"))
    assert "Đảng bộ thành phố Hà Nội" in body
    assert re.search(r"Chi bộ trực thuộc</dt><dd>4<", body)
    assert "Sài Gòn" not in body


def test_tree_children_partial_keeps_a_fixed_number_of_queries(as_user, national_admin, django_assert_max_num_queries):
    client = as_user(national_admin)
    with django_assert_max_num_queries(12):
        one = client.get("/to-chuc/X00008/con/")  # one child
    with django_assert_max_num_queries(12):
        three = client.get("/to-chuc/X00004/con/")  # three children
    assert "Chi bộ Khu dân cư Ngọc Hà" in text(one)
    assert text(three).count('class="node"') == 3


def test_unit_page_shows_chain_children_and_history(as_user, commune_clerk, system):
    unit_rename(actor=None, scope=system, code="X00004", name="Đảng bộ phường Ba Đình mới", effective=date(2025, 12, 1))
    body = text(as_user(commune_clerk).get("/to-chuc/X00004/"))
    # Ancestors above the clerk's scope are named but not linked.
    assert "<span>Đảng bộ thành phố Hà Nội</span>" in body and 'href="/to-chuc/T01/"' not in body
    assert "Chi bộ Khu phố 1" in body and "Đảng bộ Trường Đại học Ba Đình" in body
    assert "Đảng bộ phường Ba Đình mới" in body and "01/12/2025" in body


def test_out_of_scope_unit_is_404(as_user, commune_clerk):
    client = as_user(commune_clerk)
    for url in ("/to-chuc/X00008/", "/to-chuc/T01/", "/to-chuc/X26734/con/"):
        response = client.get(url)
        assert response.status_code == 404
        assert "ngoài phạm vi" in text(response)


def test_search_without_diacritics_and_htmx_partial(as_user, national_admin):
    client = as_user(national_admin)
    body = text(client.get("/to-chuc/tim-kiem/?q=ba+dinh"))
    assert "Đảng bộ phường Ba Đình" in body and "<form" in body
    partial = client.get("/to-chuc/tim-kiem/?q=BA+%C4%90INH", headers={"HX-Request": "true"})
    assert "Đảng bộ phường Ba Đình" in text(partial) and "<form" not in text(partial)
    filtered = text(client.get("/to-chuc/tim-kiem/?q=ba+dinh&kind=commune"))
    assert "Trường Đại học" not in filtered


def test_audit_log_is_scoped_and_filtered(as_user, commune_clerk, system):
    unit_rename(actor=None, scope=system, code="CB-BD-1", name="Chi bộ Tổ dân phố số 1", effective=date(2025, 9, 1))
    unit_rename(actor=None, scope=system, code="CB-SG-1", name="Chi bộ Bến Thành", effective=date(2025, 9, 1))
    client = as_user(commune_clerk)
    body = text(client.get("/nhat-ky/"))
    assert "Chi bộ Tổ dân phố số 1" in body and "Bến Thành" not in body
    assert "Tổ dân phố" not in text(client.get("/nhat-ky/?action=unit.import"))


def test_as_of_date_changes_what_is_shown(as_user, commune_clerk):
    client = as_user(commune_clerk)
    assert "Chi bộ Khoa Lịch sử" in text(client.get("/to-chuc/DBCS-BD/"))
    assert client.get("/to-chuc/CB-DH-1/?ngay=2025-07-15").status_code == 404  # created 1/8/2025
    assert client.get("/to-chuc/CB-DH-1/").status_code == 404  # the chosen date is remembered
    assert client.get("/to-chuc/CB-DH-1/?ngay=").status_code == 200


def test_login_throttling_and_redirect(small_tree, commune_clerk, client, settings):
    settings.TOCHUC_LOGIN_MAX_FAILURES = 2
    assert client.post("/tai-khoan/dang-nhap/", {"username": "badinh", "password": "sai"}).status_code == 401
    assert client.post("/tai-khoan/dang-nhap/", {"username": "badinh", "password": "sai"}).status_code == 401
    refused = client.post("/tai-khoan/dang-nhap/", {"username": "badinh", "password": PASSWORD})
    assert refused.status_code == 429 and "quá nhiều lần" in text(refused)
    settings.TOCHUC_LOGIN_MAX_FAILURES = 5
    ok = client.post("/tai-khoan/dang-nhap/?next=/to-chuc/",
                     {"username": "badinh", "password": PASSWORD, "next": "/to-chuc/"})
    assert ok.status_code == 302 and ok["Location"] == "/to-chuc/"
    evil = client.post("/tai-khoan/dang-nhap/",
                       {"username": "badinh", "password": PASSWORD, "next": "https://evil.example/"})
    assert evil["Location"] == "/"


def test_logout_is_post_only(as_user, commune_clerk):
    client = as_user(commune_clerk)
    assert client.get("/tai-khoan/dang-xuat/").status_code == 405
    assert client.post("/tai-khoan/dang-xuat/").status_code == 302
    assert client.get("/").status_code == 302


def test_vietnamese_by_default_english_on_request(as_user, commune_clerk):
    client = as_user(commune_clerk)
    response = client.get("/to-chuc/", headers={"Accept-Language": "en-US,en;q=0.9"})
    assert "Cây tổ chức" in text(response) and response["Content-Language"] == "vi"
    client.post("/i18n/setlang/", {"language": "en", "next": "/to-chuc/"})
    assert "Organization tree" in text(client.get("/to-chuc/"))


def test_security_headers_and_no_inline_script(as_user, commune_clerk):
    response = as_user(commune_clerk).get("/to-chuc/X00004/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY" and response["X-Content-Type-Options"] == "nosniff"
    body = text(response)
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", body), "inline script"
    assert " style=" not in body and "<style" not in body
    assert "http://" not in body.replace("http://127.0.0.1", "") and "https://" not in body  # no CDN


def test_session_expires(settings):
    assert settings.SESSION_COOKIE_AGE <= 8 * 3600 and settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
