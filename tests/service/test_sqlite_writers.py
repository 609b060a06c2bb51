"""SQLite's writers take their turn in one queue (services/checkin/dbwrite.py): the scans, the
WAL checkpoint and every write transaction of the app, so none of them polls for the lock
while another holds it."""

from __future__ import annotations

import fcntl
import gc
import os
import sqlite3
import threading
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from extensions import db, writing
from models import Unit
from services.checkin import dbwrite, rawdb


@pytest.fixture
def path(app) -> str:
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite's one writer at a time")
    return db.engine.url.database


def _queue_is_free(path: str) -> bool:
    """Whether another process could take the writers' queue now (a descriptor of its own)."""
    fd = os.open(str(Path(path).with_suffix(".write-lock")), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(fd)  # and with it the lock, if taken
    return True


def test_a_write_transaction_holds_the_queue_from_its_begin_to_its_end(app, path):
    assert db.session.scalar(select(func.count()).select_from(Unit)) == 0  # reads take no turn
    assert _queue_is_free(path)
    db.session.rollback()
    with writing():
        db.session.add(Unit(code="LAK", name="LĐLĐ huyện Lắk", kind="district"))
        db.session.flush()
        assert not _queue_is_free(path)
        assert not gc.isenabled()  # no collection pauses a holder of the lock
        db.session.commit()
    assert _queue_is_free(path) and gc.isenabled()
    with writing():
        db.session.add(Unit(code="LAK", name="Trùng mã", kind="district"))
        with pytest.raises(IntegrityError):
            db.session.flush()
        db.session.rollback()
    assert _queue_is_free(path)
    with writing():
        db.session.add(Unit(code="KRB", name="LĐLĐ huyện Krông Bông", kind="district"))
        db.session.flush()
        with dbwrite.serialised_write():  # the same thread again (a nested write): no deadlock
            assert not _queue_is_free(path)
        assert not _queue_is_free(path)  # still this transaction's turn
        db.session.rollback()
    assert _queue_is_free(path)
    assert db.session.scalar(select(func.count()).select_from(Unit)) == 1


def test_a_scan_waits_for_a_write_transaction_in_the_queue(app, path):
    """Another thread's scan write enters only when the transaction ends (no SQLite polling)."""
    entered, failed, url = threading.Event(), [], db.engine.url

    def scan() -> None:
        try:
            with dbwrite.serialised_write(url):
                entered.set()
        except Exception as error:  # noqa: BLE001 - reported by the test
            failed.append(error)

    with writing():
        db.session.add(Unit(code="LAK", name="LĐLĐ huyện Lắk", kind="district"))
        db.session.flush()
        other = threading.Thread(target=scan)
        other.start()
        assert not entered.wait(0.3)  # a slow machine only makes this easier to pass
        db.session.commit()
    assert entered.wait(30)
    other.join()
    assert not failed


def test_the_next_writer_enters_after_the_commit_not_during_it(app, path):
    """The turn passes once COMMIT has finished: a scan let in while a big transaction still
    writes its pages would meet SQLite's lock and poll it (its sleeps of 1, 2, 5 … ms). Here
    the scan's connection does not wait at all (busy_timeout 0), so entering early fails."""
    ready, entered, failed, url = threading.Event(), threading.Event(), [], db.engine.url

    def scan() -> None:
        con = sqlite3.connect(path, isolation_level=None, timeout=0)
        try:
            ready.set()
            with dbwrite.serialised_write(url):
                entered.set()
                con.execute("BEGIN IMMEDIATE")
                con.execute("COMMIT")
        except Exception as error:  # noqa: BLE001 - reported by the test
            failed.append(error)
        finally:
            con.close()

    with writing():
        db.session.execute(text("CREATE TABLE filler (x BLOB)"))
        many = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) "
        db.session.execute(text(many + "INSERT INTO filler SELECT randomblob(4000) FROM n"))  # ~8 MB to write out
        other = threading.Thread(target=scan)
        other.start()
        assert ready.wait(30)
        db.session.commit()
    other.join()
    assert entered.is_set() and not failed, failed


def test_a_connection_back_in_the_pool_gives_its_turn_back(app, path):
    connection = db.engine.connect()
    dbwrite.hold(connection)
    dbwrite.hold(connection)  # once per connection: one release lets go
    assert not _queue_is_free(path)
    connection.close()  # e.g. an error between BEGIN and COMMIT that skipped the rollback event
    assert _queue_is_free(path)


def test_a_writer_of_lower_priority_runs_at_the_normal_one_while_it_holds_the_queue(app, path):
    """Priority inheritance by hand: the office's workers run at nice 10 (deploy/)."""
    seen: dict[str, object] = {}

    def office() -> None:
        os.setpriority(os.PRIO_PROCESS, 0, 10)  # this thread only (Linux)
        try:
            os.setpriority(os.PRIO_PROCESS, 0, 0)  # may a thread raise its priority here?
            os.setpriority(os.PRIO_PROCESS, 0, 10)
        except PermissionError:
            seen["allowed"] = False
            return
        try:
            with app.app_context(), writing():
                db.session.add(Unit(code="LAK", name="LĐLĐ huyện Lắk", kind="district"))
                db.session.flush()
                seen["holding"] = os.getpriority(os.PRIO_PROCESS, 0)
                db.session.commit()
            seen["after"] = os.getpriority(os.PRIO_PROCESS, 0)
        except Exception as error:  # noqa: BLE001 - reported by the test
            seen["error"] = error

    thread = threading.Thread(target=office)
    thread.start()
    thread.join()
    if seen.get("allowed") is False:
        pytest.skip("this system lets no process raise its priority (no CAP_SYS_NICE, RLIMIT_NICE)")
    assert "error" not in seen, seen
    assert (seen["holding"], seen["after"]) == (0, 10)


def test_one_process_of_those_sharing_a_database_checkpoints_it(path):
    first = rawdb._lead(path)
    assert first is not None
    assert rawdb._lead(path) is None  # another process's thread: not while the first lives
    os.close(first)  # the first process exits
    second = rawdb._lead(path)
    assert second is not None
    os.close(second)


def test_a_turn_asked_within_a_time_is_given_up_when_another_writer_keeps_it(app, path):
    held, done, url, seen = threading.Event(), threading.Event(), db.engine.url, []

    def writer() -> None:
        with dbwrite.serialised_write(url):
            held.set()
            done.wait(60)

    other = threading.Thread(target=writer)
    other.start()
    assert held.wait(30)
    with dbwrite.turn_within(0.05, url) as ours:
        seen.append(ours)
    done.set()
    other.join()
    with dbwrite.turn_within(0, url) as ours:
        seen.append(ours)
        assert not _queue_is_free(path)
    assert seen == [False, True] and _queue_is_free(path)
