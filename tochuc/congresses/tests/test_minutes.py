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


def test_minutes_command(counted_election, tmp_path):
    from django.core.management import CommandError, call_command

    pdf = tmp_path / "bien-ban.pdf"
    call_command("congress_minutes", str(counted_election.pk), "--pdf", str(pdf), "--docx", str(tmp_path / "b.docx"))
    assert "Phạm Thị Ngọc Ánh" in pdf_text(pdf.read_bytes()) and (tmp_path / "b.docx").stat().st_size > 1000
    with pytest.raises(CommandError, match="round_id"):
        call_command("congress_minutes", "999999", "--pdf", str(pdf))


def test_minutes_of_a_tie_and_invalid_reasons(congress, commune_clerk, clerk_scope):
    from tochuc.congresses import services
    from tochuc.core.scope import system_scope

    services.summons_generate(actor=commune_clerk, scope=clerk_scope, congress=congress)
    election = services.election_create(actor=commune_clerk, scope=clerk_scope, congress=congress, kind="secretary",
                                        seats=1)
    for name in ("Nguyễn Văn Đức", "Trần Thị Hằng"):
        services.candidate_add(actor=commune_clerk, scope=clerk_scope, election=election, full_name=name)
    round_ = services.round_open(actor=commune_clerk, scope=clerk_scope, election=election, issued=9)
    d, h = (c.pk for c in round_.candidates.order_by("order"))
    pile = [(1, [d], ""), (2, [d], ""), (3, [d], ""), (4, [d], ""), (5, [d], ""), (6, [h], ""), (7, [h], ""),
            (8, [d, h], ""), (9, [], "Không có dấu của cấp ủy")]
    for teller in (1, 2):
        services.ballots_enter_many(actor=None, scope=system_scope(), round_=round_, teller=teller, entries=pile)
    result = services.round_count(actor=commune_clerk, scope=clerk_scope, round_=round_)
    # Ballot 8 keeps 2 names for 1 seat: invalid. Đức 5 of base 9 (> 4.5): elected.
    assert result.elected == ("Nguyễn Văn Đức",) and result.invalid == 2
    round_.refresh_from_db()
    text = pdf_text(pdf_bytes(minutes_for(round_)))
    assert "Không hợp lệ (lý do: Không có dấu của cấp ủy): 1." in text
    assert "Không hợp lệ (lý do: bầu quá số lượng cần bầu): 1." in text


def test_ballot_papers_in_both_layouts(client, congress, commune_clerk, clerk_scope):
    from tochuc.conftest import make_user
    from tochuc.congresses import services

    services.summons_generate(actor=commune_clerk, scope=clerk_scope, congress=congress)
    client.force_login(commune_clerk)
    for layout, kind, names in (("strike", "executive",
                                 ["Nguyễn Văn Đức", "Trần Thị Hằng", "Lê Quang Vũ", "Phạm Thị Ngọc Ánh"]),
                                ("agree", "secretary", ["Đỗ Văn Ước"])):
        election = services.election_create(actor=commune_clerk, scope=clerk_scope, congress=congress, kind=kind,
                                            seats=len(names) if layout == "agree" else 3, layout=layout)
        for name in names:
            services.candidate_add(actor=commune_clerk, scope=clerk_scope, election=election, full_name=name)
        round_ = services.round_open(actor=commune_clerk, scope=clerk_scope, election=election, issued=9)
        response = client.get(f"/dai-hoi/vong/{round_.pk}/phieu-bau.pdf?so-ban=3")
        text = pdf_text(response.content)
        assert text.count("PHIẾU BẦU CỬ") == 3 and all(name in text for name in names)
        assert ("Không đồng ý" in text) == (layout == "agree")
        assert ("Gạch cả họ và tên" in text) == (layout == "strike")
    client.force_login(make_user("xem-phieu2", "clerk", ["X00004"]))
    assert client.get(f"/dai-hoi/vong/{round_.pk}/phieu-bau.pdf").status_code == 403
