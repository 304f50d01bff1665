"""Browser walk of a small members' congress: set-up, summons, check-in, one election entered by two
tellers (with a mismatch found and fixed), count, release, big screen, minutes PDF downloaded."""

import pytest

from tochuc.congresses.tests.pdftext import pdf_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Ballots as kept (not struck) names: Đức 6, Ánh 5, Hằng 4, Vũ 3 of base 9 (needed 5): Đức and Ánh are
# elected, Hằng's 4 is not more than half of the 9 summoned although it is more than half of 6 ballots.
DUC, HANG, ANH, VU = "Nguyễn Văn Đức", "Trần Thị Hằng", "Phạm Thị Ngọc Ánh", "Lê Quang Vũ"
BALLOTS = [[DUC, HANG, ANH], [DUC, HANG, ANH], [DUC, ANH, VU], [DUC, HANG, VU], [DUC, ANH, VU], [DUC, HANG, ANH]]


def enter_ballots(page, ballots, *, mistake_on=None):
    for number, kept in enumerate(ballots, 1):
        page.fill("#number", str(number))
        page.click("[data-tick-all='1']")
        for name in (DUC, HANG, ANH, VU):
            shown = kept if number != mistake_on else kept[:-1]
            if name not in shown:
                page.locator(".ballot label", has_text=name).locator("input").uncheck()
        page.click("button.save-ballot")
        page.wait_for_selector(f"text=Đã ghi phiếu số {number}")


def test_members_congress_end_to_end(login, live_server, browser, branch_members, commune_clerk):
    from tochuc.conftest import PASSWORD, make_user

    make_user("kiemphieu", "viewer", ["X00004"])
    page = login("badinh")
    page.click("nav.mainnav >> text=Đại hội")
    page.fill("#unit_code", "CB-BD-1")
    page.select_option("#kind", "members")
    page.fill("#name", "Đại hội Chi bộ Khu phố 1 nhiệm kỳ 2025–2030")
    page.fill("#starts_on", "2026-01-20")
    page.fill("#ends_on", "2026-01-20")
    page.fill("#cutoff_on", "2026-01-10")
    page.fill("#place", "Hội trường phường Ba Đình")
    page.click(".congress-form button.primary")
    page.wait_for_selector("h1:has-text('Đại hội Chi bộ Khu phố 1')")
    congress_url = page.url

    # Summons from the member registry at the cut-off date
    page.click(".breadcrumb >> text=Triệu tập")
    page.click("#generate")
    page.wait_for_selector("text=Đã lập danh sách triệu tập: 9 người.")
    assert page.locator("table.delegates tbody tr").count() == 9

    # Check-in: card number, a name typed without diacritics, the QR payload a scanner types
    page.click(".breadcrumb >> text=Điểm danh")
    cards = {m.full_name: m.card_number for m in branch_members}
    page.fill("#q", cards[DUC])
    page.keyboard.press("Enter")
    page.wait_for_selector(f".done:has-text('{DUC}')")
    page.fill("#q", "pham thi ngoc anh")
    page.keyboard.press("Enter")
    page.wait_for_selector(f".done:has-text('{ANH}')")
    from tochuc.congresses.models import Delegate
    from tochuc.congresses.services import qr_payload

    hang = Delegate.objects.get(full_name=HANG)
    page.fill("#q", qr_payload(hang))
    page.keyboard.press("Enter")
    page.wait_for_selector(f".done:has-text('{HANG}')")
    for name in (VU, "Hoàng Văn Sơn", "Vũ Thị Thủy"):
        page.fill("#q", cards[name])
        page.keyboard.press("Enter")
        page.wait_for_selector(f".done:has-text('{name}')")
    assert page.locator("#attendance dd.present").inner_text() == "6"
    assert "✓" in page.locator("#attendance dd.quorum").inner_text()  # 6 of base 9 is two thirds

    # Counting committee, a second teller's role, one election of the chi ủy (3 seats, 4 names)
    page.goto(congress_url)
    page.fill("#members", "Bùi Thị Lưu — Trưởng ban\nĐỗ Văn Ước — Thành viên")
    page.click("text=Lưu Ban kiểm phiếu")
    page.wait_for_selector("ol.counting >> text=Bùi Thị Lưu")
    page.fill("#role-username", "kiemphieu")
    page.select_option("#role-kind", "counting")
    page.click("text=Giao vai trò")
    page.wait_for_selector("ul.roles >> text=kiemphieu")
    page.select_option("#election-kind", "executive")
    page.fill("#election-seats", "3")
    page.click(".election-form button.primary")
    for name in (DUC, HANG, ANH, VU):
        page.fill("#candidate-name", name)
        page.click(".candidate-form button.primary")
        page.wait_for_selector(f"table.candidates >> text={name}")
    page.wait_for_selector("text=đúng quy định")
    election_url = page.url
    page.fill("#issued", "6")
    page.click(".open-round button.primary")
    page.wait_for_selector("text=Đã mở vòng bầu.")

    # Teller 1 (this clerk) and teller 2 (another user, another browser) enter the same pile
    page.click("a.teller-1")
    enter_ballots(page, BALLOTS)
    second = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    other = second.new_page()
    other.set_default_timeout(10_000)
    other.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    other.fill("#username", "kiemphieu")
    other.fill("#password", PASSWORD)
    other.click("button.primary")
    other.wait_for_url(f"{live_server.url}/")
    other.goto(election_url)
    other.click("a.teller-2")
    enter_ballots(other, BALLOTS, mistake_on=4)
    other.goto(election_url)
    assert "khác nhau ở phiếu số 4" in other.locator(".reconcile").inner_text()
    other.click("a.teller-2")
    other.fill("#number", "4")
    other.click("[data-tick-all='1']")
    other.locator(".ballot label", has_text=ANH).locator("input").uncheck()
    other.click("button.save-ballot")
    other.wait_for_selector("text=Đã ghi phiếu số 4")
    other.goto(election_url)
    assert "Hai tổ nhập khớp nhau: 6 phiếu." in other.locator(".reconcile").inner_text()
    other.click("button.count-button")
    other.wait_for_selector("text=Đã kiểm phiếu.")
    assert other.locator(".release-button").count() == 0  # the counting committee does not release
    second.close()

    # The presidium (convening committee) releases; the big screen shows the result
    page.goto(election_url)
    assert "Kết quả chưa công bố: chỉ cấp ủy" in page.content()
    page.click("button.release-button")
    page.wait_for_selector("text=Đã công bố kết quả.")
    assert page.locator("ol.elected li").all_inner_texts() == [DUC, ANH]
    page.click("a.screen-link")
    page.wait_for_selector("#board tr.elected")
    board = page.locator("#board").inner_text()
    assert DUC in board and "66,67%" in board and "Trúng cử" in board

    # Minutes PDF: downloaded, its text shows the elected names with their Vietnamese letters
    page.goto(election_url)
    with page.expect_download() as download_info:
        page.click("a.minutes-pdf")
    text = pdf_text(open(download_info.value.path(), "rb").read())
    assert "BIÊN BẢN KIỂM PHIẾU" in text
    assert f"Những người trúng cử (2): {DUC}, {ANH}." in text
    assert "Số lượng còn thiếu: 1" in text
    for needed in (DUC, ANH, HANG, VU, "Bùi Thị Lưu", "Đỗ Văn Ước", "Số phiếu hợp lệ: 6", "66,67%", "55,56%",
                   "44,44%", "Hội trường phường Ba Đình"):
        assert needed in text, needed
