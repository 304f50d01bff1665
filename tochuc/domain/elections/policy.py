"""Thresholds of the candidate list that regulations may change (DESIGN.md invariant 3).

The defaults are the figures of Quy chế bầu cử trong Đảng (Quyết định 190-QĐ/TW, 10/10/2024,
Điều 14) as summarized in DOMAIN.md §4. They will become Django settings; the domain takes them as
a parameter so a changed figure is a setting, not an edit here.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from tochuc.domain.elections.errors import ElectionInputError
from tochuc.domain.messages import msg

_PERCENT_FIELDS = (
    "max_surplus_percent",
    "prepared_surplus_min_percent",
    "prepared_surplus_max_percent",
    "floor_nominee_support_percent",
)


@dataclass(frozen=True)
class ElectionPolicy:
    """Figures of the candidate-list rules.

    Percentages are kept as exact fractions (``Fraction(30)`` is 30%): a comparison such as
    "surplus ≤ 30% of 10 seats" must not depend on float rounding. Any number ``Fraction``
    accepts (int, Decimal, str, float) is converted on creation.

    - ``max_surplus_percent`` (30): the list may exceed the seats by at most this share
      (190-QĐ/TW Điều 14 khoản 1, confidence H).
    - ``prepared_surplus_min_percent`` / ``prepared_surplus_max_percent`` (10 / 15): the surplus
      the convening committee prepares (Điều 14 khoản 1, H). Outside it is a warning, not an
      error, since the congress may still list more people from the floor.
    - ``small_body_min_seats`` .. ``small_body_max_seats`` (3..5) and ``small_body_max_surplus``
      (1): a body of 3–5 seats lists at most 1 extra person (DOMAIN.md §4, M). This replaces the
      30% cap there, which would otherwise forbid any surplus for 3 seats (30% of 3 = 0.9).
    - ``floor_nominee_support_percent`` (30): a nominee not proposed by the convening committee is
      listed only with the agreement of *more than* this share of the attendees (Điều 14 khoản 3).
    """

    max_surplus_percent: Fraction = Fraction(30)
    prepared_surplus_min_percent: Fraction = Fraction(10)
    prepared_surplus_max_percent: Fraction = Fraction(15)
    small_body_min_seats: int = 3
    small_body_max_seats: int = 5
    small_body_max_surplus: int = 1
    floor_nominee_support_percent: Fraction = Fraction(30)

    def __post_init__(self) -> None:
        for name in _PERCENT_FIELDS:
            raw = getattr(self, name)
            try:
                # str() first: Fraction(0.1) is the binary float, not the 0.1 a setting means.
                value = Fraction(str(raw)) if isinstance(raw, float) else Fraction(raw)
            except (TypeError, ValueError):
                raise ElectionInputError(
                    f"policy.{name}", msg("election.policy.not_number", value=repr(raw))
                ) from None
            if isinstance(raw, bool) or not 0 <= value <= 100:
                raise ElectionInputError(f"policy.{name}", msg("election.policy.percent", value=repr(raw)))
            object.__setattr__(self, name, value)
        if self.prepared_surplus_min_percent > self.prepared_surplus_max_percent:
            raise ElectionInputError(
                "policy.prepared_surplus_min_percent",
                msg("election.policy.prepared_range"),
            )
        for name in ("small_body_min_seats", "small_body_max_seats", "small_body_max_surplus"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise ElectionInputError(f"policy.{name}", msg("election.policy.not_count", value=repr(value)))
        if self.small_body_min_seats > self.small_body_max_seats:
            raise ElectionInputError(
                "policy.small_body_min_seats", msg("election.policy.small_body_range")
            )


DEFAULT_POLICY = ElectionPolicy()
