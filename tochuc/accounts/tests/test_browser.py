"""Account pages in a browser (Playwright + Debian chromium), on a desktop and at 390 px."""

from __future__ import annotations

import re

import pytest

from tochuc.conftest import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "mot-mat-khau-moi-rat-dai-2026"
WIDTHS = [1280, 390]


def _fits(page) -> bool:
    """Nothing wider than the screen (no sideways scrolling)."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("width", WIDTHS)
def test_change_ones_own_password(page, login, live_server, commune_clerk, width):
    page.set_viewport_size({"width": width, "height": 900})
    login("badinh")
    page.click("text=Tài khoản")
    page.wait_for_url(re.compile(r"/tai-khoan/mat-khau/$"))
    assert _fits(page)
    page.fill("#id_old_password", PASSWORD)
    page.fill("#id_new_password", "12345")
    page.fill("#id_new_password2", "12345")
    page.click("button.primary")
    assert "quá ngắn" in page.locator("#new_password-error").inner_text()
    assert _fits(page)
    page.fill("#id_old_password", PASSWORD)
    page.fill("#id_new_password", NEW_PASSWORD)
    page.fill("#id_new_password2", NEW_PASSWORD)
    page.click("button.primary")
    assert "Đã đổi mật khẩu" in page.locator(".messages").inner_text()
    # Own tokens: made here, shown once, listed, revoked.
    page.click(".subnav >> text=Mã truy cập API")
    page.click("button:has-text('Tạo mã mới')")
    assert page.locator("#new-token").input_value().startswith("tch_")
    assert "đang dùng" in page.locator("table.tokens").inner_text()
    assert _fits(page)
    page.click("table.tokens button:has-text('Thu hồi')")
    assert "đã thu hồi" in page.locator("table.tokens").inner_text()
    page.click(".logout button")
    page.fill("#username", "badinh")
    page.fill("#password", NEW_PASSWORD)
    page.click("button.primary")
    page.wait_for_url(f"{live_server.url}/")


@pytest.mark.parametrize("width", WIDTHS)
def test_administrator_resets_and_deactivates_a_user_of_the_subtree(page, login, live_server, small_tree, width):
    from tochuc.accounts.services import api_token_create

    make_user("qt-hanoi", "administrator", ["T01"])
    make_user("saigon", "clerk", ["X26734"])
    clerk = make_user("badinh", "clerk", ["X00004"])
    api_token_create(actor=None, user=clerk)
    page.set_viewport_size({"width": width, "height": 900})
    login("qt-hanoi")
    page.click(".scopebar >> text=Người dùng")
    page.wait_for_url(re.compile(r"/tai-khoan/nguoi-dung/$"))
    listing = page.locator("table.users").inner_text()
    assert "badinh" in listing and "saigon" not in listing
    assert _fits(page)
    page.click("table.users >> text=badinh")
    page.wait_for_url(re.compile(r"/tai-khoan/nguoi-dung/\d+/$"))
    assert "đang dùng" in page.locator("table.tokens").inner_text()
    assert _fits(page)
    page.fill("#id_pw_password", NEW_PASSWORD)
    page.fill("#id_pw_reason", "Quên mật khẩu")
    page.click("text=Đặt lại mật khẩu >> xpath=ancestor-or-self::button")
    assert "Đã đặt lại mật khẩu của badinh" in page.locator(".messages").inner_text()
    assert "đã thu hồi" in page.locator("table.tokens").inner_text()
    page.fill("#id_off_reason", "Nghỉ việc")
    page.click("button:has-text('Khóa tài khoản')")
    assert "Đã khóa tài khoản badinh" in page.locator(".messages").inner_text()
    assert page.locator("#status").inner_text() == "đã khóa"
    assert _fits(page)
    clerk.refresh_from_db()
    assert clerk.check_password(NEW_PASSWORD) and not clerk.is_active


def test_timer_requests_carry_the_poll_marker(page, login, live_server, commune_clerk):
    """web/poll.js marks htmx requests fired by `every`, and only those."""
    login("badinh")
    seen = []
    page.on("request", lambda request: seen.append((request.url, request.headers.get("x-tochuc-poll"))))
    page.evaluate("""() => {
        const poll = document.createElement('div');
        poll.setAttribute('hx-get', '/?poll=1'); poll.setAttribute('hx-trigger', 'every 1s');
        const click = document.createElement('button');
        click.id = 'clicked'; click.setAttribute('hx-get', '/?click=1'); click.setAttribute('hx-swap', 'none');
        document.body.append(poll, click); htmx.process(poll); htmx.process(click);
    }""")
    page.click("#clicked")
    page.wait_for_function("() => true")
    page.wait_for_timeout(1500)
    polls = [marker for url, marker in seen if "poll=1" in url]
    clicks = [marker for url, marker in seen if "click=1" in url]
    assert polls and set(polls) == {"1"} and clicks == [None]
