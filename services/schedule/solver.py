"""One schedule for a whole event, on Google OR-Tools' CP-SAT solver (constraint programming
with a SAT core: intervals that may not overlap, precedences, and an objective).

Hard rules: every match on a court that hosts its sport, inside that court's opening hours
on one of the event's days; one match per court at a time; nobody in two matches at once
across all competitions, with the rest their competition asks after each match (and the
event's travel time when their matches may be at different venues: ``greedy.tails``); a
knockout round only after the matches that feed it; finals in the session asked;
fixed matches (played, started, pinned) stay where they are. Goals, in this order of
weight: the earliest end, every match early (small gaps), each competition on few courts;
on a re-plan, first of all moving as few matches as little as possible.

When it cannot fit, ``reasons`` say why in Vietnamese (which competition, how many
court-hours are missing where, which rule binds) and there are no placements.
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from dataclasses import replace

from flask_babel import gettext as _
from ortools.sat.python import cp_model

from services.schedule import reasons, windows
from services.schedule.greedy import greedy, steps, tails
from services.schedule.problem import STEP, Outcome, Placement, Problem

TIME_LIMIT_S = 8.0
WORKERS = 2  # the machines this runs on have two cores (docs/benchmarks.md)


_steps = steps


def solve(problem: Problem, time_limit: float = TIME_LIMIT_S, workers: int = WORKERS) -> Outcome:
    started = time.perf_counter()
    courts_of = windows.eligible(problem)
    refused = reasons.capacity(problem, courts_of)
    if refused:
        return Outcome({}, refused, time.perf_counter() - started)
    first, stuck = greedy(problem, courts_of)
    status, placements = _solve(problem, courts_of, time_limit, workers, hint=first)
    elapsed = time.perf_counter() - started
    if placements is not None:
        return Outcome(placements, [], elapsed, status == cp_model.OPTIMAL)
    if first is not None and status == cp_model.UNKNOWN:  # out of time: the first fit keeps every rule too
        return Outcome(first, [], elapsed)
    if status == cp_model.UNKNOWN and stuck is not None:
        return Outcome({}, [reasons.full_courts(problem, courts_of, stuck)], elapsed)
    return Outcome({}, _diagnose(problem, courts_of, status, time_limit, workers), elapsed)


def _solve(problem: Problem, courts_of, time_limit: float, workers: int, relax_people: bool = False, hint=None):
    model = cp_model.CpModel()
    horizon = problem.horizon // STEP
    start, length, people_iv, presence = {}, {}, {}, {}
    on_court: dict[int, list] = defaultdict(list)
    known = {c.id for c in problem.courts}
    taken: dict[int, list[tuple[int, int]]] = defaultdict(list)
    tail = tails(problem, courts_of)
    for g in problem.games:
        d, r = _steps(g.minutes), _steps(tail[g.id]) if tail[g.id] else 0
        length[g.id] = d
        if g.fixed is not None:
            at, court_id = g.fixed
            start[g.id] = model.new_constant(at // STEP)
            if court_id in known:
                on_court[court_id].append(model.new_fixed_size_interval_var(start[g.id], d, f"fixed{g.id}"))
                taken[court_id].append((at // STEP, at // STEP + d))
        else:
            spans = {c.id: windows.starts(problem, c, d) for c in courts_of[g.id]}
            union = cp_model.Domain.from_intervals([list(s) for ss in spans.values() for s in ss])
            union = union.intersection_with(cp_model.Domain(*windows.bounds(problem, g)))
            start[g.id] = model.new_int_var_from_domain(union, f"s{g.id}")
            choices = []
            for court_id in spans:  # the court's own hours and closures: windows.closed_blocks
                chosen = model.new_bool_var(f"p{g.id}_{court_id}")
                on_court[court_id].append(model.new_optional_fixed_size_interval_var(start[g.id], d, chosen, "c"))
                presence[g.id, court_id] = chosen
                choices.append(chosen)
            model.add_exactly_one(choices)
        people_iv[g.id] = model.new_fixed_size_interval_var(start[g.id], d + r, f"r{g.id}")
    courts = {c.id: c for c in problem.courts}
    for court_id, intervals in on_court.items():
        blocks = [
            model.new_fixed_size_interval_var(a, b - a, "shut")
            for a, b in windows.closed_blocks(problem, courts[court_id], taken[court_id])
        ]
        if len(intervals) + len(blocks) > 1:
            model.add_no_overlap(intervals + blocks)
    if not relax_people:
        for games in _people_sets(problem):
            model.add_no_overlap([people_iv[g] for g in games])
    by_id = {g.id: g for g in problem.games}
    for g in problem.games:
        rest = _steps(g.rest) if g.rest else 0
        for before in g.after:
            if before in start:
                model.add(start[g.id] >= start[before] + length[before] + rest)
    _objective(model, problem, start, length, presence, horizon, by_id)
    for gid, placed in (hint or {}).items():
        if by_id[gid].fixed is None and not problem.previous:
            model.add_hint(start[gid], placed.start // STEP)
            for (hinted, court), var in presence.items():
                if hinted == gid:
                    model.add_hint(var, court == placed.court_id)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = 1
    # Feasibility jump expands every no-overlap pairwise: on 1,000 matches it alone took the
    # solve from 260 to 600 MB with no better schedule (benchmarks/schedule.py --units 60).
    solver.parameters.ignore_subsolvers.append("fj")
    status = _solve_until_settled(solver, model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return status, None
    placements = {}
    for g in problem.games:
        if g.fixed is not None:
            placements[g.id] = Placement(g.fixed[0], g.fixed[1])
            continue
        court = next(c for (gid, c), var in presence.items() if gid == g.id and solver.value(var))
        placements[g.id] = Placement(solver.value(start[g.id]) * STEP, court)
    return status, placements


PATIENCE_S = 1.0  # the search stops once its best schedule has not improved for this long


class _Settled(cp_model.CpSolverSolutionCallback):
    """Notes when the best schedule last improved; a watcher stops the search once it settles
    (the sum of start times rarely lets the solver prove optimality: without this every
    solve would take its whole time limit)."""

    def __init__(self) -> None:
        super().__init__()
        self.improved_at: float | None = None

    def on_solution_callback(self) -> None:
        self.improved_at = time.perf_counter()


def _solve_until_settled(solver: cp_model.CpSolver, model: cp_model.CpModel):
    progress = _Settled()
    done = threading.Event()

    def watch() -> None:
        while not done.wait(0.05):
            if progress.improved_at is not None and time.perf_counter() - progress.improved_at > PATIENCE_S:
                solver.stop_search()
                return

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        return solver.solve(model, progress)
    finally:
        done.set()
        watcher.join()


def _people_sets(problem: Problem) -> list[frozenset[int]]:
    """The games each person (or entry) may play, once per distinct set: one no-overlap each."""
    games_of: dict = defaultdict(set)
    for g in problem.games:
        for who in g.people:
            games_of[who].add(g.id)
    distinct = {frozenset(games) for games in games_of.values() if len(games) > 1}
    # a set inside another adds nothing: the larger one already keeps them apart
    return [s for s in distinct if not any(s < other for other in distinct)]


def _objective(model, problem: Problem, start, length, presence, horizon: int, by_id) -> None:
    end = model.new_int_var(0, horizon, "end")
    for gid, s in start.items():
        model.add(end >= s + length[gid])
    moved_terms = []
    for gid, (old_start, old_court) in problem.previous.items():
        if gid not in start or by_id[gid].fixed is not None:
            continue
        shift = model.new_int_var(0, horizon, f"shift{gid}")
        model.add_abs_equality(shift, start[gid] - old_start // STEP)
        moved = model.new_bool_var(f"moved{gid}")
        model.add(start[gid] == old_start // STEP).only_enforce_if(moved.Not())
        if (gid, old_court) in presence:
            model.add(presence[gid, old_court] == 1).only_enforce_if(moved.Not())
            model.add_hint(presence[gid, old_court], 1)
        model.add_hint(start[gid], old_start // STEP)
        moved_terms += [1000 * moved, shift]
    used = []
    courts_by_comp: dict[tuple[int, int], list] = defaultdict(list)
    for (gid, court), var in presence.items():
        courts_by_comp[by_id[gid].competition_id, court].append(var)
    for key, vars_ in courts_by_comp.items():
        flag = model.new_bool_var(f"u{key}")
        model.add_max_equality(flag, vars_)
        used.append(flag)
    free_starts = [s for gid, s in start.items() if by_id[gid].fixed is None]
    weight_end = max(1, len(free_starts))
    model.minimize(
        100 * weight_end * sum(moved_terms) + weight_end * end + sum(free_starts) + 12 * sum(used)
        if moved_terms
        else weight_end * end + sum(free_starts) + 12 * sum(used)
    )


def _diagnose(problem: Problem, courts_of, status, time_limit: float, workers: int) -> list[str]:
    """Which rule binds, when the capacity is there but no schedule was found."""
    if status == cp_model.UNKNOWN:
        return [
            _("Chưa tìm được lịch trong %(s)d giây: hãy thêm sân, giờ mở cửa hoặc ngày, rồi xếp lại.", s=time_limit)
        ]
    found = []
    for comp_id in dict.fromkeys(g.competition_id for g in problem.games):
        alone = replace(problem, games=[g for g in problem.games if g.competition_id == comp_id], previous={})
        status_alone, placed = _solve(alone, courts_of, min(2.0, time_limit), workers)
        if placed is None and status_alone == cp_model.INFEASIBLE:
            session = next((g.final_session for g in alone.games if g.final_session), "")
            anytime = [replace(g, final_session="") for g in alone.games]
            if session and _solve(replace(alone, games=anytime), courts_of, min(2.0, time_limit), workers)[1]:
                found.append(
                    _(
                        "%(c)s: trận chung kết không xếp được vào %(s)s (giờ mở cửa của sân, các vòng trước và thời gian nghỉ). Hãy chọn buổi khác cho chung kết hoặc thêm giờ.",
                        c=problem.name("competition", comp_id),
                        s=reasons.session_name(session),
                    )
                )
                continue
            found.append(
                _(
                    "%(c)s: các vòng đấu nối tiếp, thời gian nghỉ và giờ mở cửa của sân không vừa trong %(d)d ngày của sự kiện.",
                    c=problem.name("competition", comp_id),
                    d=problem.days,
                )
            )
    if found:
        return found
    status_relaxed, placed = _solve(problem, courts_of, min(4.0, time_limit), workers, relax_people=True)
    if placed is not None:
        return [
            _(
                "Người thi nhiều nội dung không thể có mặt ở mọi trận: không đủ giờ để không ai phải thi hai trận cùng lúc. Hãy thêm sân, giờ hoặc ngày."
            )
        ]
    return [_("Các ràng buộc về sân, giờ và thứ tự vòng đấu không thể cùng thoả mãn trong các ngày của sự kiện.")]
