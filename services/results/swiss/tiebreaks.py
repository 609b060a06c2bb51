"""Swiss standings: points, then tie-breaks from FIDE's catalogue (Handbook C.07, the
tie-break regulations applied since 2023), pure.

Definitions (a "round" of a player: a game on the board, or unplayed — a forfeit, the
pairing-allocated bye, a requested bye, an absence):
- DE, direct encounter: among the players still tied, the points they scored in games
  against each other (a pair that met twice counts its average). When not all of them have
  met, a player is placed above the rest only if their points there exceed what any other
  could still reach by winning every game they did not play; it is applied again to those
  still tied while it separates anyone (Art. 6).
- BH, Buchholz: the sum of the opponents' scores. An unplayed round counts the player's own
  score (a "dummy opponent", Art. 16); an opponent's rounds after their last round with a
  game or a win by default that had no opponent (withdrawn, absent, requested byes) count as
  draws in their score (Art. 16.3).
- BH-C1: without the least of those values — a voluntarily unplayed round (a forfeit loss, a
  requested bye, an absence) is cut first; BH-M1 (median): without the least and the
  greatest (Art. 14).
- SB, Sonneborn-Berger: each of those values times the points the player scored in that round.
- WIN: rounds won, played or not (a forfeit win, the pairing bye count); WON: games won on
  the board; BPG: games played with black (Black in Chinese chess moves second); BWG: games
  won with black; PS: progressive score, the sum of the running score after every round.
Then lots, when the tournament drew them; otherwise the players still tied share the place.

Checked against FIDE's own tie-break program (TEC-FIDE/TieBreakServer, run by hand on the 147
tournaments bbpPairings generated for the pairing tests: all 46,287 values of BH, BH-C1,
BH-M1, SB, WIN, WON, BPG, BWG, PS equal, and every place by DE, BH, WIN, BPG, BWG); the tests
(tests/unit/test_swiss_tiebreaks.py) hold the published BH-C1 and BH of all 110 players of the
FIDE Women's World Rapid Championship 2024 and FIDE TEC's exercise of unplayed rounds.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from flask_babel import lazy_gettext as _l

from services.results.swiss.players import BLACK, Past, Rules

CATALOGUE = {
    "DE": _l("Đối kháng trực tiếp"),
    "BH": _l("Hệ số Buchholz"),
    "BH-C1": _l("Buchholz bớt 1"),
    "BH-M1": _l("Buchholz trung vị"),
    "SB": _l("Hệ số Sonneborn-Berger"),
    "WIN": _l("Số ván thắng"),
    "WON": _l("Số ván thắng trên bàn cờ"),
    "BPG": _l("Số ván cầm quân đen"),
    "BWG": _l("Số ván thắng khi cầm quân đen"),
    "PS": _l("Điểm lũy tiến"),
}
VIETNAM_CHESS = ("DE", "BH", "WIN", "BPG", "BWG")  # Liên đoàn Cờ Việt Nam's usual order, then lots
ZERO = Decimal(0)


@dataclass
class Standing:
    number: int
    place: int
    points: Decimal
    values: dict[str, Decimal] = field(default_factory=dict)


def _voluntary(g: Past, win: Decimal) -> bool:
    """A forfeit loss, a requested bye, an absence: a round the player chose not to play."""
    return not g.played and g.points < win


def _cut(entries: list[tuple[bool, Decimal]], low: int, high: int) -> Decimal:
    """The sum of the rounds' values (voluntary unplayed?, opponent's score) without the ``low``
    least and the ``high`` greatest; a voluntarily unplayed round is cut first (Art. 14.6)."""
    kept = list(entries)
    for _ in range(min(low, len(kept))):
        kept.remove(min(kept, key=lambda e: (not e[0], e[1])))
    for _ in range(min(high, len(kept))):
        kept.remove(max(kept, key=lambda e: e[1]))
    return sum((e[1] for e in kept), ZERO)


def values(games: Mapping[int, Sequence[Past]], rules: Rules) -> dict[int, dict[str, Decimal]]:
    """Every tie-break of the catalogue but DE, for each player (pairing number → code → value)."""
    win, draw = rules.win, rules.draw
    score = {p: sum((g.points for g in gs), ZERO) for p, gs in games.items()}
    adjusted = {}
    for p, gs in games.items():
        last = max((r for r, g in enumerate(gs, start=1) if not _voluntary(g, win)), default=0)
        adjusted[p] = sum((g.points if r <= last or g.opponent is not None else draw for r, g in enumerate(gs, 1)),
                          ZERO)  # fmt: skip
    result = {}
    for p, gs in games.items():
        entries, sb = [], ZERO
        for g in gs:
            opponent = adjusted[g.opponent] if g.played and g.opponent in adjusted else score[p]
            entries.append((_voluntary(g, win), opponent))
            sb += opponent * g.points
        running, progressive = ZERO, ZERO
        for g in gs:
            running += g.points
            progressive += running
        result[p] = {
            "BH": _cut(entries, 0, 0),
            "BH-C1": _cut(entries, 1, 0),
            "BH-M1": _cut(entries, 1, 1),
            "SB": sb,
            "WIN": Decimal(sum(g.points == win for g in gs)),
            "WON": Decimal(sum(g.points == win and g.played for g in gs)),
            "BPG": Decimal(sum(g.played and g.colour == BLACK for g in gs)),
            "BWG": Decimal(sum(g.played and g.colour == BLACK and g.points == win for g in gs)),
            "PS": progressive,
        }
    return result


def _encounters(group: list[int], games: Mapping[int, Sequence[Past]], win: Decimal) -> tuple[list[list[int]], dict]:
    """One pass of DE over a tied group: its players in places (ties together), and each one's
    points against the others."""
    members = set(group)
    points, most = {}, {}
    for p in group:
        against: dict[int, list[Decimal]] = {}
        for g in games[p]:
            if g.played and g.opponent in members:
                against.setdefault(g.opponent, []).append(g.points)
        points[p] = sum((sum(v, ZERO) / len(v) for v in against.values()), ZERO)
        most[p] = points[p] + (len(group) - 1 - len(against)) * win
    everyone_met = all(most[p] == points[p] for p in group)
    ordered = sorted(group, key=lambda p: (-points[p], -most[p], p))
    places: list[list[int]] = [[ordered[0]]]
    for i in range(1, len(ordered)):
        if everyone_met:
            separate = points[ordered[i]] != points[ordered[i - 1]]
        else:
            separate = len(places) == i and points[ordered[i - 1]] > max(most[q] for q in ordered[i:])
        if separate:
            places.append([ordered[i]])
        else:
            places[-1].append(ordered[i])
    return places, points


def _direct(group: list[int], games: Mapping[int, Sequence[Past]], win: Decimal, shown: dict) -> list[list[int]]:
    """DE applied again to those it leaves tied, as long as it separates someone."""
    parts: list[tuple[list[int], bool]] = [(group, True)]
    while any(again and len(members) > 1 for members, again in parts):
        settled: list[tuple[list[int], bool]] = []
        for members, again in parts:
            if not again or len(members) == 1:
                settled.append((members, False))
                continue
            places, points = _encounters(members, games, win)
            shown.update(points)
            settled.extend((place, len(places) > 1) for place in places)
        parts = settled
    return [members for members, _again in parts]


def standings(
    games: Mapping[int, Sequence[Past]], rules: Rules, order: Sequence[str], lots: Mapping[int, int] | None = None
) -> list[Standing]:
    """The players by points then ``order`` (codes of CATALOGUE), then ``lots`` (pairing number →
    the lot drawn, lowest first) for a tie whose every player drew one; still tied players
    share a place."""
    tie = values(games, rules)
    points = {p: sum((g.points for g in gs), ZERO) for p, gs in games.items()}
    groups: list[list[int]] = []
    for p in sorted(games, key=lambda p: (-points[p], p)):
        if groups and points[groups[-1][0]] == points[p]:
            groups[-1].append(p)
        else:
            groups.append([p])
    shown: dict[int, Decimal] = {}
    for code in order:
        split: list[list[int]] = []
        for group in groups:
            if len(group) == 1:
                split.append(group)
            elif code == "DE":
                split.extend(_direct(group, games, rules.win, shown))
            else:
                for p in sorted(group, key=lambda p: (-tie[p][code], p)):
                    if split and split[-1][0] in group and tie[split[-1][0]][code] == tie[p][code]:
                        split[-1].append(p)
                    else:
                        split.append([p])
        groups = split
    table, place = [], 1
    for group in groups:
        if lots and len(group) > 1 and all(p in lots for p in group):  # the lots drawn for this tie
            for i, p in enumerate(sorted(group, key=lambda p: (lots[p], p))):
                table.append(Standing(p, place + i, points[p], tie[p]))
        else:
            table.extend(Standing(p, place, points[p], tie[p]) for p in sorted(group))
        place += len(group)
    for row in table:
        if "DE" in order:
            row.values = {**row.values, "DE": shown.get(row.number, ZERO)}
    return table
