from hypothesis import given
from hypothesis import strategies as st

from tochuc.domain.text import fold, search_terms


def test_tone_mark_positions_fold_alike():
    assert fold("uỷ") == fold("ủy") == fold("uy") == "uy"


def test_d_with_stroke_folds_to_d():
    assert fold("Đảng bộ") == "dang bo"
    assert fold("ĐẢNG") == fold("dang")


def test_precomposed_and_decomposed_forms_fold_alike():
    import unicodedata

    word = "Thừa Thiên Huế"
    assert fold(unicodedata.normalize("NFC", word)) == fold(unicodedata.normalize("NFD", word))


def test_spaces_are_collapsed():
    assert fold("  Phường   Ba\tĐình ") == "phuong ba dinh"


def test_search_terms_split_and_fold():
    assert search_terms("Ba  ĐÌNH") == ["ba", "dinh"]
    assert search_terms("   ") == []


@given(st.text())
def test_fold_is_idempotent(text):
    assert fold(fold(text)) == fold(text)


@given(st.text())
def test_fold_has_no_combining_marks_nor_d_stroke(text):
    import unicodedata

    folded = fold(text)
    assert "đ" not in folded and "Đ" not in folded
    assert not any(unicodedata.combining(ch) for ch in unicodedata.normalize("NFD", folded))


@given(st.text(alphabet=st.characters(codec="utf-8")))
def test_fast_path_agrees_with_the_definition(text):
    """fold() takes a translation-table shortcut; it must equal the plain NFD definition."""
    import re
    import unicodedata

    from tochuc.domain.text import _slow_fold

    expected = re.sub(r"\s+", " ", _slow_fold(unicodedata.normalize("NFC", text))).strip()
    assert fold(text) == expected


def test_fast_path_on_every_vietnamese_letter():
    from tochuc.domain.text import _slow_fold

    letters = "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđ"
    for letter in letters + letters.upper():
        assert fold(letter) == _slow_fold(letter) and fold(letter).isascii()
