"""Browser walk: a conference with three bridge points; a point's clerk checks delegates in
(one twice, one walk-in); the host's live totals show them and refresh by themselves."""

from __future__ import annotations

import pytest

from tochuc.conferences import services
from tochuc.conferences.models import Attendee

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_three_points_check_ins_and_live_totals(login, live_server, page, conference, points, members, scopes,
                                                province_clerk, settings):
    settings.TOCHUC_CONFERENCE_REFRESH_SECONDS = 1
    host = scopes["hanoi"]
    services.attendees_register(actor=province_clerk, scope=host, point=points["X00004"],
                                member_ids=[members["an"].pk, members["binh"].pk],
                                guests=[services.Guest("Bà Khách Mời")])
    services.attendees_register(actor=province_clerk, scope=host, point=points["X00008"],
                                member_ids=[members["cuong"].pk])

    # The Ba Đình clerk works at its bridge point.
    login("badinh")
    page.click("nav.mainnav >> text=Hội nghị")
    page.click(f"text={conference.title}")
    page.wait_for_selector("#points")
    assert "Đảng bộ phường Ngọc Hà" not in page.locator("#points").inner_text()  # not its point
    page.click("#points >> text=Đảng bộ phường Ba Đình")
    page.wait_for_selector("#diem-danh")
    an = Attendee.objects.get(member=members["an"]).pk
    page.click(f"tr[data-attendee='{an}'] button.checkin")
    page.wait_for_selector("#thong-bao >> text=Đã điểm danh Nguyễn Văn An.")
    binh = Attendee.objects.get(member=members["binh"]).pk
    page.click(f"tr[data-attendee='{binh}'] button.checkin")
    page.wait_for_selector("#thong-bao >> text=Đã điểm danh Trần Thị Bình.")
    # A walk-in guest, then the same member typed in again: counted once.
    page.fill("#khach", "Ông Vãng Lai")
    page.click("#diem-danh-nhanh")
    page.wait_for_selector("#thong-bao >> text=Đã điểm danh Ông Vãng Lai.")
    members["an"].card_number = "01000077"
    members["an"].save()
    page.fill("#the", "01000077")
    page.click("#diem-danh-nhanh")
    page.wait_for_selector("#thong-bao >> text=không tính thêm")
    assert page.locator("#so-diem-danh").inner_text() == "3"
    assert page.locator("#so-dang-ky").inner_text() == "4"

    # The host's live totals.
    page.context.clear_cookies()
    login("hanoi")
    page.goto(f"{live_server.url}/hoi-nghi/{conference.pk}/truc-tuyen/")
    assert page.locator("#tong-ket-noi").inner_text() == "1 / 3"
    assert page.locator("#tong-dang-ky").inner_text() == "5"
    assert page.locator("#tong-co-mat").inner_text() == "3"
    assert "Cấp xã" in page.locator("#theo-cap").inner_text() and "Chi bộ" in page.locator("#theo-cap").inner_text()
    # Ngọc Hà reports a head count meanwhile: the page refreshes by itself (htmx, no reload).
    services.bridge_point_report_count(actor=province_clerk, scope=host, point=points["X00008"], count=12)
    page.wait_for_selector("#tong-co-mat >> text=15", timeout=8_000)
    assert page.locator("#tong-ket-noi").inner_text() == "2 / 3"
    commune = page.locator("#theo-cap tr[data-level='commune']").inner_text().split()
    assert commune[-1] == "15"
