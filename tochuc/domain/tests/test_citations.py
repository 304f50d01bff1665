"""The citation extractor (DOMAIN.md §5) on the two real sample texts, on the shapes §5 lists,
and on generated citations embedded in generated prose."""

from __future__ import annotations

import unicodedata
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tochuc.domain.citations import extract_citations, extract_json, make_code, normalize_code, parse_code

# Copies of ../shared/samples/ (the real texts of the issue), kept beside the tests.
SAMPLES = Path(__file__).with_name("samples")
SAMPLE_2022 = "report-2022-q3-thua-thien-hue.txt"
SAMPLE_2025 = "report-2025-dang-bo-chinh-phu.txt"


def sample(name: str) -> str:
    return (SAMPLES / name).read_text(encoding="utf-8")


def cited(text: str) -> list[tuple]:
    return [(c["code"], c["kind"], c["number"], c["issued_on"], c["issuer"], c["subject"]) for c in extract_json(text)]


# --- The two sample texts: every citation, nothing more ------------------------------------------


def test_sample_2022_thua_thien_hue_cites_exactly_one_document():
    text = sample(SAMPLE_2022)
    found = extract_json(text)
    # Read by hand: the only document with a number is Kết luận 06-KL/BTCTW. "Nghị quyết TW 6,
    # khóa XIII", "các nghị quyết, chỉ thị, quy định, kết luận", "16/19 đề án", "Quý III/2022"
    # and "nhiệm kỳ 2020-2025" are not citations.
    assert cited(text) == [("06-KL/BTCTW", "Kết luận", 6, None, "Ban Tổ chức Trung ương", None)]
    assert text[found[0]["start"]:found[0]["end"]] == "Kết luận số 06-KL/BTCTW"


def test_sample_2025_dang_bo_chinh_phu_cites_exactly_three_documents():
    text = sample(SAMPLE_2025)
    found = extract_citations(text)
    # Read by hand: Quy định số 294 (twice: bare, then with its date, issuing body and subject),
    # Hướng dẫn số 06 and Chỉ thị số 50 of the Secretariat. "Chỉ thị của Ban Bí thư nêu rõ" and
    # "Điều lệ Đảng" carry no number: not citations. The date 6/5/2025 is what the text says (the
    # real date is 26/5/2025, DOMAIN.md §1): the extractor reports the text, never corrects it.
    assert cited(text) == [
        ("294-QĐ/TW", "Quy định", 294, "2025-05-06", "Ban Chấp hành Trung ương", "thi hành Điều lệ Đảng"),
        ("06-HD/TW", "Hướng dẫn", 6, "2025-06-09", "Ban Bí thư", "một số vấn đề cụ thể thi hành Điều lệ Đảng"),
        ("50-CT/TW", "Chỉ thị", 50, "2025-07-23", "Ban Bí thư",
         "tiếp tục đổi mới nâng cao chất lượng sinh hoạt chi bộ trong giai đoạn mới"),
    ]
    quy_dinh = found[0]
    assert len(quy_dinh.mentions) == 2
    assert text[quy_dinh.start:quy_dinh.end] == "Quy định số 294"  # the first mention
    assert text[slice(*quy_dinh.mentions[1])] == "Quy định số 294 ngày 6/5/2025 của Ban Chấp hành Trung ương"
    assert text[found[2].start:found[2].end] == "Chỉ thị số 50 ngày 23/7/2025 của Ban Bí thư"


# --- Shapes of DOMAIN.md §5 ------------------------------------------------------------------------


def test_full_citation_of_the_issue():
    text = "Thực hiện Quy định số 145-QĐ/TW ngày 10-5-2024 của Bộ Chính trị về công tác bảo vệ chính trị nội bộ."
    [c] = extract_json(text)
    assert c == {"code": "145-QĐ/TW", "kind": "Quy định", "number": 145, "issued_on": "2024-05-10",
                 "issuer": "Bộ Chính trị", "subject": "công tác bảo vệ chính trị nội bộ",
                 "start": text.index("Quy định"), "end": text.index(" về")}


