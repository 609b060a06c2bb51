"""From confirmed results to tables and places. Pure: no database, no side effects.

- ``group_tables``: each group's standings (services/results/standings.py) from its confirmed matches;
- ``knockout_slots``: who plays each knockout match, from group places and earlier winners
  (knockout winners advance by themselves; a bye advances its entry);
- ``placements``: 1st, 2nd, 3rd (shared when the rules say so) and consolation per competition;
- ``medal_table`` and ``overall_ranking`` for the event.

Only confirmed results count anywhere here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from models import MatchStage, OverallRule, ResultFormat, ThirdPlace
from services.results import brackets, heats, scoring, standings, swiss_table

CONSOLATION = 4  # Khuyến khích
MEDALS = {1: "gold", 2: "silver", 3: "bronze"}


def points_rule(plan) -> standings.PointsRule:
    by_score = tuple(tuple(int(x) for x in row) for row in (getattr(plan, "points_by_score", None) or []))
    return standings.PointsRule(plan.points_win, plan.points_draw, plan.points_loss, plan.points_forfeit, by_score)


def as_result(match) -> standings.Result:
    points = [sum(s[0] for s in match.sets), sum(s[1] for s in match.sets)] if match.sets else [0, 0]
    return standings.Result(
        match.home_entry_id,
        match.away_entry_id,
        match.home_score,
        match.away_score,
        points[0],
        points[1],
        match.forfeited_by,
    )


def group_tables(plan, matches: Iterable, group_entries: dict[int, list[int]]) -> dict[int, list[standings.Row]]:
    """Standings per group number, from the group's confirmed matches."""
    results: dict[int, list[standings.Result]] = defaultdict(list)
    for m in matches:
        if m.stage == MatchStage.GROUP and m.confirmed:
            results[m.group_no].append(as_result(m))
    lots = {int(k): v for k, v in (plan.lots or {}).items()}
    # The drawing of lots, once recorded, is the organiser's last word whatever the order chosen.
    tie_breakers = [*(plan.tie_breakers or ()), *([] if "lots" in (plan.tie_breakers or ()) else ["lots"])]
    return {
        g: standings.standings(entries, results[g], points_rule(plan), tie_breakers, lots, scoring.restart_of(plan))
        for g, entries in group_entries.items()
    }


def undecided(plan, matches: Sequence, group_entries: dict[int, list[int]], tables=None) -> list[int]:
    """Entries still level after every tie-breaker where it decides something: a place of a
    finished round robin (1st–3rd, 4th with consolation prizes) or going through from a
    finished group. Their places wait for the drawing of lots (the organiser's decision) and
    no medal or certificate is given for them meanwhile."""
    if plan is not None and plan.drawn_at is not None and plan.format == ResultFormat.SWISS:
        return swiss_table.undecided(plan, matches, swiss_table.order(plan))
    if (
        plan is None
        or plan.drawn_at is None
        or plan.format not in (ResultFormat.ROUND_ROBIN, ResultFormat.GROUPS_KNOCKOUT)
    ):
        return []
    complete = groups_complete(matches)
    decisive = (4 if plan.consolation else 3) if plan.format == ResultFormat.ROUND_ROBIN else plan.advance_per_group
    out = []
    tables = group_tables(plan, matches, group_entries) if tables is None else tables
    for g, rows in tables.items():
        if complete.get(g):
            out += [row.entry for row in rows if row.tied and row.rank <= decisive]
    return out


def groups_complete(matches: Iterable) -> dict[int, bool]:
    complete: dict[int, bool] = {}
    for m in matches:
        if m.stage == MatchStage.GROUP:
            complete[m.group_no] = complete.get(m.group_no, True) and m.confirmed
    return complete


@dataclass
class Slot:
    home: int | None
    away: int | None
    winner: int | None = None
    loser: int | None = None
    bye: bool = False


def _knockout_order(m) -> tuple:
    return (m.stage == MatchStage.THIRD_PLACE, m.round_no, m.position)


def winners_order(tables: dict[int, list[standings.Row]], complete: dict[int, bool], tie_breakers) -> list[int]:
    """Group numbers in the order their winners rank across the groups (standings.across_groups),
    once every group is finished with an untied winner; empty until then."""
    if not tables or not all(complete.get(g) and rows and not rows[0].tied for g, rows in tables.items()):
        return []
    group_of = {tables[g][0].entry: g for g in tables}
    ranked = standings.across_groups([tables[g][0] for g in sorted(tables)], tie_breakers or ())
    return [group_of[row.entry] for row in ranked]


