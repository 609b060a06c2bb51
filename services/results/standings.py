"""Group standings: a table from confirmed results, ranked by criteria in a configurable
order (the sport's federation's precedence by default: services/results/scoring.py). Pure.

The tie-breaker catalogue (``CATALOGUE``): each criterion is a small function with a name
(stored in a competition's plan), a Vietnamese label and a scope:
- ``all``: counted over every group match (points, matches won, overall differences, ratios);
- ``tied``: counted only over the matches among the entries still level (head to head).

Ranking: entries are ordered by the first criterion; those still level by the next, and so
on. Two ways of going on once a criterion splits a group of level entries (``restart``):
- ``SPLIT`` (ITTF, BWF, most sports): each smaller group still level is ranked again from
  the first criterion, counting "tied" criteria among itself only;
- ``BLOCK`` (UEFA, EURO 2024 regulations art. 20.01): a run of "tied" criteria (head-to-head
  points, goal difference, goals) is applied as a whole to all the entries level on points,
  one after the other; only entries still level after all of them run the block again among
  themselves; entries the block does not separate go on to the overall criteria, which
  never restart.
Entries still level after every criterion share their rank and are reported as tied: the
drawing of lots (``lots``, the organiser's decision) settles them.

Scores are goals in goal sports and sets (or games, pulls) won in set sports;
``*_points`` are rally points (or games in tennis) over all sets.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from flask_babel import lazy_gettext as _l

SPLIT, BLOCK = "split", "block"  # how a tie restarts once split (the module's doc)


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
    """Points for a win, a draw, a loss, a forfeit; ``by_score`` gives points per result
    instead, as (sets won, sets lost, the winner's points, the loser's points): volleyball
    (FIVB) 3–0 and 3–1 give 3 and 0, 3–2 gives 2 and 1."""

    win: int = 3
    draw: int = 1
    loss: int = 0
    forfeit: int = 0
    by_score: tuple[tuple[int, int, int, int], ...] = ()

    def points(self, mine: int, theirs: int, forfeited: bool) -> int:
        if forfeited:
            return self.forfeit
        for won, lost, winner, loser in self.by_score:
            if (mine, theirs) == (won, lost):
                return winner
            if (theirs, mine) == (won, lost):
                return loser
        if mine > theirs:
            return self.win
        return self.draw if mine == theirs else self.loss


@dataclass
class Row:
    entry: Hashable
    played: int = 0
    won: int = 0
    drawn: int = 0
    lost: int = 0
    forfeits: int = 0
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

    @property
    def point_difference(self) -> int:
        return self.points_for - self.points_against


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
            row.forfeits += r.forfeited_by == side
            row.points += rule.points(mine, theirs, r.forfeited_by == side)
            if mine > theirs:
                row.won += 1
            elif mine == theirs:
                row.drawn += 1
            else:
                row.lost += 1
    return rows


@dataclass
class Context:
    """What a criterion may read: the whole table, every result, the points rule, the lots."""

    rows: dict[Hashable, Row]
    results: Sequence[Result]
    rule: PointsRule
    lots: dict[Hashable, int]

    def among(self, group: list[Hashable]) -> dict[Hashable, Row]:
        """The table of the matches among ``group`` only."""
        members = set(group)
        return _table(group, [r for r in self.results if r.home in members and r.away in members], self.rule)


Values = dict[Hashable, object] | None  # higher is better; None: the criterion does not apply here


@dataclass(frozen=True)
class Criterion:
    name: str
    label: object  # lazy, translated where shown (services/labels.py reads it from here)
    scope: str  # "all" or "tied"
    value: Callable[[Context, list[Hashable]], Values]
    count: bool = False  # a total that grows with matches played (compared per match across groups)


def _overall(read: Callable[[Row], object]) -> Callable[[Context, list[Hashable]], Values]:
    return lambda ctx, group: {e: read(ctx.rows[e]) for e in group}


def _among(read: Callable[[Row], object], only_two: bool = False) -> Callable[[Context, list[Hashable]], Values]:
    def value(ctx: Context, group: list[Hashable]) -> Values:
        if only_two and len(group) != 2:
            return None
        mini = ctx.among(group)
        return {e: read(mini[e]) for e in group}

    return value


def _sonneborn_berger(ctx: Context, group: list[Hashable]) -> Values:
    """Each opponent's points weighted by the result against them: all of them for a win,
    half for a draw, none for a loss (a round robin's classic tie-break, chess's included)."""
    sb: dict[Hashable, Fraction] = {e: Fraction(0) for e in group}
    for r in ctx.results:
        if r.home not in ctx.rows or r.away not in ctx.rows:
            continue
        for me, opponent, mine, theirs in ((r.home, r.away, r.home_score, r.away_score),
                                           (r.away, r.home, r.away_score, r.home_score)):  # fmt: skip
            if me in sb:
                share = Fraction(1) if mine > theirs else Fraction(1, 2) if mine == theirs else Fraction(0)
                sb[me] += share * ctx.rows[opponent].points
    return dict(sb)


def _lots(ctx: Context, group: list[Hashable]) -> Values:
    """A lower number drew the better place; entries not drawn stay level."""
    return {e: -ctx.lots[e] if e in ctx.lots else None for e in group}


def _none_missing(values: Values) -> Values:
    return None if values is None or any(v is None for v in values.values()) else values


CATALOGUE: dict[str, Criterion] = {
    c.name: c
    for c in (
        Criterion("points", _l("Điểm"), "all", _overall(lambda r: r.points), count=True),
        Criterion("matches_won", _l("Số trận thắng"), "all", _overall(lambda r: r.won), count=True),
        Criterion("head_to_head", _l("Đối đầu trực tiếp"), "tied", _among(lambda r: r.points)),
        Criterion(
            "head_to_head_two",
            _l("Đối đầu trực tiếp (khi chỉ hai đội bằng nhau)"),
            "tied",
            _among(lambda r: r.points, True),
        ),
        Criterion(
            "head_to_head_goal_difference",
            _l("Hiệu số bàn thắng (ván) giữa các đội bằng nhau"),
            "tied",
            _among(lambda r: r.score_difference),
        ),
        Criterion(
            "head_to_head_goals_for",
            _l("Số bàn thắng (ván) giữa các đội bằng nhau"),
            "tied",
            _among(lambda r: r.score_for),
        ),
        Criterion(
            "head_to_head_match_ratio",
            _l("Hệ số trận thắng/thua giữa các đội bằng nhau"),
            "tied",
            _among(lambda r: _ratio(r.won, r.lost)),
        ),
        Criterion(
            "head_to_head_set_ratio",
            _l("Hệ số ván thắng/thua giữa các đội bằng nhau"),
            "tied",
            _among(lambda r: _ratio(r.score_for, r.score_against)),
        ),
        Criterion(
            "head_to_head_point_ratio",
            _l("Hệ số điểm thắng/thua giữa các đội bằng nhau"),
            "tied",
            _among(lambda r: _ratio(r.points_for, r.points_against)),
        ),
        Criterion(
            "head_to_head_point_difference",
            _l("Hiệu số điểm giữa các đội bằng nhau"),
            "tied",
            _among(lambda r: r.point_difference),
        ),
        Criterion(
            "goal_difference", _l("Hiệu số bàn thắng"), "all", _overall(lambda r: r.score_difference), count=True
        ),
        Criterion("goals_for", _l("Số bàn thắng"), "all", _overall(lambda r: r.score_for), count=True),
        Criterion(
            "set_difference", _l("Hiệu số ván thắng – thua"), "all", _overall(lambda r: r.score_difference), count=True
        ),
        Criterion(
            "set_ratio", _l("Hệ số ván thắng/thua"), "all", _overall(lambda r: _ratio(r.score_for, r.score_against))
        ),
        Criterion(
            "point_difference",
            _l("Hiệu số điểm thắng – thua"),
            "all",
            _overall(lambda r: r.point_difference),
            count=True,
        ),
        Criterion(
            "point_ratio",
            _l("Hệ số điểm thắng/thua"),
            "all",
            _overall(lambda r: _ratio(r.points_for, r.points_against)),
        ),
        Criterion("fewest_forfeits", _l("Ít trận bỏ cuộc hơn"), "all", _overall(lambda r: -r.forfeits), count=True),
        Criterion("sonneborn_berger", _l("Hệ số Sonneborn-Berger"), "all", _sonneborn_berger),
        Criterion("lots", _l("Bốc thăm"), "all", _lots),
    )
}
TIE_BREAKERS = tuple(CATALOGUE)  # every name a plan may list
PRIMARY = ("points", "matches_won")  # a precedence that starts with neither is ranked on points first


def precedence(tie_breakers: Sequence[str]) -> list[str]:
    """The criteria in order: points first unless the list starts with points or matches won
    (plans saved before the catalogue list only what breaks a tie on points)."""
    names = list(tie_breakers)
    return names if names and names[0] in PRIMARY else ["points", *names]


def standings(
    entries: Sequence[Hashable],
    results: Sequence[Result],
    rule: PointsRule = PointsRule(),
    tie_breakers: Sequence[str] = ("head_to_head", "goal_difference", "goals_for", "lots"),
    lots: dict[Hashable, int] | None = None,
    restart: str = SPLIT,
) -> list[Row]:
    """The ranked table. ``tie_breakers``: names from CATALOGUE in order; ``lots``: entry → its
    place in the drawing of lots (1 first); ``restart``: SPLIT or BLOCK (the module's doc)."""
    unknown = [name for name in tie_breakers if name not in CATALOGUE]
    if unknown:
        raise ValueError(f"unknown tie-breakers: {unknown}")
    criteria = precedence(tie_breakers)
    ctx = Context(_table(entries, results, rule), results, rule, lots or {})

    def order(group: list[Hashable], remaining: Sequence[str], ranking: bool = False) -> list[list[Hashable]]:
        """Split a group of level entries into ordered parts (a part of more than one is still
        level). ``ranking``: the whole table before any criterion: its first split is no tie-break."""
        if len(group) == 1 or not remaining:
            return [group]
        name, rest = remaining[0], remaining[1:]
        if restart == BLOCK and CATALOGUE[name].scope == "tied":
            return by_block(group, remaining)
        values = _none_missing(CATALOGUE[name].value(ctx, group))
        if values is None or len(set(values.values())) == 1:
            return order(group, rest)
        parts: list[list[Hashable]] = []
        for value in sorted(set(values.values()), reverse=True):
            part = [e for e in group if values[e] == value]
            if not ranking:
                for e in part:
                    ctx.rows[e].decided_by.append(name)
            # a smaller group still level is ranked again from the first criterion, among itself
            # (BLOCK: only a head-to-head block restarts; an overall criterion goes on down)
            parts += order(part, rest if restart == BLOCK else criteria)
        return parts

    def by_block(group: list[Hashable], remaining: Sequence[str]) -> list[list[Hashable]]:
        """UEFA: the run of head-to-head criteria at the start of ``remaining``, each among the
        whole ``group``, one after the other; a smaller group still level after all of them
        runs the block again among itself; a group the block does not split goes on down."""
        size = next((i for i, n in enumerate(remaining) if CATALOGUE[n].scope != "tied"), len(remaining))
        block, after = remaining[:size], remaining[size:]
        columns = [(n, _none_missing(CATALOGUE[n].value(ctx, group))) for n in block]
        columns = [(n, values) for n, values in columns if values is not None]
        key = {e: tuple(values[e] for _n, values in columns) for e in group}
        if len(set(key.values())) == 1:
            return order(group, after)
        parts: list[list[Hashable]] = []
        for value in sorted(set(key.values()), reverse=True):
            part = [e for e in group if key[e] == value]
            for e in part:  # the first criterion of the block that sets it apart from another
                ctx.rows[e].decided_by.append(
                    next(n for i, (n, _v) in enumerate(columns) if any(key[o][i] != value[i] for o in group))
                )
            parts += order(part, block + after) if len(part) > 1 else [part]
        return parts

    ranked: list[Row] = []
    for part in order(list(entries), criteria, ranking=True):
        rank = len(ranked) + 1
        for entry in part:
            ctx.rows[entry].rank = rank
            ctx.rows[entry].tied = len(part) > 1
            ranked.append(ctx.rows[entry])
    return ranked


def across_groups(rows: Sequence[Row], tie_breakers: Sequence[str]) -> list[Row]:
    """Entries of different groups in order (the group winners, to give byes to the best):
    they never met, so only the criteria over all matches count, in the plan's order, each
    total per match played (groups may differ in size); entries level on every one keep the
    order given (the group order, which the draw decided)."""
    names = [n for n in precedence(tie_breakers) if CATALOGUE[n].scope == "all" and n != "lots"]
    ctx = Context({row.entry: row for row in rows}, (), PointsRule(), {})
    everyone = [row.entry for row in rows]
    columns = [(CATALOGUE[n], CATALOGUE[n].value(ctx, everyone)) for n in names]

    def key(row: Row) -> tuple:
        return tuple(
            Fraction(values[row.entry], row.played or 1) if criterion.count else values[row.entry]
            for criterion, values in columns
        )

    return sorted(rows, key=key, reverse=True)
