"""The web views' toolkit in ``tochuc.core.views`` (issue 14, point 6): one copy, used by every app."""

from __future__ import annotations

import ast
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from tochuc.core.params import BadInput
from tochuc.core.tabular import ImportRejected, RowError
from tochuc.core.views import (
    day_param,
    message_of,
    messages_of,
    month_param,
    parse_day_param,
    quarter_param,
    run_service,
    status_of,
)
from tochuc.domain.elections.errors import ElectionInputError
from tochuc.domain.meetings import MeetingRuleError, Month
from tochuc.domain.messages import msg

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _vietnamese():
    with translation.override("vi"):
        yield


# --- Messages from exceptions --------------------------------------------------------------------


def test_a_validation_error_gives_every_fields_messages():
    exc = ValidationError({"title": ["Hãy nhập tiêu đề."], "deadline": ["Hạn phải sau ngày họp.", "Hạn quá xa."]})
    assert messages_of(exc) == ["Hãy nhập tiêu đề.", "Hạn phải sau ngày họp.", "Hạn quá xa."]
    assert messages_of(ValidationError(["Một.", "Hai."])) == ["Một.", "Hai."]
    assert message_of(ValidationError(["Một.", "Hai."])) == "Một. Hai."
    assert status_of(exc) == 400


def test_a_refusal_says_why_or_a_default():
    assert messages_of(PermissionDenied("Bạn không có quyền ghi sinh hoạt chi bộ.")) == [
        "Bạn không có quyền ghi sinh hoạt chi bộ."]
    assert messages_of(PermissionDenied()) == ["Bạn không có quyền thực hiện thao tác này."]
    assert status_of(PermissionDenied()) == 403


def test_a_rejected_import_lists_its_rows_up_to_fifty():
    errors = [RowError(row=n, column="ho_ten", reason="trống") for n in range(2, 80)]
    shown = messages_of(ImportRejected(errors))
    assert len(shown) == 50 and shown[0] == "dòng 2, cột ho_ten: trống"


def test_domain_problems_are_rendered_in_words():
    with pytest.raises(MeetingRuleError) as caught:
        Month.parse("2026-13")
    assert messages_of(caught.value) == ["tháng «2026-13» không hợp lệ (dùng YYYY-MM)"]
    several = ElectionInputError("cap", msg("election.people", count=3),
                                 problems=[("n", msg("election.people", count=4))])
    assert messages_of(several) == ["3 người", "4 người"]
    assert messages_of(BadInput("nam", "phải từ 1900 đến 2200")) == ["Trường «nam»: phải từ 1900 đến 2200"]


# --- Running a service ------------------------------------------------------------------------------


def _request():
    return SimpleNamespace(user="người dùng", scope="phạm vi")


def test_run_service_passes_actor_and_scope_and_returns_the_result():
    def service(*, actor, scope, value):
        return (actor, scope, value)

    result, problems = run_service(_request(), service, value=7)
    assert result == ("người dùng", "phạm vi", 7) and problems == [] and not problems and problems.status == 200
    result, _problems = run_service(_request(), service, value=1, scope="khác")
    assert result == ("người dùng", "khác", 1)


@pytest.mark.parametrize(("error", "status", "words"), [
    (ValidationError({"reason": ["Hãy ghi lý do."]}), 400, ["Hãy ghi lý do."]),
    (PermissionDenied("Bạn không có quyền cập nhật hội nghị."), 403, ["Bạn không có quyền cập nhật hội nghị."]),
    (ImportRejected([RowError(2, "ma", "trùng")]), 400, ["dòng 2, cột ma: trùng"]),
    (MeetingRuleError("month", msg("meeting.month_invalid", text="x")), 400, ["tháng «x» không hợp lệ (dùng YYYY-MM)"]),
])
def test_run_service_turns_a_refusal_into_problems(error, status, words):
    def service(*, actor, scope):
        raise error

    result, problems = run_service(_request(), service)
    assert result is None and list(problems) == words and problems.status == status


@pytest.mark.parametrize("bug", [KeyError("x"), ValueError("invalid literal for int()"), TypeError("x")])
def test_run_service_lets_a_bug_fail_loudly(bug):
    def service(*, actor, scope):
        raise bug

    with pytest.raises(type(bug)):
        run_service(_request(), service)


# --- Dates, months, quarters ------------------------------------------------------------------------


def test_day_param():
    default = date(2026, 5, 1)
    assert day_param("2026-03-04") == date(2026, 3, 4)
    assert day_param(" 04/03/2026 ") == date(2026, 3, 4)  # as clerks write it
    for bad in ("", None, "hôm qua", "2026-02-30", "31/02/2026", "1800-01-01", "01/01/9999"):
        assert day_param(bad, default) == default, bad
    assert day_param("2026-02-30") is None


def test_parse_day_param_names_the_field():
    assert parse_day_param("") is None
    with pytest.raises(BadInput, match="«han»"):
        parse_day_param("2026-02-30", field="han")
    with pytest.raises(BadInput, match="«han».*1900"):
        parse_day_param("01/01/1800", field="han")


def test_month_param():
    default = date(2026, 5, 17)
    assert month_param({"thang": "2026-02"}, default) == (2026, 2)
    assert month_param({"year": "2025", "month": "12"}, default) == (2025, 12)
    assert month_param({"thang": "2026-13", "year": "2025", "month": "1"}, default) == (2025, 1)
    for bad in ({}, {"thang": "02/2026"}, {"year": "2025", "month": "13"}, {"thang": "1800-01"}):
        assert month_param(bad, default) == (2026, 5), bad


def test_quarter_param():
    assert quarter_param("2026-Q2") == (2026, 2)
    assert quarter_param(" 2026-q4 ") == (2026, 4)
    for bad in ("", None, "2026-Q5", "2026-2", "Q2-2026", "1800-Q1"):
        with pytest.raises(BadInput):
            quarter_param(bad)


# --- One copy: no view module keeps its own ---------------------------------------------------------

COPIES = {"_messages", "_errors", "_message", "_date", "_day", "_date_param", "_effective", "_month"}


def _view_modules() -> list[Path]:
    found = list(ROOT.glob("*/views.py")) + list(ROOT.glob("*/*_views.py")) + list((ROOT / "web").glob("*.py"))
    return [p for p in found if p != ROOT / "core" / "views.py"]


def test_no_view_module_keeps_its_own_copy_of_the_toolkit():
    found = []
    for path in _view_modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef) and node.name in COPIES:
                found.append(f"{path.relative_to(ROOT)}: def {node.name}")
            # a day read from the request (a stored ISO string, e.g. in an event's details, is fine)
            if (isinstance(node, ast.Call) and isinstance(node.func,
                                                          ast.Attribute) and node.func.attr == "fromisoformat"
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "date"
                    and "request" in ast.unparse(node)):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: fromisoformat (use core.views.day_param)")
    assert not found, "\n".join(found)