def test_code_completed_from_kind_and_issuing_body():
    [c] = extract_citations("Quy định số 294 ngày 26/5/2025 của Ban Chấp hành Trung ương khóa XIII về thi hành Điều lệ "
                            "Đảng")
    assert (c.code, c.issued_on, c.subject) == ("294-QĐ/TW", date(2025, 5, 26), "thi hành Điều lệ Đảng")
    [c] = extract_citations("Hướng dẫn số 42 ngày 28/10/2025 của Ban Tổ chức Trung ương")
    assert (c.code, c.issuer) == ("42-HD/BTCTW", "Ban Tổ chức Trung ương")
    [c] = extract_citations("Kế hoạch số 12 ngày 3/2/2026 của Ban Thường vụ Tỉnh ủy Thừa Thiên Huế về việc tổng kết")
    assert (c.code, c.issuer, c.subject) == ("12-KH/TU", "Ban Thường vụ Tỉnh ủy Thừa Thiên Huế", "tổng kết")


def test_without_any_issuing_body_the_code_stays_partial():
    [c] = extract_citations("theo Quy định số 294 thi hành Điều lệ Đảng")
    assert (c.code, c.issuer, c.issued_on) == ("294-QĐ", None, None)
    assert not c.complete


@pytest.mark.parametrize("written", [
    "05-CT/TW", "05 – CT / TW", "05 - CT/ TW", "05—CT/TW", "5-CT/TW", "05 -ct/tw", "05/CT-TW",
])
def test_noisy_spacing_and_dashes(written):
    [c] = extract_citations(f"Chỉ thị {written} của Bộ Chính trị về tăng cường")
    assert (c.code, c.kind, c.number, c.issuer) == ("05-CT/TW", "Chỉ thị", 5, "Bộ Chính trị")


@pytest.mark.parametrize("written,expected", [
    ("ngày 23-7-2025", date(2025, 7, 23)), ("ngày 23/7/2025", date(2025, 7, 23)),
    ("ngày 23 tháng 7 năm 2025", date(2025, 7, 23)), (", ngày 03/02/2026", date(2026, 2, 3)),
    ("(23/7/2025)", date(2025, 7, 23)), ("ngày 23 / 07 / 2025", date(2025, 7, 23)),
    ("ngày 31/2/2025", None),  # no such day: no date rather than a wrong one
])
def test_dates(written, expected):
    [c] = extract_citations(f"Chỉ thị số 50-CT/TW {written} của Ban Bí thư")
    assert c.issued_on == expected


def test_eth_decomposed_unicode_and_nonbreaking_spaces():
    text = unicodedata.normalize("NFD", "Quyết định số\u00a0190-Q\u00d0/TW ngày 10/10/2024 của Bộ Chính trị")
    [c] = extract_citations(text)
    assert (c.code, c.kind, c.issued_on) == ("190-QĐ/TW", "Quyết định", date(2024, 10, 10))
    # Offsets index the text as given, even decomposed (NFD has more characters than NFC).
    assert text[c.start:c.end] == text  # the whole text is the citation
    assert c.issuer == "Bộ Chính trị"


def test_old_tone_placement_of_uy():
    [c] = extract_citations("Kết luận số 12 ngày 1/3/2025 của Uỷ ban Kiểm tra Trung ương")
    assert (c.code, c.issuer) == ("12-KL/UBKTTW", "Ủy ban Kiểm tra Trung ương")


def test_bare_code_without_kind_word():
    [c] = extract_citations("(theo 366-QĐ/TW, 30/8/2025)")
    assert (c.code, c.kind, c.issued_on) == ("366-QĐ/TW", None, date(2025, 8, 30))  # QĐ: Quy định or Quyết định
    [c] = extract_citations("đã ban hành 18-NQ/TW")
    assert (c.code, c.kind) == ("18-NQ/TW", "Nghị quyết")


def test_cited_several_times_listed_once_with_the_fullest_details():
    text = ("Chỉ thị 50-CT/TW rất quan trọng. Chỉ thị số 50-CT/TW ngày 23/7/2025 của Ban Bí thư về tiếp tục "
            "đổi mới. Nhắc lại Chỉ thị số 50 của Ban Bí thư.")
    [c] = extract_citations(text)
    assert (c.code, c.issued_on, c.issuer, c.subject) == ("50-CT/TW", date(2025, 7, 23), "Ban Bí thư",
                                                          "tiếp tục đổi mới")
    assert len(c.mentions) == 3 and c.start == 0


