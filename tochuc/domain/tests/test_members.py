"""The member package as a whole: purity, the policy, reference data, and the names the member
services import (``tochuc.members.lifecycle`` / ``selectors`` call ``rules.*`` and ``dates.*``)."""

import ast
import subprocess
import sys
from datetime import date
from fractions import Fraction
from pathlib import Path

import pytest

from tochuc.domain.members import DEFAULT_POLICY, MemberPolicy, MemberRuleError, dates, probation, rules
from tochuc.domain.members.reference import (
    ETHNIC_GROUPS,
    ETHNIC_OTHER,
    GIVEN_NAMES,
    MIDDLE_NAMES,
    OFFICIAL_ETHNIC_CODES,
    RELIGIONS,
    SURNAMES,
    ethnic_code,
)

DOMAIN = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _tasks_run_inline():
    """Pure tests need no Django settings (replaces the project-wide fixture)."""


# --- purity (DESIGN.md invariant 3) -------------------------------------------------------------

def test_no_django_import_under_domain():
    offenders = []
    for path in DOMAIN.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.relative_to(DOMAIN)}: {n}" for n in names if n.split(".")[0] == "django"]
    assert offenders == []


def test_member_rules_load_without_django():
    code = (
        "import sys; from tochuc.domain.members import rules, dates, citizen_id, reference; "
        "citizen_id.province_codes(); "
        "bad = sorted(m for m in sys.modules if m.split('.')[0] == 'django' or m.startswith('tochuc.') "
        "and not m.startswith('tochuc.domain')); print(bad); sys.exit(1 if bad else 0)"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=DOMAIN.parents[1], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr


# --- policy -------------------------------------------------------------------------------------

def test_policy_defaults_are_the_documented_figures():
    p = DEFAULT_POLICY
    assert (p.min_admission_age_months, p.max_admission_age_months) == (216, 720)
    assert p.resolution_share == Fraction(2, 3) and p.probation_months == 12
    assert p.badge_years == (30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90)
    assert p.excellent_quota_enabled is False
    assert p.dues_pension_percent == Fraction(1, 2)


def test_policy_is_frozen_and_checked():
    with pytest.raises(AttributeError):
        DEFAULT_POLICY.probation_months = 6  # type: ignore[misc]
    assert MemberPolicy(resolution_share=0.5).resolution_share == Fraction(1, 2)  # floats read as written
    assert MemberPolicy(badge_years=(40, 30)).badge_years == (30, 40)
    for bad in ({"resolution_share": "x"}, {"probation_months": -1}, {"appeal_days": True},
                {"rating_good_min": 95}, {"dues_round_to": 0}, {"probation_counts_from": "party"}):
        with pytest.raises(MemberRuleError):
            MemberPolicy(**bad)


# --- reference data -----------------------------------------------------------------------------

def test_fifty_four_ethnic_groups_plus_other():
    assert len(OFFICIAL_ETHNIC_CODES) == 54
    assert sorted(OFFICIAL_ETHNIC_CODES) == [f"{i:02d}" for i in range(1, 55)]
    assert ETHNIC_GROUPS["01"] == "Kinh" and ETHNIC_GROUPS["04"] == "Hoa" and ETHNIC_GROUPS["06"] == "Mường"
    assert ETHNIC_GROUPS[ETHNIC_OTHER] == "Khác"
    assert len(set(ETHNIC_GROUPS.values())) == len(ETHNIC_GROUPS)


@pytest.mark.parametrize(("text", "code"), [
    ("01", "01"), ("1", "01"), ("Kinh", "01"), ("việt", "01"), ("Khơ-me", "05"), ("khmer", "05"), ("KHO ME", "05"),
    ("Mèo", "08"), ("H'Mông", "08"), ("Ê Đê", "12"), ("ede", "12"), ("Rơ Măm", "54"), ("khác", "55"),
    ("Klingon", None), ("99", None), ("", None),
])
def test_ethnic_code_lookup(text, code):
    assert ethnic_code(text) == code


def test_names_and_religions_for_demo_data():
    assert RELIGIONS[0] == "Không" and RELIGIONS[-1] == "Khác" and len(set(RELIGIONS)) == len(RELIGIONS)
    ranked = sorted(SURNAMES, key=SURNAMES.get, reverse=True)
    assert ranked[:4] == ["Nguyễn", "Trần", "Lê", "Phạm"]
    assert 36 <= SURNAMES["Nguyễn"] <= 40 and 4 <= SURNAMES["Hoàng"] + SURNAMES["Huỳnh"] <= 6
    assert 80 <= sum(SURNAMES.values()) < 100
    assert set(MIDDLE_NAMES) == set(GIVEN_NAMES) == {"nam", "nu"}
    assert MIDDLE_NAMES["nu"].count("Thị") > 1 and "Thị" not in MIDDLE_NAMES["nam"]
    assert all(len(set(names)) == len(names) for names in GIVEN_NAMES.values())


# --- the names the member services use ----------------------------------------------------------

def test_service_facing_names():
    assert rules.admission_problems(birth_date=date(2007, 5, 10), considered_on=date(2025, 5, 10)) == []
    assert rules.transition_problems("probationary", "official") == []
    assert rules.TRANSITIONS["removal"][1] == "removed" and rules.TRANSITIONS["rating"][1] is None
    assert rules.rating_level(70, all_tasks_done=True, share_exceeded=0.0, share_late=0.0, violations=False) == "tot"
    assert rules.next_badge(date(1995, 9, 1), [], date(2025, 9, 2)) == 30
    assert rules.next_badge(date(1995, 9, 1), [], date(2024, 11, 7), seriously_ill=True) == 30
    assert rules.next_badge(date(1980, 1, 1), [40], date(2025, 2, 3)) == 45
    assert rules.next_badge_day(date(2025, 5, 20)) == date(2025, 9, 2)
    assert rules.BADGE_DAYS == ((2, 3), (5, 19), (9, 2), (11, 7))
    assert rules.discipline_problems("cach_chuc", status="official", holds_post=False)[0].code == "discipline_no_post"
    assert rules.dues_rate(kind="pension", membership_years=20) == 0.005
    assert dates.whole_months_between(date(2026, 1, 1), date(2026, 12, 31)) == 11
    assert probation.probation_end(date(2025, 5, 10)) == date(2026, 5, 10)
    assert set(rules.__all__) <= set(dir(rules))


def test_a_lower_badge_is_not_offered_after_a_higher_one():
    # A member awarded the 40-year badge is no candidate for the missed 30-year one.
    assert rules.next_badge(date(1983, 1, 1), [40], date(2025, 2, 3)) is None
