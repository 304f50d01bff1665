"""Citizen ID (căn cước công dân) checks: 12 digits = province (3) + sex/century (1) + year (2) + 6.

Thông tư 59/2021/TT-BCA: the province code is the birth-registration province among the 63
pre-2025 provinces (001–096); the fourth digit is 0/1 for men/women born 1900–1999, 2/3 for
2000–2099, 4/5 for 2100–2199, 6/7 for 2200–2299 and 8/9 for 1800–1899.
"""

from __future__ import annotations

from datetime import date
from functools import cache

from tochuc.domain.members.problems import Problem

CENTURY_BASE = {0: 1900, 2: 2000, 4: 2100, 6: 2200, 8: 1800}


@cache
def province_codes() -> frozenset[str]:
    """The 63 birth-registration province codes, from the package's pre-2025 data."""
    from vietnam_provinces.legacy.base import Province

    return frozenset(f"{p.code.value:03d}" for p in Province.iter_all())


def sex_century_digit(sex: str, birth_date: date) -> int | None:
    """The fourth digit expected for ``sex`` ("nam"/"nu") and the birth year."""
    for even, base in CENTURY_BASE.items():
        if base <= birth_date.year < base + 100:
            return even + (1 if sex == "nu" else 0)
    return None


def validate_citizen_id(value: str, birth_date: date | None, sex: str | None) -> list[Problem]:
    """Problems of a citizen ID; the sex/century and year digits are checked when known."""
    if len(value) != 12 or not value.isdigit():
        return [Problem("cccd_format", "số CCCD phải gồm đúng 12 chữ số")]
    problems = []
    if value[:3] not in province_codes():
        problems.append(Problem("cccd_province", f"mã tỉnh {value[:3]} của số CCCD không tồn tại"))
    if birth_date is not None and sex is not None:
        expected = sex_century_digit(sex, birth_date)
        if expected is not None and int(value[3]) != expected:
            problems.append(Problem("cccd_sex_century",
                                    f"chữ số thứ 4 của số CCCD ({value[3]}) không khớp giới tính và thế kỷ sinh (phải là {expected})"))
        if value[4:6] != f"{birth_date.year % 100:02d}":
            problems.append(Problem("cccd_year", f"hai chữ số năm sinh trong số CCCD ({value[4:6]}) không khớp năm sinh {birth_date.year}"))
    return problems


def make_citizen_id(province: str, sex: str, birth_date: date, serial: int) -> str:
    """A well-formed ID (for demo data and tests)."""
    digit = sex_century_digit(sex, birth_date)
    return f"{province}{digit}{birth_date.year % 100:02d}{serial % 1_000_000:06d}"
