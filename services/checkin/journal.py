"""The scan journal (SQLite only): a scan that would wait long for the database's one write
lock is recorded here instead, answered at once, and moved into the database soon after.

Why: SQLite lets one writer at a time, and some office work writes much in one transaction
that must not be cut (nothing half-saved): a 5,000-row roster import held the lock 0.15–0.3 s
on a busy two-core server, and at 200 scans a second the 30–60 scans behind it waited that long
(``benchmarks/checkin_load.py --with-load``: p99 100–250 ms). PostgreSQL needs none of this.

How:
- Every scan takes the journal's turn first (a file lock of its own; the scans queued one at a
  time in the writers' queue before, so this costs nothing), then waits for the writers' turn
  at most ``OVERFLOW_AFTER``, or not at all while scans are already waiting here.
- Given the turn: the journal's scans go into the database first, in order, then this one as
  always (steps.store_in_transaction).
- Not given it: the scan is judged by the same rules against what the database last committed
  plus the scans waiting here (sent twice: the first answer; a once-only slot that an admission
  holds in either: a repeat naming it), written to the journal (a SQLite file of its own,
  ``<database>-scans.sqlite``, committed before the answer goes) and answered.
- The journal is emptied by the next scan given the writers' turn, or within a second by the
  checkpoint thread (rawdb), holding both turns: each scan is stored by steps.store_in_steps as
  it would have been, keeping the answer its phone got, and then leaves the journal. A crash
  between the two stores them again: a client_scan_id already stored is not stored twice.
- Every decision is taken holding the journal's turn, so of two phones at a once-only gate
  exactly one is admitted, however each was recorded.

Until moved (normally well within a second) pages that count scans do not show them; a backup
moves them first.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
from datetime import datetime
from pathlib import Path

from flask import Flask
from sqlalchemy.engine import make_url

from extensions import db
from models import CheckpointKind
from services.checkin import rawdb
from services.checkin.dbwrite import PerFile, serialised_write, turn_within
from services.checkin.rawdb import RawConnection
from services.checkin.steps import FIRST_CHECK_IN, Verdict, repeat_answer, store_in_steps, store_in_transaction

log = logging.getLogger(__name__)

OVERFLOW_AFTER = 0.02  # seconds a scan waits for the writers' turn before it is journaled
MOVE_AT_ONCE = 100  # kept scans a scan moves into the database before its own (~0.3 ms each)
_TIMES = ("scanned_at", "received_at")  # kept as the database keeps them: UTC, fixed width, sorting as they read

_SCHEMA = """
CREATE TABLE IF NOT EXISTS pending (
    seq INTEGER PRIMARY KEY,
    client_scan_id TEXT NOT NULL UNIQUE,
    database TEXT NOT NULL,           -- the database file it belongs to (identity)
    checkpoint_id INTEGER NOT NULL,
    person_id INTEGER,
    slot TEXT,
    admitted INTEGER NOT NULL,        -- holds its slot, as judged here
    scanned_at TEXT NOT NULL,
    checkpoint_name TEXT NOT NULL,
    device_name TEXT NOT NULL,
    kind TEXT NOT NULL,
    scan TEXT NOT NULL,               -- the scan row's values
    response TEXT NOT NULL            -- the answer its phone got
);
CREATE INDEX IF NOT EXISTS pending_admission ON pending (checkpoint_id, person_id, slot) WHERE admitted = 1;
"""
_ADMISSION = """
    SELECT scanned_at, checkpoint_name, device_name FROM pending
    WHERE checkpoint_id = ? AND person_id = ? AND slot = ? AND admitted = 1 ORDER BY scanned_at LIMIT 1
"""


def _identity(database: str) -> str:
    """Which file is at the database's path now (a restore puts another one there)."""
    st = os.stat(database)
    return f"{st.st_dev}:{st.st_ino}"


