"""How long the README's first command keeps a newcomer waiting: a fresh SQLite database
migrated and loaded with the living demo (``flask db upgrade`` then ``flask seed-demo``), in
a fresh process each run.

    .venv/bin/python benchmarks/seed_demo.py --runs 3

Last line: ``runs=3 upgrade_s=… seed_s=… total_s=…`` (medians).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FLASK = [sys.executable, "-m", "flask", "--app", "app"]


def one_run() -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as tmp:
        env = os.environ | {"DATABASE_URL": f"sqlite:///{tmp}/demo.sqlite", "MEDIA_ROOT": f"{tmp}/media"}
        started = time.perf_counter()
        subprocess.run([*FLASK, "db", "upgrade"], cwd=ROOT, env=env, check=True, capture_output=True)
        migrated = time.perf_counter()
        subprocess.run([*FLASK, "seed-demo"], cwd=ROOT, env=env, check=True, capture_output=True)
        return migrated - started, time.perf_counter() - migrated


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    upgrades, seeds = [], []
    for _ in range(args.runs):
        upgrade_s, seed_s = one_run()
        upgrades.append(upgrade_s)
        seeds.append(seed_s)
        print(f"run: upgrade_s={upgrade_s:.2f} seed_s={seed_s:.2f} total_s={upgrade_s + seed_s:.2f}", flush=True)
    totals = [u + s for u, s in zip(upgrades, seeds, strict=True)]
    print(
        f"runs={args.runs} upgrade_s={statistics.median(upgrades):.2f} seed_s={statistics.median(seeds):.2f} "
        f"total_s={statistics.median(totals):.2f}"
    )


if __name__ == "__main__":
    main()
