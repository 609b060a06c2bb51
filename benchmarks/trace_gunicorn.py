"""A gunicorn config for finding what makes the slow scans (``checkin_load.py --trace``):
each worker times every request and every SQL statement of the scan path and, at exit,
writes the slow ones (over TRACE_MS, 20 by default) to TRACE_DIR with what they were doing,
and the garbage collector's pauses. On SQLite also every holder of the one write lock for
over HOLD_MS (5 by default): a request's write transaction (BEGIN IMMEDIATE to its end) and
the WAL checkpoint's turn in the writers' queue."""

import gc
import json
import os
import time

from benchmarks.ready_gunicorn import post_worker_init  # noqa: F401 - checkin_load.py waits for it

TRACE_MS = float(os.environ.get("TRACE_MS", "20"))
HOLD_MS = float(os.environ.get("HOLD_MS", "5"))
_events: list[dict] = []
_gc_started: list[float] = []
_now = {"sql": 0.0, "lock": 0.0, "gc": 0.0, "statements": 0}  # the current request's shares


def _gc_callback(phase, info):
    if phase == "start":
        _gc_started.append(time.perf_counter())
    elif _gc_started:
        took = (time.perf_counter() - _gc_started.pop()) * 1000
        _now["gc"] += took
        if took > 2:
            _events.append({"kind": "gc", "ms": round(took, 1), "generation": info["generation"], "at": time.time()})


def post_fork(server, worker):
    from services.checkin import rawdb

    original = rawdb.RawConnection._cursor

    def timed(self, sql, params):
        started = time.perf_counter()
        try:
            return original(self, sql, params)
        finally:
            took = (time.perf_counter() - started) * 1000
            _now["sql"] += took
            _now["statements"] += 1
            if took > TRACE_MS:
                _events.append(
                    {"kind": "sql", "ms": round(took, 1), "sql": " ".join(sql.split())[:80], "at": time.time()}
                )

    rawdb.RawConnection._cursor = timed
    gc.callbacks.append(_gc_callback)

    import contextlib

    from services.checkin import dbwrite, store

    original_lock = dbwrite.serialised_write

    @contextlib.contextmanager
    def timed_lock():
        asked = time.perf_counter()
        with original_lock():
            got = time.perf_counter()
            yield
        done = time.perf_counter()
        _now["lock"] += (got - asked) * 1000
        if (done - asked) * 1000 > TRACE_MS:
            _events.append(
                {
                    "kind": "write",
                    "wait_ms": round((got - asked) * 1000, 1),
                    "held_ms": round((done - got) * 1000, 1),
                    "ms": round((done - asked) * 1000, 1),
                    "at": time.time(),
                }
            )

    store.serialised_write = timed_lock
    _trace_lock_holders(original_lock)


def _trace_lock_holders(original_lock) -> None:
    """SQLite: who holds the write lock, from when to when (``at``: its end)."""
    import contextlib

    from flask import has_request_context, request
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    import app
    from services.checkin import rawdb

    held: dict[int, tuple[float, float, float]] = {}  # connection → when, CPU time, GC time then

    @event.listens_for(Engine, "begin")
    def began(connection):
        if connection.dialect.name == "sqlite" and app._may_write():
            held[id(connection)] = (time.perf_counter(), time.thread_time(), _now["gc"])

    def ended(connection):
        started, cpu, gc_ms = held.pop(id(connection), (None, 0.0, 0.0))
        took = (time.perf_counter() - started) * 1000 if started is not None else 0.0
        if took > HOLD_MS:
            _events.append(
                {
                    "kind": "holder",
                    "held_ms": round(took, 1),
                    "cpu_ms": round((time.thread_time() - cpu) * 1000, 1),  # the rest: waiting for a core
                    "gc_ms": round(_now["gc"] - gc_ms, 1),
                    "path": request.path if has_request_context() else "-",
                    "at": time.time(),
                }
            )

    event.listen(Engine, "commit", ended)
    event.listen(Engine, "rollback", ended)

    @contextlib.contextmanager
    def timed_checkpoint(url=None):
        with original_lock(url):
            got = time.perf_counter()
            yield
        took = (time.perf_counter() - got) * 1000
        if took > HOLD_MS:
            _events.append({"kind": "holder", "held_ms": round(took, 1), "path": "wal-checkpoint", "at": time.time()})

    rawdb.serialised_write = timed_checkpoint


def pre_request(worker, req):
    worker._trace_started = time.perf_counter()
    worker._trace_cpu = os.times()
    _now.update(sql=0.0, lock=0.0, gc=0.0, statements=0)


def post_request(worker, req, environ, resp):
    took = (time.perf_counter() - getattr(worker, "_trace_started", time.perf_counter())) * 1000
    if took > TRACE_MS:
        before, after = worker._trace_cpu, os.times()
        shares = {k: round(v, 1) for k, v in _now.items()}
        _events.append(
            {
                "kind": "request",
                "ms": round(took, 1),
                "user_ms": round((after.user - before.user) * 1000, 1),
                "system_ms": round((after.system - before.system) * 1000, 1),
                **shares,
                "path": req.path,
                "at": time.time(),
            }
        )


def worker_exit(server, worker):
    folder = os.environ.get("TRACE_DIR")
    if folder:
        with open(os.path.join(folder, f"trace-{os.getpid()}.json"), "w") as out:
            json.dump(_events, out)
