"""Tests of the election rules (Quyết định 190-QĐ/TW, 2024; DOMAIN.md §4).

Worked examples are computed by hand in the comments; the hypothesis tests check the rules
against independent formulations (an oracle for who is elected, a strike ↔ agree translation,
quota bounds for the allocation) so that a broken rule fails a test.
"""

from __future__ import annotations

import json
import math
import unicodedata
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tochuc.domain.elections import (
    AGREE,
    STRIKE,
    TOO_MANY,
    BallotsExceedIssuedError,
    DelegateRecord,
    ElectionInputError,
    ElectionPolicy,
    FloorNominee,
    InvalidBallot,
    MemberRecord,
    NextRound,
    allocate_delegates,
    check_candidate_list,
    count_ballots,
    delegates_congress_base,
    max_surplus,
    members_congress_base,
    next_round_candidates,
    prepared_surplus_range,
    run_count_json,
)

# --- worked examples: counting ----------------------------------------------------------------

STRIKE_CANDIDATES = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung"]
AN, BINH, CUONG, DUNG = STRIKE_CANDIDATES


def strike_example():
    # A members' congress elects a 3-seat committee from 4 names. 15 official members count in
    # the base (needed: more than 15/2 = 7.5, so 8 votes). 15 ballots issued, 14 returned.
    ballots = (
        [{"invalid": "không có dấu của cấp ủy"}]  # ruled invalid on paper
        + [[AN, BINH, CUONG, DUNG]]  # keeps 4 names for 3 seats: invalid (too many)
        + [[AN, BINH, CUONG]] * 4  # An +4, Bình +4, Cường +4
        + [[AN, BINH, DUNG]] * 3  # An +3, Bình +3, Dung +3
        + [[AN, CUONG]] * 3  # An +3, Cường +3
        + [[BINH]]  # Bình +1
        + [[]]  # every name struck: a valid ballot against everyone
    )
    # valid = 4 + 3 + 3 + 1 + 1 = 12; invalid = 2
    # An = 4 + 3 + 3 = 10 (2·10 = 20 > 15: over half)
    # Bình = 4 + 3 + 1 = 8 (16 > 15: over half)
    # Cường = 4 + 3 = 7 (14 ≤ 15: NOT over half of the base, although 7 > 12/2 valid ballots)
    # Dung = 3
    return count_ballots(
        seats=3, candidates=STRIKE_CANDIDATES, ballots=ballots, base=15, layout=STRIKE, issued=15
    )


def test_strike_ballots_worked_example():
    result = strike_example()
    assert result.returned == 14
    assert (result.valid, result.invalid) == (12, 2)
    assert dict(result.invalid_by_reason) == {"không có dấu của cấp ủy": 1, TOO_MANY: 1}
    assert dict(result.votes) == {AN: 10, BINH: 8, CUONG: 7, DUNG: 3}
    assert result.needed == 8
    assert result.elected == (AN, BINH)
    assert result.tied == ()
    assert result.unfilled == 1


def test_base_is_the_summoned_not_the_valid_ballots():
    # Same ballots, but had the base been the 12 valid ballots, Cường's 7 would be over half.
    # The regulation counts against the summoned (15): Cường is not elected.
    result = strike_example()
    assert 2 * result.votes[CUONG] > result.valid
    assert CUONG not in result.elected


AGREE_CANDIDATES = ["Hoàng Thu Hà", "Vũ Ngọc Lan", "Đỗ Quang Minh"]
HA, LAN, MINH = AGREE_CANDIDATES


def agree_example():
    # A standing committee of 3 with no surplus: agree / disagree columns. Base 11 (needed 6).
    ballots = (
        [{HA: "agree", LAN: "agree", MINH: "agree"}] * 5  # Hà +5, Lan +5, Minh +5
        # Minh: both or neither box ticked (None) -> not counted for him, ballot still valid.
        + [{HA: "agree", LAN: "disagree", MINH: None}] * 2  # Hà +2
        + [{HA: "disagree", LAN: "agree", MINH: "disagree"}] * 2  # Lan +2
        + [{HA: None, LAN: None, MINH: None}]  # nothing counted, still a valid ballot
        + [{"invalid": "rách, không đọc được"}]
    )
    # valid = 5 + 2 + 2 + 1 = 10; invalid = 1
    # Hà = 5 + 2 = 7 (14 > 11), Lan = 5 + 2 = 7 (14 > 11), Minh = 5 (10 ≤ 11: not elected)
    return count_ballots(
        seats=3, candidates=AGREE_CANDIDATES, ballots=ballots, base=11, layout=AGREE, issued=11
    )


