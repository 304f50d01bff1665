"""Browser walk of the member pages: search, open the record, record a rating."""

from datetime import date

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_search_open_record_and_record_a_rating(login, live_server, commune_clerk, system):
    from tochuc.members.tests.factories import admit

    admit(system, "Nguyễn Thị Hoà", birth=date(1990, 4, 3), sex="nu", admitted=date(2025, 9, 2))
    page = login("badinh")
    page.click("nav.mainnav >> text=Đảng viên")
    page.fill("#q", "nguyen thi hoa")  # typed without diacritics: htmx searches as one types
    page.wait_for_selector(".results li")
    page.click(".results li a")
    page.wait_for_selector("h1")
    assert page.locator("h1").inner_text() == "Nguyễn Thị Hoà"
    assert "Kết nạp" in page.locator(".timeline").inner_text()
    page.select_option("#id_kind", "rating")
    page.fill("#id_effective_on", "2025-12-20")
    page.fill("#id_score", "92")
    page.fill("#id_reason", "Kiểm điểm cuối năm")
    page.click(".event-form button.primary")
    page.wait_for_selector(".timeline .event-rating")
    row = page.locator(".timeline .event-rating").inner_text()
    assert "Xếp loại chất lượng" in row and "20/12/2025" in row and "Kiểm điểm cuối năm" in row
