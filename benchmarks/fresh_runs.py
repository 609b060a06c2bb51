"""Shared by the PDF benchmarks: each run in a fresh process, so its peak memory is its own."""

from __future__ import annotations

import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

SIZES = (2000, 10000)


def run_sizes(script: str, runs: int, extra: list[str], label: str) -> dict[int, list[dict]]:
    """Run ``script --one N *extra`` ``runs`` times per size; print each run; return them."""
    results: dict[int, list[dict]] = {}
    for count in SIZES:
        for _ in range(runs):
            out = subprocess.run(
                [sys.executable, script, "--one", str(count), *extra], check=True, capture_output=True, text=True
            ).stdout
            run = json.loads(out.strip().splitlines()[-1])
            results.setdefault(count, []).append(run)
            print(
                f"run: {label}={count} seconds={run['seconds']:.2f} {label}_per_s={run['per_s']:.0f} "
                f"peak_rss_mb={run['peak_rss_mb']:.0f} pdf_mb={run['mb']:.1f}",
                flush=True,
            )
    return results


def time_pdf(pieces: Iterable[bytes], count: int) -> dict:
    """One run's figures: a streamed PDF written to a temporary file, timed, and this process's peak memory."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "print.pdf"
        started = time.perf_counter()
        with out.open("wb") as fh:
            for piece in pieces:
                fh.write(piece)
        seconds = time.perf_counter() - started
        size = out.stat().st_size
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": seconds, "per_s": count / seconds, "peak_rss_mb": peak, "mb": size / 1e6}


def median(results: dict[int, list[dict]], count: int, key: str) -> float:
    return statistics.median(r[key] for r in results[count])


def summary(results: dict[int, list[dict]], label: str) -> str:
    """The last line: the 2,000 run's speed, and the 10,000 run's peak memory beside the 2,000's."""
    return (
        f"{label}=2000 {label}_per_s={median(results, 2000, 'per_s'):.0f} "
        f"peak_rss_mb={median(results, 10000, 'peak_rss_mb'):.0f} "
        f"peak_rss_mb_2000={median(results, 2000, 'peak_rss_mb'):.0f} "
        f"{label}_per_s_10000={median(results, 10000, 'per_s'):.0f}"
    )
