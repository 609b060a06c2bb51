"""Knockout brackets of 5, 6, 7 and 12 entries (services/results/brackets.py)."""

import pytest

from services.results.brackets import bracket_size, first_round, rounds, seed_order
from services.results.draws import round_robin


def test_seed_order_keeps_the_top_seeds_apart():
    assert seed_order(8) == [1, 8, 4, 5, 2, 7, 3, 6]
    order = seed_order(16)
    assert sorted(order) == list(range(1, 17))
    assert order.index(1) < 8 <= order.index(2)  # seeds 1 and 2 in different halves: they meet in the final


@pytest.mark.parametrize(
    ("n", "size", "byes", "matches", "round_count"),
    [(5, 8, 3, 1, 3), (6, 8, 2, 2, 3), (7, 8, 1, 3, 3), (12, 16, 4, 4, 4)],
)
def test_first_round_byes_go_to_the_top_seeds(n, size, byes, matches, round_count):
    entries = [f"seed {i}" for i in range(1, n + 1)]
    pairs = first_round(entries)
    assert bracket_size(n) == size and len(pairs) == size // 2 and rounds(n) == round_count
    with_bye = [a for a, b in pairs if b is None]
    assert len(with_bye) == byes and sum(1 for a, b in pairs if a and b) == matches
    assert sorted(with_bye, key=lambda e: int(e.split()[1])) == entries[:byes]  # the best seeds rest
    assert all(a is not None for a, _b in pairs)  # never two byes together
    placed = [e for pair in pairs for e in pair if e is not None]
    assert sorted(placed) == sorted(entries)


def test_a_knockout_needs_two_entries():
    with pytest.raises(ValueError):
        bracket_size(1)


# FIDE Handbook C.05, Annex 1: the Berger table for 5 or 6 players, round by round (white first).
BERGER_6 = [
    [(1, 6), (2, 5), (3, 4)],
    [(6, 4), (5, 3), (1, 2)],
    [(2, 6), (3, 1), (4, 5)],
    [(6, 5), (1, 4), (2, 3)],
    [(3, 6), (4, 2), (5, 1)],
]


def test_a_round_robin_follows_the_fide_berger_table():
    assert round_robin([1, 2, 3, 4, 5, 6]) == BERGER_6
    # five players: the same table, number 6 sits out
    assert round_robin([1, 2, 3, 4, 5]) == [[p for p in r if 6 not in p] for r in BERGER_6]


@pytest.mark.parametrize("n", range(2, 17))
def test_every_entry_meets_every_other_once_and_is_listed_first_half_the_time(n):
    table = round_robin(list(range(1, n + 1)))
    pairs = [frozenset(p) for r in table for p in r]
    assert len(pairs) == len(set(pairs)) == n * (n - 1) // 2
    assert all(len({x for p in r for x in p}) == 2 * len(r) for r in table)  # nobody twice in a round
    first = [sum(1 for r in table for a, _b in r if a == e) for e in range(1, n + 1)]
    assert max(first) - min(first) <= 1  # 7 entries: each listed first 3 times