def test_same_code_two_dates_two_documents():
    text = "Chỉ thị số 35-CT/TW ngày 30/5/2019 và Chỉ thị số 35-CT/TW ngày 14/6/2024 của Bộ Chính trị"
    found = extract_citations(text)
    assert [(c.code, c.issued_on) for c in found] == [("35-CT/TW", date(2019, 5, 30)), ("35-CT/TW", date(2024, 6, 14))]


def test_subject_stops_at_the_next_citation():
    text = "Nghị quyết số 18-NQ/TW về tinh gọn bộ máy và Nghị quyết số 19-NQ/TW về đơn vị sự nghiệp."
    assert [(c.code, c.subject) for c in extract_citations(text)] == [
        ("18-NQ/TW", "tinh gọn bộ máy"), ("19-NQ/TW", "đơn vị sự nghiệp")]


def test_quoted_subject():
    [c] = extract_citations('Nghị quyết 57-NQ/TW về “đột phá phát triển khoa học, công nghệ”, đồng thời')
    assert c.subject == "đột phá phát triển khoa học, công nghệ"


@pytest.mark.parametrize("text", [
    "Nghị quyết Đại hội XIII của Đảng",
    "nhất là Nghị quyết TW 6, khóa XIII",
    "các nghị quyết, chỉ thị, quy định, kết luận của Trung ương",
    "hoàn thành 16/19 đề án trong Quý III/2022, nhiệm kỳ 2020-2025",
    "theo quy định 3 cấp ủy",  # a lower-case word and a number: not a citation
    "Kế hoạch 5 năm của ngành",  # no "số", no code, no date or issuing body right after
    "Chỉ thị của Ban Bí thư nêu rõ",
    "Hội nghị Trung ương 4 khóa XII",
    "Điều 5 Điều lệ Đảng",
    "giảm 12,5% so với 1.143 điểm cầu",
])
def test_no_citation_invented_from_plain_words(text):
    assert extract_citations(text) == []


def test_capitalized_kind_and_number_needs_date_or_body():
    assert [c.code for c in extract_citations("Nghị quyết 57 của Bộ Chính trị")] == ["57-NQ/TW"]
    assert [c.code for c in extract_citations("Chỉ thị 50 ngày 23/7/2025")] == ["50-CT"]
    assert extract_citations("Nghị quyết 57 tạo đột phá") == []


def test_parse_and_normalize_code():
    assert parse_code("05 – CT / TW") == (5, "CT", "TW")
    assert parse_code("294-QĐ") == (294, "QĐ", None)
    assert parse_code("16/19") is None and parse_code("Nghị quyết") is None
    assert normalize_code("42-hd/btctw") == "42-HD/BTCTW"
    assert make_code(7, "KL", "TW") == "07-KL/TW"


# --- Generated citations in generated prose ---------------------------------------------------------

KINDS = [("Nghị quyết", "NQ"), ("Quy định", "QĐ"), ("Quyết định", "QĐ"), ("Chỉ thị", "CT"), ("Kết luận", "KL"),
         ("Hướng dẫn", "HD"), ("Thông báo", "TB"), ("Kế hoạch", "KH")]
BODIES = [("Bộ Chính trị", "TW"), ("Ban Bí thư", "TW"), ("Ban Chấp hành Trung ương", "TW"),
          ("Ban Tổ chức Trung ương", "BTCTW"), ("Ủy ban Kiểm tra Trung ương", "UBKTTW")]
# Prose without digits, kind words or "số": what lies between citations.
WORDS = ["các", "đồng chí", "đảng viên", "tiếp tục", "triển khai", "thực hiện", "hiệu quả", "chi bộ", "đảng bộ",
         "cấp ủy", "công tác", "tổ chức", "xây dựng", "Đảng", "nhân dân", "hội nghị", "quán triệt", "tinh thần"]
