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


def fold(text: str) -> str:
    """Return the search key of ``text``: no diacritics, đ→d, casefolded, single spaces."""
    # casefold before NFD: casefolding can itself produce combining marks ("İ" → "i̇").
    decomposed = unicodedata.normalize("NFD", text.translate(_D_MAP).casefold())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", bare).strip()


def search_terms(query: str) -> list[str]:
    """Split a user's query into folded terms; every term must match (AND)."""
    return [term for term in fold(query).split(" ") if term]
