"""The event-wide scheduler (services/schedule) on games shaped like the 2024 provincial games:
the demo's venues, courts and hours (cli/demo_data.VENUES), its sixteen competitions entered
by ``--units`` units (singles and pairs as knockouts, teams in groups then a knockout), the
same athletes in several competitions, five days. Then a re-plan at midday of the third day,
what was played fixed, one badminton court running 40 minutes late.

    .venv/bin/python benchmarks/schedule.py --runs 3 [--units 60]

Each run checks the schedule against every hard rule (services/schedule/check.py). Last
line (medians): ``matches=… competitions=… days_used=… court_utilisation=… person_clashes=…
rest_violations=… solve_s=… replan_s=… moved=… peak_rss_mb=…``.
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cli.demo_data import COMPETITIONS, VENUES  # noqa: E402
from models import Category, CompetitionFormat  # noqa: E402
from services.results import sports  # noqa: E402
from services.schedule.check import check  # noqa: E402
from services.schedule.event import venue_windows  # noqa: E402
from services.schedule.problem import DAY, Court, Game, Problem  # noqa: E402
from services.schedule.solver import solve  # noqa: E402

DAYS = 5
TRAVEL = 30  # minutes between two venues (the event's default)


def courts() -> list[Court]:
    made = []
    for venue_id, (_name, hours, listed) in enumerate(VENUES, start=1):
        for name, kinds in listed:
            made.append(Court(len(made) + 1, venue_id, name, frozenset(kinds), venue_windows(hours)))
    return made


def games_for(units: int, rng: random.Random) -> tuple[list[Game], int]:
    """Entries as units send them (most units, one or two entries each). A unit's athletes
    are its sport's squad of men or of women (a badminton player plays singles and doubles,
    as the rule of two individual competitions allows; mixed doubles draws on both); the
    tug-of-war team is drawn from all its squads."""
    games: list[Game] = []
    squads: dict[tuple[int, str, str], list] = {}

    def squad(unit: int, kind: str, category) -> list:
        if kind == "tug_of_war":
            return [p for (u, _k, _s), people in squads.items() if u == unit for p in people] or [(unit, kind, 0)]
        sexes = {Category.MEN: "m", Category.WOMEN: "w"}.get(category)
        return [
            p
            for sex in ([sexes] if sexes else ["m", "w"])
            for p in squads.setdefault((unit, kind, sex), [(unit, kind, sex, i) for i in range(12)])
        ]

    competitions = 0
    for comp_id, (kind, _name, category, fmt, rules) in enumerate(COMPETITIONS, start=1):
        if sports.kind_of(kind).format.value == "ranked":
            continue
        competitions += 1
        size = {CompetitionFormat.SINGLE: 1, CompetitionFormat.PAIR: 2}.get(fmt, rules.get("team_max", 8))
        per_unit = rules.get("max_entries_per_unit") or 1
        entries = []
        takes_part = 0.6 if fmt == CompetitionFormat.TEAM else 0.85  # a team of ten is harder to send
        for u in range(units):
            if rng.random() < takes_part:
                for _ in range(per_unit if rng.random() < 0.6 else 1):
                    pool = squad(u, kind, category)
                    entries.append(frozenset(rng.sample(pool, min(size, len(pool)))))
        minutes, rest = sports.kind_of(kind).match_minutes, 30
        if fmt == CompetitionFormat.TEAM:
            _groups_then_knockout(games, comp_id, kind, minutes, rest, entries, rules.get("final_session", "day"))
        else:
            _knockout(
                games, comp_id, kind, minutes, rest, [(e, ()) for e in entries], rules.get("final_session", "day")
            )
    return games, competitions


def _knockout(games, comp_id, kind, minutes, rest, level, final: str) -> None:
    """Each round after the one feeding it; a player may be in any match his side may reach."""
    while len(level) > 1:
        nxt = []
        for i in range(0, len(level) - 1, 2):
            (a, fa), (b, fb) = level[i], level[i + 1]
            gid = len(games) + 1
            games.append(
                Game(
                    gid,
                    comp_id,
                    kind,
                    minutes,
                    rest,
                    a | b,
                    tuple(sorted(set(fa) | set(fb))),
                    final if len(level) == 2 else "",
                )
            )
            nxt.append((a | b, (gid,)))
        if len(level) % 2:
            nxt.append(level[-1])
        level = nxt


def _groups_then_knockout(games, comp_id, kind, minutes, rest, entries, final: str) -> None:
    groups = max(1, len(entries) // 4)
    winners, group_games = [], []
    for g in range(groups):
        members = entries[g::groups]
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                gid = len(games) + 1
                games.append(Game(gid, comp_id, kind, minutes, rest, a | b))
                group_games.append(gid)
        everyone = frozenset().union(*members) if members else frozenset()
        winners += [everyone] * min(2, len(members))
    _knockout(games, comp_id, kind, minutes, rest, [(e, tuple(group_games)) for e in winners], final)


def one_run(units: int, seed: int) -> dict:
    rng = random.Random(seed)
    games, competitions = games_for(units, rng)
    names = {("competition", i): c[1] for i, c in enumerate(COMPETITIONS, start=1)}
    names |= {("venue", i): v[0] for i, v in enumerate(VENUES, start=1)}
    problem = Problem(DAYS, courts(), games, names, travel=TRAVEL)
    first = solve(problem, time_limit=25)
    if not first.fits:
        print("does not fit:", *first.reasons, sep="\n  ")
        return {"matches": len(games), "competitions": competitions, "fits": 0, "solve_s": first.solve_s}
    broken = check(problem, first.placements)
    used_days = {p.start // DAY for p in first.placements.values()}
    open_minutes = sum(e - s for c in problem.courts for s, e in c.windows) * len(used_days)
    # Midday of the third day: what started is fixed; badminton court 1 runs 40 minutes late.
    now = 2 * DAY + 10 * 60
    late = next(c for c in problem.courts if "badminton" in c.sports)
    fixed = {gid for gid, p in first.placements.items() if p.start < now}
    by_id = {g.id: g for g in games}
    running = [first.placements[g].start + by_id[g].minutes for g in fixed if first.placements[g].court_id == late.id]
    blocker = Game(10**6, -1, "", 40, 0, frozenset(), fixed=(max([now, *running]), late.id))
    replanned = [
        Game(g.id, g.competition_id, g.sport, g.minutes, g.rest, g.people, g.after, g.final_session,
             (first.placements[g.id].start, first.placements[g.id].court_id) if g.id in fixed else None)
        for g in games
    ] + [blocker]  # fmt: skip
    previous = {gid: (p.start, p.court_id) for gid, p in first.placements.items() if gid not in fixed}
    again = solve(Problem(DAYS, problem.courts, replanned, previous=previous, travel=TRAVEL), time_limit=10)
    moved = sum(1 for gid, p in first.placements.items() if again.placements.get(gid) != p) if again.fits else -1
    return {
        "matches": len(games),
        "competitions": competitions,
        "fits": 1,
        "days_used": len(used_days),
        "court_utilisation": round(sum(g.minutes for g in games) / open_minutes, 2),
        "person_clashes": len(broken.person_clashes),
        "rest_violations": len(broken.rest_violations),
        "other_violations": broken.total - len(broken.person_clashes) - len(broken.rest_violations),
        "solve_s": round(first.solve_s, 2),
        "replan_s": round(again.solve_s, 2),
        "moved": moved,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--units", type=int, default=30)
    args = parser.parse_args()
    runs = []
    for seed in range(args.runs):
        result = one_run(args.units, seed)
        print("run:", " ".join(f"{k}={v}" for k, v in result.items()), flush=True)
        runs.append(result)
    keys = [k for k in runs[0] if all(k in r for r in runs)]
    median = {k: statistics.median(r[k] for r in runs) for k in keys}
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        " ".join(f"{k}={v:g}" if isinstance(v, float) else f"{k}={v}" for k, v in median.items())
        + f" peak_rss_mb={peak:.0f}"
    )


if __name__ == "__main__":
    main()