prose = st.lists(st.sampled_from(WORDS), min_size=1, max_size=8).map(" ".join)
dashes = st.sampled_from(["-", " - ", "–", " – ", "—"])
slashes = st.sampled_from(["/", " / ", "/ "])


@st.composite
def citation(draw):
    kind, kind_code = draw(st.sampled_from(KINDS))
    body, issuer_code = draw(st.sampled_from(BODIES))
    number = draw(st.integers(min_value=1, max_value=999))
    day = draw(st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31)))
    with_code = draw(st.booleans())
    date_text = draw(st.sampled_from([
        f"ngày {day.day}-{day.month}-{day.year}", f"ngày {day.day:02d}/{day.month:02d}/{day.year}",
        f"ngày {day.day} tháng {day.month} năm {day.year}", f", ngày {day.day}/{day.month}/{day.year}"]))
    head = f"{kind} số {number:02d}" if not with_code else (
        f"{kind} số {number}{draw(dashes)}{kind_code}{draw(slashes)}{issuer_code}")
    text = f"{head} {date_text} của {body}"
    return text, (make_code(number, kind_code, issuer_code), kind, number, day, body)


@given(st.lists(st.tuples(prose, citation()), min_size=1, max_size=5), prose)
def test_generated_citations_are_all_found_with_their_details(parts, tail):
    text = " ".join(f"{before} {cite}" for before, (cite, _) in parts) + " " + tail
    expected = []
    for _before, (_cite, (code, kind, number, day, body)) in parts:
        if not any(e[0] == code and e[3] == day for e in expected):
            expected.append((code, kind, number, day, body))
    found = extract_citations(text)
    # The same code on the same date is one document (its first mention's kind word is kept).
    assert [(c.code, c.number, c.issued_on) for c in found] == [(e[0], e[2], e[3]) for e in expected]
    for c, e in zip(found, expected, strict=True):
        assert c.issuer == e[4]
        assert text[c.start:c.end].startswith(c.kind)
        assert str(c.number) in text[c.start:c.end]


@given(st.lists(prose, min_size=1, max_size=20).map(" ".join))
def test_prose_without_numbers_cites_nothing(text):
    assert extract_citations(text) == []


@given(st.lists(st.tuples(prose, citation()), min_size=1, max_size=4))
def test_repeating_a_text_changes_nothing_but_the_mentions(parts):
    text = " ".join(f"{before} {cite}." for before, (cite, _) in parts)
    once = extract_citations(text)
    twice = extract_citations(text + "\n" + text)
    assert [c.as_json() for c in once] == [c.as_json() for c in twice]
    assert sum(len(c.mentions) for c in twice) == 2 * sum(len(c.mentions) for c in once)


@given(st.text(max_size=300))
def test_any_text_gives_valid_spans(text):
    for c in extract_citations(text):
        assert 0 <= c.start < c.end <= len(text)
        assert str(c.number) in text[c.start:c.end] or f"{c.number:02d}" in text[c.start:c.end]


def test_issuing_body_before_the_date():
    [c] = extract_citations("Nghị quyết 57-NQ/TW của Bộ Chính trị ngày 22/12/2024 về đột phá phát triển khoa học")
    assert (c.issuer, c.issued_on, c.subject) == ("Bộ Chính trị", date(2024, 12, 22), "đột phá phát triển khoa học")


def test_resolution_of_a_plenum():
    text = ("Nghị quyết số 18-NQ/TW, ngày 25/10/2017 của Hội nghị lần thứ sáu Ban Chấp hành Trung ương Đảng khóa XII "
            "về một số vấn đề về tiếp tục đổi mới, sắp xếp tổ chức bộ máy.")
    [c] = extract_citations(text)
    assert (c.code, c.issuer, c.issued_on) == ("18-NQ/TW", "Ban Chấp hành Trung ương", date(2017, 10, 25))
    assert c.subject == "một số vấn đề về tiếp tục đổi mới, sắp xếp tổ chức bộ máy"


