"""Who plays white (Red, who moves first, in Chinese chess) in a Swiss pairing: FIDE's Dutch
system (Handbook C.04.3, section E, "colour allocation rules"), pure.

A player's colours are those of the games they really played (a forfeit, a bye or an absence
gives no colour). Their colour preference:
- absolute: two more of one colour than the other, or the same colour in the last two games
  played: the other colour;
- strong: one more of one colour: the other colour;
- mild: as many of each: the other colour than in the last game played;
- none: no game played yet.

For two players paired together, in this order (E.1–E.5):
1. both preferences granted when they differ (or one has none);
2. else the stronger preference (absolute over strong over mild); of two absolute ones the
   wider colour difference;
3. else the colours alternated from the most recent game in which they had different colours;
4. else the higher ranked player's preference (more points, then the lower pairing number);
5. else (neither has a preference) the higher ranked player gets the initial colour if their
   pairing number is odd, the other colour if it is even — the pairing number counting only
   players who have taken part in a pairing so far (a player absent from every round does not
   shift the boards).

Checked on every game (16,945) of the 147 tournaments bbpPairings (FIDE-endorsed) generated
from 150 seeds (tests/unit/test_swiss_colours.py): the same colours, given who was paired.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

WHITE, BLACK = "w", "b"
NONE, MILD, STRONG, ABSOLUTE = 0, 1, 2, 3


def other(colour: str) -> str:
    return BLACK if colour == WHITE else WHITE


@dataclass(frozen=True)
class Preference:
    colour: str | None  # the colour wanted; None: no preference
    strength: int  # NONE, MILD, STRONG, ABSOLUTE
    difference: int  # |whites − blacks|


def preference(colours: list[str]) -> Preference:
    """The preference a player's colours in games played (oldest first) give."""
    difference = colours.count(WHITE) - colours.count(BLACK)
    last_two = colours[-2:]
    if difference > 1 or last_two == [WHITE, WHITE]:
        return Preference(BLACK, ABSOLUTE, abs(difference))
    if difference < -1 or last_two == [BLACK, BLACK]:
        return Preference(WHITE, ABSOLUTE, abs(difference))
    if difference:
        return Preference(BLACK if difference > 0 else WHITE, STRONG, 1)
    if colours:
        return Preference(other(colours[-1]), MILD, 0)
    return Preference(None, NONE, 0)


@dataclass(frozen=True)
class Side:
    """A player as the colour rules see them before the round."""

    number: int  # pairing number among the players who have taken part in a pairing
    score: Decimal
    colours: tuple[str, ...]  # of the games played, oldest first


def colour_of(player: Side, opponent: Side, initial: str) -> str:
    """The colour ``player`` gets against ``opponent`` (``initial``: the tournament's initial
    colour, drawn before round 1)."""
    mine, theirs = preference(list(player.colours)), preference(list(opponent.colours))
    higher = (player.score, -player.number) > (opponent.score, -opponent.number)
    if mine.colour != theirs.colour:  # E.1: both granted (or the one there is)
        return mine.colour if mine.colour else other(theirs.colour)  # type: ignore[arg-type]
    if mine.colour is not None:
        if mine.strength != theirs.strength:  # E.2: the stronger
            return mine.colour if mine.strength > theirs.strength else other(mine.colour)
        if mine.strength == ABSOLUTE and mine.difference != theirs.difference:
            return mine.colour if mine.difference > theirs.difference else other(mine.colour)
        for a, b in zip(reversed(player.colours), reversed(opponent.colours), strict=False):
            if a != b:  # E.3: alternate from the last time they differed
                return other(a)
        return mine.colour if higher else other(mine.colour)  # E.4: the higher ranked player's
    top = player if higher else opponent  # E.5: by the higher ranked player's pairing number
    top_colour = initial if top.number % 2 else other(initial)
    return top_colour if higher else other(top_colour)
