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
    page.check("text=Chỉ thị 50-CT/TW (23/07/2025)")
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


def test_add_unknown_citations_from_the_extractor(login, live_server, commune_clerk, seeded):
    from tochuc.documents.models import Document

    page = login("badinh")
    page.goto(f"{live_server.url}/van-ban/trich-dan/")
    page.fill("#id_text", "Thực hiện Kế hoạch số 12 ngày 3/9/2025 của Đảng ủy phường Ba Đình về học tập Chỉ thị 50; "
                          "Hướng dẫn số 07-HD/ĐU ngày 5/9/2025.")
    page.click("button[value=extract]")
    page.wait_for_selector("#citations")
    assert page.locator("#citations tbody tr").count() == 2
    # All at once: the one whose issuing body is named.
    page.click("button[value=add-unknown]")
    page.wait_for_selector("p.ok")
    assert "Đã thêm 1 văn bản vào sổ." in page.locator("p.ok").inner_text()
    added = Document.objects.get(code="12-KH/ĐU")
    assert (added.issuing_body, added.owner.code) == ("Đảng ủy phường Ba Đình", "X00004")
    # One by one: the prefilled form, completed by the clerk.
    page.click("#citations a.add")
    page.wait_for_selector("#id_issuing_body")
    assert page.input_value("#id_number") == "7" and page.input_value("#id_issuer_code") == "ĐU"
    assert page.input_value("#id_issued_on") == "2025-09-05"
    page.fill("#id_issuing_body", "Đảng ủy phường Ba Đình")
    page.click("text=Lưu")
    page.wait_for_selector("h1")
    assert page.locator("h1").inner_text() == "Hướng dẫn số 07-HD/ĐU"
