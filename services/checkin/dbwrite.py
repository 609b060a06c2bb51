"""SQLite's writers, queued fairly.

SQLite lets one writer at a time and makes the others poll with growing sleeps (1, 2, 5 …
up to 100 ms): under a burst of scans the unlucky ones waited a second, and a scan behind a
roster import that held the lock 300 ms woke up to 100 ms after it ended. Every writer of
the app (the scans, the WAL checkpoint, and every transaction that takes the write lock up
front, app.py ``_sqlite_begin``) instead takes an OS file lock beside the database first, so
they queue in the kernel and each starts the moment the previous one is done.

The file lock belongs to the process: two threads of one process (a scan and the checkpoint
thread, or gthread workers) would both "hold" it at once, so each process also queues its
own threads on a lock of its own. Taking it again on the thread that holds it is allowed
(nested), and only the outermost release lets the next writer in. PostgreSQL needs none of
this.

While a writer holds its turn the garbage collector waits: traced, a full collection took
24 ms of a roster import's 165 ms in the lock.

A session's write transaction holds its place from before ``BEGIN IMMEDIATE`` until its
connection is back in the pool, after its COMMIT or ROLLBACK has finished (``hold`` and
``release``, called by app.py's engine and pool events): the next writer then finds SQLite's
lock free instead of polling it while a big commit writes its pages.
"""

from __future__ import annotations

import fcntl
import gc
import os
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Generic, TypeVar

from extensions import db

T = TypeVar("T")


class _Queue:
    """The writers' queue of one database file: this process's threads, then the processes."""

    def __init__(self, database: str):
        self.fd = os.open(str(Path(database).with_suffix(".write-lock")), os.O_RDWR | os.O_CREAT, 0o600)
        self.threads = threading.Lock()  # not an RLock: the pool may give back on another thread
        self.owner: int | None = None
        self.depth = 0  # takes by ``owner`` not given back yet
        self.nice = 0  # the owner's own priority, while it runs at the normal one
        self.collecting = True  # whether the garbage collector ran before the owner took its turn

    def take(self, within: float | None = None) -> bool:
        """This thread's turn: waits for it, or at most ``within`` seconds (then False)."""
        me = threading.get_ident()
        if self.owner == me:
            self.depth += 1
            return True
        deadline = None if within is None else time.monotonic() + within
        if not self.threads.acquire(timeout=-1 if within is None else within):
            return False
        try:
            if not _flock(self.fd, deadline):
                self.threads.release()
                return False
        except BaseException:
            self.threads.release()
            raise
        self.owner, self.depth = me, 1
        self.nice = _lend_priority()
        self.collecting = gc.isenabled()
        gc.disable()  # no full collection (tens of ms in an import's worker) while others wait
        return True

    def give_back(self) -> None:
        self.depth -= 1
        if self.depth == 0:
            if self.owner == threading.get_ident():  # not the pool's clean-up on another thread
                _restore_priority(self.nice)
            if self.collecting:
                gc.enable()
            self.owner = None
            fcntl.flock(self.fd, fcntl.LOCK_UN)
            self.threads.release()


def _flock(fd: int, deadline: float | None) -> bool:
    """The file lock, waiting in the kernel's queue; with a deadline, tried every
    millisecond until then (flock has no timeout of its own)."""
    if deadline is None:
        fcntl.flock(fd, fcntl.LOCK_EX)
        return True
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.001)


def _lend_priority() -> int:
    """A writer of a lower priority (the office's workers run at nice 10, deploy/) runs at the
    normal one while it holds the lock the scans wait for: otherwise a roster import held it
    1.5–2× as long, sharing its core with a badge print of its own priority (classic priority
    inversion; docs/benchmarks.md). Returns the thread's own nice value, to restore. Where the
    system does not allow it (no ``LimitNICE``), nothing changes."""
    nice = os.getpriority(os.PRIO_PROCESS, 0)  # Linux: the calling thread's
    if nice > 0:
        with suppress(PermissionError):
            os.setpriority(os.PRIO_PROCESS, 0, 0)
    return nice


def _restore_priority(nice: int) -> None:
    if nice > 0:
        os.setpriority(os.PRIO_PROCESS, 0, nice)  # lowering one's own priority is always allowed


class PerFile(Generic[T]):
    """One object per SQLite database file, made on first use by ``make(path)``."""

    def __init__(self, make: Callable[[str], T]):
        self.make, self.lock = make, threading.Lock()
        self.made: dict[str, T] = {}

    def of(self, url) -> T | None:
        """``url``'s object; None for a database that is no file (PostgreSQL, in-memory SQLite)."""
        if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
            return None
        with self.lock:
            if url.database not in self.made:
                self.made[url.database] = self.make(url.database)
            return self.made[url.database]


_queues = PerFile(_Queue)


def queue_of(url=None) -> _Queue | None:
    """The writers' queue of ``url``'s database (the app's by default); None where writers
    need no queue (PostgreSQL, an in-memory SQLite)."""
    return _queues.of(url if url is not None else db.engine.url)


@contextmanager
def serialised_write(url=None):
    """Around one short write transaction (its statements and its commit); ``url``: the
    database's (the app's by default)."""
    queue = queue_of(url)
    if queue is None:
        yield
        return
    queue.take()
    try:
        yield
    finally:
        queue.give_back()


@contextmanager
def turn_within(within: float | None, url=None):
    """``serialised_write`` if the turn comes within ``within`` seconds: yields whether it
    came (no queue to take: True)."""
    queue = queue_of(url)
    if queue is None:
        yield True
        return
    if not queue.take(within):
        yield False
        return
    try:
        yield True
    finally:
        queue.give_back()


_HELD = "sqlite_write_queue"  # key in a pooled connection's info: the queue it holds


def hold(connection) -> None:
    """Before a SQLAlchemy connection begins a write transaction: its turn among the writers."""
    queue = queue_of(connection.engine.url)
    if queue is not None and _HELD not in connection.info:  # held once per connection
        queue.take()
        connection.info[_HELD] = queue


def release(info: dict) -> None:
    """After that transaction, its connection given back (``info``: the pooled connection's):
    the next writer's turn. Once only, however often it is called."""
    queue = info.pop(_HELD, None)
    if queue is not None:
        queue.give_back()
