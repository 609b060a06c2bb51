"""A Swiss tournament's players as the Dutch pairing takes them (pure): what the caller gives
(``Entrant``: pairing number, past rounds, to be paired or not; ``Rules``) and what the rules
derive from it before a round (``Player``: score in tenths, colour preference, floats, bye
eligibility), following the Handbook's definitions (C.04.1, C.04.3 A) as bbpPairings reads
them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

WHITE, BLACK, NONE = "w", "b", ""
DOWN, UP, LEVEL = "D", "U", ""


def tenths(points: Decimal) -> int:
    return int(Decimal(points) * 10)


@dataclass(frozen=True)
class Past:
    """One past round of a player."""

    opponent: int | None  # the opponent's pairing number; None: no opponent (a bye, absent)
    colour: str  # "w" or "b" when a game was played on the board, else ""
    points: Decimal
    paired: bool  # took part in that round's pairing: a game, a forfeit, the pairing bye

    @property
    def played(self) -> bool:
        return self.opponent is not None and self.colour in (WHITE, BLACK)


@dataclass(frozen=True)
class Entrant:
    number: int  # pairing number (starting rank), 1 = first
    past: tuple[Past, ...] = ()  # rounds 1…n already played, in order
    to_pair: bool = True  # False: absent, withdrawn or on a requested bye this round


@dataclass(frozen=True)
class Rules:
    rounds: int  # rounds planned (the last round relaxes the colour rule for the leaders)
    win: Decimal = Decimal(1)
    draw: Decimal = Decimal("0.5")
    loss: Decimal = Decimal(0)
    initial: str = WHITE  # the initial colour, drawn before round 1
    forbidden: frozenset[frozenset[int]] = frozenset()  # pairs that must not meet


@dataclass
class Pairing:
    boards: list[tuple[int, int]]  # (white, black) pairing numbers, board 1 first
    bye: int | None  # the pairing-allocated bye


@dataclass(eq=False)
class Player:
    number: int
    past: tuple[Past, ...]
    to_pair: bool = True
    rank: int = 0  # 0-based among the players who have taken part in a pairing
    score: int = 0  # tenths of a point
    scores_back: list[int] = field(default_factory=list)  # score before the last 1, 2 rounds
    floats: list[str] = field(default_factory=list)  # float in the last round, the one before
    colours: tuple[str, ...] = ()
    imbalance: int = 0
    preference: str = NONE
    repeated: str = NONE  # the colour of the last two games when they were the same
    strong: bool = False
    played: int = 0
    bye_eligible: bool = True

    @property
    def absolute_imbalance(self) -> bool:
        return self.imbalance > 1

    @property
    def absolute(self) -> bool:
        return self.imbalance > 1 or self.repeated != NONE


def prepare(entrants: Sequence[Entrant], rules: Rules) -> list[Player]:
    """Every entrant as the rules see them before the round, in pairing-number order."""
    win, loss = tenths(rules.win), tenths(rules.loss)
    players = []
    for e in sorted(entrants, key=lambda e: e.number):
        p = Player(e.number, e.past, e.to_pair)
        points = [tenths(g.points) for g in e.past]
        p.score = sum(points)
        p.scores_back = [p.score - sum(points[len(points) - k :]) for k in (1, 2)]
        played = [g for g in e.past if g.played]
        p.colours = tuple(g.colour for g in played)
        p.played = len(played)
        whites = p.colours.count(WHITE)
        blacks = len(p.colours) - whites
        lower = BLACK if whites > blacks else WHITE
        p.imbalance = abs(whites - blacks)
        run = 0
        for c in reversed(p.colours):
            if c != p.colours[-1]:
                break
            run += 1
        last = p.colours[-1] if p.colours else NONE
        other = (BLACK if last == WHITE else WHITE) if last else NONE
        p.preference = (
            lower if p.imbalance > 1 else other if run > 1 else lower if p.imbalance else other if run else NONE
        )
        p.repeated = last if run > 1 else NONE
        p.strong = not p.absolute and p.imbalance > 0
        p.bye_eligible = not any(
            not g.played and (pts >= win or (g.paired and g.opponent is None))
            for g, pts in zip(e.past, points, strict=True)
        )
        p.floats = []
        for back in (1, 2):
            if len(e.past) < back:
                p.floats.append(LEVEL)
                continue
            g = e.past[-back]
            if not g.played:
                p.floats.append(DOWN if points[-back] > loss else LEVEL)
            else:
                p.floats.append(g.opponent)  # type: ignore[arg-type]  # resolved below
        players.append(p)
    rank = 0
    for p in players:  # pairing numbers count only players who have taken part in a pairing
        if p.to_pair or any(g.paired for g in p.past):
            p.rank = rank
            rank += 1
    _resolve_floats(players, {p.number: p for p in players})
    return players


def _resolve_floats(players: list[Player], by_number: dict[int, Player]) -> None:
    for p in players:
        for back, f in enumerate(p.floats, start=1):
            if isinstance(f, int):
                mine, theirs = p.scores_back[back - 1], by_number[f].scores_back[back - 1]
                p.floats[back - 1] = DOWN if mine > theirs else UP if mine < theirs else LEVEL