class Journal:
    def __init__(self, database: str):
        self.database = database
        self.path = f"{database}-scans.sqlite"
        self.url = make_url(f"sqlite:///{self.path}")  # its own turn: services/checkin/dbwrite.py
        self._conn: sqlite3.Connection | None = None

    def _connection(self) -> sqlite3.Connection:
        """One per process, used holding the journal's turn only."""
        if self._conn is None:
            conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=30)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")  # as the database's own: kept through a crash of the app
            conn.executescript(_SCHEMA)
            self._conn = conn
        return self._conn

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def waiting(self) -> bool:
        """Whether scans wait here to go into the database."""
        if self._conn is None and not Path(self.path).exists():
            return False
        return bool(self._connection().execute("SELECT EXISTS (SELECT 1 FROM pending)").fetchone()[0])

    def record(self, raw: RawConnection, verdict: Verdict) -> dict:
        """Judge the scan against the database and the journal, keep it here, answer it."""
        conn, scan = self._connection(), verdict.scan
        known = conn.execute("SELECT response FROM pending WHERE client_scan_id = ?", (scan["client_scan_id"],))
        if row := known.fetchone():
            return json.loads(row[0])
        if row := raw.one("SELECT response FROM scan WHERE client_scan_id = :id", {"id": scan["client_scan_id"]}):
            return raw.json(row[0])
        response, admitted = verdict.response, False
        if verdict.slot is not None:
            first = self._first_admission(raw, verdict)
            # An offline scan made before the admission on record becomes the admission (steps).
            if first is None or (scan["offline"] and scan["scanned_at"] < first[0]):
                admitted = True
            else:
                response = repeat_answer(verdict, *first)
        values = {k: (raw.to_db(v) if k in _TIMES else v) for k, v in scan.items()}
        conn.execute(
            "INSERT INTO pending (client_scan_id, database, checkpoint_id, person_id, slot, admitted, scanned_at,"
            " checkpoint_name, device_name, kind, scan, response) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                scan["client_scan_id"],
                _identity(self.database),
                scan["checkpoint_id"],
                scan["person_id"],
                verdict.slot,
                admitted,
                values["scanned_at"],
                verdict.response["checkpoint"]["name"],
                verdict.device_name,
                verdict.kind.value,
                json.dumps(values),
                json.dumps(response),
            ),
        )
        return response

    def _first_admission(self, raw: RawConnection, verdict: Verdict) -> tuple[datetime, str, str] | None:
        """The earliest admission holding the scan's slot, in the database or here: (when, where, by)."""
        scan, found = verdict.scan, []
        keys = {"checkpoint_id": scan["checkpoint_id"], "person_id": scan["person_id"], "slot": verdict.slot}
        if row := raw.one(FIRST_CHECK_IN, keys):
            found.append((raw.time(row[0]), row[1], row[2]))
        if row := self._connection().execute(_ADMISSION, tuple(keys.values())).fetchone():
            found.append((raw.time(row[0]), row[1], row[2]))
        return min(found, key=lambda f: f[0]) if found else None

    def move(self, raw: RawConnection, limit: int = -1) -> int:
        """The scans waiting here (the first ``limit`` of them) into the database, in order, in
        one transaction; then out of the journal. The caller holds both turns. Returns how many
        were moved."""
        conn = self._connection()
        rows = conn.execute(
            "SELECT seq, database, kind, device_name, slot, scan, response FROM pending ORDER BY seq LIMIT ?",
            (limit,),
        ).fetchall()
        if not rows:
            return 0
        here = _identity(self.database)
        raw.begin()
        try:
            for _seq, database, kind, device_name, slot, scan, response in rows:
                if database != here:
                    log.warning("scan journal: a scan of a database no longer at %s dropped: %s", self.database, scan)
                    continue
                values = json.loads(scan)
                for key in _TIMES:
                    values[key] = raw.time(values[key])
                _replay(raw, Verdict(values, json.loads(response), slot, CheckpointKind(kind), False, device_name))
        except BaseException:
            raw.rollback()
            raise
        raw.commit()
        conn.execute("DELETE FROM pending WHERE seq <= ?", (rows[-1][0],))
        return len(rows)


def _replay(raw: RawConnection, verdict: Verdict) -> None:
    """One journaled scan stored as it would have been, with the answer its phone got. The
    person or the device may be gone since (a roster replaced, a phone removed): the scan is
    then kept naming neither, and admits no one; its checkpoint gone, it goes too (as its
    scans did)."""
    raw.run("SAVEPOINT journaled", {})
    try:
        store_in_steps(raw, verdict)
    except raw.integrity_error:
        raw.run("ROLLBACK TO journaled", {})
        verdict.scan.update(person_id=None, device_id=None)
        verdict.slot = None
        try:
            store_in_steps(raw, verdict)
        except raw.integrity_error:
            raw.run("ROLLBACK TO journaled", {})
            log.warning("scan journal: a scan of a checkpoint that is gone dropped: %s", verdict.scan)
    raw.run("RELEASE journaled", {})
    raw.run(
        "UPDATE scan SET response = :response WHERE client_scan_id = :id",
        {"response": verdict.response, "id": verdict.scan["client_scan_id"]},
    )


_journals = PerFile(Journal)


def journal_of(url) -> Journal | None:
    """The journal of ``url``'s database; None where scans need none (PostgreSQL, memory)."""
    return _journals.of(url)


def store(raw: RawConnection, verdict: Verdict) -> dict:
    """Record a judged scan on SQLite: in the database if the writers' turn comes soon, else
    in the journal. Returns its answer."""
    journal = journal_of(db.engine.url)
    if journal is None:  # an in-memory database: no other process, no queue
        return store_in_transaction(raw, verdict)
    with serialised_write(journal.url):
        waiting = journal.waiting()
        with turn_within(0 if waiting else OVERFLOW_AFTER) as ours:
            if ours and (not waiting or _moved(journal, raw)):
                return store_in_transaction(raw, verdict)
        return journal.record(raw, verdict)


def _moved(journal: Journal, raw: RawConnection) -> bool:
    """Whether the journal is empty after moving at most ``MOVE_AT_ONCE`` scans into the
    database. If not (more were kept, or the move failed: logged), the scan is kept in the
    journal too, judged with the others: no scan is refused, and none waits for hundreds of
    others to be moved."""
    try:
        journal.move(raw, MOVE_AT_ONCE)
    except Exception:  # noqa: BLE001 - the scans stay kept; the checkpoint thread tries again
        log.exception("scan journal: moving the kept scans into the database failed")
        return False
    return not journal.waiting()


def move_waiting(app: Flask, within: float | None = OVERFLOW_AFTER) -> int:
    """Move the scans waiting in the app's journal into its database (the checkpoint thread,
    every second; a backup, waiting its turn: ``within=None``). Returns how many."""
    with app.app_context():
        journal = journal_of(db.engine.url)
        if journal is None or not Path(journal.path).exists():
            return 0
        with serialised_write(journal.url):
            if not journal.waiting():
                return 0
            with turn_within(within) as ours:
                if not ours:
                    return 0
                raw = RawConnection()
                try:
                    return journal.move(raw)
                finally:
                    raw.close()


def close(app: Flask) -> None:
    """This process's connection to the app's journal (tests, before the file goes)."""
    with app.app_context():
        journal = journal_of(db.engine.url)
    if journal is not None:
        journal.close()


rawdb.EVERY_SECOND.append(move_waiting)
rawdb.ON_DISPOSE.append(close)