def test_agree_ballots_worked_example():
    result = agree_example()
    assert (result.valid, result.invalid) == (10, 1)
    assert dict(result.votes) == {HA: 7, LAN: 7, MINH: 5}
    # Hà and Lan both have 7 and are both elected: list order only orders the display.
    assert result.elected == (HA, LAN)
    assert result.tied == ()
    assert result.unfilled == 1


def test_agree_ballot_with_more_agrees_than_seats_is_invalid():
    result = count_ballots(
        seats=1, candidates=[HA, LAN], base=3, layout=AGREE, issued=3,
        ballots=[{HA: "agree", LAN: "agree"}, {HA: "agree", LAN: "disagree"}, {HA: "agree"}],
    )
    # The first ballot agrees to 2 people for 1 seat. A name missing from a ballot counts as
    # neither box ticked. Hà = 2 (4 > 3): elected.
    assert dict(result.invalid_by_reason) == {TOO_MANY: 1}
    assert dict(result.votes) == {HA: 2, LAN: 0}
    assert result.elected == (HA,)


@pytest.mark.parametrize(
    ("base", "votes", "elected"),
    [
        (10, 5, False),  # exactly half is not more than half
        (10, 6, True),
        (9, 5, True),  # 5 > 4.5
        (9, 4, False),
        (1, 1, True),
    ],
)
def test_more_than_half_boundary(base, votes, elected):
    result = count_ballots(
        seats=1, candidates=["A", "B"], base=base, layout=STRIKE, issued=votes,
        ballots=[["A"]] * votes,
    )
    assert (result.elected == ("A",)) is elected


def test_most_votes_win_when_more_are_over_half_than_seats():
    # Base 10 (needed 6), 2 seats. A 7, B 7, C 6: all three are over half; C has fewest.
    ballots = [["A", "B"]] * 4 + [["A", "C"]] * 3 + [["B", "C"]] * 3
    # A = 4 + 3 = 7, B = 4 + 3 = 7, C = 3 + 3 = 6
    result = count_ballots(
        seats=2, candidates=["A", "B", "C"], base=10, layout=STRIKE, issued=10, ballots=ballots
    )
    assert dict(result.votes) == {"A": 7, "B": 7, "C": 6}
    assert 2 * result.votes["C"] > 10
    assert (result.elected, result.tied, result.unfilled) == (("A", "B"), (), 0)


def test_elected_are_in_descending_votes_whatever_the_list_order():
    ballots = [["A", "B"]] * 6 + [["A", "C"]] * 3 + [["B", "C"]] * 1
    # A = 6 + 3 = 9, B = 6 + 1 = 7, C = 3 + 1 = 4 -> A and B (both > 5)
    result = count_ballots(
        seats=2, candidates=["C", "B", "A"], base=10, layout=STRIKE, issued=10, ballots=ballots
    )
    assert result.elected == ("A", "B")


def test_equal_votes_all_elected_are_shown_in_list_order():
    # Base 10, 3 seats: A 8, C 7, B 7 -> all three elected; B and C are shown in list order.
    ballots = [["A", "B", "C"]] * 7 + [["A"]]
    result = count_ballots(
        seats=3, candidates=["A", "C", "B", "D"], base=10, layout=STRIKE, issued=8,
        ballots=ballots,
    )
    assert result.elected == ("A", "C", "B")
    assert result.tied == ()


def test_names_match_whatever_their_unicode_form_and_spacing():
    nfd = unicodedata.normalize("NFD", AN)
    result = count_ballots(
        seats=1, candidates=[AN, BINH], base=1, layout=STRIKE, issued=1,
        ballots=[[f"  {nfd} "]],
    )
    assert result.votes[AN] == 1
    assert result.elected == (AN,)  # reported with the list's own spelling


def test_invalid_ballot_object_and_reasons_grouped():
    result = count_ballots(
        seats=1, candidates=["A"], base=5, layout=STRIKE, issued=5,
        ballots=[InvalidBallot("không do ban kiểm phiếu phát ra"),
                 {"invalid": "không  do ban kiểm phiếu phát ra "}, ["A"]],
    )
    assert dict(result.invalid_by_reason) == {"không do ban kiểm phiếu phát ra": 2}
    assert (result.valid, result.invalid) == (1, 2)


# --- ties and further rounds -------------------------------------------------------------------


def test_tie_at_the_last_seat_is_not_decided():
    # Base 10 (needed 6), 2 seats: A 8, B 6, C 6. B and C are over half and tied for seat 2.
    ballots = [["A", "B"]] * 4 + [["A", "C"]] * 4 + [["B", "C"]] * 2
    # A = 4 + 4 = 8, B = 4 + 2 = 6, C = 4 + 2 = 6
    result = count_ballots(
        seats=2, candidates=["A", "B", "C"], base=10, layout=STRIKE, issued=10, ballots=ballots
    )
    assert dict(result.votes) == {"A": 8, "B": 6, "C": 6}
    assert result.elected == ("A",)
    assert result.tied == ("B", "C")
    assert result.unfilled == 1

    assert next_round_candidates(result) == NextRound("tie", 1, ("B", "C"))
    with pytest.raises(ElectionInputError) as err:
        next_round_candidates(result, extra=["D"])
    assert err.value.field == "extra"


