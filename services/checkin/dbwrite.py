"""Short writes that queue fairly on SQLite.

SQLite lets one writer at a time and makes the others poll with growing sleeps (1, 2, 5 …
up to 100 ms): under a burst of scans the unlucky ones waited a second. Writers of the scan
hot path instead take an OS file lock beside the database first, so they queue in the
kernel and each starts the moment the previous one commits. PostgreSQL needs none of this.
"""

from __future__ import annotations

import fcntl
import os
from contextlib import contextmanager
from pathlib import Path

from extensions import db

_lock_files: dict[str, int] = {}


def _lock_fd(database: str) -> int:
    fd = _lock_files.get(database)
    if fd is None:
        fd = os.open(str(Path(database).with_suffix(".write-lock")), os.O_RDWR | os.O_CREAT, 0o600)
        _lock_files[database] = fd
    return fd


@contextmanager
def serialised_write(url=None):
    """Around one short write transaction (its statements and its commit); ``url``: the
    database's (the app's by default)."""
    url = url if url is not None else db.engine.url
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        yield
        return
    fd = _lock_fd(url.database)
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