def knockout_slots(matches: Sequence, tables: dict[int, list[standings.Row]], tie_breakers=()) -> dict[int, Slot]:
    """match id → who plays it and, once confirmed, who won. Group sources count only once the
    whole group is confirmed, and only when the place is not shared; sources by the winners'
    rank across groups ("*1.1", when there are byes) only once every group is."""
    complete = groups_complete(matches)
    done: dict[tuple[int, int], Slot] = {}
    slots: dict[int, Slot] = {}
    by_rank: list[int] | None = None

    def source(code: str, stored: int | None) -> int | None:
        nonlocal by_rank
        if not code:
            return stored
        if code == "BYE":
            return None
        if code[0] in "WL" and "." in code:
            round_no, position = (int(x) for x in code[1:].split("."))
            slot = done.get((round_no, position))
            return None if slot is None else (slot.winner if code[0] == "W" else slot.loser)
        ranked = brackets.parse_ranked(code)
        if ranked:
            by_rank = winners_order(tables, complete, tie_breakers) if by_rank is None else by_rank
            if len(by_rank) < ranked[0]:
                return None
            group, place = by_rank[ranked[0] - 1], ranked[1]
        else:
            group, place = ord(code[0]) - ord("A") + 1, int(code[1:])
        rows = tables.get(group) or []
        if not complete.get(group) or len(rows) < place:
            return None
        row = rows[place - 1]
        return None if row.tied else row.entry

    for m in sorted((m for m in matches if m.stage != MatchStage.GROUP), key=_knockout_order):
        slot = Slot(source(m.home_source, m.home_entry_id), source(m.away_source, m.away_entry_id))
        if "BYE" in (m.home_source, m.away_source):
            slot.bye = True
            slot.winner = slot.home if m.away_source == "BYE" else slot.away
        elif m.confirmed and m.winner_entry_id in (slot.home, slot.away) and None not in (slot.home, slot.away):
            slot.winner = m.winner_entry_id
            slot.loser = slot.away if slot.winner == slot.home else slot.home
        slots[m.id] = slot
        if m.stage == MatchStage.KNOCKOUT:
            done[(m.round_no, m.position)] = slot
    return slots


@dataclass(frozen=True)
class Placement:
    entry_id: int
    place: int  # 1, 2, 3 or CONSOLATION


def placements(
    plan, matches: Sequence, group_entries: dict[int, list[int]], performances: Sequence = (), tables=None
) -> list[Placement]:
    """The competition's places, as far as confirmed results decide them (from final_ranks)."""
    return places_from_ranks(plan, final_ranks(plan, matches, group_entries, performances, tables))


def places_from_ranks(plan, ranks: Iterable[tuple[int, int]]) -> list[Placement]:
    """Ranks 1–3 are places (3 may be shared); with consolation prizes, 4th (and in a knockout
    the quarter-final losers, who share 5th) get Khuyến khích."""
    if plan is None:
        return []
    consolation = {4, 5} if plan.format in (ResultFormat.KNOCKOUT, ResultFormat.GROUPS_KNOCKOUT) else {4}
    out = [
        Placement(entry, rank if rank <= 3 else CONSOLATION)
        for entry, rank in ranks
        if rank <= 3 or (plan.consolation and rank in consolation)
    ]
    return sorted(out, key=lambda p: p.place)


def final_ranks(
    plan, matches: Sequence, group_entries: dict[int, list[int]], performances: Sequence = (), tables=None
) -> list[tuple[int, int]]:
    """(entry, rank) for every entry whose final rank confirmed results decide, beyond the
    places: a finished table's ranks (entries level after every tie-breaker have none), a
    ranked event's ranks, and in a knockout 1, 2, 3 (3 and 4 after a third-place match) and
    the losers of each earlier round sharing the rank below (quarter-finals 5, round of 16 9).
    The overall ranking's points per place read these."""
    if plan is None or plan.drawn_at is None:
        return []
    if plan.format == ResultFormat.RANKED:
        performances = heats.final_round(performances)
        if not performances or not all(p.confirmed for p in performances):
            return []
        return [(p.entry_id, rank) for p, rank in performance_ranks(plan, performances)]
    if plan.format == ResultFormat.SWISS:
        return swiss_table.final_ranks(plan, matches, swiss_table.order(plan))
    tables = group_tables(plan, matches, group_entries) if tables is None else tables
    if plan.format == ResultFormat.ROUND_ROBIN:
        if not all(groups_complete(matches).values()) or 1 not in tables:
            return []
        return [(row.entry, row.rank) for row in tables[1] if not row.tied]
    slots = knockout_slots(matches, tables, plan.tie_breakers)
    knockout = [m for m in matches if m.stage == MatchStage.KNOCKOUT]
    if not knockout:
        return []
    last = max(m.round_no for m in knockout)
    ranks: list[tuple[int, int]] = []
    for m in knockout:
        slot = slots[m.id]
        if m.round_no == last and slot.winner:
            ranks.append((slot.winner, 1))
        if slot.loser is None:
            continue
        if m.round_no == last:
            ranks.append((slot.loser, 2))
        elif m.round_no == last - 1:
            if plan.third_place == ThirdPlace.SHARED:
                ranks.append((slot.loser, 3))
        else:
            ranks.append((slot.loser, 2 ** (last - m.round_no) + 1))
    for m in matches:
        if m.stage == MatchStage.THIRD_PLACE and plan.third_place == ThirdPlace.MATCH:
            slot = slots[m.id]
            if slot.winner:
                ranks += [(slot.winner, 3)] + ([(slot.loser, 4)] if slot.loser else [])
    return sorted(ranks, key=lambda r: r[1])


