"""A first fit for the scheduler: each match, rounds in order, at the earliest time a court of
its sport is open and free and all its people are free and rested. It keeps every hard rule
by construction and is fast; it is CP-SAT's starting point (services/schedule/solver.py)
and its answer should the solver run out of time."""

from __future__ import annotations

import math
from collections import defaultdict

from services.schedule.problem import DAY, STEP, Game, Placement, Problem, final_bounds


def steps(minutes: int) -> int:
    """Minutes as the solver's steps, rounded up (a 32-minute match holds its court 35)."""
    return max(1, math.ceil(minutes / STEP))


def tails(problem: Problem, courts_of) -> dict[int, int]:
    """How long each match keeps its people after it ends: its competition's rest, or the
    event's travel time if longer and one of its people has matches that may be at another
    venue (whichever courts the matches get, nobody then runs from one venue to the next)."""
    venue_of_court = {c.id: c.venue_id for c in problem.courts}
    venues: dict[int, set] = {}
    for g in problem.games:
        if g.fixed is not None:
            venues[g.id] = {venue_of_court.get(g.fixed[1]) if g.fixed[1] is not None else None}
        else:
            venues[g.id] = {c.venue_id for c in courts_of[g.id]}
    where: dict = defaultdict(set)
    for g in problem.games:
        for who in g.people:
            where[who] |= venues[g.id]
    return {
        g.id: max(g.rest, problem.travel) if any(len(where[who]) > 1 for who in g.people) else g.rest
        for g in problem.games
    }


def greedy(problem: Problem, courts_of) -> tuple[dict[int, Placement] | None, Game | None]:
    """A first fit: each match, rounds in order, at the earliest time a court of its sport is
    open and free and all its people are free and rested. Keeps every hard rule by
    construction; it is the solver's starting point (and the answer, should the solver run
    out of time). (None, the match it could not place) when something does not fit inside
    the event's days."""
    busy_court: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for court_id, spans in problem.closed.items():
        busy_court[court_id].extend(spans)
    busy_person: dict = defaultdict(list)
    tail = {gid: steps(minutes) * STEP if minutes else 0 for gid, minutes in tails(problem, courts_of).items()}
    placed: dict[int, Placement] = {}
    ends: dict[int, int] = {}
    games = {g.id: g for g in problem.games}
    for g in problem.games:
        if g.fixed is not None:
            at, court = g.fixed
            placed[g.id], ends[g.id] = Placement(at, court), at + steps(g.minutes) * STEP
            if court is not None:
                busy_court[court].append((at, ends[g.id]))
            for who in g.people:
                busy_person[who].append((at, ends[g.id] + tail[g.id]))
    for g in _in_order(problem.games, games):
        if g.fixed is not None:
            continue
        d, rest, after = steps(g.minutes) * STEP, steps(g.rest) * STEP if g.rest else 0, tail[g.id]
        first, last = final_bounds(g.final_session, problem.days)
        t = max([ends[f] + rest for f in g.after if f in ends] + [first, problem.earliest])
        t = math.ceil(t / STEP) * STEP
        while t < problem.horizon:
            clash = max(
                (e for who in g.people for s, e in busy_person[who] if s < t + d + after and t < e), default=None
            )
            if clash is not None:
                t = math.ceil(clash / STEP) * STEP
                continue
            fits = [
                (when, c.id)
                for c in courts_of[g.id]
                if (when := _next_free(problem, c, busy_court[c.id], t, d)) is not None
            ]
            if not fits:
                return None, g
            when, court = min(fits)
            if when != t:
                t = when
                continue
            if last is not None and t > last:
                return None, g
            placed[g.id], ends[g.id] = Placement(t, court), t + d
            busy_court[court].append((t, t + d))
            for who in g.people:
                busy_person[who].append((t, t + d + after))
            break
        else:
            return None, g
    return placed, None


def _in_order(games: list[Game], by_id: dict[int, Game]) -> list[Game]:
    """Every match after what feeds it; among the ready ones, the earliest rounds first."""
    depth: dict[int, int] = {}

    def level(g: Game) -> int:
        if g.id not in depth:
            depth[g.id] = 1 + max((level(by_id[f]) for f in g.after if f in by_id), default=0)
        return depth[g.id]

    return sorted(games, key=lambda g: (level(g), g.competition_id, g.id))


def _next_free(problem: Problem, court, busy: list[tuple[int, int]], t: int, d: int) -> int | None:
    """The earliest start from ``t`` at which ``court`` is open and free for ``d`` minutes."""
    while t < problem.horizon:
        t = math.ceil(t / STEP) * STEP
        day, minute = divmod(t, DAY)
        window = next(((a, b) for a, b in court.windows if minute < b and max(minute, a) + d <= b), None)
        if window is None:
            t = (day + 1) * DAY
            continue
        if minute < window[0]:
            t = day * DAY + window[0]
            continue
        overlap = max((e for s, e in busy if s < t + d and t < e), default=None)
        if overlap is None:
            return t
        t = overlap
    return None
