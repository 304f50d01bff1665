"""One browser walk per main screen (Playwright + Debian chromium)."""

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_login_and_overview(login, national_admin):
    page = login("quantri")
    assert page.locator("h1").inner_text() == "Phạm vi của tôi"
    assert "Ban Chấp hành Trung ương Đảng" in page.locator(".card h2").inner_text()


def test_wrong_password_is_refused(page, live_server, national_admin):
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    page.fill("#username", "quantri")
    page.fill("#password", "sai-mat-khau")
    page.click("button.primary")
    assert "không đúng" in page.locator(".error").inner_text()


def test_browse_the_tree_lazily_down_to_a_commune(login, live_server, national_admin):
    page = login("quantri")
    page.click("text=Cây tổ chức")
    assert page.locator("#children-TW li").count() == 0  # nothing loaded before asking
    page.click("#node-TW > .toggle")
    page.click("#node-T01 > .toggle")
    page.wait_for_selector("#node-X00004")
    page.click("#node-X00004 > a")
    page.wait_for_url(re.compile(r"/to-chuc/X00004/$"))
    assert page.locator("h1").inner_text() == "Đảng bộ phường Ba Đình"
    assert "Đảng bộ thành phố Hà Nội" in page.locator(".breadcrumb").inner_text()


def test_search_without_diacritics(login, province_clerk):
    page = login("hanoi")
    page.click("text=Tìm đơn vị")
    page.fill("#q", "ngoc ha")  # typed without diacritics: htmx searches as one types
    page.wait_for_selector(".results li")
    assert "Đảng bộ phường Ngọc Hà" in page.locator(".results").inner_text()
    page.fill("#q", "sai gon")  # another province: nothing
    page.wait_for_selector("#results .empty")


def test_commune_clerk_cannot_reach_another_province(login, live_server, commune_clerk, other_province_clerk):
    page = login("badinh")
    response = page.goto(f"{live_server.url}/to-chuc/X26734/")
    assert response.status == 404
    assert "ngoài phạm vi" in page.content() and "Sài Gòn" not in page.content()
    page.goto(f"{live_server.url}/to-chuc/")
    assert page.locator(".tree > li").count() == 1
    assert "Đảng bộ phường Ba Đình" in page.locator(".tree").inner_text()


def test_reorganize_from_the_web_preview_confirm_and_see_the_timeline(login, live_server, province_clerk):
    from tochuc.members.tests.factories import add_members

    add_members("CB-NH-1", 4)
    page = login("hanoi")
    page.click("text=Sắp xếp tổ chức")
    page.click("text=Lập kế hoạch sắp xếp")
    page.fill("input[name=effective]", "2025-10-01")
    page.fill("input[name=reason]", "Quyết định 15-QĐ/TU")
    page.fill("#plan", "op,code,target,name,kind,parent\ncreate,X-NEW,,Đảng bộ phường Mới,commune,T01\n"
                       "move,CB-NH-1,X-NEW,,,\n")
    page.click("button[value=preview]")
    assert "Đảng bộ phường Mới" in page.locator("table.targets").inner_text()
    assert page.locator("table.targets td.num").all_inner_texts() == ["0", "4"]
    page.click("button[value=apply]")
    page.wait_for_url(re.compile(r"/sap-xep-to-chuc/\d+/$"))
    assert "Đã áp dụng" in page.locator(".messages").inner_text()
    page.click("table.lines >> text=X-NEW")
    page.goto(f"{live_server.url}/to-chuc/X-NEW/")
    assert (
        "Thành lập ngày 1/10/2025 do hợp nhất một phần Đảng bộ phường Ngọc Hà"
        in page.locator("#timeline").inner_text()
    )
    page.fill("input[name=so-sanh]", "2025-09-01")
    page.click("#compare button")
    assert page.locator("table.restated tbody tr").first.inner_text().split("\t")[1:] == ["chưa thành lập", "4"]
