"""An event's places, medal table and overall ranking, worked out from confirmed results.

The board (its read model adds matches, names and schedules) and the certificates both
take their places from here, so both always agree. ``tally`` is pure; ``event_tally``
loads what it needs in four queries.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from extensions import db
from models import Competition, Entry, Event, Match, Performance, Unit
from services.results import placements
from services.text import text_sort_key


@dataclass
class EventTally:
    units: dict[int, Unit]  # units taking part: those with an entry in a draw, by name
    places: dict[int, list[placements.Placement]] = field(default_factory=dict)  # competition id → places
    undecided: dict[int, list[int]] = field(default_factory=dict)  # competition id → entries awaiting lots
    tables: dict[int, dict] = field(default_factory=dict)  # competition id → group number → standings
    medal_table: list[placements.UnitTally] = field(default_factory=list)
    overall: list[placements.UnitTally] = field(default_factory=list)
    overall_left_out: list[str] = field(default_factory=list)  # competitions left out of the overall ranking


def drawn_ids(plan) -> set[int]:
    if plan is None or not plan.draw:
        return set()
    return {i for value in plan.draw.values() for i in placements.flatten(value)}


def tally(
    event: Event,
    comps: list[Competition],
    entries: dict[int, Entry],
    matches: dict[int, list[Match]],
    performances: dict[int, list[Performance]],
) -> EventTally:
    """Places per competition, the medal table (every competition) and the overall ranking
    (competitions that count for it and have at least the event's minimum of units)."""
    drawn = {i for c in comps for i in drawn_ids(c.plan)}
    taking_part = sorted((entries[i] for i in drawn if i in entries), key=lambda e: text_sort_key(e.unit.name))
    units = {e.unit_id: e.unit for e in taking_part}
    units_entered: dict[int, set[int]] = defaultdict(set)
    for e in taking_part:
        units_entered[e.competition_id].add(e.unit_id)
    out = EventTally(units)
    places_all, places_overall, ranked_overall = [], [], []
    for comp in comps:
        plan = comp.plan
        places = []
        if plan is not None and plan.drawn_at is not None:
            played, groups = matches.get(comp.id, []), placements.group_entries(plan)
            tables = out.tables[comp.id] = placements.group_tables(plan, played, groups)  # once per competition
            final = placements.final_ranks(plan, played, groups, performances.get(comp.id, []), tables)
            places = placements.places_from_ranks(plan, final)
            consolation = {p.entry_id for p in places if p.place == placements.CONSOLATION}
            ranked = [(entries[e].unit_id, rank, e in consolation) for e, rank in final]
            if waiting := placements.undecided(plan, played, groups, tables):
                out.undecided[comp.id] = waiting
        else:
            ranked = []
        out.places[comp.id] = places
        unit_places = [(entries[p.entry_id].unit_id, p.place) for p in places]
        places_all += unit_places
        if comp.counts_for_overall and len(units_entered[comp.id]) >= (event.overall_min_units or 0):
            places_overall += unit_places
            ranked_overall += ranked
        else:
            out.overall_left_out.append(comp.name)
    out.medal_table = placements.medal_table(units, places_all)
    out.overall = placements.overall_ranking(
        event.overall_rule, event.overall_points or {}, units, places_overall, ranked_overall
    )
    return out


def awaiting_lots(comps: list[Competition]) -> list[Competition]:
    """Of these competitions, those whose places wait for the organiser's drawing of lots
    (placements.undecided), in one query for all their matches."""
    drawn = [c for c in comps if c.plan is not None and c.plan.drawn_at is not None]
    matches: dict[int, list[Match]] = defaultdict(list)
    for m in db.session.scalars(select(Match).where(Match.competition_id.in_([c.id for c in drawn] or [-1]))):
        matches[m.competition_id].append(m)
    return [c for c in drawn if placements.undecided(c.plan, matches[c.id], placements.group_entries(c.plan))]


def event_tally(event: Event) -> tuple[EventTally, dict[int, Entry], list[Competition]]:
    """The event's tally, with the entries (unit loaded) and competitions it was made from."""
    comps = list(
        db.session.scalars(
            select(Competition).where(Competition.event_id == event.id).options(joinedload(Competition.plan))
        )
    )
    comps.sort(key=lambda c: text_sort_key(c.name))
    ids = [c.id for c in comps] or [-1]
    matches: dict[int, list[Match]] = defaultdict(list)
    for m in db.session.scalars(select(Match).where(Match.competition_id.in_(ids))):
        matches[m.competition_id].append(m)
    performances: dict[int, list[Performance]] = defaultdict(list)
    for p in db.session.scalars(select(Performance).where(Performance.competition_id.in_(ids))):
        performances[p.competition_id].append(p)
    entries = {
        e.id: e
        for e in db.session.scalars(select(Entry).where(Entry.competition_id.in_(ids)).options(joinedload(Entry.unit)))
    }
    return tally(event, comps, entries, matches, performances), entries, comps
