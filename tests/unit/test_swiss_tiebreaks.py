"""Swiss tie-breaks (services/results/swiss/tiebreaks.py) on published tournaments:

- the FIDE Women's World Rapid Championship 2024 (New York, 26–28 December 2024; 110 players,
  11 rounds): its games (tests/data/swiss/wwrc2024.trf, made from the tournament's PGN kept
  in lichess-org/scalachess, test-kit/src/test/resources/FWWRC.pgn) give every player the
  Buchholz cut-1 and Buchholz of the published final ranking (chess-results.com, tournament
  1074691, tie-break columns TB1 and TB2; as reproduced in scalachess's snapshot
  official_tournament.txt) — tests/data/swiss/wwrc2024-tiebreaks.csv;
- FIDE's worked exercise of the 2023 rules on unplayed rounds (Arbiters' Commission,
  M. Held, "Exercises in Tie-Breaking", arbiters.fide.com/news/9119; the crosstable and
  answers as FIDE TEC published them on 18 March 2024, tec.fide.com/2024/03/18/tie-break-
  exercise): forfeits, requested and pairing-allocated byes, an absence, a player who
  withdrew.
"""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest

from services.results.swiss import check, tiebreaks, trf
from services.results.swiss.players import Past, Rules
from tests.support import bbp

pytestmark = pytest.mark.unit

DATA = Path(__file__).resolve().parents[1] / "data" / "swiss"
ONE, HALF, ZERO = Decimal(1), Decimal("0.5"), Decimal(0)


def test_the_womens_world_rapid_2024_buchholz_columns_are_the_published_ones():
    t = trf.parse((DATA / "wwrc2024.trf").read_text())
    games = {p.number: [check.past(g, bbp.SCORING) for g in p.games] for p in t.players}
    values = tiebreaks.values(games, Rules(rounds=11))
    published = list(csv.DictReader((DATA / "wwrc2024-tiebreaks.csv").open()))
    assert len(published) == len(games) == 110
    mine = [(int(r["number"]), values[int(r["number"])]["BH-C1"], values[int(r["number"])]["BH"]) for r in published]
    assert mine == [(int(r["number"]), Decimal(r["bh_c1"]), Decimal(r["bh"])) for r in published]
    table = tiebreaks.standings(games, Rules(rounds=11), ["BH-C1", "BH"])
    assert [(row.place, row.number, row.points) for row in table[:2]] == [(1, 10, Decimal("8.5")), (2, 1, Decimal(8))]


# FIDE's exercise: +W9 a win with white against 9, =B13 a draw with black, -F11 a forfeit
# lost to 11, +F9 a forfeit won, =BYE a requested half-point bye, +BYE the pairing-allocated
# bye, -- absent. Player 12 withdrew: lost to 4, the round-2 bye (the only player left
# unpaired in that round), a forfeit won against 14, then absent.
EXERCISE = """\
1 +W9 =B13 =W2 +B15 =W4
2 +B10 +W7 =B1 +W16 =B3
3 =W11 +B6 +W8 =B4 =W2
4 +B12 =BYE +W13 =W3 =B1
5 -W13 -B15 +W11 =B7 +W10
6 -B14 -W3 +BYE +W10 +B8
7 +W15 -B2 -B16 =W5 -B11
8 =B16 +W14 -B3 +W13 -W6
9 -B1 -W10 =BYE -F11 +BYE
10 -W2 +B9 -W15 -B6 -B5
11 =B3 -W16 -B5 +F9 +W7
12 -W4 +BYE +F14 -- --
13 +B5 =W1 -B4 -B8 -W14
14 +W6 -B8 -F12 -- +B13
15 -B7 +W5 +B10 -W1 -B16
16 =W8 +B11 +W7 -B2 +W15"""


