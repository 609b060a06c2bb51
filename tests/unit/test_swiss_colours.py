"""Colour allocation by FIDE's Dutch rules (services/results/swiss/colours.py) against the
FIDE-endorsed engine bbpPairings: in the tournaments it generated and paired from 150 seeds
(147: three left no legal round; 9 to 60 players, 5 to 9 rounds, draws, forfeits,
withdrawals, half-point byes, late starters; 16,945 games), every game's colours, given who
was paired, are the engine's."""

from __future__ import annotations

from decimal import Decimal

import pytest

from services.results.swiss import colours, trf
from tests.support import bbp

pytestmark = pytest.mark.unit

POINTS = {"1": 1, "=": Decimal("0.5"), "+": 1, "U": 1, "F": 1, "H": Decimal("0.5"), "W": 1, "D": Decimal("0.5")}


def _took_part(player: trf.Player, rounds: int) -> bool:
    """Paired in one of the first ``rounds`` rounds (a game, a forfeit or the pairing bye)."""
    return any(g.opponent is not None or g.result == "U" for g in player.games[:rounds])


def _side(player: trf.Player, number: int, round_no: int) -> colours.Side:
    before = player.games[: round_no - 1]
    return colours.Side(
        number,
        sum((Decimal(POINTS.get(g.result, 0)) for g in before), Decimal(0)),
        tuple(g.colour for g in before if g.played and g.colour in (colours.WHITE, colours.BLACK)),
    )


def _initial(t: trf.Tournament) -> str:
    """The initial colour, as the first round shows it: the top player taking part in it has it."""
    first = min((p for p in t.players if _took_part(p, 1)), key=lambda p: p.number)
    return first.games[0].colour


def test_every_games_colours_are_the_engines(tmp_path):
    games = tournaments = 0
    disagreements = []
    for seed in range(1, 151):
        text = bbp.generate(tmp_path, seed, players=9 + (seed * 7) % 52, rounds=5 + seed % 5,
                            draws=2 + seed % 50, forfeits=2 + seed % 20, retired=2 + seed % 15, byes=2 + seed % 12)  # fmt: skip
        if not text:
            continue
        t = trf.parse(text)
        tournaments += 1
        initial = _initial(t)
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
