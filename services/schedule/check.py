"""A schedule checked against every hard rule, independently of the solver that made it: the
tests (on random events) and benchmarks/schedule.py count what each rule finds broken."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations

from services.schedule.problem import DAY, Placement, Problem, final_bounds


@dataclass
class Broken:
    court_overlaps: list = field(default_factory=list)
    person_clashes: list = field(default_factory=list)  # two matches of one person at once
    rest_violations: list = field(default_factory=list)  # closer than the rest, or the travel across venues
    order_violations: list = field(default_factory=list)  # a round before what feeds it
    outside_hours: list = field(default_factory=list)  # off a court's hours, off the days, wrong sport
    fixed_moved: list = field(default_factory=list)
    unplaced: list = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(len(v) for v in vars(self).values())


def check(problem: Problem, placements: dict[int, Placement]) -> Broken:
    broken = Broken()
    games = {g.id: g for g in problem.games}
    courts = {c.id: c for c in problem.courts}
    span = {}
    for g in problem.games:
        placed = placements.get(g.id)
        if placed is None:
            broken.unplaced.append(g.id)
            continue
        span[g.id] = (placed.start, placed.start + g.minutes)
        if g.fixed is not None:
            if (placed.start, placed.court_id) != g.fixed:
                broken.fixed_moved.append(g.id)
            continue
        court = courts.get(placed.court_id) if placed.court_id is not None else None
        day, minute = divmod(placed.start, DAY)
        inside = (
            court is not None
            and court.hosts(g.sport)
            and 0 <= day < problem.days
            and any(a <= minute and minute + g.minutes <= b for a, b in court.windows)
        )
        closed = problem.closed.get(placed.court_id, ()) if placed.court_id is not None else ()
        if any(a < placed.start + g.minutes and placed.start < b for a, b in closed):
            inside = False
        if not inside:
            broken.outside_hours.append(g.id)
        first, last = final_bounds(g.final_session, problem.days)
        if placed.start < first or (last is not None and placed.start > last):
            broken.outside_hours.append(g.id)
        if placed.start < problem.earliest:  # a match that moves is never placed in the past
            broken.outside_hours.append(g.id)
    by_court = defaultdict(list)
    for gid, placed in placements.items():
        if gid in span and placed.court_id is not None:
            by_court[placed.court_id].append(gid)
    for ids in by_court.values():
        for a, b in combinations(ids, 2):
            if span[a][0] < span[b][1] and span[b][0] < span[a][1]:
                broken.court_overlaps.append((a, b))
    venue_of = {c.id: c.venue_id for c in problem.courts}
    of_person = defaultdict(list)
    for g in problem.games:
        if g.id in span:
            for who in g.people:
                of_person[who].append(g.id)
    seen = set()
    for ids in of_person.values():
        for a, b in combinations(sorted(ids, key=lambda i: span[i][0]), 2):
            if (a, b) in seen:
                continue
            seen.add((a, b))
            if span[b][0] < span[a][1]:
                broken.person_clashes.append((a, b))
            elif span[b][0] < span[a][1] + _gap(problem, games[a], placements[a], placements[b], venue_of) and not (
                games[a].fixed and games[b].fixed
            ):
                broken.rest_violations.append((a, b))
    for g in problem.games:
        for before in g.after:
            if g.id in span and before in span and span[g.id][0] < span[before][1] + g.rest:
                broken.order_violations.append((before, g.id))
    return broken


def _gap(problem: Problem, first, placed_first: Placement, placed_next: Placement, venue_of: dict) -> int:
    """The least time between a person's match and their next: its rest, and the travel time
    when the next is at another venue."""
    venues = {venue_of.get(placed_first.court_id), venue_of.get(placed_next.court_id)}
    return max(first.rest, problem.travel) if len(venues) > 1 else first.rest