def test_tie_for_two_last_seats():
    # 3 seats, A 9, B 6, C 6, D 6 (base 10): only A is elected; B, C, D compete for 2 seats.
    ballots = [["A", "B", "C"]] * 3 + [["A", "B", "D"]] * 3 + [["A", "C", "D"]] * 3
    # A = 9, B = 6, C = 6, D = 6
    result = count_ballots(
        seats=3, candidates=["A", "B", "C", "D"], base=10, layout=STRIKE, issued=9,
        ballots=ballots,
    )
    assert result.elected == ("A",)
    assert result.tied == ("B", "C", "D")
    assert next_round_candidates(result) == NextRound("tie", 2, ("B", "C", "D"))


def test_equal_votes_under_half_are_a_shortfall_not_a_tie():
    # Base 10, 2 seats: A 8, B 5, C 5. 5 is not more than half: one seat unfilled, no tie.
    ballots = [["A", "B"]] * 5 + [["A", "C"]] * 3 + [["C"]] * 2
    result = count_ballots(
        seats=2, candidates=["A", "B", "C"], base=10, layout=STRIKE, issued=10, ballots=ballots
    )
    assert dict(result.votes) == {"A": 8, "B": 5, "C": 5}
    assert (result.elected, result.tied, result.unfilled) == (("A",), (), 1)


def test_shortfall_round_for_the_unfilled_seats_with_names_added():
    result = strike_example()  # An and Bình elected, 1 of 3 seats unfilled
    assert next_round_candidates(result) == NextRound("shortfall", 1, (CUONG, DUNG))
    # The congress may add names to the list of the next round.
    assert next_round_candidates(result, extra=["Bùi Văn Đức"]) == NextRound(
        "shortfall", 1, (CUONG, DUNG, "Bùi Văn Đức")
    )
    with pytest.raises(ElectionInputError) as err:
        next_round_candidates(result, extra=["Bùi Văn Đức", unicodedata.normalize("NFD", AN)])
    assert err.value.field == "extra[1]"  # An is already elected


def test_no_round_when_every_seat_is_filled():
    result = count_ballots(
        seats=1, candidates=["A", "B"], base=3, layout=STRIKE, issued=3, ballots=[["A"]] * 2
    )
    assert result.elected == ("A",)
    assert next_round_candidates(result) is None


def test_shortfall_with_nobody_left_needs_added_names():
    result = count_ballots(
        seats=2, candidates=["A"], base=1, layout=STRIKE, issued=1, ballots=[["A"]]
    )
    assert (result.elected, result.unfilled) == (("A",), 1)
    with pytest.raises(ElectionInputError):
        next_round_candidates(result)
    assert next_round_candidates(result, extra=["B"]) == NextRound("shortfall", 1, ("B",))


# --- bad input -----------------------------------------------------------------------------


def _count(**changes):
    args = dict(seats=2, candidates=["A", "B", "C"], base=5, layout=STRIKE, issued=5,
                ballots=[["A"], ["B"]])
    args.update(changes)
    return count_ballots(**args)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"seats": 0}, "seats"),
        ({"seats": True}, "seats"),
        ({"seats": 2.0}, "seats"),
        ({"base": 0}, "base"),
        ({"issued": -1}, "issued"),
        ({"layout": "cross"}, "layout"),
        ({"candidates": []}, "candidates"),
        ({"candidates": "ABC"}, "candidates"),
        ({"candidates": ["A", "B", "A"]}, "candidates[2]"),
        ({"candidates": ["A", " "]}, "candidates[1]"),
        ({"ballots": [["A"], ["Z"]]}, "ballots[1]"),
        ({"ballots": [["A", "A"]]}, "ballots[0]"),
        ({"ballots": ["A"]}, "ballots[0]"),
        ({"ballots": [{"A": "agree"}]}, "ballots[0]"),
        ({"ballots": [{"invalid": "x", "A": "agree"}]}, "ballots[0]"),
        ({"ballots": [{"invalid": ""}]}, "ballots[0]"),
        ({"ballots": [[1]]}, "ballots[0]"),
        ({"layout": AGREE, "ballots": [{"A": "yes"}]}, "ballots[0]"),
        ({"layout": AGREE, "ballots": [["A"]]}, "ballots[0]"),
        ({"layout": AGREE, "ballots": [{"A": "agree", " A": "agree"}]}, "ballots[0]"),
        ({"ballots": "AB"}, "ballots"),
    ],
)
def test_bad_input_names_the_field(changes, field):
    with pytest.raises(ElectionInputError) as err:
        _count(**changes)
    assert err.value.field == field
    assert str(err.value).startswith(f"{field}: ")


