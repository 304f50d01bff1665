"""Citizen ID (CCCD) checks."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tochuc.domain.members.citizen_id import (
    make_citizen_id,
    parse_citizen_id,
    province_codes,
    sex_century_digit,
    validate_citizen_id,
)
from tochuc.domain.members.problems import MemberRuleError


@pytest.fixture(autouse=True)
def _tasks_run_inline():
    """Pure tests need no Django settings (replaces the project-wide fixture)."""


def codes(problems):
    return {p.code for p in problems}


def test_province_codes_are_the_63_pre_2025_provinces():
    found = province_codes()
    assert len(found) == 63
    assert {"001", "079", "096", "048", "031"} <= found  # Hà Nội, TP.HCM, Cà Mau, Đà Nẵng, Hải Phòng
    assert not {"000", "003", "005", "097", "100"} & found  # gaps in the numbering and beyond


@pytest.mark.parametrize(("sex", "born", "digit"), [
    ("nam", date(1985, 4, 2), 0), ("nu", date(1985, 4, 2), 1), ("nam", date(2003, 1, 1), 2),
    ("nu", date(2099, 12, 31), 3), ("nam", date(2100, 1, 1), 4), ("nu", date(2250, 6, 1), 7),
    ("nam", date(1899, 12, 31), 8), ("nu", date(1800, 1, 1), 9),
])
def test_sex_and_century_digit(sex, born, digit):
    assert sex_century_digit(sex, born) == digit


def test_citizen_id_checks():
    birth = date(1985, 4, 2)
    good = make_citizen_id("001", "nu", birth, 123456)
    assert good == "001185123456" and validate_citizen_id(good, birth, "nu") == []
    assert codes(validate_citizen_id("001085123456", birth, "nu")) == {"cccd_sex_century"}
    assert codes(validate_citizen_id("003185123456", birth, "nu")) == {"cccd_province"}
    assert codes(validate_citizen_id("001186123456", birth, "nu")) == {"cccd_year"}
    assert codes(validate_citizen_id("001385123456", birth, "nu")) == {"cccd_sex_century"}  # 2085, not 1985
    assert codes(validate_citizen_id("12345", birth, "nu")) == {"cccd_format"}
    assert codes(validate_citizen_id("00118512345a", birth, "nu")) == {"cccd_format"}
    assert codes(validate_citizen_id("００１１８５１２３４５６", birth, "nu")) == {"cccd_format"}  # full-width digits
    assert validate_citizen_id(make_citizen_id("079", "nam", date(2003, 1, 1), 1), date(2003, 1, 1), "nam") == []


def test_partial_knowledge_checks_what_it_can():
    # Only the province without a birth date.
    assert validate_citizen_id("001985000001", None, None) == []
    assert codes(validate_citizen_id("099185000001", None, None)) == {"cccd_province"}
    # Birth date without the sex: the century half of the digit and the year are still checked.
    assert validate_citizen_id("001185000001", date(1985, 1, 1), None) == []
    assert codes(validate_citizen_id("001285000001", date(1985, 1, 1), None)) == {"cccd_sex_century"}
    assert codes(validate_citizen_id("001185000001", date(1985, 1, 1), "x")) == {"sex_invalid"}
    assert codes(validate_citizen_id("001185000001", date(2345, 1, 1), "nu")) == {"cccd_birth_year_range"}


def test_parse_citizen_id():
    parsed = parse_citizen_id("079303000042")
    assert (parsed.province_code, parsed.sex, parsed.birth_year, parsed.serial) == ("079", "nu", 2003, "000042")
    assert parse_citizen_id("001899000000").birth_year == 1899
    with pytest.raises(MemberRuleError):
        parse_citizen_id("07930300004")
    with pytest.raises(MemberRuleError):
        make_citizen_id("003", "nam", date(1990, 1, 1), 1)


@given(st.sampled_from(sorted(province_codes())), st.sampled_from(["nam", "nu"]),
       st.dates(min_value=date(1800, 1, 1), max_value=date(2299, 12, 31)), st.integers(0, 10**9))
def test_made_ids_validate_and_parse_back(province, sex, birth, serial):
    cid = make_citizen_id(province, sex, birth, serial)
    assert validate_citizen_id(cid, birth, sex) == []
    parsed = parse_citizen_id(cid)
    assert (parsed.province_code, parsed.sex, parsed.birth_year) == (province, sex, birth.year)
    other = "nu" if sex == "nam" else "nam"
    assert codes(validate_citizen_id(cid, birth, other)) == {"cccd_sex_century"}
