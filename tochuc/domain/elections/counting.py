"""Counting the ballots of one round of a secret-ballot election, and the round after it.

Sources: Quy chế bầu cử trong Đảng, Quyết định 190-QĐ/TW (10/10/2024), which keeps in substance
the 2014 text (Quyết định 244-QĐ/TW) whose article numbers are given where the 2024 numbering was
not available; Chỉ thị 45-CT/TW (14/4/2025) on the 2025–2030 congresses. DOMAIN.md §4.

- Principle "đa số quá bán" (Điều 2): a candidate is elected only with *more than half* of the
  base, and the base is the number summoned minus the exclusions of
  :mod:`tochuc.domain.elections.base` — never the valid ballots, never those present
  (244-QĐ/TW Điều 32 khoản 2–3). Among those over half, the most votes win the seats.
- Invalid ballots: not issued by the counting committee (ruled on paper, recorded here as
  ``{"invalid": reason}``), or voting for more people than the seats (computed here).
- Strike ballots: a vote against a candidate strikes the whole name; a ballot here is the list of
  names *kept*. A ballot striking every name is valid (a vote against all); the committee can
  still rule a ballot invalid on paper.
- No-surplus ballots (agree / disagree columns): both or neither box ticked for a person means
  that vote is not counted for that person; the ballot stays valid.
- A tie for the last seat(s) is not decided by any rule found in the texts (DOMAIN.md §4, L):
  the count reports the tied candidates and the congress votes again
  (:func:`next_round_candidates`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

from tochuc.domain.elections._util import check_int, name_key
from tochuc.domain.elections.errors import (
    BallotsExceedIssuedError,
    ElectionInputError,
    Problems,
)
from tochuc.domain.messages import msg

STRIKE = "strike"
AGREE = "agree"
Layout = Literal["strike", "agree"]
LAYOUTS: tuple[str, ...] = (STRIKE, AGREE)

#: Marks of an agree/disagree ballot; ``None`` is "both or neither ticked".
AGREE_MARK = "agree"
DISAGREE_MARK = "disagree"
MARKS: tuple[str | None, ...] = (AGREE_MARK, DISAGREE_MARK, None)

#: Reason recorded for a ballot that keeps (or agrees to) more names than there are seats.
TOO_MANY = "bầu quá số lượng cần bầu"

#: Key of a ballot ruled invalid on paper: ``{"invalid": "không có dấu của cấp ủy"}``.
INVALID_KEY = "invalid"


@dataclass(frozen=True)
class InvalidBallot:
    """A ballot the counting committee ruled invalid on paper (same as ``{"invalid": reason}``)."""

    reason: str


#: A ballot: names kept (strike layout), name → mark (agree layout), or ruled invalid.
Ballot = Sequence[str] | Mapping[str, str | None] | InvalidBallot


@dataclass(frozen=True)
class CountResult:
    """The outcome of one round (the figures of the biên bản kiểm phiếu).

    ``votes`` has every candidate, in list order, 0 included. ``elected`` is in descending votes;
    candidates with equal votes who are all elected anyway are shown in list order (display only:
    it decides nothing). ``tied`` holds the candidates with equal votes competing for the last
    seat(s), whom the rules cannot separate; they are not elected and their seats are counted in
    ``unfilled`` (``seats - len(elected)``).
    """

    seats: int
    base: int
    layout: str
    candidates: tuple[str, ...]
    issued: int
    returned: int
    valid: int
    invalid: int
    invalid_by_reason: Mapping[str, int]
    votes: Mapping[str, int]
    elected: tuple[str, ...]
    tied: tuple[str, ...]
    unfilled: int

    @property
    def needed(self) -> int:
        """The fewest votes that are more than half of the base."""
        return self.base // 2 + 1


def count_ballots(
    *,
    seats: int,
    candidates: Sequence[str],
    ballots: Sequence[Ballot],
    base: int,
    layout: Layout,
    issued: int,
) -> CountResult:
    """Count one round of ballots and decide who is elected (190-QĐ/TW; module docstring).

    ``base`` is the "more than half" base (số đại biểu / đảng viên được triệu tập minus the
    exclusions), computed by :func:`~tochuc.domain.elections.base.members_congress_base` or
    :func:`~tochuc.domain.elections.base.delegates_congress_base`. ``issued`` is the number of
    ballots the counting committee handed out; ``ballots`` are all those returned.

    Names on ballots must be candidates; they match whatever their Unicode form or spacing.
    In the agree layout a candidate missing from a ballot counts as neither box ticked.

    Raises :class:`ElectionInputError` naming every bad field (``seats``, ``ballots[12]``...)
    and :class:`BallotsExceedIssuedError` when more ballots are returned than issued.
    """
    problems = Problems()
    check_int(problems, "seats", seats, minimum=1)
    check_int(problems, "base", base, minimum=1)
    check_int(problems, "issued", issued, minimum=0)
    if layout not in LAYOUTS:
        problems.add(
            "layout",
            msg("election.layout", layout=repr(layout)),
        )
    index = _candidate_index(problems, candidates)
    if isinstance(ballots, (str, bytes, Mapping)) or not isinstance(ballots, Sequence):
        problems.add("ballots", msg("election.ballots_list"))
    problems.raise_if_any()

    if len(ballots) > issued:
        raise BallotsExceedIssuedError(
            "ballots",
            msg("election.ballots_over_issued", count=len(ballots), issued=issued),
        )

    tallies = [0] * len(candidates)
    invalid_by_reason: dict[str, int] = {}
    valid = 0
    for i, ballot in enumerate(ballots):
        read = _read_ballot(problems, f"ballots[{i}]", ballot, layout, index)
        if read is None:
            continue
        if isinstance(read, str):
            reason = read
        elif len(read) > seats:
            reason = TOO_MANY
        else:
            valid += 1
            for k in read:
                tallies[k] += 1
            continue
        invalid_by_reason[reason] = invalid_by_reason.get(reason, 0) + 1
    problems.raise_if_any()

    elected, tied = _decide(seats, base, tallies)
    names = tuple(candidates)
    return CountResult(
        seats=seats,
        base=base,
        layout=layout,
        candidates=names,
        issued=issued,
        returned=len(ballots),
        valid=valid,
        invalid=len(ballots) - valid,
        invalid_by_reason=MappingProxyType(invalid_by_reason),
        votes=MappingProxyType(dict(zip(names, tallies, strict=True))),
        elected=tuple(names[k] for k in elected),
        tied=tuple(names[k] for k in tied),
        unfilled=seats - len(elected),
    )


def _decide(seats: int, base: int, tallies: Sequence[int]) -> tuple[list[int], list[int]]:
    """Indices elected (votes desc, list order) and tied for the last seat(s) (list order)."""
    # 2·v > base is "more than half" without fractions: with base 9, 5 votes pass, 4½ cannot.
    over_half = sorted(
        (k for k, v in enumerate(tallies) if 2 * v > base), key=lambda k: (-tallies[k], k)
    )
    if len(over_half) <= seats:
        return over_half, []
    last = tallies[over_half[seats - 1]]
    if tallies[over_half[seats]] < last:
        return over_half[:seats], []
    # The seats-th and the next have equal votes: nobody at that level can be preferred, so the
    # whole level goes to a further round and only those strictly above it are elected.
    elected = [k for k in over_half if tallies[k] > last]
    tied = sorted(k for k in over_half if tallies[k] == last)
    return elected, tied


def _candidate_index(problems: Problems, candidates: object) -> dict[str, int]:
    if isinstance(candidates, (str, bytes, Mapping)) or not isinstance(candidates, Sequence):
        problems.add("candidates", msg("election.candidates_list"))
        return {}
    if not candidates:
        problems.add("candidates", msg("election.candidates_empty"))
        return {}
    index: dict[str, int] = {}
    for k, name in enumerate(candidates):
        field = f"candidates[{k}]"
        if not isinstance(name, str) or not name_key(name):
            problems.add(field, msg("election.candidate_name", name=repr(name)))
        elif name_key(name) in index:
            problems.add(field, msg("election.candidate_twice", name=name))
        else:
            index[name_key(name)] = k
    return index


def _read_ballot(
    problems: Problems, field: str, ballot: object, layout: str, index: Mapping[str, int]
) -> str | list[int] | None:
    """The reason of a ballot ruled invalid on paper, or the indices it votes for.

    None when the ballot is malformed (the problems are recorded).
    """
    if isinstance(ballot, InvalidBallot):
        return _paper_reason(problems, field, ballot.reason)
    # A candidate may in theory be named "invalid"; then only InvalidBallot marks a ruling.
    if isinstance(ballot, Mapping) and INVALID_KEY in ballot and INVALID_KEY not in index:
        if len(ballot) != 1:
            problems.add(field, msg("election.invalid_with_names"))
            return None
        return _paper_reason(problems, field, ballot[INVALID_KEY])
    if layout == STRIKE:
        return _read_strike(problems, field, ballot, index)
    return _read_agree(problems, field, ballot, index)


def _paper_reason(problems: Problems, field: str, reason: object) -> str | None:
    if not isinstance(reason, str) or not name_key(reason):
        problems.add(field, msg("election.invalid_reason", reason=repr(reason)))
        return None
    return name_key(reason)  # "không  có dấu" and "không có dấu" are one reason in the minutes


def _read_strike(
    problems: Problems, field: str, ballot: object, index: Mapping[str, int]
) -> list[int] | None:
    if isinstance(ballot, (str, bytes, Mapping)) or not isinstance(ballot, Sequence):
        problems.add(
            field,
            msg("election.strike_ballot"),
        )
        return None
    chosen: set[int] = set()  # a set: national congresses have ~200 names on ~1,600 ballots
    ok = True
    for name in ballot:
        k = _known(problems, field, name, index)
        if k is None:
            ok = False
        elif k in chosen:
            problems.add(field, msg("election.name_twice_on_ballot", name=name))
            ok = False
        else:
            chosen.add(k)
    return list(chosen) if ok else None


def _read_agree(
    problems: Problems, field: str, ballot: object, index: Mapping[str, int]
) -> list[int] | None:
    if not isinstance(ballot, Mapping):
        problems.add(
            field,
            msg("election.agree_ballot"),
        )
        return None
    seen: set[int] = set()
    chosen: list[int] = []
    ok = True
    for name, mark in ballot.items():
        k = _known(problems, field, name, index)
        if k is None:
            ok = False
            continue
        if k in seen:
            problems.add(field, msg("election.name_twice_on_ballot", name=name))
            ok = False
        seen.add(k)
        if mark not in MARKS:
            problems.add(
                field, msg("election.agree_mark", name=name, mark=repr(mark))
            )
            ok = False
        elif mark == AGREE_MARK:
            chosen.append(k)
    return chosen if ok else None


def _known(problems: Problems, field: str, name: object, index: Mapping[str, int]) -> int | None:
    if not isinstance(name, str):
        problems.add(field, msg("election.ballot_name", name=repr(name)))
        return None
    # Keys are already in name_key form and name_key is idempotent, so an exact hit is the same
    # match without normalizing (1,600 ballots × 200 names at a national congress).
    k = index.get(name)
    if k is None:
        k = index.get(name_key(name))
    if k is None:
        problems.add(field, msg("election.name_not_candidate", name=name))
    return k


# --- further rounds ---------------------------------------------------------------------------

TIE = "tie"
SHORTFALL = "shortfall"


@dataclass(frozen=True)
class NextRound:
    """What a further round votes on: ``seats`` among ``candidates`` (list order)."""

    reason: Literal["tie", "shortfall"]
    seats: int
    candidates: tuple[str, ...]


def next_round_candidates(result: CountResult, *, extra: Sequence[str] = ()) -> NextRound | None:
    """The round that follows ``result``, or None when every seat is filled.

    - A tie at the last seat(s): a round among the tied candidates only, for the seats still
      free; ``extra`` is refused, since adding names would reopen seats the tie did not leave.
    - A shortfall (too few over half): "bầu lần thứ nhất chưa đủ số lượng thì bầu tiếp"
      (244-QĐ/TW Điều 20 khoản 2; 190-QĐ/TW keeps it): a round for the unfilled seats among the
      candidates not elected, plus the names the congress decides to add (``extra``).

    Whether to hold the round at all is the congress's decision (DOMAIN.md §4): this function
    only says what the round would be. The base of the next round is the same as this one's.
    """
    if result.unfilled == 0:
        return None
    if result.tied:
        if extra:
            raise ElectionInputError(
                "extra",
                msg("election.tie_no_extra"),
            )
        return NextRound(TIE, result.unfilled, result.tied)

    problems = Problems()
    if isinstance(extra, (str, bytes)) or not isinstance(extra, Sequence):
        raise ElectionInputError("extra", msg("election.extra_list"))
    taken = {name_key(name) for name in result.candidates}
    added: list[str] = []
    for i, name in enumerate(extra):
        if not isinstance(name, str) or not name_key(name):
            problems.add(f"extra[{i}]", msg("election.extra_name", name=repr(name)))
        elif name_key(name) in taken:
            problems.add(f"extra[{i}]", msg("election.extra_twice", name=name))
        else:
            taken.add(name_key(name))
            added.append(name)
    problems.raise_if_any()
    remaining = tuple(name for name in result.candidates if name not in result.elected)
    candidates = (*remaining, *added)
    if not candidates:
        raise ElectionInputError(
            "extra", msg("election.nobody_left")
        )
    return NextRound(SHORTFALL, result.unfilled, candidates)


# --- the offline counting contract -------------------------------------------------------------

#: Keys of the JSON input of ``tochuc elections count FILE.json --json`` (kept exactly).
JSON_KEYS: tuple[str, ...] = ("seats", "base", "layout", "candidates", "ballots", "issued")


def run_count_json(data: dict) -> dict:
    """Count a round described by plain JSON data (the offline counting contract).

    Input: ``{"seats": N, "base": B, "layout": "strike" | "agree", "candidates": [name, ...],
    "ballots": [...], "issued": N}``; a strike ballot is the list of names kept, an agree ballot
    maps each name to "agree", "disagree" or null, and any ballot may be ``{"invalid": reason}``.
    Output: ``{"valid": N, "invalid": N, "votes": {name: N, ...}, "elected": [name, ...],
    "tied": [name, ...], "unfilled": N}``.

    Raises :class:`ElectionInputError` whose message names each bad field; unknown keys are
    refused too, because a misspelt key ("seat") would otherwise be silently ignored.
    """
    if not isinstance(data, Mapping):
        raise ElectionInputError("dữ liệu", msg("election.json_object"))
    problems = Problems()
    for key in JSON_KEYS:
        if key not in data:
            problems.add(key, msg("election.json_missing"))
    for key in data:
        if key not in JSON_KEYS:
            problems.add(
                str(key), msg("election.json_unknown", keys=', '.join(JSON_KEYS))
            )
    problems.raise_if_any()
    result = count_ballots(**{key: data[key] for key in JSON_KEYS})
    return {
        "valid": result.valid,
        "invalid": result.invalid,
        "votes": dict(result.votes),
        "elected": list(result.elected),
        "tied": list(result.tied),
        "unfilled": result.unfilled,
    }
