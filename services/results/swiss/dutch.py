"""Pairing a Swiss round by FIDE's Dutch system (Handbook C.04.3, the 2025 rules), pure.

The rules define the pairing as the best one by their criteria C1–C21, in order: no two
players meet twice, no bye to one who had a bye or an unplayed win, the most pairs in each
bracket, then the scores paired, colour preferences, repeated floaters, and the order of
transpositions and exchanges. This engine finds it the way bbpPairings (FIDE-endorsed, the
reference in ../shared/tools) does — the same steps, bracket by bracket, each a maximum
weight matching whose edge weights encode the criteria (matching.py) — so the two agree on
every pair, colour and bye: tests/unit/test_swiss_dutch.py pairs 100+ tournaments the
engine generated round by round and compares.

Input: every player in pairing-number order (starting rank: by rating, else by lot) with
their past rounds, whether they are to be paired this round (absent, withdrawn or on a
requested bye: not), and the points of a win and a draw. Output: the boards (white = Red in
Chinese chess, who moves first) in the rules' board order, and the player on the bye.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from services.results.swiss import colours
from services.results.swiss.brackets import Brackets
from services.results.swiss.criteria import Criteria, no_pairing
from services.results.swiss.matching import Graph
from services.results.swiss.players import BLACK, WHITE, Entrant, Pairing, Past, Player, Rules, prepare

__all__ = ["BLACK", "WHITE", "Entrant", "Pairing", "Past", "Rules", "pair"]


def _boards(c: Criteria, pairs: dict[int, int]) -> Pairing:
    """Colours by the rules' section E, boards in the rules' order (the higher player's score,
    the lower player's, the higher player's rank); the bye, if any, to the one left."""
    by_number = {p.number: p for p in c.sorted}

    def side(p: Player) -> colours.Side:
        return colours.Side(p.rank + 1, Decimal(p.score), p.colours)

    boards = []
    for a in sorted(pairs):
        b = pairs[a]
        if a > b:
            continue
        pa, pb = by_number[a], by_number[b]
        high, low = (pa, pb) if (pa.score, -pa.rank) > (pb.score, -pb.rank) else (pb, pa)
        white_a = colours.colour_of(side(pa), side(pb), c.rules.initial) == colours.WHITE
        boards.append(((-high.score, -low.score, high.rank), (a, b) if white_a else (b, a)))
    boards.sort()
    alone = [p.number for p in c.sorted if p.number not in pairs]
    return Pairing([board for _key, board in boards], alone[0] if alone else None)


def pair(entrants: Sequence[Entrant], rules: Rules) -> Pairing:
    """The next round's pairing; DomainError when no pairing satisfies the absolute criteria."""
    c = Criteria(prepare(entrants, rules), rules)
    n = len(c.sorted)
    if n == 0:
        return Pairing([], None)
    graph = Graph(n, c.layout(), 3 * c.sgsb + 1)
    if n % 2:
        c.choose_bye()
    for i in range(n):
        for j in range(i):
            graph.set(j, i, c.weight(c.sorted[j], c.sorted[i], False, False))
    if n % 2 == 0 and not c.complete(graph.solve()):
        raise no_pairing()
    return _boards(c, Brackets(c, graph).run())