def test_every_bad_ballot_is_reported_at_once():
    with pytest.raises(ElectionInputError) as err:
        _count(ballots=[["Z"], ["A"], ["B", "B"], "C"])
    assert [f for f, _ in err.value.problems] == ["ballots[0]", "ballots[2]", "ballots[3]"]
    assert "ballots[3]" in str(err.value)


def test_more_ballots_returned_than_issued_refuses_to_count():
    with pytest.raises(BallotsExceedIssuedError) as err:
        _count(issued=1)
    assert isinstance(err.value, ElectionInputError)  # the CLI reports it like any input error
    assert "nhiều hơn số phiếu phát ra" in err.value.message


def test_fewer_returned_than_issued_is_counted():
    result = _count(issued=5, ballots=[["A"]])
    assert (result.issued, result.returned, result.valid) == (5, 1, 1)


# --- the JSON contract -----------------------------------------------------------------------


def test_run_count_json_contract():
    document = json.loads("""
    {"seats": 2, "base": 9, "layout": "strike", "candidates": ["A", "B", "C"], "issued": 9,
     "ballots": [["A", "B"], ["A", "C"], ["A", "B"], ["B"], ["A", "B", "C"],
                 {"invalid": "không có dấu"}, ["A"], ["B", "C"], ["A", "B"]]}
    """)
    # ["A", "B", "C"] keeps 3 names for 2 seats: invalid. valid = 7, invalid = 2.
    # A = 5 (ballots 1, 2, 3, 7, 9), B = 5 (1, 3, 4, 8, 9), C = 2 (2, 8); needed: 5 of 9.
    assert run_count_json(document) == {
        "valid": 7,
        "invalid": 2,
        "votes": {"A": 5, "B": 5, "C": 2},
        "elected": ["A", "B"],
        "tied": [],
        "unfilled": 0,
    }
    json.dumps(run_count_json(document))  # plain JSON types only


def test_run_count_json_agree_layout_with_null():
    document = json.loads("""
    {"seats": 1, "base": 3, "layout": "agree", "candidates": ["A"], "issued": 3,
     "ballots": [{"A": "agree"}, {"A": null}, {"A": "agree"}]}
    """)
    assert run_count_json(document)["votes"] == {"A": 2}
    assert run_count_json(document)["elected"] == ["A"]


@pytest.mark.parametrize(
    ("mutate", "field"),
    [
        (lambda d: d.pop("issued"), "issued"),
        (lambda d: d.update(seat=2), "seat"),
        (lambda d: d.update(seats="2"), "seats"),
        (lambda d: d["ballots"].append(["X"]) or d.update(issued=20), "ballots[12]"),
    ],
)
def test_run_count_json_errors_name_the_field(mutate, field):
    document = {"seats": 1, "base": 20, "layout": "strike", "candidates": ["A", "B"],
                "issued": 12, "ballots": [["A"]] * 12}
    mutate(document)
    with pytest.raises(ElectionInputError) as err:
        run_count_json(document)
    assert err.value.field == field
    assert field in str(err.value)


def test_run_count_json_refuses_a_non_object():
    with pytest.raises(ElectionInputError):
        run_count_json([1, 2])  # type: ignore[arg-type]


# --- properties of the count ---------------------------------------------------------------


@st.composite
def rounds(draw, layout=STRIKE):
    n = draw(st.integers(1, 6))
    candidates = [f"Ứng viên {i}" for i in range(n)]
    seats = draw(st.integers(1, n + 1))
    kept = st.lists(st.sampled_from(candidates), unique=True, max_size=n)
    paper_invalid = st.builds(lambda r: {"invalid": r}, st.sampled_from(["rách", "không dấu"]))
    ballots = draw(st.lists(st.one_of(kept, kept, kept, paper_invalid), max_size=30))
    base = draw(st.integers(1, 40))
    issued = len(ballots) + draw(st.integers(0, 3))
    return dict(seats=seats, candidates=candidates, ballots=ballots, base=base, layout=layout,
                issued=issued)


@given(rounds())
def test_nobody_at_or_under_half_of_the_base_is_elected(args):
    result = count_ballots(**args)
    for name in (*result.elected, *result.tied):
        assert 2 * result.votes[name] > args["base"]


