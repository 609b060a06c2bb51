"""A DB-API connection from SQLAlchemy's pool, for the one hot path: recording a scan.

The ORM session costs ~0.1 ms a statement in Python; a scan needs five statements on every
request of the check-in rush. Here the same SQL runs on the pooled driver connection
(sqlite3 or psycopg), with the few conversions the column types would otherwise do:
aware-UTC datetimes (SQLite keeps naive UTC text, as models.base.UTCDateTime writes it),
JSON, booleans. Everything else in the app uses the session.

The connections come from a second, small pool of the same database (``scan_engine``):
in autocommit mode, so a read is one round trip with no BEGIN, and without the main
engine's ping before every checkout (on PostgreSQL the ping was one round trip of a
scan's seven, ~12% of its cost). A connection that a server restart broke is instead
replaced when its first statement (a read) fails, and that statement runs again.

On SQLite these connections never checkpoint the WAL themselves (``wal_autocheckpoint=0``):
a thread of one of the app's processes does it every second, in its turn among the writers
(the queue of services/checkin/dbwrite.py), as ``RESTART`` so the WAL starts again from
its beginning. Measured:
- a scan-like insert at 200 a second (6,000, three runs): with SQLite's automatic
  checkpoint one commit in a thousand took 6–7 ms (it copies the WAL into the database and
  syncs it), 0.6–1.3 ms with the checkpoint apart; the scan path commits holding the
  writers' queue lock, so every scan behind a slow checkpoint waited for it (a 0.8 s stall
  seen at 200 scans/s);
- at saturation (benchmarks/checkin_load.py) a checkpoint that only copies (``PASSIVE``)
  never let the WAL start again while readers come and go: it grew to 1.3 GB in 40 s, and
  requests spent up to 420 ms of system time in it (benchmarks/trace_gunicorn.py);
- RESTART alone in the writers' queue copied a whole second of commits while every scan
  waited: at saturation p99 was 2.5–4× p50 (four runs); copying first as ``PASSIVE`` outside
  the queue brought it to 1.8–2.1× (six runs, same machine, interleaved).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
import re
import sqlite3
import threading
from collections.abc import Callable
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path

from flask import Flask, current_app
from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine

from extensions import db
from services.checkin.dbwrite import serialised_write

log = logging.getLogger(__name__)
_SQLITE_DATETIME = "%Y-%m-%d %H:%M:%S.%f"  # SQLAlchemy's storage format for DateTime on SQLite
_PLAIN = frozenset({str, int, float, bool, type(None)})


@cache
def _pyformat(sql: str) -> str:
    """:name placeholders (sqlite3) as %(name)s (psycopg)."""
    return re.sub(r"(?<![:\w]):(\w+)", r"%(\1)s", sql.replace("%", "%%"))


_engine_lock = threading.Lock()


CHECKPOINT_EVERY = 1.0  # seconds between background WAL checkpoints (SQLite)
# Done by the same thread each round, given the app (SQLite): journal.py's scans moved in.
EVERY_SECOND: list[Callable[[Flask], object]] = []
ON_DISPOSE: list[Callable[[Flask], object]] = []  # given the app, when its scan pool is closed
WAL_KEEP_BYTES = 64 * 1024 * 1024  # the WAL file is cut back to this after it starts again


def scan_engine() -> Engine:
    """The app's pool for the scan path: the same database, autocommit, no ping."""
    app = current_app
    engine = app.extensions.get("scan_engine")
    if engine is None:
        with _engine_lock:
            engine = app.extensions.get("scan_engine")
            if engine is None:
                engine = create_engine(db.engine.url, isolation_level="AUTOCOMMIT", pool_pre_ping=False)
                if engine.dialect.name == "sqlite":
                    event.listen(engine, "connect", _no_autocheckpoint)
                    stop = threading.Event()
                    worker = threading.Thread(
                        target=_checkpoints,
                        args=(engine, stop, app._get_current_object()),  # type: ignore[attr-defined]
                        daemon=True,
                        name="wal-checkpoint",
                    )
                    worker.start()
                    app.extensions["scan_checkpoints"] = (stop, worker)
                app.extensions["scan_engine"] = engine
    return engine


def _no_autocheckpoint(dbapi_connection, _record) -> None:
    dbapi_connection.execute("PRAGMA wal_autocheckpoint=0")
    dbapi_connection.execute(f"PRAGMA journal_size_limit={WAL_KEEP_BYTES}")


# How long a RESTART checkpoint waits for readers; the writers wait meanwhile. Seen with 50:
# while the office printed and exported (readers of several seconds), each of three workers'
# checkpoints waited its whole 50 ms every second, and scans waited up to 180 ms behind them.
CHECKPOINT_PATIENCE_MS = 10


