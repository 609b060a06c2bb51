"""The Dutch pairing engine (services/results/swiss/dutch.py) against the FIDE-endorsed
bbpPairings: every round of the tournaments it generated and paired from 150 seeds (147: three
left no legal round; 9 to 60 players, 5 to 9 rounds, draws, forfeits, withdrawals,
half-point byes, late starters; 1,025 rounds) is paired again here from the rounds before
it — the same boards, the same colours, the same bye."""

from __future__ import annotations

from decimal import Decimal

import pytest

from services.errors import DomainError
from services.results.swiss import check, dutch, matching, trf
from tests.support import bbp

pytestmark = pytest.mark.unit


def _disagreements(t: trf.Tournament) -> list[check.RoundCheck]:
    """The rounds the product's checker (services/results/swiss/check.py) pairs otherwise."""
    return [c for c in check.check(t) if not c.same]


def test_every_round_is_paired_as_the_engine_paired_it(tmp_path):
    tournaments = rounds = 0
    disagreements = []
    for seed, t in bbp.seeded_tournaments(tmp_path):
        tournaments += 1
        rounds += t.rounds
        disagreements += [(seed, d) for d in _disagreements(t)]
        assert check.planned_rounds(t) == bbp.rounds_of(seed)
    assert tournaments >= 100 and rounds > 1000, (tournaments, rounds)
    assert disagreements == []


def test_bigger_fields_and_longer_tournaments(tmp_path):
    """61–70 players over 9–11 rounds: wider score groups, more floaters."""
    for seed, players, rounds in [(1001, 61, 9), (1002, 66, 10), (1003, 70, 11)]:
        text = bbp.generate(tmp_path, seed, players=players, rounds=rounds, draws=5, forfeits=8, retired=9, byes=7)
        assert text
        assert _disagreements(trf.parse(text)) == [], seed


def test_the_exact_weights_pair_as_the_packed_ones(tmp_path, monkeypatch):
    """With no room for packed weights every matching takes the exact ones (networkx): the same
    pairings, so packing changed nothing."""
    monkeypatch.setattr(matching, "MAX_BITS", 0)
    for seed in (3, 14, 40):
        text = bbp.seeded(tmp_path, seed)
        assert text
        assert _disagreements(trf.parse(text)) == [], seed


def _past(*games: tuple[int | None, str, str]) -> tuple[dutch.Past, ...]:
    points = {"1": Decimal(1), "=": Decimal("0.5"), "0": Decimal(0)}
    return tuple(dutch.Past(o, c if r in points and o else "", points.get(r, Decimal(1)), True) for o, c, r in games)


def test_round_one_pairs_the_top_half_with_the_bottom_half():
    entrants = [dutch.Entrant(n) for n in range(1, 8)]
    pairing = dutch.pair(entrants, dutch.Rules(rounds=5))
    assert pairing.boards == [(1, 4), (5, 2), (3, 6)]
    assert pairing.bye == 7
    black_first = dutch.pair(entrants, dutch.Rules(rounds=5, initial=dutch.BLACK))
    assert black_first.boards == [(4, 1), (2, 5), (6, 3)]


def test_the_bye_never_goes_twice_to_one_player():
    entrants = [
        dutch.Entrant(1, _past((3, "w", "1"))),
        dutch.Entrant(2, _past((None, "", "U"))),  # had the bye in round 1
        dutch.Entrant(3, _past((1, "b", "0"))),
    ]
    pairing = dutch.pair(entrants, dutch.Rules(rounds=3))
    assert pairing.bye == 3 and pairing.boards == [(2, 1)]


def test_an_absent_player_is_not_paired_and_players_never_meet_twice():
    entrants = [
        dutch.Entrant(1, _past((2, "w", "1"))),
        dutch.Entrant(2, _past((1, "b", "0"))),
        dutch.Entrant(3, _past((4, "w", "="))),
        dutch.Entrant(4, _past((3, "b", "=")), to_pair=False),
    ]
    pairing = dutch.pair(entrants, dutch.Rules(rounds=3))
    assert {frozenset(b) for b in pairing.boards} == {frozenset({1, 3})} and pairing.bye == 2


def test_no_legal_pairing_is_refused_with_a_message():
    entrants = [dutch.Entrant(1, _past((2, "w", "1"))), dutch.Entrant(2, _past((1, "b", "0")))]
    with pytest.raises(DomainError, match="Không xếp được"):
        dutch.pair(entrants, dutch.Rules(rounds=3))


def test_the_checker_names_a_round_the_rules_would_not_pair(tmp_path):
    t = trf.parse(bbp.seeded(tmp_path, 7))
    by_number = {p.number: p for p in t.players}
    boards = check.pairing(t, 3).boards
    (w1, b1), (w2, b2) = boards[0], boards[-1]  # the top board's white now meets the last board's black
    for white, black, result in ((w1, b2, "1"), (w2, b1, "0")):
        by_number[white].games[2] = trf.Game(black, "w", result)
        by_number[black].games[2] = trf.Game(white, "b", {"1": "0", "0": "1"}[result])
    found = check.check(t)
    assert [c.number for c in found if not c.same][:1] == [3]
    assert (w1, b2) in found[2].only_in_file and (w1, b1) in found[2].by_the_rules


def test_a_trf_with_its_own_points_and_initial_colour_is_read_by_them():
    lines = ["XXR 3", "XXC black1", "BBW 2.0", "BBD 1.0"]
    for n, opponent, colour in ((1, 3, "b"), (2, 4, "w"), (3, 1, "w"), (4, 2, "b")):
        lines.append(f"001 {n:4d}      Player {n:<26} {'':>4} {'':>3} {'':>11} {'':>10}  0.0     "
                     f"  {opponent:4d} {colour} {'1' if colour == 'w' else '0'}")  # fmt: skip
    t = trf.parse("\n".join(lines) + "\n")
    assert check.points(t)["1"] == 2 and check.initial_colour(t) == "b" and check.planned_rounds(t) == 3
    assert [c.same for c in check.check(t)] == [True]  # 1 v 3 and 2 v 4, the top player with black
