"""Browser walk: a branch secretary records a meeting with its attendance and minutes; the
province's clerk then sees the expected gaps on the compliance page."""

from datetime import date

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_meeting_recorded_then_gaps_on_the_superiors_page(login, live_server, branch_members, hold, commune_clerk,
                                                          province_clerk):
    an, binh = branch_members["CB-BD-1"][:2]
    hold("CB-BD-1", date(2025, 10, 3), kind="thematic")
    hold("CB-BD-1", date(2025, 12, 3))

    page = login("badinh")
    page.click("nav.mainnav >> text=Sinh hoạt chi bộ")
    page.click(".branches >> text=Chi bộ Khu phố 1")
    page.select_option("#kind", "monthly")
    page.fill("#planned_on", "2025-11-03")
    page.fill("#agenda", "Điểm danh\nKiểm điểm tháng 10")
    page.click(".plan-form button.primary")
    page.wait_for_selector(".attendance-form")
    page.fill("#held_on", "2025-11-03")
    page.check(f'input[name="status-{an.pk}"][value="absent"]')
    page.check(f'input[name="status-{binh.pk}"][value="excused"]')
    page.click(".attendance-form button.primary")  # no reason for the excused absence: refused
    page.wait_for_selector(".error[role=alert]")
    assert "Trần Thị Bình: vắng có lý do phải ghi lý do" in page.locator(".error[role=alert]").inner_text()
    assert page.is_checked(f'input[name="status-{binh.pk}"][value="excused"]')  # the sheet comes back as typed
    page.fill(f'input[name="reason-{binh.pk}"]', "Ốm nằm viện")
    page.click(".attendance-form button.primary")
    page.wait_for_selector(".minutes-form")
    assert page.locator("dd.attendance").inner_text().startswith("2/4")
    page.fill("#duration_minutes", "95")
    page.fill("#minutes", "Chi bộ kiểm điểm việc thực hiện nghị quyết tháng 10.")
    page.fill("#resolutions", "Vận động đảng viên đóng đảng phí đúng hạn")
    page.select_option("#self_rating", "kha")
    page.click(".minutes-form button.primary")
    page.wait_for_selector(".card.minutes")
    assert page.locator("dd.status").inner_text() == "Đã sinh hoạt"
    assert "Vận động đảng viên đóng đảng phí đúng hạn" in page.locator(".card.minutes").inner_text()
    page.click("form.logout button")

    page = login("hanoi")
    page.goto(f"{live_server.url}/sinh-hoat/tuan-thu/")
    page.fill("#root", "T01")
    page.fill("#tu", "2025-10")
    page.fill("#den", "2025-12")
    page.click(".filters button.primary")
    page.wait_for_selector(".summary")
    figures = {cls: page.locator(f".summary dd.{cls}").inner_text()
               for cls in ("expected", "compliant", "missing-monthly", "missing-thematic", "low-attendance", "absent")}
    assert figures == {"expected": "4", "compliant": "0", "missing-monthly": "3", "missing-thematic": "3",
                       "low-attendance": "1", "absent": "1"}
    bd1 = page.locator('tr[data-code="CB-BD-1"]')
    assert bd1.locator(".missed").inner_text() == "" and bd1.locator(".low").inner_text() == "03/11/2025 (2/4)"
    assert bd1.locator(".absent").inner_text() == "Nguyễn Văn An"
    nh = page.locator('tr[data-code="CB-NH-1"]')
    assert nh.locator(".missed").inner_text() == "10/2025, 11/2025, 12/2025"
    assert nh.locator(".quarters").inner_text() == "Quý 4/2025"
