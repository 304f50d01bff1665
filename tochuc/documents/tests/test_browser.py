"""Browser walk: paste a report into the extractor, follow a citation to the registry, record a
study session with attendance, and read the coverage report of the commune."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SAMPLE = Path(__file__).resolve().parents[2] / "domain" / "tests" / "samples" / "report-2025-dang-bo-chinh-phu.txt"


def test_extract_study_and_coverage(login, live_server, commune_clerk, seeded, people):
    page = login("badinh")
    page.click("nav.mainnav >> text=Văn bản")
    page.click("text=Tìm trích dẫn trong văn bản")
    page.fill("#id_text", SAMPLE.read_text(encoding="utf-8"))
    page.click("button[value=extract]")
    page.wait_for_selector("#citations")
    rows = page.locator("#citations tbody tr")
    assert rows.count() == 3
    assert [rows.nth(i).locator("td").first.inner_text() for i in range(3)] == ["294-QĐ/TW", "06-HD/TW", "50-CT/TW"]
    # 294 is quoted with 6/5/2025: the registry's 26/5/2025 is offered as the same code on another date.
    assert "Cùng số, ký hiệu, khác ngày" in rows.nth(0).inner_text()
    page.screenshot(path="/tmp/doc_extract.png", full_page=True)
    rows.nth(2).locator("a").first.click()
    page.wait_for_selector("h1")
    assert page.locator("h1").inner_text() == "Chỉ thị số 50-CT/TW"
    document_url = page.url

    page.goto(f"{live_server.url}/van-ban/hoc-tap/them/")
    page.fill("#unit", "CB-BD-1")
    page.click("button.primary")
    page.fill("#held_on_pick", "2025-09-03")
    page.click("text=Cập nhật danh sách")
    page.wait_for_selector("text=Nguyễn Văn An")
    page.fill("#id_title", "Học tập Chỉ thị 50")
    page.select_option("#id_documents", label="Chỉ thị 50-CT/TW (23/07/2025)")
    page.check("text=Nguyễn Văn An")
    page.click("text=Lưu buổi học tập")
    page.wait_for_selector("text=1 đảng viên dự")
    assert "Nguyễn Văn An" in page.content()

    page.goto(document_url)
    page.click("text=Xem đơn vị chưa học tập")
    page.wait_for_selector("#summary")
    assert "1/3 đơn vị đã học tập, quán triệt; 2 đơn vị chưa." in page.locator("#summary").inner_text()
    page.screenshot(path="/tmp/doc_coverage.png", full_page=True)
    listed = page.locator("#coverage tbody tr").all_inner_texts()
    assert len(listed) == 2 and all("Chưa học tập" in row for row in listed)
    assert any("Chi bộ Khu phố 2" in row for row in listed)
