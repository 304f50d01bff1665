"""Dimensions: the ways of splitting members (rows and columns of the member tables)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from django.db.models import Case, CharField, F, Value, When

from tochuc.domain import reports as rules
from tochuc.domain.members.reference import EDUCATION_LEVELS, ETHNIC_GROUPS, THEORY_LEVELS
from tochuc.members.models import Sex
from tochuc.reports.engine.context import UNKNOWN, Category


@dataclass(frozen=True)
class Dimension:
    """A way of splitting members: an expression over membership rows (``member__…``) given the
    report date, and the categories in the order the forms print them."""

    key: str
    label: str
    expression: Callable[[date], object]
    categories: Callable[[], Sequence[Category]]
    unknown_label: str = "Chưa ghi"

    def ordered(self, found: set[str]) -> list[Category]:
        known = list(self.categories())
        keys = {c.key for c in known}
        extra = sorted(k for k in found if k not in keys)
        return known + [Category(k, self.unknown_label if k == UNKNOWN else k) for k in extra]


def _band_case(field_name: str, bands: Sequence[rules.Band], day: date):
    """CASE mapping a start date (birth, admission) to the band of whole years on ``day``.

    The bands are contiguous from 0 years up (checked), so one comparison per band suffices:
    the latest start dates (fewest years) first, the oldest band as the default."""
    assert bands[0].low is None and bands[-1].high is None
    assert all(a.high == b.low for a, b in zip(bands, bands[1:], strict=False))
    whens = [When(**{f"{field_name}__gt": rules.cutoff(day, band.high)}, then=Value(band.key)) for band in bands[:-1]]
    return Case(*whens, default=Value(bands[-1].key), output_field=CharField())


def _choices(pairs) -> Callable[[], list[Category]]:
    pairs = list(pairs)
    return lambda: [Category(k, str(v)) for k, v in pairs]


AGE_BANDS = rules.age_bands()
YEAR_BANDS = rules.badge_bands()

SEX = Dimension("sex", "Giới tính", lambda d: F("member__sex"), _choices(Sex.choices))  # the one definition of sexes
AGE = Dimension("age", "Độ tuổi", lambda d: _band_case("member__birth_date", AGE_BANDS, d),
                _choices((b.key, b.label) for b in AGE_BANDS))
# Whole years since the admission decision. Time out of party activity (DOMAIN.md §2) is not
# subtracted here: it lives in event intervals a set-based band cannot see; badge candidates
# (tochuc.members.selectors.badge_candidates) take it into account member by member.
YEARS = Dimension("years", "Tuổi đảng", lambda d: _band_case("member__admitted_on", YEAR_BANDS, d),
                  _choices((b.key, b.label) for b in YEAR_BANDS))
ETHNICITY = Dimension("ethnicity", "Dân tộc", lambda d: F("member__ethnicity"),
                      _choices((k, v) for k, v in ETHNIC_GROUPS.items()))
EDUCATION = Dimension("education", "Trình độ học vấn", lambda d: F("member__education"),
                      _choices((v, v) for v in EDUCATION_LEVELS))
THEORY = Dimension("theory", "Lý luận chính trị", lambda d: F("member__theory_level"),
                   _choices((v, v) for v in THEORY_LEVELS))
RELIGION = Dimension("religion", "Tôn giáo", lambda d: F("member__religion"), lambda: [], unknown_label="Không")
# Status on the date: official from ``official_on`` (a membership valid on D means active on D).
STATUS = Dimension(
    "status", "Tình trạng",
    lambda d: Case(When(member__official_on__lte=d, then=Value("official")), default=Value("probationary"),
                   output_field=CharField()),
    _choices([("official", "Chính thức"), ("probationary", "Dự bị")]))
DIMENSIONS = {d.key: d for d in (SEX, AGE, YEARS, ETHNICITY, EDUCATION, THEORY, RELIGION, STATUS)}
