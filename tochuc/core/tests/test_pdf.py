from io import BytesIO

from tochuc.core import pdf


def test_vietnamese_text_is_embedded_with_the_bundled_font():
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    buffer = BytesIO()
    sheet = pdf.styles()
    SimpleDocTemplate(buffer).build([Paragraph("Biên bản kiểm phiếu: Nguyễn Thị Ánh Tuyết, Đảng ủy xã",
                                               sheet["Normal"])])
    data = buffer.getvalue()
    assert data.startswith(b"%PDF")
    # The TrueType font is embedded (a subset): base-14 fonts have no Vietnamese glyphs.
    assert b"FontFile2" in data
    assert b"DejaVuSerif" in data
