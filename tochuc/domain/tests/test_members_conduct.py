"""Transfers, discipline and the annual rating."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tochuc.domain.members import discipline, rating, transfers
from tochuc.domain.members.dates import add_months
from tochuc.domain.members.policy import MemberPolicy
from tochuc.domain.members.problems import MemberRuleError, errors
from tochuc.domain.members.rating import RatingLevel

days = st.dates(min_value=date(1990, 1, 1), max_value=date(2080, 12, 31))


@pytest.fixture(autouse=True)
def _tasks_run_inline():
    """Pure tests need no Django settings (replaces the project-wide fixture)."""


def codes(problems):
    return [p.code for p in problems]


# --- transfers ----------------------------------------------------------------------------------

def test_permanent_transfer_within_60_working_days():
    moved = date(2026, 3, 2)  # Monday; 12 weeks later
    assert transfers.permanent_transfer_deadline(moved) == date(2026, 5, 25)
    assert transfers.permanent_transfer_problems(moved, date(2026, 5, 25)) == []
    late = transfers.permanent_transfer_problems(moved, date(2026, 5, 26))
    assert codes(late) == ["transfer_late"] and not late[0].warning
    excused = transfers.permanent_transfer_problems(moved, date(2026, 5, 26), excused=True)
    assert codes(excused) == ["transfer_late"] and errors(excused) == []
    holidays = [date(2026, 4, 27), date(2026, 4, 30), date(2026, 5, 1)]  # three weekday holidays
    assert transfers.permanent_transfer_problems(moved, date(2026, 5, 28), holidays) == []
    assert codes(transfers.permanent_transfer_problems(moved, date(2026, 3, 1))) == ["transfer_before_move"]


@pytest.mark.parametrize(("start", "end", "study", "expected"), [
    (date(2026, 1, 31), date(2026, 4, 30), False, []),  # 3 months, clamped
    (date(2026, 1, 31), date(2026, 4, 29), False, ["temporary_too_short"]),
    (date(2026, 1, 1), date(2026, 12, 31), False, []),  # under a year
    (date(2026, 1, 1), date(2027, 1, 1), False, ["temporary_too_long"]),
    (date(2026, 1, 1), date(2027, 1, 1), True, []),
    (date(2026, 1, 1), date(2028, 1, 1), True, []),  # two years of study
    (date(2026, 1, 1), date(2028, 1, 2), True, ["temporary_too_long"]),
    (date(2026, 1, 1), date(2026, 1, 1), False, ["temporary_dates"]),
])
def test_temporary_transfer_duration(start, end, study, expected):
    assert codes(transfers.temporary_transfer_problems(start, end, study=study)) == expected


@given(days, st.integers(0, 900))
def test_temporary_transfer_allowed_exactly_from_3_months_to_under_a_year(start, length):
    end = start + timedelta(days=length)
    ok = transfers.temporary_transfer_problems(start, end) == []
    assert ok == (add_months(start, 3) <= end < add_months(start, 12))


# --- discipline ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("form", "status", "post", "expected"), [
    ("khien_trach", "official", False, []), ("canh_cao", "official", False, []),
    ("cach_chuc", "official", True, []), ("cach_chuc", "official", False, ["discipline_no_post"]),
    ("khai_tru", "official", False, []), ("khien_trach", "probationary", False, []),
    ("canh_cao", "probationary", True, []), ("cach_chuc", "probationary", True, ["discipline_probationary"]),
    ("khai_tru", "probationary", False, ["discipline_probationary"]),
    ("giang_chuc", "official", True, ["discipline_form"]),
    ("canh_cao", "died", False, ["discipline_status"]),
])
def test_discipline_forms_by_status(form, status, post, expected):
    assert codes(discipline.discipline_problems(form, status=status, holds_post=post)) == expected


def test_appeal_within_30_days():
    received = date(2026, 1, 30)
    assert discipline.appeal_deadline(received) == date(2026, 3, 1)
    assert discipline.appeal_problems(received, date(2026, 3, 1)) == []
    assert codes(discipline.appeal_problems(received, date(2026, 3, 2))) == ["appeal_late"]
    assert codes(discipline.appeal_problems(received, date(2026, 1, 29))) == ["appeal_before_decision"]


def test_discipline_deferral():
    on = date(2026, 6, 1)
    assert discipline.discipline_deferral_reasons(on) == []
    assert codes(discipline.discipline_deferral_reasons(on, pregnant=True)) == ["defer_pregnancy"]
    assert codes(discipline.discipline_deferral_reasons(on, raising_child_born_on=date(2025, 6, 2))) == ["defer_child"]
    assert discipline.discipline_deferral_reasons(on, raising_child_born_on=date(2025, 6, 1)) == []  # 12 months old
    assert codes(discipline.discipline_deferral_reasons(on, seriously_ill_inpatient=True, maternity_leave=True)) == [
        "defer_maternity", "defer_hospital"]
    assert codes(discipline.discipline_deferral_reasons(on, lost_capacity=True)) == ["defer_capacity"]


# --- rating -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("score", "kwargs", "level"), [
    (95, {"share_exceeded": 0.4}, "xuat_sac"), (90, {"share_exceeded": 0.3}, "xuat_sac"),
    (95, {"share_exceeded": 0.29}, "tot"), (95, {"share_exceeded": 0.5, "all_tasks_done": False}, "tot"),
    (89.9, {"share_exceeded": 1}, "tot"), (70, {}, "tot"), (69.9, {}, "hoan_thanh"),
    (50, {"share_late": 0.2}, "hoan_thanh"), (60, {"share_late": 0.21}, "khong_hoan_thanh"),
    (49.9, {}, "khong_hoan_thanh"), (99, {"violations": True, "share_exceeded": 1}, "khong_hoan_thanh"),
    (99, {"violations": ["vi_pham_dao_duc"], "share_exceeded": 1}, "khong_hoan_thanh"),
    (99, {"violations": [], "share_exceeded": 1}, "xuat_sac"),
])
def test_rating_levels(score, kwargs, level):
    assert rating.rating_level(score, **kwargs) == level


def test_rating_inputs_are_checked():
    assert rating.rating_score(28, 65) == 93
    for general, tasks in ((31, 0), (0, 71), (-1, 0)):
        with pytest.raises(MemberRuleError):
            rating.rating_score(general, tasks)
    with pytest.raises(MemberRuleError):
        rating.rating_level(101)
    with pytest.raises(MemberRuleError):
        rating.rating_level(80, share_late=1.5)


@given(st.floats(0, 100), st.floats(0, 1), st.floats(0, 1), st.booleans())
def test_rating_level_is_monotone_in_the_score(score, exceeded, late, done):
    order = [RatingLevel.NOT_COMPLETED, RatingLevel.COMPLETED, RatingLevel.GOOD, RatingLevel.EXCELLENT]
    level = rating.rating_level(score, all_tasks_done=done, share_exceeded=exceeded, share_late=late)
    higher = rating.rating_level(min(100.0, score + 5), all_tasks_done=done, share_exceeded=exceeded, share_late=late)
    assert order.index(higher) >= order.index(level)
    assert (level is RatingLevel.EXCELLENT) <= (score >= 90 and done and exceeded >= 0.3)


def test_excellent_quota_is_off_by_default():
    assert rating.excellent_quota(10) is None
    assert rating.excellent_over_quota(9, 1) == 0
    assert rating.excellent_quota_problems(9, 1) == []


def test_excellent_quota_when_switched_on():
    policy = MemberPolicy(excellent_quota_enabled=True)
    assert rating.excellent_quota(10, policy=policy) == 2
    assert rating.excellent_quota(14, policy=policy) == 2  # rounded down
    assert codes(rating.excellent_quota_problems(3, 10, policy=policy)) == ["excellent_quota"]
    assert rating.excellent_quota_problems(2, 10, policy=policy) == []
    # 5 excellent, 10 good: moving 2 makes 3 excellent of 12 good (quota 2), moving 3 makes 2 of 13.
    assert rating.excellent_over_quota(5, 10, policy=policy) == 3
    assert rating.excellent_over_quota(4, 0, policy=policy) == 4


@given(st.integers(0, 200), st.integers(0, 200))
def test_over_quota_is_the_fewest_moves_that_fit(excellent, good):
    policy = MemberPolicy(excellent_quota_enabled=True, excellent_quota_percent=20)
    moved = rating.excellent_over_quota(excellent, good, policy=policy)
    assert rating.excellent_quota_problems(excellent - moved, good + moved, policy=policy) == []
    if moved:
        assert rating.excellent_quota_problems(excellent - moved + 1, good + moved - 1, policy=policy) != []
