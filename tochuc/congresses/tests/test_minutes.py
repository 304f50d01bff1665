import io

import pytest

from tochuc.congresses.minutes import docx_bytes, minutes_for, pdf_bytes
from tochuc.congresses.tests.pdftext import pdf_text

pytestmark = pytest.mark.django_db


def test_minutes_figures(counted_election):
    m = minutes_for(counted_election)
    assert (m.summoned, m.base, m.present, m.issued, m.valid, m.invalid, m.needed) == (9, 9, 9, 9, 9, 0, 5)
    assert [(line.name, line.votes, line.percent, line.elected) for line in m.lines] == [
        ("Nguyễn Văn Đức", 8, "88,89%", True), ("Phạm Thị Ngọc Ánh", 7, "77,78%", True),
        ("Trần Thị Hằng", 6, "66,67%", True), ("Lê Quang Vũ", 4, "44,44%", False)]
    assert m.counting_members == [("Bùi Thị Lưu", "Trưởng ban"), ("Đỗ Văn Ước", "Thành viên")]


def test_pdf_has_every_vietnamese_letter_of_the_names(counted_election):
    text = pdf_text(pdf_bytes(minutes_for(counted_election)))
    for expected in ("BIÊN BẢN KIỂM PHIẾU", "Nguyễn Văn Đức", "Phạm Thị Ngọc Ánh", "Trần Thị Hằng", "Bùi Thị Lưu",
                     "Số phiếu hợp lệ: 9", "88,89%", "Trúng cử", "ĐẢNG CỘNG SẢN VIỆT NAM"):
        assert expected in text, expected
    assert "Những người trúng cử (3): Nguyễn Văn Đức, Phạm Thị Ngọc Ánh, Trần Thị Hằng." in text


def test_docx_minutes(counted_election):
    from docx import Document

    document = Document(io.BytesIO(docx_bytes(minutes_for(counted_election))))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "BIÊN BẢN KIỂM PHIẾU" in text and "Số phiếu phát ra: 9; số phiếu thu vào: 9." in text
    assert "Nguyễn Văn Đức" in cells and "88,89%" in cells and "Trúng cử" in cells