@given(rounds())
def test_never_more_elected_than_seats(args):
    result = count_ballots(**args)
    assert len(result.elected) <= args["seats"]
    assert result.unfilled == args["seats"] - len(result.elected) >= 0
    assert not set(result.elected) & set(result.tied)


@given(rounds(), st.randoms(use_true_random=False))
def test_permuting_ballots_changes_nothing(args, rnd):
    shuffled = list(args["ballots"])
    rnd.shuffle(shuffled)
    assert count_ballots(**{**args, "ballots": shuffled}) == count_ballots(**args)


@given(rounds())
def test_votes_never_exceed_valid_ballots(args):
    result = count_ballots(**args)
    assert set(result.votes) == set(args["candidates"])
    assert all(0 <= v <= result.valid for v in result.votes.values())
    assert result.valid + result.invalid == len(args["ballots"])
    assert sum(result.invalid_by_reason.values()) == result.invalid
    assert sum(result.votes.values()) <= result.valid * args["seats"]


@given(rounds())
def test_elected_and_tied_match_an_independent_statement_of_the_rule(args):
    # A candidate over half is elected iff at most `seats` candidates over half have at least
    # their votes; tied iff fewer than `seats` have more but more than `seats` have at least.
    result = count_ballots(**args)
    votes, seats = result.votes, args["seats"]
    over = [c for c in votes if 2 * votes[c] > args["base"]]
    for c in args["candidates"]:
        at_least = sum(1 for d in over if votes[d] >= votes[c])
        more = sum(1 for d in over if votes[d] > votes[c])
        assert (c in result.elected) == (c in over and at_least <= seats)
        assert (c in result.tied) == (c in over and more < seats < at_least)
    assert [votes[c] for c in result.elected] == sorted(
        (votes[c] for c in result.elected), reverse=True
    )


@given(rounds(), st.data())
def test_strike_and_agree_ballots_count_alike(args, data):
    # A strike ballot keeping K is an agree ballot with "agree" for K; a struck name may be
    # "disagree" or unticked (None) without changing anything.
    def to_agree(ballot):
        if isinstance(ballot, dict):
            return ballot
        other = data.draw(st.sampled_from(["disagree", None]))
        return {c: ("agree" if c in ballot else other) for c in args["candidates"]}

    agree = {**args, "layout": AGREE, "ballots": [to_agree(b) for b in args["ballots"]]}
    a, b = count_ballots(**args), count_ballots(**agree)
    assert (a.votes, a.elected, a.tied, a.valid, a.invalid) == (
        b.votes, b.elected, b.tied, b.valid, b.invalid
    )


@given(rounds())
def test_one_more_vote_never_unelects(args):
    result = count_ballots(**args)
    for name in result.elected:
        more = count_ballots(**{**args, "ballots": [*args["ballots"], [name]],
                                "issued": args["issued"] + 1})
        assert name in more.elected


@given(rounds())
def test_next_round_fills_exactly_the_open_seats(args):
    result = count_ballots(**args)
    nxt = next_round_candidates(result, extra=["Người bổ sung"] if not result.tied else [])
    if result.unfilled == 0:
        assert nxt is None
        return
    assert nxt.seats == result.unfilled
    assert not set(nxt.candidates) & set(result.elected)
    if result.tied:
        assert nxt.candidates == result.tied and len(nxt.candidates) > nxt.seats
    else:
        assert "Người bổ sung" in nxt.candidates


@given(rounds())
def test_json_contract_agrees_with_count_ballots(args):
    result = count_ballots(**args)
    out = run_count_json(dict(args))
    assert out == {"valid": result.valid, "invalid": result.invalid,
                   "votes": dict(result.votes), "elected": list(result.elected),
                   "tied": list(result.tied), "unfilled": result.unfilled}


# --- the base ----------------------------------------------------------------------------------


def test_members_congress_base():
    records = [
        MemberRecord("1", temporarily_transferred=True),  # out: activity elsewhere
        MemberRecord("2", temporarily_transferred=True, present=False),  # out (once)
        MemberRecord("3", exempted=True, present=False),  # out: exempted and absent
        MemberRecord("4", exempted=True),  # IN: exempted but came to vote
        MemberRecord("5", suspended=True),  # out
        MemberRecord("6", prosecuted_or_detained=True, present=False),  # out
        MemberRecord("7", present=False, absence_approved=True),  # out: approved absence
        MemberRecord("8", present=False, absence_approved=True),  # out
        MemberRecord("9", present=False),  # IN: absent without an approved reason
        MemberRecord("10", suspended=True, temporarily_transferred=True),  # out, counted once
    ]
    # 30 summoned − (1, 2, 10 transferred; 3 exempted absent; 5 suspended; 6 prosecuted;
    # 7, 8 approved absence) = 30 − 8 = 22
    result = members_congress_base(30, records)
    assert result.base == 22
    assert result.counts == {
        "temporarily_transferred": 3,
        "suspended": 1,
        "prosecuted_or_detained": 1,
        "exempted_absent": 1,
        "absent_approved": 2,
    }
    assert result.excluded["temporarily_transferred"] == ("1", "2", "10")
    assert ("Bị đình chỉ sinh hoạt đảng", 1) in result.breakdown()


