"""The Dutch Swiss pairing engine (services/results/swiss/dutch.py) on a Chinese-chess field:
``--players`` players (ratings falling with the pairing number), ``--rounds`` rounds, each
round paired, played (seeded results: white 40 %, draw 30 %, black 30 %; one player in
twenty misses a round) and ranked (services/results/swiss/tiebreaks.py: points, then Liên
đoàn Cờ Việt Nam's order — direct encounter, Buchholz, wins, games and wins with black).

    .venv/bin/python benchmarks/swiss.py --runs 3 [--players 60 --rounds 9]

Last line (medians over the runs): ``players=… rounds=… round_s=… (the slowest round)
tournament_s=… (pairing, playing and ranking every round) peak_rss_mb=…``.
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from services.results.swiss import dutch, tiebreaks  # noqa: E402

ONE, HALF, ZERO = Decimal(1), Decimal("0.5"), Decimal(0)


def tournament(players: int, rounds: int, seed: int) -> tuple[float, float]:
    rng = random.Random(seed)
    past: dict[int, list[dutch.Past]] = {n: [] for n in range(1, players + 1)}
    rules = dutch.Rules(rounds=rounds)
    slowest, started = 0.0, time.perf_counter()
    for _round in range(rounds):
        absent = {n for n in past if rng.random() < 0.05}
        entrants = [dutch.Entrant(n, tuple(games), n not in absent) for n, games in past.items()]
        began = time.perf_counter()
        pairing = dutch.pair(entrants, rules)
        slowest = max(slowest, time.perf_counter() - began)
        for white, black in pairing.boards:
            roll = rng.random()
            w, b = (ONE, ZERO) if roll < 0.4 else (HALF, HALF) if roll < 0.7 else (ZERO, ONE)
            past[white].append(dutch.Past(black, dutch.WHITE, w, True))
            past[black].append(dutch.Past(white, dutch.BLACK, b, True))
        if pairing.bye is not None:
            past[pairing.bye].append(dutch.Past(None, "", ONE, True))
        for n in absent:
            past[n].append(dutch.Past(None, "", ZERO, False))
        standings = tiebreaks.standings(past, rules, tiebreaks.VIETNAM_CHESS)
        assert len(standings) == players
    return slowest, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--players", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    rounds, totals = [], []
    for run in range(args.runs):
        slowest, total = tournament(args.players, args.rounds, seed=run + 1)
        rounds.append(slowest)
        totals.append(total)
        print(f"run {run + 1}: slowest round {slowest:.3f} s, tournament {total:.2f} s", flush=True)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"players={args.players} rounds={args.rounds} round_s={statistics.median(rounds):.3f} "
        f"tournament_s={statistics.median(totals):.2f} peak_rss_mb={peak:.0f}"
    )


if __name__ == "__main__":
    main()
