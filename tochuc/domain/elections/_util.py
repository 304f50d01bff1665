"""Small helpers shared by the election rules (private)."""

from __future__ import annotations

import unicodedata
from fractions import Fraction

from tochuc.domain.elections.errors import Problems
from tochuc.domain.messages import msg


def name_key(name: str) -> str:
    """The key two spellings of one name share.

    Names typed on different machines arrive precomposed (NFC) or decomposed (NFD) and with
    stray spaces; "Nguyễn Văn A" must still match the printed ballot. Case and diacritics are
    kept: "Lê Văn Ba" and "Lê Văn Bá" are two people.
    """
    return " ".join(unicodedata.normalize("NFC", name).split())


def is_int(value: object) -> bool:
    # bool is an int subclass, but ``true`` for a seat count is a typing slip, not 1.
    return isinstance(value, int) and not isinstance(value, bool)


def check_int(problems: Problems, field: str, value: object, *, minimum: int) -> bool:
    """Record a problem unless ``value`` is a whole number ≥ ``minimum``; tell whether it is."""
    if not is_int(value):
        problems.add(field, msg("election.not_int", value=repr(value)))
        return False
    if value < minimum:  # type: ignore[operator]
        problems.add(field, msg("election.below_minimum", minimum=minimum, value=value))
        return False
    return True


def percent_text(value: Fraction) -> str:
    """A percentage the Vietnamese way: decimal comma, at most one decimal ("11,1%")."""
    rounded = round(value, 1)
    text = f"{float(rounded):.1f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") + "%"