def test_delegates_congress_base():
    records = [
        DelegateRecord("cu1", ex_officio=True, present=False),  # out: no substitute possible
        DelegateRecord("cu2", ex_officio=True),  # in
        DelegateRecord("d1", present=False),  # out: absent, nobody replaced them
        DelegateRecord("d2", present=False, replaced_by_substitute=True),  # in: substitute sits
        DelegateRecord("d3", disqualified=True),  # out: credentials refused, not replaced
        DelegateRecord("d4", disqualified=True, replaced_by_substitute=True),  # in
        DelegateRecord("cu3", ex_officio=True, disqualified=True),  # out
    ]
    # 120 summoned − (cu1, d1, d3, cu3) = 116
    result = delegates_congress_base(120, records)
    assert result.base == 116
    assert result.counts == {
        "ex_officio_absent": 1,
        "disqualified_not_replaced": 2,
        "absent_not_replaced": 1,
    }


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: members_congress_base(0, []), "summoned"),
        (lambda: members_congress_base(1, [MemberRecord("a"), MemberRecord("b")]), "exclusions"),
        (lambda: members_congress_base(5, [MemberRecord("a"), MemberRecord(" a")]),
         "exclusions[1]"),
        (lambda: members_congress_base(5, [MemberRecord("a", absence_approved=True)]),
         "exclusions[0]"),
        (lambda: members_congress_base(5, [DelegateRecord("a")]), "exclusions[0]"),
        (lambda: delegates_congress_base(
            5, [DelegateRecord("a", ex_officio=True, present=False, replaced_by_substitute=True)]
        ), "exclusions[0]"),
        (lambda: delegates_congress_base(5, [DelegateRecord("a", replaced_by_substitute=True)]),
         "exclusions[0]"),
    ],
)
def test_base_bad_input(call, field):
    with pytest.raises(ElectionInputError) as err:
        call()
    assert err.value.field == field


@st.composite
def member_records(draw, member_id):
    present = draw(st.booleans())
    return MemberRecord(
        member_id,
        temporarily_transferred=draw(st.booleans()),
        exempted=draw(st.booleans()),
        present=present,
        absence_approved=False if present else draw(st.booleans()),
        suspended=draw(st.booleans()),
        prosecuted_or_detained=draw(st.booleans()),
    )


@given(st.integers(0, 20).flatmap(
    lambda n: st.tuples(*(member_records(str(i)) for i in range(n)))), st.integers(1, 10))
def test_members_base_property(records, extra):
    result = members_congress_base(len(records) + extra, records)
    out = {i for ids in result.excluded.values() for i in ids}
    assert result.base == len(records) + extra - len(out)
    assert sum(result.counts.values()) == len(out)  # nobody is counted under two reasons
    for r in records:
        status_out = r.temporarily_transferred or r.suspended or r.prosecuted_or_detained
        # Absent members leave the base only if exempted or excused; present ones never do.
        attendance_out = not r.present and (r.exempted or r.absence_approved)
        assert (r.member_id in out) == (status_out or attendance_out)


# --- the candidate list ------------------------------------------------------------------------


def names(n, prefix="Người"):
    return [f"{prefix} {i}" for i in range(n)]


@pytest.mark.parametrize(
    ("seats", "listed", "code"),
    [
        (10, 11, None),  # 10% surplus
        (10, 13, None),  # 30% exactly is allowed
        (10, 14, "surplus_over_max"),  # 40%: max is floor(30% × 10) = 3
        (12, 15, None),  # 30% of 12 = 3.6 -> 3 people
        (12, 16, "surplus_over_max"),
        (3, 4, None),  # small body: 1 extra although 1/3 > 30%
        (3, 5, "small_body_surplus"),
        (5, 7, "small_body_surplus"),
        (6, 7, None),  # 6 seats is no longer a small body: 30% of 6 = 1.8 -> 1
        (6, 8, "surplus_over_max"),
        (9, 9, "no_surplus"),  # committees need more names than seats
        (9, 8, "too_few"),
    ],
)
def test_surplus_limits(seats, listed, code):
    check = check_candidate_list(seats, names(listed))
    assert [e.code for e in check.errors] == ([code] if code else [])
    assert check.ok is (code is None)


def test_no_surplus_allowed_when_not_required():
    assert check_candidate_list(1, ["Bí thư"], require_surplus=False).ok


