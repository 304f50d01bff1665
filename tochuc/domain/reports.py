"""Bands and ratios of the statistical tables (pure; no Django).

Age bands follow the statistical forms of the organization sector ("Biểu số N-TCTW", as of
31/12): up to 30, 31–40, 41–50, 51–60, 61–70, over 70 (DOMAIN.md §2, confidence M; a setting
may replace them). Years of membership are banded at the party-badge levels 30, 40, 45 … 90
(Quy định 94-QĐ/TW; Hướng dẫn 01-HD/TW, 2021, mục 18): a member with 47 years is in the band
"45–49 năm". A band is a half-open interval ``[low, high)`` of whole years; the database
evaluates it as a comparison of a birth (or admission) date with a cut-off date, so
:func:`cutoff` is the bridge: ``years_between(born, on) >= n  ⇔  born <= cutoff(on, n)``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from tochuc.domain.messages import Message, msg

#: (lowest age, highest age) of each band, inclusive; None: open.
AGE_BANDS: tuple[tuple[int | None, int | None], ...] = ((None, 30), (31, 40), (41, 50), (51, 60), (61, 70), (71, None))
#: Party-badge levels (Quy định 94-QĐ/TW).
BADGE_YEARS: tuple[int, ...] = (30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90)


@dataclass(frozen=True)
class Band:
    """Whole years in ``[low, high)``; ``low`` None means from 0, ``high`` None means no end."""

    key: str
    label: Message  # rendered in the active language where it is shown
    low: int | None
    high: int | None

    def contains(self, years: int) -> bool:
        return (self.low is None or years >= self.low) and (self.high is None or years < self.high)


def age_bands(bands: Sequence[tuple[int | None, int | None]] = AGE_BANDS) -> tuple[Band, ...]:
    """Bands of ages, labelled as the forms print them ("Đến 30 tuổi", "31–40", "Trên 70")."""
    out = []
    for low, high in bands:
        if low is None:
            out.append(Band(f"den_{high}", msg("report.age_up_to", high=high), None, high + 1))
        elif high is None:
            out.append(Band(f"tren_{low - 1}", msg("report.age_over", low=low - 1), low, None))
        else:
            out.append(Band(f"{low}_{high}", msg("report.age_range", low=low, high=high), low, high + 1))
    return tuple(out)


def badge_bands(levels: Sequence[int] = BADGE_YEARS) -> tuple[Band, ...]:
    """Bands of membership years cut at the badge levels: "Dưới 30 năm", "30–39 năm" … "Từ 90 năm"."""
    levels = sorted(levels)
    out = [Band(f"duoi_{levels[0]}", msg("report.years_under", years=levels[0]), None, levels[0])]
    for low, high in zip(levels, levels[1:], strict=False):
        out.append(Band(f"{low}_{high - 1}", msg("report.years_range", low=low, high=high - 1), low, high))
    out.append(Band(f"tu_{levels[-1]}", msg("report.years_from", years=levels[-1]), levels[-1], None))
    return tuple(out)


def years_between(start: date, on: date) -> int:
    """Whole years from ``start`` to ``on`` (a birthday on 29/2 counts from 1/3 in other years)."""
    years = on.year - start.year
    if (on.month, on.day) < (start.month, start.day):
        years -= 1
    return years


def cutoff(on: date, years: int) -> date:
    """The latest start date with at least ``years`` whole years on ``on``.

    ``years_between(d, on) >= years`` exactly when ``d <= cutoff(on, years)``.
    """
    year = on.year - years
    try:
        return date(year, on.month, on.day)
    except ValueError:  # 29/2 in a year without one: someone born 1/3 is not yet of age on 28/2
        return date(year, 2, 28)


def band_of(bands: Sequence[Band], years: int) -> Band:
    for band in bands:
        if band.contains(years):
            return band
    raise ValueError(f"no band for {years}")


def ratio_text(done: int, total: int) -> str:
    """"16/19" as quarterly reports write it."""
    return f"{done}/{total}"


def percent(done: int, total: int) -> Fraction | None:
    """Share of ``done`` in ``total`` as an exact fraction of 100 (None when there is nothing)."""
    if total <= 0:
        return None
    return Fraction(100 * done, total)


def default_rating_year(on: date) -> int:
    """Ratings are made in December for the year (Quy định 366-QĐ/TW): before December the
    latest finished rating is last year's."""
    return on.year if on.month == 12 else on.year - 1
