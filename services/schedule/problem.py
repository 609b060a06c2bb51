"""The scheduling problem as plain data, with no database: the courts and when they are open,
the matches with their length, the rest their players need, who may play in them and what
must be over first. ``services/schedule/solver.py`` solves it; ``services/schedule/event.py``
builds it from an event and writes the answer back.

Times are minutes from midnight (Vietnam time) of the event's first day; the solver counts
in steps of ``STEP`` minutes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

STEP = 5  # minutes: the solver's clock
DAY = 24 * 60
NOON = 12 * 60
# The session a competition's final must be in: "" anywhere; the event's last day, its morning
# (starting before noon) or its afternoon (starting at noon or later).
FINAL_SESSIONS = ("", "day", "morning", "afternoon")


def final_bounds(session: str, days: int) -> tuple[int, int | None]:
    """The first and last minute a final of ``session`` may start at (None: no last)."""
    last = (days - 1) * DAY
    if session == "day":
        return last, None
    if session == "morning":
        return last, last + NOON - 1
    if session == "afternoon":
        return last + NOON, None
    return 0, None


@dataclass(frozen=True)
class Court:
    id: int
    venue_id: int
    name: str
    sports: frozenset[str]  # the sport kinds it hosts (services/results/sports.KINDS); empty: any
    windows: tuple[tuple[int, int], ...]  # when it is open: [start, end) minutes, every day of the event

    def hosts(self, sport: str) -> bool:
        return not self.sports or sport in self.sports


@dataclass(frozen=True)
class Game:
    """A match to place. ``people``: everyone who may play in it (a later knockout round: all
    who may still reach it), entries included, so nobody is ever in two places at once
    whatever the results. ``after``: the matches that must be over, with this one's rest,
    before it starts (the previous knockout round, the groups that feed it)."""

    id: int
    competition_id: int
    sport: str
    minutes: int
    rest: int
    people: frozenset = frozenset()
    after: tuple[int, ...] = ()
    final_session: str = ""  # a final the competition wants in a session (FINAL_SESSIONS)
    fixed: tuple[int, int | None] | None = None  # (start, court id) of a match that does not move


@dataclass
class Problem:
    days: int
    courts: list[Court]
    games: list[Game]
    names: dict = field(default_factory=dict)  # ("competition", id) / ("venue", id) → name, for reasons
    previous: dict[int, tuple[int, int]] = field(default_factory=dict)  # game → (start, court): a re-plan keeps them
    closed: dict[int, list[tuple[int, int]]] = field(default_factory=dict)  # court → [start, end) it is closed
    earliest: int = 0  # no match that moves starts before this minute (now, on the day)
    travel: int = 0  # minutes between one person's two matches at different venues

    @property
    def horizon(self) -> int:
        return self.days * DAY

    def name(self, kind: str, key: int) -> str:
        return str(self.names.get((kind, key), f"#{key}"))


@dataclass(frozen=True)
class Placement:
    start: int  # minutes from the first day's midnight
    court_id: int | None  # None: a fixed match placed before courts existed


@dataclass
class Outcome:
    placements: dict[int, Placement]  # empty when it does not fit
    reasons: list[str]  # why it does not fit (Vietnamese), nothing written then
    solve_s: float = 0.0
    optimal: bool = False

    @property
    def fits(self) -> bool:
        return not self.reasons