def test_floor_nominees_need_more_than_30_percent_of_attendees():
    check = check_candidate_list(
        10, names(11), [FloorNominee("Đủ", 31), FloorNominee("Vừa đúng 30%", 30)], attendees=100
    )
    # 31/100 > 30% -> listed; 30/100 is not *more than* 30% -> not listed.
    assert check.candidates == (*names(11), "Đủ")
    assert check.not_listed == ("Vừa đúng 30%",)
    assert [w.code for w in check.warnings] == ["floor_support"]
    assert check.surplus == 2 and check.ok


def test_floor_nominees_can_push_the_list_over_the_cap():
    check = check_candidate_list(
        10, names(12), [FloorNominee("X", 50), FloorNominee("Y", 60)], attendees=100
    )
    assert check.surplus == 4
    assert [e.code for e in check.errors] == ["surplus_over_max"]


@pytest.mark.parametrize(
    ("seats", "prepared", "warned"),
    [
        (20, 21, True),  # 5%
        (20, 22, False),  # 10%
        (20, 23, False),  # 15%
        (20, 24, True),  # 20%
        (10, 11, False),  # 10%
        (5, 6, False),  # 20%, but 10–15% of 5 is 0.5–0.75 people: 1 is the nearest whole
        (12, 13, False),  # 10–15% of 12 = 1.2–1.8 people: 1 and 2 are accepted
        (12, 14, False),
        (12, 15, True),
    ],
)
def test_prepared_surplus_warning(seats, prepared, warned):
    check = check_candidate_list(seats, names(prepared))
    assert ("prepared_surplus" in [w.code for w in check.warnings]) is warned
    assert check.ok


def test_congress_decided_maximum():
    assert [e.code for e in check_candidate_list(20, names(23), decided_max_surplus=2).errors] == [
        "surplus_over_decided"
    ]
    assert [e.code for e in check_candidate_list(20, names(22), decided_max_surplus=7).errors] == [
        "decided_over_max"  # above 30% of 20 = 6
    ]


def test_policy_figures_change_the_rule():
    policy = ElectionPolicy(max_surplus_percent=20, floor_nominee_support_percent=Decimal("50"))
    assert max_surplus(10, policy) == 2
    assert [e.code for e in check_candidate_list(10, names(13), policy=policy).errors] == [
        "surplus_over_max"
    ]
    check = check_candidate_list(10, names(11), [FloorNominee("X", 50)], attendees=100,
                                 policy=policy)
    assert check.not_listed == ("X",)
    assert ElectionPolicy(prepared_surplus_max_percent=12.5).prepared_surplus_max_percent == (
        Fraction(25, 2)
    )


@pytest.mark.parametrize(
    "kwargs",
    [
        {"max_surplus_percent": 130},
        {"max_surplus_percent": "abc"},
        {"prepared_surplus_min_percent": 20},  # above the max of 15
        {"small_body_min_seats": 6},
    ],
)
def test_policy_rejects_nonsense(kwargs):
    with pytest.raises(ElectionInputError):
        ElectionPolicy(**kwargs)


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: check_candidate_list(0, names(1)), "seats"),
        (lambda: check_candidate_list(3, ["A", "B", "A"]), "prepared[2]"),
        (lambda: check_candidate_list(3, names(4), [FloorNominee("X", 1)]), "attendees"),
        (lambda: check_candidate_list(3, ["A"], [FloorNominee("A", 9)], attendees=10),
         "from_floor[0]"),
        (lambda: check_candidate_list(3, ["A"], [FloorNominee("B", 11)], attendees=10),
         "from_floor[0]"),
    ],
)
def test_candidate_list_bad_input(call, field):
    with pytest.raises(ElectionInputError) as err:
        call()
    assert err.value.field == field


@given(st.integers(1, 200), st.integers(0, 80))
def test_an_accepted_list_respects_every_surplus_limit(seats, surplus):
    check = check_candidate_list(seats, names(seats + surplus))
    if check.ok:
        assert surplus >= 1
        if 3 <= seats <= 5:
            assert surplus <= 1
        else:
            assert 100 * surplus <= 30 * seats
    elif surplus >= 1 and (surplus <= 1 if 3 <= seats <= 5 else 100 * surplus <= 30 * seats):
        pytest.fail(f"{seats} seats, surplus {surplus} wrongly refused: {check.errors}")


@given(st.integers(1, 300))
def test_prepared_range_is_the_10_to_15_percent_band_when_it_can_be(seats):
    allowed = prepared_surplus_range(seats)
    exact = [k for k in range(1, seats + 1) if 10 * seats <= 100 * k <= 15 * seats]
    assert min(allowed) >= 1
    if exact:
        assert list(allowed) == exact
    else:  # the band holds no whole person: the whole numbers just below and above it
        below = math.floor(Fraction(15 * seats, 100))
        assert set(allowed) == {max(1, below), below + 1}