def _checkpoints(engine: Engine, stop: threading.Event, app: Flask) -> None:
    """Copy the WAL into the database now and then, away from any request, and let it start
    again from its beginning. Most of the copying is done first as ``PASSIVE``, which writers
    do not wait for; then RESTART, in the writers' queue, copies only the few commits made
    since. RESTART waits for the readers of older snapshots to finish, and writers wait
    meanwhile: on a connection of its own it waits at most ``CHECKPOINT_PATIENCE_MS`` (a
    10-second print reading all along must not hold the scans up), and what it could copy
    is copied anyway; the next round tries again.

    One process of those sharing the database does it: the one holding the file lock
    ``<database>.checkpointer`` (the others try again each round, and take over when it
    exits)."""
    conn, leader = None, None
    while not stop.wait(CHECKPOINT_EVERY):
        try:
            if leader is None:
                leader = _lead(engine.url.database)
                if leader is None:
                    continue
            if conn is None:
                conn = sqlite3.connect(engine.url.database, isolation_level=None, check_same_thread=False)
                conn.execute(f"PRAGMA busy_timeout={CHECKPOINT_PATIENCE_MS}")
            for chore in EVERY_SECOND:
                try:
                    chore(app)
                except Exception:  # noqa: BLE001 - the next round tries again
                    log.exception("background chore %s failed", getattr(chore, "__name__", chore))
            conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
            with serialised_write(engine.url):
                conn.execute("PRAGMA wal_checkpoint(RESTART)").fetchall()
        except (sqlite3.Error, OSError):  # busy, or the database went away (tests): the next round tries again
            continue
    if conn is not None:
        conn.close()
    if leader is not None:
        os.close(leader)  # and with it the lock


def _lead(database: str) -> int | None:
    """The checkpointer's file lock, if no other process holds it: its descriptor, else None."""
    fd = os.open(str(Path(database).with_suffix(".checkpointer")), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return None
    return fd


def dispose(app: Flask) -> None:
    """Close the scan pool's connections (tests, before dropping their database), and wait
    for the checkpoint thread to close its own: no connection of ours is left to lock the file
    that comes next at the same path."""
    checkpoints = app.extensions.pop("scan_checkpoints", None)
    if checkpoints is not None:
        stop, worker = checkpoints
        stop.set()
        worker.join(timeout=5)
    for hook in ON_DISPOSE:
        hook(app)
    engine = app.extensions.pop("scan_engine", None)
    if engine is not None:
        engine.dispose()


class RawConnection:
    def __init__(self):
        engine = scan_engine()
        self.sqlite = engine.dialect.name == "sqlite"
        self._disconnect = engine.dialect.loaded_dbapi.OperationalError
        self.integrity_error = engine.dialect.loaded_dbapi.IntegrityError
        self._conn = engine.raw_connection()  # returned to the pool by close()
        self._used = False

    def _cursor(self, sql: str, params: dict):
        values = {k: self.to_db(v) for k, v in params.items()}
        sql = sql if self.sqlite else _pyformat(sql)
        try:
            cursor = self._conn.cursor()
            cursor.execute(sql, values)
        except self._disconnect:
            if self._used or self.sqlite:
                raise
            # The pooled connection died while idle (a server restart): a new one, once.
            self._conn.invalidate()
            self._conn = scan_engine().raw_connection()
            cursor = self._conn.cursor()
            cursor.execute(sql, values)
        self._used = True
        return cursor

    def one(self, sql: str, params: dict) -> tuple | None:
        cursor = self._cursor(sql, params)
        try:
            return cursor.fetchone()
        finally:
            cursor.close()

    def row(self, sql: str, params: dict) -> tuple:
        """``one`` of a row that is there (this transaction wrote or holds it)."""
        row = self.one(sql, params)
        if row is None:
            raise LookupError(f"no row: {sql}")
        return row

    def one_or_conflict(self, sql: str, params: dict) -> tuple | None:
        """``one`` of a single statement in autocommit, None when a constraint refused it (the
        statement then changed nothing)."""
        try:
            return self.one(sql, params)
        except self.integrity_error:
            return None

    def run(self, sql: str, params: dict) -> None:
        self._cursor(sql, params).close()

    def begin(self) -> None:
        """A write transaction (reads before it ran on their own, in autocommit)."""
        self.run("BEGIN", {})

    def commit(self) -> None:
        self.run("COMMIT", {})

    def rollback(self) -> None:
        self._conn.rollback()

    def close(self) -> None:
        """Back to the pool, which rolls back a write left half-way (autocommit or not). A
        connection the database dropped cannot be rolled back: the pool discards it, and
        closing it is no error for the request that used it."""
        with contextlib.suppress(Exception):
            self._conn.close()

    # --- values in and out -------------------------------------------------------------

    def to_db(self, value):
        if type(value) in _PLAIN:  # most of a scan's values: nothing to convert
            return value
        if isinstance(value, datetime):
            return value.astimezone(UTC).replace(tzinfo=None).strftime(_SQLITE_DATETIME) if self.sqlite else value
        if isinstance(value, dict | list):
            if self.sqlite:
                return json.dumps(value)
            from psycopg.types.json import Json

            return Json(value)
        return value

    def datetime(self, value) -> datetime | None:
        if value is None or isinstance(value, datetime):
            return value if value is None or value.tzinfo else value.replace(tzinfo=UTC)
        return datetime.fromisoformat(value).replace(tzinfo=UTC)

    def time(self, value) -> datetime:
        """A NOT NULL timestamp column's value, aware UTC."""
        at = self.datetime(value)
        if at is None:
            raise ValueError("a timestamp that cannot be NULL was NULL")
        return at

    def date(self, value) -> date | None:
        return date.fromisoformat(value) if isinstance(value, str) else value

    def json(self, value):
        return json.loads(value) if isinstance(value, str) else value
