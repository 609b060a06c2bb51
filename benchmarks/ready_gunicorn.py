"""A gunicorn config for the benchmarks that serve the app (``checkin_load.py``): each
worker, once it has loaded the app, leaves a file named after its pid in READY_DIR, so that
the benchmark starts its clock when every worker can answer. A fixed wait was not enough:
the app's three workers import it in ~1 s of CPU each, and on two cores the open loop then
began while some still were, which put their start-up into its p99 (PostgreSQL, 450 scans a
second: p99 116 ms with the fixed wait, 29 ms four seconds later)."""

import os
from pathlib import Path


def post_worker_init(worker):
    folder = os.environ.get("READY_DIR")
    if folder:
        (Path(folder) / str(os.getpid())).touch()
