"""Every rule in tochuc/domain/ is applied by the product (issue 14, point 4; DESIGN.md inv. 3).

A rule that only its tests call is either a rule some service forgot to apply (the service then
keeps its own copy, which drifts: the temporary-transfer limits did) or dead code. This test lists
every public function of ``tochuc/domain/`` and fails on one that no production module outside the
domain refers to (services, selectors, views, forms, the API, commands, tasks, reports; tests and
benchmarks do not count), unless :data:`ALLOWED` says why, in one of three ways:

- ``domain``: a building block of other domain rules (checked: another domain module or function
  must refer to it);
- ``reports``: the pure counterpart of figures the reports compute in SQL, which their tests compare;
- ``later``: a rule with its regulation, kept for the capability named in the reason that will apply it.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOMAIN = ROOT / "domain"

_LATER_ADMISSIONS = "later: admissions (issue of the admission workflow: steps, deadlines, chi bộ resolutions)"
_LATER_DUES = "later: dues (issue of party dues: rates, reliefs, monthly amounts)"
_LATER_LIFECYCLE = ("later: member conduct screens (discipline appeals and deferrals, removal, exemption, "
                    "annual rating; DOMAIN.md §2) — the events are recorded today without these checks")
_LATER_BADGES = "later: badge proposals (which level is due, early and posthumous awards; DOMAIN.md §2)"
_DOMAIN = "domain: used by other domain rules"

ALLOWED: dict[str, str] = {
    # Building blocks of other rules.
    "add_working_days": _DOMAIN, "age_in_months": _DOMAIN, "age_in_years": _DOMAIN, "appeal_deadline": _DOMAIN,
    "badge_due": _DOMAIN, "branch_place": _DOMAIN, "ceremony_deadline": _DOMAIN, "check_int": _DOMAIN,
    "check_line": _DOMAIN, "days_out": _DOMAIN, "dues_exempt": _DOMAIN, "dues_percent": _DOMAIN,
    "early_allowance_months": _DOMAIN, "excellent_quota": _DOMAIN, "excused_too_often": _DOMAIN,
    "expected_quarters": _DOMAIN, "failed_years_running": _DOMAIN, "is_int": _DOMAIN,
    "kinds_ended_on": _DOMAIN, "kinds_that_may_contain": _DOMAIN, "longest_excused_run": _DOMAIN,
    "low_attendance_meetings": _DOMAIN, "max_surplus": _DOMAIN, "membership_months": _DOMAIN,
    "membership_reached_on": _DOMAIN, "membership_years": _DOMAIN, "merge_intervals": _DOMAIN, "msg": _DOMAIN,
    "name_key": _DOMAIN, "parse_citizen_id": _DOMAIN, "percent_text": _DOMAIN, "permanent_transfer_deadline": _DOMAIN,
    "prepared_surplus_range": _DOMAIN, "resolution_problems": _DOMAIN, "sex_century_digit": _DOMAIN,
    "whole_months_between": _DOMAIN, "introducer_problems": _DOMAIN, "certificate_problems": _DOMAIN,
    "ceremony_problems": _DOMAIN,
    # Pure counterparts of the reports' SQL.
    "band_of": "reports: the band a member falls in, which the SQL CASE of reports.engine is tested against",
    "years_between": "reports: whole years on a date, which the SQL cut-offs of reports.engine are tested against",
    # Rules kept for the capability that will apply them.
    "check_admission": _LATER_ADMISSIONS, "official_status_problems": _LATER_ADMISSIONS,
    "official_date": _LATER_ADMISSIONS, "probation_start": _LATER_ADMISSIONS,
    "official_status_due_in_month": _LATER_ADMISSIONS + "; today the due list is a SQL selector",
    "is_working_day": _LATER_ADMISSIONS, "working_days_between": _LATER_ADMISSIONS,
    "dues_rate": _LATER_DUES, "dues_relief_problems": _LATER_DUES, "monthly_dues": _LATER_DUES,
    "appeal_problems": _LATER_LIFECYCLE, "discipline_deferral_reasons": _LATER_LIFECYCLE,
    "removal_grounds": _LATER_LIFECYCLE, "exemption_problems": _LATER_LIFECYCLE, "rating_score": _LATER_LIFECYCLE,
    "excellent_quota_problems": _LATER_LIFECYCLE, "excellent_over_quota": _LATER_LIFECYCLE,
    "permanent_transfer_problems": _LATER_LIFECYCLE + "; transfers out record no move date yet",
    "allowed_events": _LATER_LIFECYCLE + "; the record page's event menu",
    "badge_levels_reached": _LATER_BADGES, "earliest_award_date": _LATER_BADGES, "is_award_day": _LATER_BADGES,
    "upcoming_badge": _LATER_BADGES,
}


def _production(path: Path) -> bool:
    return "tests" not in path.parts and "bench" not in path.parts and path.name != "conftest.py"


def domain_functions() -> dict[str, str]:
    """Public module-level functions of the domain (name → module), aliases included."""
    found: dict[str, str] = {}
    for path in sorted(DOMAIN.rglob("*.py")):
        if not _production(path):
            continue
        module = ".".join(path.relative_to(ROOT.parent).with_suffix("").parts)
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
                found[node.name] = module
    return found


def referenced_names(paths) -> set[str]:
    """Names a set of modules refers to: plain names, attributes and names imported (a function
    defined there does not refer to itself by being defined)."""
    names: set[str] = set()
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Name):
                names.add(node.id)
            elif isinstance(node, ast.Attribute):
                names.add(node.attr)
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("tochuc.domain"):
                names.update(a.name for a in node.names)
    return names


def aliases() -> dict[str, str]:
    """``new = old`` at module level in the domain (``next_badge_day = next_award_date``)."""
    out: dict[str, str] = {}
    for path in DOMAIN.rglob("*.py"):
        if _production(path):
            for node in ast.parse(path.read_text(encoding="utf-8")).body:
                if (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)
                        and isinstance(node.value, ast.Name)):
                    out[node.targets[0].id] = node.value.id
    return out


def outside_uses() -> set[str]:
    used = referenced_names(p for p in ROOT.rglob("*.py") if _production(p) and DOMAIN not in p.parents)
    return used | {old for new, old in aliases().items() if new in used}


def inside_uses() -> set[str]:
    """Names domain modules use in their bodies (imports of re-export modules not counted)."""
    names: set[str] = set()
    for path in DOMAIN.rglob("*.py"):
        if not _production(path) or path.name in ("rules.py", "__init__.py"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Name):
                names.add(node.id)
            elif isinstance(node, ast.Attribute):
                names.add(node.attr)
    return names


def test_the_scan_sees_the_rules_services_apply():
    functions, used = domain_functions(), outside_uses()
    assert len(functions) > 100
    # Applied by services, views and selectors (and one through its alias, next_badge_day).
    assert {"temporary_transfer_problems", "next_status", "ethnic_code", "validate_plan", "reference_problem",
            "next_award_date"} <= used


def test_every_domain_rule_is_applied_or_says_why_not():
    used = outside_uses()
    unused = sorted(name for name in domain_functions() if name not in used and name not in ALLOWED)
    assert unused == [], (
        "domain functions nothing outside the domain calls; apply them where they belong, delete them, or "
        "add them to ALLOWED with the reason: " + ", ".join(unused))


def test_the_allow_list_holds_only_what_needs_it():
    functions, used, inside = domain_functions(), outside_uses(), inside_uses()
    stale = sorted(name for name in ALLOWED if name not in functions or name in used)
    assert stale == [], f"applied now or gone: remove from ALLOWED: {stale}"
    not_building_blocks = sorted(name for name, why in ALLOWED.items() if why == _DOMAIN and name not in inside)
    assert not_building_blocks == []
    assert all(why.split(":")[0] in ("domain", "reports", "later") for why in ALLOWED.values())