# --- delegate allocation ---------------------------------------------------------------------


def test_allocation_worked_example():
    # 10 delegates, 150 official members, at least 1 per unit.
    # Quotas: a 10×100/150 = 6.67, b 10×5/150 = 0.33, c 10×45/150 = 3, d 0.
    # b is under its minimum: b gets 1 and leaves. 9 delegates for 145 members:
    # a 9×100/145 = 6.21, c 9×45/145 = 2.79, d 0 -> whole parts 6 + 2 = 8, 1 left
    # -> largest remainder c (.79 > .21): a 6, b 1, c 3. d has no official member: 0.
    assert allocate_delegates(10, {"a": 100, "b": 5, "c": 45, "d": 0}, 1) == {
        "a": 6, "b": 1, "c": 3, "d": 0,
    }


def test_allocation_largest_remainder():
    # Quotas 4.7, 3.3, 2.0 -> 4 + 3 + 2 = 9; the 10th to the largest remainder (a, .7).
    assert allocate_delegates(10, {"a": 47, "b": 33, "c": 20}, 0) == {"a": 5, "b": 3, "c": 2}


def test_allocation_tie_breaking_is_documented():
    # Quotas a 0.5, b 1.5: remainders tie at .5; the unit with more members (b) wins,
    # even though "a" sorts first.
    assert allocate_delegates(2, {"a": 1, "b": 3}, 0) == {"a": 0, "b": 2}
    # Same members and remainders: the smaller key wins, whatever the mapping order.
    assert allocate_delegates(1, {"y": 10, "x": 10}, 0) == {"y": 0, "x": 1}


def test_allocation_minimum_is_capped_by_members():
    # "a" has a single official member: it cannot send 2 delegates.
    assert allocate_delegates(10, {"a": 1, "b": 100}, 2) == {"a": 1, "b": 9}


@pytest.mark.parametrize(
    ("total", "members", "minimum", "field"),
    [
        (2, {"a": 10, "b": 10, "c": 10}, 1, "total"),  # 3 units need 3
        (31, {"a": 10, "b": 10, "c": 10}, 1, "total"),  # more than the members
        (0, {"a": 10}, 0, "total"),
        (1, {}, 0, "official_members_by_unit"),
        (1, {"a": -1, "b": 5}, 0, "official_members_by_unit['a']"),
        (1, {"a": 5}, -1, "minimum_per_unit"),
    ],
)
def test_allocation_bad_input(total, members, minimum, field):
    with pytest.raises(ElectionInputError) as err:
        allocate_delegates(total, members, minimum)
    assert err.value.field == field


@st.composite
def allocations(draw):
    units = draw(st.dictionaries(st.text("abcdefgh", min_size=1, max_size=3),
                                 st.integers(0, 500), min_size=1, max_size=8))
    minimum = draw(st.integers(0, 4))
    need = sum(min(minimum, m) for m in units.values())
    everyone = sum(units.values())
    if everyone < max(need, 1):
        units[next(iter(units))] += max(need, 1)
        everyone = sum(units.values())
    total = draw(st.integers(max(need, 1), min(everyone, need + 300)))
    return total, units, minimum


@given(allocations())
def test_allocation_sums_to_total_and_respects_bounds(case):
    total, units, minimum = case
    seats = allocate_delegates(total, units, minimum)
    assert list(seats) == list(units)
    assert sum(seats.values()) == total
    for unit, m in units.items():
        assert min(minimum, m) <= seats[unit] <= m


@given(allocations(), st.randoms(use_true_random=False))
def test_allocation_ignores_the_order_of_units(case, rnd):
    total, units, minimum = case
    items = list(units.items())
    rnd.shuffle(items)
    assert allocate_delegates(total, dict(items), minimum) == allocate_delegates(
        total, units, minimum
    )


@given(allocations())
def test_allocation_more_members_never_fewer_delegates(case):
    total, units, minimum = case
    seats = allocate_delegates(total, units, minimum)
    for u in units:
        for v in units:
            if units[u] > units[v]:
                assert seats[u] >= seats[v]


@given(allocations())
def test_allocation_without_minimum_stays_within_the_quota(case):
    # Hamilton's quota rule: each unit gets its exact share rounded down or up.
    total, units, _ = case
    seats = allocate_delegates(total, units, 0)
    everyone = sum(units.values())
    for unit, m in units.items():
        quota = Fraction(total * m, everyone)
        assert math.floor(quota) <= seats[unit] <= math.ceil(quota)