def performance_ranks(plan, performances: Sequence) -> list[tuple[object, int]]:
    """The final's (or the one list's) confirmed performances best first with their rank;
    marks equal to the hundredth share it: 1, 1, 3 (services/results/heats.py)."""
    return heats.ranked(heats.final_round(performances), plan.higher_is_better)


def ranked_placements(plan, performances: Sequence) -> list[Placement]:
    """Places once every entry's performance is confirmed (a DNF has no place)."""
    return placements(plan, [], {}, performances)


# --- the event ------------------------------------------------------------------------------


@dataclass
class UnitTally:
    unit_id: int
    gold: int = 0
    silver: int = 0
    bronze: int = 0
    consolation: int = 0
    points: int = 0
    rank: int = 0
    by_place: dict = field(default_factory=dict)

    @property
    def medals(self) -> tuple[int, int, int]:
        return self.gold, self.silver, self.bronze

    @property
    def total(self) -> int:
        return self.gold + self.silver + self.bronze


def _tally(unit_ids: Iterable[int], places: Iterable[tuple[int, int]]) -> dict[int, UnitTally]:
    tallies = {u: UnitTally(u) for u in unit_ids}
    for unit_id, place in places:
        t = tallies.setdefault(unit_id, UnitTally(unit_id))
        if place in MEDALS:
            setattr(t, MEDALS[place], getattr(t, MEDALS[place]) + 1)
        else:
            t.consolation += 1
    return tallies


def _add_points(tallies: dict[int, UnitTally], points: dict, ranked: Iterable[tuple[int, int | None, bool]]) -> None:
    """``ranked``: (unit, final rank or None, has a consolation prize). A place's points if the
    rule names that place, else the consolation prize's ("kk") for an entry that has one."""
    for unit_id, rank, consolation in ranked:
        value = points.get(str(rank)) if rank is not None else None
        if value is None and consolation:
            value = points.get("kk")
        if value:
            tallies.setdefault(unit_id, UnitTally(unit_id)).points += int(value)


def _rank(tallies: list[UnitTally], key) -> list[UnitTally]:
    tallies.sort(key=lambda t: key(t), reverse=True)
    for i, t in enumerate(tallies):
        t.rank = tallies[i - 1].rank if i and key(tallies[i - 1]) == key(t) else i + 1
    return tallies


def medal_table(unit_ids: Iterable[int], places: Iterable[tuple[int, int]]) -> list[UnitTally]:
    """Units by gold, then silver, then bronze; equal medals share a rank. ``places``: (unit, place)."""
    return _rank(list(_tally(unit_ids, places).values()), lambda t: t.medals)


def overall_ranking(
    rule: OverallRule,
    points: dict,
    unit_ids: Iterable[int],
    places: Iterable[tuple[int, int]],
    ranked: Iterable[tuple[int, int | None, bool]] | None = None,
) -> list[UnitTally]:
    """Xếp hạng toàn đoàn: the medal table's order, or points per place (then gold, silver,
    bronze). ``ranked``: (unit, final rank, consolation?) per entry (final_ranks); without
    it the places 1–3 and consolation prizes earn the points."""
    places = list(places)
    by_unit = _tally(unit_ids, places)
    if rule == OverallRule.POINTS:
        if ranked is None:
            ranked = [(u, p if p in MEDALS else None, p == CONSOLATION) for u, p in places]
        _add_points(by_unit, points, ranked)
        return _rank(list(by_unit.values()), lambda t: (t.points, *t.medals))
    return _rank(list(by_unit.values()), lambda t: t.medals)


def group_entries(plan) -> dict[int, list[int]]:
    """Group number → its drawn entry ids (a round robin is group 1)."""
    return dict(enumerate((plan.draw or {}).get("groups", []), start=1))


def flatten(value) -> list:
    """The entry ids of a stored draw (nested lists: groups, bracket pairs)."""
    return [x for v in value for x in flatten(v)] if isinstance(value, list) else [value]
