"""Colour allocation by FIDE's Dutch rules (services/results/swiss/colours.py) against the
FIDE-endorsed engine bbpPairings: in the tournaments it generated and paired from 150 seeds
(147: three left no legal round; 9 to 60 players, 5 to 9 rounds, draws, forfeits,
withdrawals, half-point byes, late starters; 16,945 games), every game's colours, given who
was paired, are the engine's."""

from __future__ import annotations

from decimal import Decimal

import pytest

from services.results.swiss import check, colours, trf
from tests.support import bbp

pytestmark = pytest.mark.unit


def _took_part(player: trf.Player, rounds: int) -> bool:
    """Paired in one of the first ``rounds`` rounds (a game, a forfeit or the pairing bye)."""
    return any(check.took_part(g) for g in player.games[:rounds])


def _side(player: trf.Player, number: int, round_no: int) -> colours.Side:
    before = player.games[: round_no - 1]
    return colours.Side(
        number,
        sum((bbp.SCORING.get(g.result, Decimal(0)) for g in before), Decimal(0)),
        tuple(g.colour for g in before if g.played and g.colour in (colours.WHITE, colours.BLACK)),
    )


def test_every_games_colours_are_the_engines(tmp_path):
    games = tournaments = 0
    disagreements = []
    for seed, t in bbp.seeded_tournaments(tmp_path):
        tournaments += 1
        initial = check.initial_colour(t)
        by_number = {p.number: p for p in t.players}
        for round_no in range(1, t.rounds + 1):
            numbered = sorted(p.number for p in t.players if _took_part(p, round_no))
            pairing_number = {n: i for i, n in enumerate(numbered, start=1)}
            for p in t.players:
                game = p.games[round_no - 1] if len(p.games) >= round_no else None
                if game is None or game.opponent is None or game.opponent < p.number or game.colour not in "wb":
                    continue
                q = by_number[game.opponent]
                mine = colours.colour_of(
                    _side(p, pairing_number[p.number], round_no), _side(q, pairing_number[q.number], round_no), initial
                )
                games += 1
                if mine != game.colour:
                    disagreements.append((seed, round_no, p.number, q.number, game.colour, mine))
    assert tournaments >= 100 and games > 10_000, (tournaments, games)
    assert disagreements == []


@pytest.mark.parametrize(
    ("played", "expected"),
    [
        ([], colours.Preference(None, colours.NONE, 0)),
        (["w"], colours.Preference("b", colours.STRONG, 1)),
        (["w", "b"], colours.Preference("w", colours.MILD, 0)),
        (["b", "w", "w"], colours.Preference("b", colours.ABSOLUTE, 1)),  # the same colour twice running
        (["w", "b", "w", "w", "b", "w"], colours.Preference("b", colours.ABSOLUTE, 2)),
    ],
)
def test_a_players_colour_preference(played, expected):
    assert colours.preference(played) == expected
