"""When a match may start on a court: its hours each day less its closures, the night and
breaks as blocks the solver keeps matches out of, and a match's own bounds (not before now,
its final in the session asked). Minutes in, steps (``problem.STEP``) out."""

from __future__ import annotations

import math

from services.schedule.greedy import steps
from services.schedule.problem import DAY, STEP, Game, Problem, final_bounds


def starts(problem: Problem, court, length: int) -> list[tuple[int, int]]:
    """Where a match of ``length`` steps may start on a court: in steps, every day, inside its
    hours and clear of its closures."""
    spans = []
    for day in range(problem.days):
        for start, end in court.windows:
            for first, stop in open_parts(day * DAY + start, day * DAY + end, problem.closed.get(court.id, ())):
                last = stop - length * STEP
                if last >= first:
                    spans.append((math.ceil(first / STEP), last // STEP))
    return spans


def closed_blocks(problem: Problem, court, taken=()) -> list[tuple[int, int]]:
    """When a court is shut, in steps [start, end): nights, breaks, closures. A match on the
    court may not overlap them: fixed intervals in the court's no-overlap (the match's start
    alone keeps to the hours of all its courts together)."""
    blocks, free_from = [], 0
    for day in range(problem.days):
        for start, end in court.windows:
            for first, stop in open_parts(day * DAY + start, day * DAY + end, problem.closed.get(court.id, ())):
                first, stop = math.ceil(first / STEP), stop // STEP
                if stop <= first:
                    continue
                if first > free_from:
                    blocks.append((free_from, first))
                free_from = max(free_from, stop)
    if free_from < problem.horizon // STEP:
        blocks.append((free_from, problem.horizon // STEP))
    # ``taken``: the court's fixed matches, in steps. Where they are stays theirs, even in a
    # closure that came after they started or off the hours a pin put them.
    return [part for a, b in blocks for part in open_parts(a, b, taken)]


def open_parts(start: int, end: int, closed) -> list[tuple[int, int]]:
    """[start, end) less the closed spans that cut into it."""
    parts = [(start, end)]
    for c_start, c_end in closed:
        parts = [piece for a, b in parts for piece in ((a, min(b, c_start)), (max(a, c_end), b)) if piece[0] < piece[1]]
    return parts


def bounds(problem: Problem, g: Game, session: bool = True) -> tuple[int, int]:
    """The first and last step a match may start at: not before now, in its final's session."""
    first, last = final_bounds(g.final_session if session else "", problem.days)
    lowest = max(math.ceil(first / STEP), math.ceil(problem.earliest / STEP))
    return lowest, problem.horizon // STEP if last is None else last // STEP


def can_start(problem: Problem, g: Game, courts: list, session: bool = True) -> bool:
    lowest, highest = bounds(problem, g, session)
    return any(a <= highest and lowest <= b for c in courts for a, b in starts(problem, c, steps(g.minutes)))


def eligible(problem: Problem) -> dict[int, list]:
    """Each game's courts: hosting its sport, with a window long enough for it."""
    return {
        g.id: [c for c in problem.courts if c.hosts(g.sport) and starts(problem, c, steps(g.minutes))]
        for g in problem.games
        if g.fixed is None
    }
