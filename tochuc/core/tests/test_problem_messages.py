"""Every message the domain can say has words, in Vietnamese and English (DESIGN.md invariant 7).

The domain's rules speak in codes and parameters (:mod:`tochuc.domain.messages`); the words are in
:mod:`tochuc.core.problems`. These tests read the domain's source, so a new rule cannot ship a
code without a template, a template whose placeholders differ from the parameters given, or a
Vietnamese sentence typed straight into a problem.
"""

from __future__ import annotations

import ast
import re
from datetime import date
from pathlib import Path

import pytest
from django.utils import translation

from tochuc.core.problems import MESSAGES, render
from tochuc.domain import reorg
from tochuc.domain.elections import ElectionInputError, allocate_delegates
from tochuc.domain.members import admission, status, transfers
from tochuc.domain.messages import Message, msg

DOMAIN = Path(__file__).resolve().parents[2] / "domain"
PLACEHOLDER = re.compile(r"%\((\w+)\)s")
#: Constructors of problems and errors, and the position of their message argument.
CARRIERS = {"Problem": (1, 2), "Issue": (1,), "MemberRuleError": (1,), "ElectionInputError": (1,),
            "BallotsExceedIssuedError": (1,), "MeetingRuleError": (1,), "add": (1,), "problem": (2,)}
VIETNAMESE = re.compile(r"[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]", re.IGNORECASE)


def source(template) -> str:
    """The Vietnamese source string of a lazy template (no catalog active)."""
    with translation.override(None):
        return str(template)


def domain_sources():
    return [p for p in DOMAIN.rglob("*.py") if "tests" not in p.parts]


def msg_calls():
    """(file:line, code, parameter names) of every ``msg(...)`` call in the domain."""
    found = []
    for path in domain_sources():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "msg":
                where = f"{path.relative_to(DOMAIN.parent)}:{node.lineno}"
                first = node.args[0] if node.args else None
                assert isinstance(first, ast.Constant) and isinstance(first.value, str), (
                    f"{where}: give msg() its code as a literal string, so this test can check it")
                assert not any(k.arg is None for k in node.keywords), f"{where}: name every parameter"
                found.append((where, first.value, {k.arg for k in node.keywords}))
    return found


def test_the_scan_finds_the_domain_messages():
    codes = {code for _where, code, _params in msg_calls()}
    assert len(codes) > 180 and {"member.age_under", "reorg.cycle", "election.too_few",
                                 "meeting.month_invalid"} <= codes


def test_every_code_the_domain_uses_has_a_template_with_its_parameters():
    wrong = []
    for where, code, params in msg_calls():
        template = MESSAGES.get(code)
        if template is None:
            wrong.append(f"{where}: {code} has no message in tochuc.core.problems")
        elif set(PLACEHOLDER.findall(source(template))) != params:
            wrong.append(f"{where}: {code} is given {sorted(params)}, its template uses "
                         f"{sorted(set(PLACEHOLDER.findall(source(template))))}")
    assert not wrong, "\n".join(wrong)


def test_every_template_is_used_by_the_domain():
    used = {code for _where, code, _params in msg_calls()}
    assert sorted(set(MESSAGES) - used) == []


def test_no_problem_is_written_in_words_in_the_domain():
    """A Vietnamese sentence typed into a problem would bypass the table (and English)."""
    typed = []
    for path in domain_sources():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            for i in CARRIERS.get(name, ()):
                if i < len(node.args) and isinstance(node.args[i], (ast.Constant, ast.JoinedStr)):
                    text = ast.unparse(node.args[i])
                    if VIETNAMESE.search(text):
                        typed.append(f"{path.relative_to(DOMAIN.parent)}:{node.lineno}: {text}")
    assert not typed, "\n".join(typed)


def test_every_template_has_an_english_translation():
    with translation.override("en"):
        untranslated = [code for code, template in MESSAGES.items()
                        if VIETNAMESE.search(source(template)) and str(template) == source(template)]
    assert untranslated == []


def test_english_templates_keep_the_placeholders():
    with translation.override("en"):
        wrong = [code for code, template in MESSAGES.items()
                 if sorted(PLACEHOLDER.findall(str(template))) != sorted(PLACEHOLDER.findall(source(template)))]
    assert wrong == []


def test_a_problem_renders_in_the_active_language():
    problem = admission.admission_problems(birth_date=date(2008, 6, 1), considered_on=date(2025, 5, 9))[0]
    assert problem.code == "age_under" and problem.detail == msg("member.age_under", years=18)
    with translation.override("vi"):
        assert problem.message == "chưa đủ 18 tuổi (tính theo tháng) khi chi bộ xét kết nạp"
    with translation.override("en"):
        assert problem.message == "under 18 years of age (counted in months) when the branch considers the admission"
        late = transfers.temporary_transfer_problems(date(2026, 1, 1), date(2027, 3, 1))[0]
        assert late.message == "a stay of 12 months or more needs a permanent transfer of party activity"


def test_nested_words_and_errors_render_in_english():
    line = reorg.PlanLine(2, "move", "A", target="B")
    known = {"A": reorg.KnownUnit("A", 1, kind="branch", parent="P"), "P": reorg.KnownUnit("P", 2, kind="commune")}
    result = reorg.validate_plan([line], known, date(2026, 1, 1))
    with translation.override("en"):
        assert [p.reason for p in result.problems] == ["target unit «B» not found"]
        with pytest.raises(ElectionInputError) as err:
            allocate_delegates(total=1, official_members_by_unit={"A": 5, "B": 5}, minimum_per_unit=1)
        assert str(err.value) == "total: 1 delegates are not enough for every unit to have at least 1 (2 units need 2)"
    with translation.override("vi"):
        assert [p.reason for p in result.problems] == ["không tìm thấy đơn vị đích «B»"]


def test_a_code_without_words_still_shows_its_code():
    assert render(Message("member.unknown_code", (("n", 1),))) == "member.unknown_code (n=1)"


def test_words_inside_a_message_are_translated_too():
    """The event and the status named in a refused transition are themselves messages."""
    [problem] = status.check_transition("died", "discipline")
    with translation.override("vi"):
        assert problem.message == "không thể ghi sự kiện «Kỷ luật» với đảng viên đang ở tình trạng «Từ trần»"
    with translation.override("en"):
        assert problem.message == "cannot record «Disciplinary action» for a member whose status is «Deceased»"
