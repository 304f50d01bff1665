"""Browser walk: the dashboard, drill from the country to a commune, export XLSX through the
background job and check that the file's cells are the page's numbers."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tochuc.reports.tests.factories import add_members

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

READ_TABLE = """(id) => Object.fromEntries([...document.querySelectorAll(`#table-${id} tr[data-row]`)].flatMap(
    tr => [...tr.querySelectorAll('td[data-col]')].map(td => [tr.dataset.row + '|' + td.dataset.col,
                                                             parseInt(td.innerText.replaceAll('.', ''), 10)])))"""


def test_dashboard_drill_to_a_commune_and_download_xlsx(login, live_server, national_admin):
    add_members("CB-BD-1", 14, since=date(2025, 8, 1), seed=21)
    add_members("CB-DH-1", 6, since=date(2025, 8, 1), seed=22)
    add_members("CB-NH-1", 5, since=date(2025, 8, 1), seed=23)
    add_members("CB-SG-1", 8, since=date(2025, 8, 1), seed=24)
    page = login("quantri")
    page.click("nav.mainnav >> text=Báo cáo")
    page.wait_for_selector("h1")
    assert page.locator("h1").inner_text() == "Ban Chấp hành Trung ương Đảng"
    assert page.locator("#fig-total").inner_text() == "33"
    assert page.locator("#section-sex_age svg title").first.text_content() == "Đảng viên theo giới tính và độ tuổi"
    page.click("#table-children >> text=Đảng bộ thành phố Hà Nội")
    page.wait_for_selector("h1:has-text('Hà Nội')")
    assert page.locator("#fig-total").inner_text() == "25"
    page.click("#table-children >> text=Đảng bộ phường Ba Đình")
    page.wait_for_selector("h1:has-text('Ba Đình')")
    assert page.locator("#fig-total").inner_text() == "20"
    assert "Đảng bộ thành phố Hà Nội" in page.locator(".breadcrumb").inner_text()
    on_page = {name: page.evaluate(READ_TABLE, name) for name in ("sex_age", "children", "years")}
    assert sum(v for k, v in on_page["sex_age"].items() if k.endswith("|tong") and not k.startswith("cong")) == 20
    # A number opens the list of the members behind it.
    page.click("#table-children tr[data-row='CB-BD-1'] td[data-col='tong'] a")
    page.wait_for_selector("#member-total")
    assert page.locator("#member-total").inner_text().startswith("14 đảng viên")
    page.go_back()
    page.click("#export-xlsx")
    page.wait_for_selector("#download")
    with page.expect_download() as caught:
        page.click("#download")
    assert caught.value.suggested_filename.endswith(".xlsx")
    book = load_workbook(io.BytesIO(Path(caught.value.path()).read_bytes()))
    for sheet_name, key in (("03 sex_age", "sex_age"), ("04 years", "years"), ("01 children", "children")):
        sheet = book[sheet_name]
        lines = [row for row in sheet.iter_rows(values_only=True) if any(v is not None for v in row)]
        header = next(row for row in lines if row[0] == "STT")
        assert "Đơn vị: Đảng bộ phường Ba Đình" in str(sheet["A2"].value)
        body = [row for row in lines if isinstance(row[0], int)]
        cells = on_page[key]
        rows_on_page = [r for r in dict.fromkeys(k.split("|")[0] for k in cells) if r != "cong"]
        assert len(body) == len(rows_on_page)
        columns = list(dict.fromkeys(k.split("|")[1] for k in cells))
        for row_key, line in zip(rows_on_page, body, strict=True):
            assert list(line[2:2 + len(columns)]) == [cells[f"{row_key}|{c}"] for c in columns], (key, row_key)
        assert len(header) == 2 + len(columns)
        totals = next(row for row in lines if row[1] == "Cộng")
        assert list(totals[2:2 + len(columns)]) == [cells[f"cong|{c}"] for c in columns]
