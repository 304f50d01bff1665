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


@dataclass(frozen=True)
class FloorNominee:
    """A person nominated, or standing, at the congress without the convening committee's
    proposal; ``support`` is the number of attendees who agreed to list them."""

    name: str
    support: int


@dataclass(frozen=True)
class Issue:
    """One finding: a stable ``code`` for programs and a Vietnamese ``message`` for people."""

    code: str
    message: str


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
        problems.add("attendees", "cần số người dự đại hội để xét người được đề cử tại chỗ")
    for i, nominee in enumerate(floor):
        field = f"from_floor[{i}]"
        if not isinstance(nominee, FloorNominee):
            problems.add(field, f"phải là FloorNominee, nhận {type(nominee).__name__}")
            continue
        _check_name(problems, field, nominee.name, taken)
        if not is_int(nominee.support) or nominee.support < 0:
            problems.add(field, f"số người đồng ý phải là số nguyên không âm: {nominee.support!r}")
        elif is_int(attendees) and nominee.support > attendees:  # type: ignore[operator]
            problems.add(field, f"{nominee.support} người đồng ý, nhiều hơn số dự ({attendees})")
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
                f'"{nominee.name}" được {nominee.support}/{attendees} người dự đồng ý giới thiệu '
                f"({percent_text(Fraction(100 * nominee.support, attendees))}), chưa quá "
                f"{percent_text(share)}: không đưa vào danh sách bầu cử",
            ))

    regulation_cap = max_surplus(seats, policy)
    cap = regulation_cap
    if decided_max_surplus is not None:
        if decided_max_surplus > regulation_cap:
            errors.append(Issue(
                "decided_over_max",
                f"Đại hội quyết định số dư tối đa {decided_max_surplus} người, vượt mức "
                f"quy định ({regulation_cap} người cho {seats} vị trí)",
            ))
        cap = min(regulation_cap, decided_max_surplus)

    surplus = len(listed) - seats
    if surplus < 0:
        errors.append(Issue(
            "too_few", f"Danh sách có {len(listed)} người, ít hơn số lượng cần bầu ({seats})"
        ))
    elif surplus == 0 and require_surplus:
        errors.append(Issue(
            "no_surplus",
            f"Danh sách bầu cử phải nhiều hơn số lượng cần bầu ({seats}), hiện bằng số lượng "
            "cần bầu",
        ))
    elif surplus > cap:
        if cap < regulation_cap:
            code, limit = "surplus_over_decided", f"đại hội đã quyết định số dư tối đa {cap} người"
        elif policy.small_body_min_seats <= seats <= policy.small_body_max_seats:
            code, limit = "small_body_surplus", (
                f"cơ quan có từ {policy.small_body_min_seats} đến {policy.small_body_max_seats} "
                f"thành viên chỉ được dư tối đa {cap} người"
            )
        else:
            code, limit = "surplus_over_max", (
                f"số dư không quá {percent_text(policy.max_surplus_percent)} số lượng cần bầu, "
                f"tức {cap} người"
            )
        errors.append(Issue(
            code,
            f"Danh sách có {len(listed)} người cho {seats} vị trí, dư {surplus} người "
            f"({percent_text(Fraction(100 * surplus, seats))}); {limit}: đại hội cần biểu quyết "
            "để rút bớt",
        ))

    allowed = prepared_surplus_range(seats, policy)
    prepared_surplus = len(prepared) - seats
    if (require_surplus or prepared_surplus != 0) and prepared_surplus not in allowed:
        warnings.append(Issue(
            "prepared_surplus",
            f"Cấp ủy triệu tập chuẩn bị {len(prepared)} người cho {seats} vị trí, dư "
            f"{prepared_surplus} người ({percent_text(Fraction(100 * prepared_surplus, seats))});"
            f" mức chuẩn bị là {percent_text(policy.prepared_surplus_min_percent)}–"
            f"{percent_text(policy.prepared_surplus_max_percent)} ({_people(allowed)})",
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


def _people(allowed: range) -> str:
    first, last = allowed[0], allowed[-1]
    return f"{first} người" if first == last else f"{first}–{last} người"


def _sequence(problems: Problems, field: str, value: object) -> Sequence:
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence):
        problems.add(field, "phải là một danh sách")
        return ()
    return value


def _check_name(problems: Problems, field: str, name: object, taken: set[str]) -> None:
    if not isinstance(name, str) or not name_key(name):
        problems.add(field, f"tên phải là chuỗi khác rỗng, nhận {name!r}")
    elif name_key(name) in taken:
        problems.add(field, f'"{name}" có hai lần trong danh sách')
    else:
        taken.add(name_key(name))
