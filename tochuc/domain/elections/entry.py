"""Double entry of ballots, counting from per-candidate tallies, and the quorum of a congress.

Sources: Quy chế bầu cử trong Đảng, Quyết định 190-QĐ/TW (10/10/2024): the counting committee
(ban kiểm phiếu) reconciles ballots issued with ballots returned, rules on invalid ballots and may
count by computer; DOMAIN.md §4. Quorum: the guidance on party congresses (under Điều lệ Đảng
and Chỉ thị 45-CT/TW, 2025) holds a congress valid when at least two thirds of the official
members (delegates) summoned attend. DOMAIN.md §4 does not state it (confidence M, article not
checked), so the fraction is a setting (``TOCHUC_CONGRESS_QUORUM``, default 2/3).

- :func:`reconcile_entries`: two tellers enter the same pile independently; every ballot number
  where the two entries differ, or that only one of them entered, is a mismatch to settle on the
  paper ballot before anything is counted.
- :func:`count_tallies`: when the committee counts on paper sheets and enters only the totals per
  candidate, the same "more than half of the base" decision as :func:`count_ballots`.
- :func:`quorum`: whether enough of the base is present for the congress to proceed.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from types import MappingProxyType

from tochuc.domain.elections._util import check_int, is_int, name_key
from tochuc.domain.elections.counting import CountResult, _candidate_index, _decide
from tochuc.domain.elections.errors import BallotsExceedIssuedError, Problems
from tochuc.domain.messages import msg


@dataclass(frozen=True)
class Reconciliation:
    """Outcome of comparing two tellers' entries of one pile of ballots.

    ``differ``: numbers both entered, differently; ``only_first`` / ``only_second``: numbers one
    teller entered and the other did not. ``agreed`` is the number of ballots entered alike.
    """

    agreed: int
    differ: tuple[int, ...]
    only_first: tuple[int, ...]
    only_second: tuple[int, ...]

    @property
    def ok(self) -> bool:
        return not (self.differ or self.only_first or self.only_second)

    @property
    def mismatches(self) -> tuple[int, ...]:
        return tuple(sorted({*self.differ, *self.only_first, *self.only_second}))


def _canonical(entry: object) -> Hashable:
    """A comparable form of one entry: order of names on a strike ballot does not matter."""
    if isinstance(entry, Mapping):
        return tuple(sorted((str(k), _canonical(v)) for k, v in entry.items()))
    if isinstance(entry, (list, tuple, set, frozenset)):
        try:
            return tuple(sorted(entry))  # candidate ids: compare as they are
        except TypeError:
            return tuple(sorted(map(repr, entry)))
    return entry  # type: ignore[return-value]


def reconcile_entries(first: Mapping[int, object], second: Mapping[int, object]) -> Reconciliation:
    """Compare two tellers' entries, each ``ballot number → entry`` (module docstring)."""
    differ, agreed = [], 0
    for number in first.keys() & second.keys():
        if _canonical(first[number]) == _canonical(second[number]):
            agreed += 1
        else:
            differ.append(number)
    return Reconciliation(
        agreed=agreed,
        differ=tuple(sorted(differ)),
        only_first=tuple(sorted(first.keys() - second.keys())),
        only_second=tuple(sorted(second.keys() - first.keys())),
    )


def count_tallies(
    *,
    seats: int,
    candidates: Sequence[str],
    votes: Mapping[str, int],
    valid: int,
    invalid_by_reason: Mapping[str, int],
    base: int,
    layout: str,
    issued: int,
) -> CountResult:
    """Decide who is elected from per-candidate totals counted on paper (190-QĐ/TW; the rule of
    :func:`~tochuc.domain.elections.counting.count_ballots`: more than half of the base, the most
    votes win, a tie at the last seat goes to a further round).

    ``votes`` must name every candidate; no candidate can have more votes than valid ballots, and
    the ballots returned (valid + invalid) may not exceed those issued.
    """
    problems = Problems()
    check_int(problems, "seats", seats, minimum=1)
    check_int(problems, "base", base, minimum=1)
    check_int(problems, "issued", issued, minimum=0)
    check_int(problems, "valid", valid, minimum=0)
    index = _candidate_index(problems, candidates)
    if not isinstance(votes, Mapping):
        problems.add("votes", msg("election.votes_mapping"))
        votes = {}
    tallies = [0] * len(index)
    seen: set[int] = set()
    for name, count in votes.items():
        k = index.get(name_key(name)) if isinstance(name, str) else None
        if k is None:
            problems.add(f"votes[{name!r}]", msg("election.votes_not_candidate"))
        elif not is_int(count) or count < 0:
            problems.add(f"votes[{name!r}]", msg("election.votes_not_count", count=repr(count)))
        elif is_int(valid) and count > valid:
            problems.add(f"votes[{name!r}]", msg("election.votes_over_valid", count=count, valid=valid))
        else:
            tallies[k] = count
            seen.add(k)
    for name in candidates if index else ():
        if isinstance(name, str) and index.get(name_key(name)) not in seen and name_key(name) in index:
            problems.add(f"votes[{name!r}]", msg("election.votes_missing"))
    invalid = 0
    if not isinstance(invalid_by_reason, Mapping):
        problems.add("invalid_by_reason", msg("election.invalid_mapping"))
        invalid_by_reason = {}
    for reason, count in invalid_by_reason.items():
        if not isinstance(reason, str) or not name_key(reason):
            problems.add("invalid_by_reason", msg("election.invalid_reason_empty", reason=repr(reason)))
        elif not is_int(count) or count < 0:
            problems.add(f"invalid_by_reason[{reason!r}]", msg("election.invalid_count", count=repr(count)))
        else:
            invalid += count
    problems.raise_if_any()
    if valid + invalid > issued:
        raise BallotsExceedIssuedError(
            "valid",
            msg("election.ballots_over_issued", count=valid + invalid, issued=issued),
        )
    elected, tied = _decide(seats, base, tallies)
    names = tuple(candidates)
    return CountResult(
        seats=seats, base=base, layout=layout, candidates=names, issued=issued, returned=valid + invalid,
        valid=valid, invalid=invalid,
        invalid_by_reason=MappingProxyType({name_key(r): c for r, c in invalid_by_reason.items() if c}),
        votes=MappingProxyType(dict(zip(names, tallies, strict=True))),
        elected=tuple(names[k] for k in elected), tied=tuple(names[k] for k in tied),
        unfilled=seats - len(elected),
    )


@dataclass(frozen=True)
class Quorum:
    base: int
    present: int
    needed: int

    @property
    def reached(self) -> bool:
        return self.present >= self.needed


def quorum(*, base: int, present: int, fraction: Fraction = Fraction(2, 3)) -> Quorum:
    """Whether at least ``fraction`` of the base is present (module docstring; default 2/3).

    ``needed`` is the smallest whole number of people that is at least the fraction of the base:
    with a base of 10, two thirds is 6⅔, so 7 people.
    """
    problems = Problems()
    check_int(problems, "base", base, minimum=0)
    check_int(problems, "present", present, minimum=0)
    problems.raise_if_any()
    fraction = Fraction(fraction)
    needed = -(-fraction.numerator * base // fraction.denominator)  # ceiling without floats
    return Quorum(base=base, present=present, needed=needed)
