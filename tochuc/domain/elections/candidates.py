"""Checks of the candidate list (danh sách bầu cử) of a committee or standing committee.

Source: Quy chế bầu cử trong Đảng, Quyết định 190-QĐ/TW (10/10/2024), Điều 14: the list must be
longer than the seats; the surplus is at most 30% of the seats (the congress decides how much);
the convening committee prepares a surplus of 10–15%; a person not proposed by the convening
committee is listed only if more than 30% of the attendees agree; bodies of 3–5 seats list at
most 1 extra person (DOMAIN.md §4, M). The figures come from :class:`ElectionPolicy`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from tochuc.domain.elections._util import check_int, is_int, name_key, percent_text
from tochuc.domain.elections.errors import Problems
from tochuc.domain.elections.policy import DEFAULT_POLICY, ElectionPolicy
from tochuc.domain.messages import Message, msg


@dataclass(frozen=True)
class FloorNominee:
    """A person nominated, or standing, at the congress without the convening committee's
    proposal; ``support`` is the number of attendees who agreed to list them."""

    name: str
    support: int


@dataclass(frozen=True)
class Issue:
    """One finding: a stable ``code`` for programs and a message for people (``detail``, shown in
    the active language as ``message``)."""

    code: str
    detail: Message

    @property
    def message(self) -> str:
        return str(self.detail)


@dataclass(frozen=True)
class CandidateListCheck:
    """The list to vote on and what is wrong with it.

    ``candidates``: the prepared names, then the floor nominees with enough support, in input
    order. ``not_listed``: floor nominees without enough support. ``errors`` block the list;
    ``warnings`` are for the presidium to look at.
    """

    seats: int
    candidates: tuple[str, ...]
    not_listed: tuple[str, ...]
    surplus: int
    max_surplus: int
    errors: tuple[Issue, ...]
    warnings: tuple[Issue, ...]

    @property
    def ok(self) -> bool:
        return not self.errors


def max_surplus(seats: int, policy: ElectionPolicy = DEFAULT_POLICY) -> int:
    """The largest surplus the regulation allows for ``seats`` (190-QĐ/TW Điều 14 khoản 1).

    Whole people: 30% of 12 seats is 3.6, so 3. For 3–5 seats the small-body figure (1)
    applies instead, since 30% of 3 would allow nobody.
    """
    if policy.small_body_min_seats <= seats <= policy.small_body_max_seats:
        return policy.small_body_max_surplus
    return math.floor(seats * policy.max_surplus_percent / 100)


def prepared_surplus_range(seats: int, policy: ElectionPolicy = DEFAULT_POLICY) -> range:
    """Surpluses (in people) that fit the 10–15% the convening committee prepares.

    When no whole number of people falls within the band (5 seats: 0.5–0.75 people), the whole
    numbers either side of it are accepted, since the committee cannot prepare half a person.
    A surplus of 0 is never accepted: the list must exceed the seats.
    """
    low = seats * policy.prepared_surplus_min_percent / 100
    high = seats * policy.prepared_surplus_max_percent / 100
    first, last = math.ceil(low), math.floor(high)
    if first > last:
        first, last = last, first
    return range(max(first, 1), max(last, 1) + 1)


def check_candidate_list(
    seats: int,
    prepared: Sequence[str],
    from_floor: Sequence[FloorNominee] = (),
    *,
    attendees: int | None = None,
    require_surplus: bool = True,
    decided_max_surplus: int | None = None,
    policy: ElectionPolicy = DEFAULT_POLICY,
) -> CandidateListCheck:
    """Check a candidate list against 190-QĐ/TW Điều 14 (module docstring).

    ``prepared``: the names the convening committee proposes (the official list). ``from_floor``:
    nominees from the congress, each with the number of attendees who agreed to list them;
    ``attendees`` (đại biểu / đảng viên dự đại hội) is then required. ``require_surplus``: True for
    committees and standing committees; pass False for elections where a list equal to the seats
    is allowed (secretary, deputies...). ``decided_max_surplus``: the maximum the congress voted,
    which may not exceed the regulation's.

    Raises :class:`ElectionInputError` on malformed input (duplicate names, support above the
    attendees...); rule breaches are returned as ``errors``, not raised, so that the presidium
    sees all of them with the list.
    """
    problems = Problems()
    check_int(problems, "seats", seats, minimum=1)
    taken: set[str] = set()
    for i, name in enumerate(_sequence(problems, "prepared", prepared)):
        _check_name(problems, f"prepared[{i}]", name, taken)
    floor = _sequence(problems, "from_floor", from_floor)
    if attendees is not None:
        check_int(problems, "attendees", attendees, minimum=1)
    elif floor:
        problems.add("attendees", msg("election.attendees_needed"))
    for i, nominee in enumerate(floor):
        field = f"from_floor[{i}]"
        if not isinstance(nominee, FloorNominee):
            problems.add(field, msg("election.floor_type", got=type(nominee).__name__))
            continue
        _check_name(problems, field, nominee.name, taken)
        if not is_int(nominee.support) or nominee.support < 0:
            problems.add(field, msg("election.support_not_count", support=repr(nominee.support)))
        elif is_int(attendees) and nominee.support > attendees:  # type: ignore[operator]
            problems.add(field, msg("election.support_over_attendees", support=nominee.support, attendees=attendees))
    if decided_max_surplus is not None:
        check_int(problems, "decided_max_surplus", decided_max_surplus, minimum=0)
    problems.raise_if_any()

    errors: list[Issue] = []
    warnings: list[Issue] = []
    listed = list(prepared)
    not_listed: list[str] = []
    share = policy.floor_nominee_support_percent
    for nominee in floor:
        assert attendees is not None  # checked above whenever there are floor nominees
        # "từ hơn 30%": strictly more; 30 of 100 attendees is not enough.
        if nominee.support * 100 > share * attendees:
            listed.append(nominee.name)
        else:
            not_listed.append(nominee.name)
            warnings.append(Issue(
                "floor_support",
                msg("election.floor_support", name=nominee.name, support=nominee.support, attendees=attendees,
                    percent=percent_text(Fraction(100 * nominee.support, attendees)), share=percent_text(share)),
            ))

    regulation_cap = max_surplus(seats, policy)
    cap = regulation_cap
    if decided_max_surplus is not None:
        if decided_max_surplus > regulation_cap:
            errors.append(Issue(
                "decided_over_max",
                msg("election.decided_over_max", decided=decided_max_surplus, cap=regulation_cap, seats=seats),
            ))
        cap = min(regulation_cap, decided_max_surplus)

    surplus = len(listed) - seats
    if surplus < 0:
        errors.append(Issue(
            "too_few", msg("election.too_few", count=len(listed), seats=seats)
        ))
    elif surplus == 0 and require_surplus:
        errors.append(Issue(
            "no_surplus",
            msg("election.no_surplus", seats=seats),
        ))
    elif surplus > cap:
        if cap < regulation_cap:
            code, limit = "surplus_over_decided", msg("election.limit_decided", cap=cap)
        elif policy.small_body_min_seats <= seats <= policy.small_body_max_seats:
            code, limit = "small_body_surplus", msg(
                "election.limit_small_body", low=policy.small_body_min_seats, high=policy.small_body_max_seats, cap=cap
            )
        else:
            code, limit = "surplus_over_max", msg(
                "election.limit_percent", percent=percent_text(policy.max_surplus_percent), cap=cap
            )
        errors.append(Issue(
            code,
            msg("election.surplus_over", count=len(listed), seats=seats, surplus=surplus,
                percent=percent_text(Fraction(100 * surplus, seats)), limit=limit),
        ))

    allowed = prepared_surplus_range(seats, policy)
    prepared_surplus = len(prepared) - seats
    if (require_surplus or prepared_surplus != 0) and prepared_surplus not in allowed:
        warnings.append(Issue(
            "prepared_surplus",
            msg("election.prepared_surplus", count=len(prepared), seats=seats, surplus=prepared_surplus,
                percent=percent_text(Fraction(100 * prepared_surplus, seats)),
                low=percent_text(policy.prepared_surplus_min_percent),
                high=percent_text(policy.prepared_surplus_max_percent), people=_people(allowed)),
        ))

    return CandidateListCheck(
        seats=seats,
        candidates=tuple(listed),
        not_listed=tuple(not_listed),
        surplus=surplus,
        max_surplus=cap,
        errors=tuple(errors),
        warnings=tuple(warnings),
    )


def _people(allowed: range) -> Message:
    first, last = allowed[0], allowed[-1]
    return msg("election.people", count=first) if first == last else msg("election.people_range", low=first,
               high=last)


def _sequence(problems: Problems, field: str, value: object) -> Sequence:
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence):
        problems.add(field, msg("election.not_list"))
        return ()
    return value


def _check_name(problems: Problems, field: str, name: object, taken: set[str]) -> None:
    if not isinstance(name, str) or not name_key(name):
        problems.add(field, msg("election.name_empty", name=repr(name)))
    elif name_key(name) in taken:
        problems.add(field, msg("election.name_twice", name=name))
    else:
        taken.add(name_key(name))
