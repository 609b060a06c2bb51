"""Group standings: points, then tie-breakers in a configurable order. Pure: no database.

Tie-breakers (names used in a competition's configuration):

- ``head_to_head``: points in the matches among the tied entries only; when that splits
  them, each still-tied part is ranked again from the first criterion (UEFA's way);
- ``set_ratio`` / ``point_ratio``: sets (or rally points) won ÷ lost, for set sports;
- ``goal_difference``, ``goals_for``: for goal sports (scores are goals there);
- ``lots``: the drawing of lots the admin records (an order number per entry).

Entries still level after every criterion share their rank (and are reported as tied).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

TIE_BREAKERS = ("head_to_head", "set_ratio", "point_ratio", "goal_difference", "goals_for", "lots")


@dataclass(frozen=True)
class Result:
    """One played match: scores are goals, or sets won; ``*_points`` are rally points (set sports)."""

    home: Hashable
    away: Hashable
    home_score: int
    away_score: int
    home_points: int = 0
    away_points: int = 0
    forfeited_by: str = ""  # "home" / "away": that side did not play and gets the forfeit points


@dataclass(frozen=True)
class PointsRule:
    win: int = 3
    draw: int = 1
    loss: int = 0
    forfeit: int = 0


@dataclass
class Row:
    entry: Hashable
    played: int = 0
    won: int = 0
    drawn: int = 0
    lost: int = 0
    score_for: int = 0
    score_against: int = 0
    points_for: int = 0
    points_against: int = 0
    points: int = 0
    rank: int = 0
    tied: bool = False  # level with another entry after every tie-breaker
    decided_by: list[str] = field(default_factory=list)  # the criteria that separated it from a tie

    @property
    def score_difference(self) -> int:
        return self.score_for - self.score_against


def _ratio(won: int, lost: int) -> Fraction:
    """won ÷ lost, with nothing lost counting as better than any ratio (and 0 ÷ 0 as 0)."""
    if lost == 0:
        return Fraction(10**9) if won else Fraction(0)
    return Fraction(won, lost)


def _table(entries: Iterable[Hashable], results: Iterable[Result], rule: PointsRule) -> dict[Hashable, Row]:
    rows = {entry: Row(entry) for entry in entries}
    for r in results:
        if r.home not in rows or r.away not in rows:
            continue
        for me, side, mine, theirs, my_pts, their_pts in (
            (r.home, "home", r.home_score, r.away_score, r.home_points, r.away_points),
            (r.away, "away", r.away_score, r.home_score, r.away_points, r.home_points),
        ):
            row = rows[me]
            row.played += 1
            row.score_for += mine
            row.score_against += theirs
            row.points_for += my_pts
            row.points_against += their_pts
            if mine > theirs:
                row.won += 1
                row.points += rule.win
            elif mine == theirs:
                row.drawn += 1
                row.points += rule.draw
            else:
                row.lost += 1
                row.points += rule.forfeit if r.forfeited_by == side else rule.loss
    return rows


def standings(
    entries: Sequence[Hashable],
    results: Sequence[Result],
    rule: PointsRule = PointsRule(),
    tie_breakers: Sequence[str] = ("head_to_head", "goal_difference", "goals_for", "lots"),
    lots: dict[Hashable, int] | None = None,
) -> list[Row]:
    """The ranked table. ``lots``: entry → its place in the drawing of lots (1 first)."""
    unknown = [name for name in tie_breakers if name not in TIE_BREAKERS]
    if unknown:
        raise ValueError(f"unknown tie-breakers: {unknown}")
    rows = _table(entries, results, rule)
    lots = lots or {}

    def key_for(name: str, group: list[Hashable]):
        if name == "head_to_head":
            mini = _table(group, [r for r in results if r.home in group and r.away in group], rule)
            return {e: mini[e].points for e in group}
        if name == "set_ratio":
            return {e: _ratio(rows[e].score_for, rows[e].score_against) for e in group}
        if name == "point_ratio":
            return {e: _ratio(rows[e].points_for, rows[e].points_against) for e in group}
        if name == "goal_difference":
            return {e: rows[e].score_difference for e in group}
        if name == "goals_for":
            return {e: rows[e].score_for for e in group}
        # lots: a lower number draws the better place; entries not drawn stay level
        return {e: -lots[e] if e in lots else None for e in group}

    def order(group: list[Hashable], criteria: Sequence[str]) -> list[list[Hashable]]:
        """Split a group of level entries into ordered parts (a part of >1 is still tied)."""
        if len(group) == 1 or not criteria:
            return [group]
        name, rest = criteria[0], criteria[1:]
        values = key_for(name, group)
        if any(v is None for v in values.values()):
            return order(group, rest)
        distinct = sorted(set(values.values()), reverse=True)
        if len(distinct) == 1:
            return order(group, rest)
        parts: list[list[Hashable]] = []
        for value in distinct:
            part = [e for e in group if values[e] == value]
            for e in part:
                rows[e].decided_by.append(name)
            # After a head-to-head split, the still-level ones start again from the top.
            parts += order(part, tie_breakers if name == "head_to_head" else rest)
        return parts

    by_points: dict[int, list[Hashable]] = {}
    for entry in entries:
        by_points.setdefault(rows[entry].points, []).append(entry)
    ranked: list[Row] = []
    for points in sorted(by_points, reverse=True):
        for part in order(by_points[points], tie_breakers):
            rank = len(ranked) + 1
            for entry in part:
                rows[entry].rank = rank
                rows[entry].tied = len(part) > 1
                ranked.append(rows[entry])
    return ranked
