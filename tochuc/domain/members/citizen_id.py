"""Citizen ID (căn cước công dân, CCCD): 12 digits = province (3) + sex/century (1) + year (2) + 6.

Thông tư 59/2021/TT-BCA, Điều 7: the first three digits are the code of the province where the
birth was registered, among the 63 pre-2025 provinces (001–096, with gaps); the fourth is 0/1 for
men/women born 1900–1999, 2/3 for 2000–2099, 4/5 for 2100–2199, 6/7 for 2200–2299 and 8/9 for
1800–1899; the fifth and sixth are the last two digits of the birth year; the last six are a
random serial. The 2025 merger of provinces does not renumber existing IDs, so the valid province
codes are the old ones, read from the ``vietnam-provinces`` package rather than typed by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache

from tochuc.domain.members.problems import MemberRuleError, Problem
from tochuc.domain.messages import msg

#: Fourth digit for a man → first year of the century; a woman's digit is one more.
CENTURY_BASE: dict[int, int] = {0: 1900, 2: 2000, 4: 2100, 6: 2200, 8: 1800}
SEXES = ("nam", "nu")


@cache
def province_codes() -> frozenset[str]:
    """The 63 birth-registration province codes ("001" … "096"), from the package's pre-2025 data."""
    from vietnam_provinces.legacy.base import Province

    return frozenset(f"{p.code.value:03d}" for p in Province.iter_all())


def sex_century_digit(sex: str, birth_date: date) -> int | None:
    """The fourth digit expected for ``sex`` ("nam"/"nu") and the birth year; None outside
    1800–2299 (the ID format has no digit for it)."""
    for even, base in CENTURY_BASE.items():
        if base <= birth_date.year < base + 100:
            return even + (1 if sex == "nu" else 0)
    return None


@dataclass(frozen=True)
class CitizenId:
    """The parts of a well-formed citizen ID."""

    province_code: str
    sex: str
    birth_year: int
    serial: str


def parse_citizen_id(value: str) -> CitizenId:
    """The parts of ``value``; :class:`MemberRuleError` when it is not 12 digits."""
    if len(value) != 12 or not value.isascii() or not value.isdigit():
        raise MemberRuleError("cccd_format", msg("member.cccd_format"))
    digit = int(value[3])
    base = CENTURY_BASE[digit - digit % 2]
    return CitizenId(
        province_code=value[:3],
        sex="nu" if digit % 2 else "nam",
        birth_year=base + int(value[4:6]),
        serial=value[6:],
    )


def validate_citizen_id(value: str, birth_date: date | None, sex: str | None) -> list[Problem]:
    """Problems of a citizen ID (Thông tư 59/2021/TT-BCA, Điều 7).

    The province code is always checked; the century and year digits when ``birth_date`` is
    known; the sex parity when ``sex`` is known too.
    """
    try:
        parsed = parse_citizen_id(value)
    except MemberRuleError as exc:
        return [Problem(exc.code, exc.detail)]
    problems = []
    if parsed.province_code not in province_codes():
        problems.append(Problem("cccd_province", msg("member.cccd_province", province=parsed.province_code)))
    if sex is not None and sex not in SEXES:
        problems.append(Problem("sex_invalid", msg("member.sex_invalid", sex=sex)))
        sex = None
    if birth_date is None:
        return problems
    expected = sex_century_digit(sex or "nam", birth_date)
    if expected is None:
        problems.append(Problem("cccd_birth_year_range", msg("member.cccd_birth_year_range", year=birth_date.year)))
        return problems
    digit = int(value[3])
    # Without the sex, only the century half of the digit can be checked.
    if (sex is not None and digit != expected) or (sex is None and digit // 2 != expected // 2):
        shown = str(expected) if sex is not None else msg("member.digit_either", first=expected, second=expected + 1)
        problems.append(Problem("cccd_sex_century", msg("member.cccd_sex_century", digit=digit, expected=shown)))
    if value[4:6] != f"{birth_date.year % 100:02d}":
        problems.append(Problem(
            "cccd_year",
            msg("member.cccd_year", digits=value[4:6], year=birth_date.year),
        ))
    return problems


def make_citizen_id(province: str, sex: str, birth_date: date, serial: int) -> str:
    """A well-formed ID (for demo data and tests): ``serial`` is taken modulo 10⁶."""
    digit = sex_century_digit(sex, birth_date)
    if digit is None or sex not in SEXES or province not in province_codes():
        raise MemberRuleError("cccd_make", msg("member.cccd_make"))
    return f"{province}{digit}{birth_date.year % 100:02d}{serial % 1_000_000:06d}"
