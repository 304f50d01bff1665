"""Vietnamese text folding for search (DESIGN.md invariant 7).

Search must treat "uỷ", "ủy" and "uy" alike, and "Đảng" like "dang". Unicode
normalization does not decompose "đ" (it is a letter of its own, not d + a mark),
so it is mapped first; then NFD splits the tone and vowel marks, which are dropped.
Display and sorting keep the original text: only the search key is folded.
"""

from __future__ import annotations

import re
import unicodedata

_D_MAP = str.maketrans({"đ": "d", "Đ": "D"})
_SPACES = re.compile(r"\s+")


def _slow_fold(text: str) -> str:
    # casefold before NFD: casefolding can itself produce combining marks ("İ" → "i̇").
    decomposed = unicodedata.normalize("NFD", text.translate(_D_MAP).casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


# Every Latin letter with marks (Vietnamese uses U+00C0–U+01B0 and U+1EA0–U+1EF9) maps straight
# to its folded form: one str.translate instead of NFD per character. Bulk imports fold
# hundreds of thousands of names.
_LATIN_TABLE = str.maketrans({
    chr(code): _slow_fold(chr(code))
    for code in (*range(0x00C0, 0x0250), *range(0x1E00, 0x1F00), *range(ord("A"), ord("Z") + 1))
})


def fold(text: str) -> str:
    """Return the search key of ``text``: no diacritics, đ→d, casefolded, single spaces."""
    fast = text.translate(_LATIN_TABLE)
    bare = fast if fast.isascii() else _slow_fold(unicodedata.normalize("NFC", fast))
    return _SPACES.sub(" ", bare).strip()


def search_terms(query: str) -> list[str]:
    """Split a user's query into folded terms; every term must match (AND)."""
    return [term for term in fold(query).split(" ") if term]