def _exercise() -> dict[int, list[Past]]:
    points = {"+": ONE, "=": HALF, "-": ZERO}
    games = {}
    for line in EXERCISE.splitlines():
        number, *cells = line.split()
        rounds = []
        for c in cells:
            if c == "--":
                rounds.append(Past(None, "", ZERO, False))
            elif c[1:] == "BYE":
                rounds.append(Past(None, "", points[c[0]], c[0] == "+"))
            elif c[1] == "F":
                rounds.append(Past(int(c[2:]), "", points[c[0]], True))
            else:
                rounds.append(Past(int(c[2:]), "w" if c[1] == "W" else "b", points[c[0]], True))
        games[int(number)] = rounds
    return games


def test_fides_exercise_of_unplayed_rounds():
    values = tiebreaks.values(_exercise(), Rules(rounds=5))
    buchholz = {2: 13, 1: Decimal("12.5"), 3: Decimal("15.5"), 5: Decimal("8.5"), 8: Decimal("13.5"),
                11: Decimal("13.5"), 16: Decimal("12.5"), 4: 15}  # fmt: skip
    assert {p: values[p]["BH"] for p in buchholz} == buchholz
    assert {p: values[p]["BH-C1"] for p in (5, 8, 11)} == {5: Decimal("7.5"), 8: 12, 11: 12}


def test_the_counts_and_the_progressive_score():
    values = tiebreaks.values(_exercise(), Rules(rounds=5))
    # 9: lost, lost, half-point bye, forfeit lost, pairing bye
    assert values[9]["WIN"] == 1 and values[9]["WON"] == 0 and values[9]["BPG"] == 1
    assert values[9]["PS"] == 0 + 0 + HALF + HALF + Decimal("1.5")
    # 6: lost (black), lost, the bye, won with white, won with black
    assert values[6]["WIN"] == 3 and values[6]["WON"] == 2 and values[6]["BPG"] == 2 and values[6]["BWG"] == 1


def _round_robin(results: dict[tuple[int, int], Decimal]) -> dict[int, list[Past]]:
    games: dict[int, list[Past]] = {}
    for (white, black), points in results.items():
        games.setdefault(white, []).append(Past(black, "w", points, True))
        games.setdefault(black, []).append(Past(white, "b", ONE - points, True))
    return games


def test_direct_encounter_among_players_who_all_met():
    # 1 beat 2, 2 beat 3, 3 beat 1, all beat 4: a cycle, DE cannot split it
    games = _round_robin({(1, 2): ONE, (2, 3): ONE, (3, 1): ONE, (4, 1): ZERO, (4, 2): ZERO, (4, 3): ZERO})
    table = tiebreaks.standings(games, Rules(rounds=3), ["DE"])
    assert [(r.number, r.place) for r in table] == [(1, 1), (2, 1), (3, 1), (4, 4)]
    games = _round_robin({(1, 2): ONE, (2, 3): HALF, (3, 1): HALF, (4, 1): ONE, (4, 2): ONE, (4, 3): ZERO})
    # 3 and 4 on 2 points: 3 beat 4
    table = tiebreaks.standings(games, Rules(rounds=3), ["DE"])
    assert [(r.number, r.place, r.values["DE"]) for r in table][:2] == [(3, 1, ONE), (4, 2, ZERO)]


def test_direct_encounter_when_not_all_met_separates_only_the_unreachable():
    games = {
        1: [Past(2, "w", ONE, True), Past(5, "b", ONE, True)],
        2: [Past(1, "b", ZERO, True), Past(6, "w", ONE, True)],
        3: [Past(6, "b", ONE, True), Past(4, "w", ZERO, True)],
        4: [Past(5, "w", ONE, True), Past(3, "b", ONE, True)],
        5: [Past(4, "b", ZERO, True), Past(1, "w", ZERO, True)],
        6: [Past(3, "w", ZERO, True), Past(2, "b", ZERO, True)],
    }
    # 1 and 4 on 2 points never met: DE cannot separate them
    table = tiebreaks.standings(games, Rules(rounds=3), ["DE"])
    assert [(r.number, r.place) for r in table][:2] == [(1, 1), (4, 1)]
    # with lots drawn, the tie ends
    table = tiebreaks.standings(games, Rules(rounds=3), ["DE"], lots={1: 2, 4: 1})
    assert [(r.number, r.place) for r in table][:2] == [(4, 1), (1, 2)]