def test_a_list_of_numbers_shares_the_code():
    found = extract_citations("các Nghị quyết số 18, 19-NQ/TW và Nghị quyết số 26 và 27-NQ/TW")
    assert [c.code for c in found] == ["18-NQ/TW", "19-NQ/TW", "26-NQ/TW", "27-NQ/TW"]


def test_a_short_mention_joins_the_document_cited_in_full():
    text = "Quy định số 294-QĐ/TW ngày 26/5/2025 của Ban Chấp hành Trung ương. Điều 10 Quy định 294 nêu rõ."
    [c] = extract_citations(text)
    assert len(c.mentions) == 2 and text[slice(*c.mentions[1])] == "Quy định 294"
    # Before the full citation too: the document starts at its first mention.
    [c] = extract_citations("Nghị quyết 18 đã đi vào cuộc sống. Nghị quyết số 18-NQ/TW ngày 25/10/2017.")
    assert (c.code, c.start, len(c.mentions)) == ("18-NQ/TW", 0, 2)
    # Ambiguous (two documents 35-CT/TW): the short mention joins neither.
    found = extract_citations("Chỉ thị số 35-CT/TW ngày 30/5/2019 và Chỉ thị số 35-CT/TW ngày 14/6/2024; Chỉ thị 35 "
                              "yêu cầu")
    assert [len(c.mentions) for c in found] == [1, 1]


def test_decision_subject_and_local_standing_bodies():
    [c] = extract_citations("Quyết định số 190-QĐ/TW ngày 10/10/2024 của Bộ Chính trị ban hành Quy chế bầu cử trong "
                            "Đảng.")
    assert c.subject == "ban hành Quy chế bầu cử trong Đảng"
    [c] = extract_citations("Thông báo kết luận số 12 của Thường trực Tỉnh ủy Quảng Trị về công tác cán bộ")
    assert (c.code, c.kind, c.issuer, c.subject) == ("12-TB/TU", "Thông báo kết luận", "Thường trực Tỉnh ủy Quảng Trị",
                                                     "công tác cán bộ")


@given(st.lists(st.tuples(prose, citation()), min_size=1, max_size=4))
def test_decomposed_and_eth_copies_read_the_same(parts):
    text = " ".join(f"{before} {cite}." for before, (cite, _) in parts)
    noisy = unicodedata.normalize("NFD", text).replace("\u0110", "\u00d0")  # Đ → Ð (eth), marks apart
    clean, dirty = extract_citations(text), extract_citations(noisy)
    strip = lambda c: {k: v for k, v in c.as_json().items() if k not in ("start", "end")}  # noqa: E731
    assert [strip(c) for c in clean] == [strip(c) for c in dirty]
    for a, b in zip(clean, dirty, strict=True):  # offsets index each text as given
        assert unicodedata.normalize("NFC", noisy[b.start:b.end]).replace("\u00d0", "\u0110") == text[a.start:a.end]


def test_committees_under_the_central_committee():
    [c] = extract_citations("Kế hoạch số 15-KH/ĐU ngày 2/3/2025 của Đảng ủy Chính phủ về học tập")
    assert (c.code, c.issuer, c.subject) == ("15-KH/ĐU", "Đảng ủy Chính phủ", "học tập")
    [c] = extract_citations("Nghị quyết số 3 ngày 1/4/2025 của Quân ủy Trung ương")
    assert (c.code, c.issuer) == ("03-NQ/QUTW", "Quân ủy Trung ương")
    [c] = extract_citations("Chỉ thị số 02-CT/ĐU")  # "ĐU": which đảng ủy? not said
    assert c.issuer is None


def test_local_committee_with_its_unit_word():
    [c] = extract_citations("Kế hoạch số 12 ngày 3/9/2025 của Đảng ủy phường Ba Đình về học tập")
    assert (c.code, c.issuer, c.subject) == ("12-KH/ĐU", "Đảng ủy phường Ba Đình", "học tập")
    [c] = extract_citations("Nghị quyết số 5 ngày 3/9/2025 của Ban Thường vụ Tỉnh ủy tỉnh Quảng Ninh")
    assert (c.code, c.issuer) == ("05-NQ/TU", "Ban Thường vụ Tỉnh ủy tỉnh Quảng Ninh")
