"""Double entry, counting from tallies and the quorum (tochuc.domain.elections.entry)."""

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tochuc.domain.elections import (
    BallotsExceedIssuedError,
    ElectionInputError,
    count_ballots,
    count_tallies,
    quorum,
    reconcile_entries,
)
from tochuc.domain.tests.test_elections import rounds


def test_reconciliation_worked_example():
    first = {1: [3, 1], 2: [1, 2], 3: {"invalid": "rách"}, 4: [2]}
    second = {1: [1, 3], 2: [1], 3: {"invalid": "rách"}, 5: [2]}
    rec = reconcile_entries(first, second)
    # ballot 1: the same names in another order agree; 2 differs; 4 only in the first pile, 5 only in the second
    assert (rec.agreed, rec.differ, rec.only_first, rec.only_second) == (2, (2,), (4,), (5,))
    assert rec.mismatches == (2, 4, 5) and not rec.ok


@given(st.dictionaries(st.integers(1, 60), st.lists(st.integers(1, 8), unique=True, max_size=8)), st.data())
def test_reconciliation_is_symmetric_and_ok_only_on_identical_piles(pile, data):
    other = dict(pile)
    if pile and data.draw(st.booleans()):
        number = data.draw(st.sampled_from(sorted(pile)))
        other[number] = [*other[number], 99]
    a, b = reconcile_entries(pile, other), reconcile_entries(other, pile)
    assert a.mismatches == b.mismatches and a.agreed == b.agreed
    assert a.ok == (other == pile)
    assert reconcile_entries(pile, {k: list(reversed(v)) for k, v in pile.items()}).ok


def test_tallies_worked_example():
    # Inspection committee of 3, base 20 (needed 11), 18 valid + 1 invalid of 19 issued.
    result = count_tallies(seats=3, candidates=["Mai", "Hùng", "Tâm", "Quý"],
                           votes={"Mai": 15, "Hùng": 11, "Tâm": 10, "Quý": 12}, valid=18,
                           invalid_by_reason={"không có dấu": 1}, base=20, layout="strike", issued=19)
    # Mai 15 and Quý 12 pass (2·v > 20); Hùng 11 passes; Tâm 10 = half exactly does not.
    assert result.elected == ("Mai", "Quý", "Hùng") and result.unfilled == 0 and result.invalid == 1


def test_tallies_refuse_impossible_figures():
    with pytest.raises(ElectionInputError) as error:
        count_tallies(seats=1, candidates=["A", "B"], votes={"A": 6, "C": 1}, valid=5, invalid_by_reason={},
                      base=9, layout="strike", issued=9)
    fields = {field for field, _ in error.value.problems}
    assert {"votes['A']", "votes['C']", "votes['B']"} <= fields
    with pytest.raises(BallotsExceedIssuedError):
        count_tallies(seats=1, candidates=["A"], votes={"A": 3}, valid=8, invalid_by_reason={"rách": 2},
                      base=9, layout="strike", issued=9)


@given(rounds())
def test_tallies_decide_as_the_ballots_would(args):
    try:
        from_ballots = count_ballots(**args)
    except ElectionInputError:
        return
    from_tallies = count_tallies(seats=args["seats"], candidates=args["candidates"], votes=dict(from_ballots.votes),
                                 valid=from_ballots.valid, invalid_by_reason=dict(from_ballots.invalid_by_reason),
                                 base=args["base"], layout=args["layout"], issued=args["issued"])
    assert (from_tallies.elected, from_tallies.tied, from_tallies.unfilled) == (
        from_ballots.elected, from_ballots.tied, from_ballots.unfilled)


@pytest.mark.parametrize(("base", "present", "needed", "reached"), [
    (9, 6, 6, True), (9, 5, 6, False), (10, 7, 7, True), (10, 6, 7, False), (1600, 1067, 1067, True), (0, 0, 0, True)])
def test_quorum_two_thirds(base, present, needed, reached):
    q = quorum(base=base, present=present)
    assert (q.needed, q.reached) == (needed, reached)


@given(st.integers(0, 5000), st.integers(0, 5000), st.fractions(0, 1))
def test_quorum_needed_is_the_least_whole_number_reaching_the_fraction(base, present, fraction):
    q = quorum(base=base, present=present, fraction=fraction)
    assert q.needed >= fraction * base and (q.needed == 0 or q.needed - 1 < fraction * base)
    assert q.reached == (present >= fraction * base)
    assert quorum(base=base, present=present, fraction=Fraction(2, 3)).needed * 3 >= 2 * base
