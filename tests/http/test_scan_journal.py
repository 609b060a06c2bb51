"""SQLite: a scan that would wait long for the one write lock (a roster import holding it) is
judged, kept in the scan journal and answered at once, then moved into the database
(services/checkin/journal.py), with the same rules and answers as any scan."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from extensions import db
from models import CheckIn, Person, Scan
from services.checkin import dbwrite, journal
from services.operations import backup
from tests.http.test_checkin_api import gate as gate  # noqa: F401 - its fixture, by that name
from tests.http.test_checkin_api import scan  # the phone's request


@pytest.fixture
def busy(app):
    """The writers' turn held by another thread, as a long write transaction holds it."""
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite's one write lock")
    taken, done, url = threading.Event(), threading.Event(), db.engine.url

    def writer() -> None:
        with dbwrite.serialised_write(url):
            taken.set()
            done.wait(60)

    def end() -> None:  # the long write is over: its turn given back
        done.set()
        thread.join()

    thread = threading.Thread(target=writer)
    thread.start()
    assert taken.wait(30)
    yield end
    end()


def _count(model) -> int:
    db.session.rollback()  # a snapshot of now
    return db.session.scalar(select(func.count()).select_from(model))


def _waiting() -> int:
    return len(journal.journal_of(db.engine.url)._connection().execute("SELECT seq FROM pending").fetchall())


def test_a_scan_behind_a_long_write_is_answered_kept_and_then_stored_as_any(client, gate, busy):
    first_id = str(uuid.uuid4())
    first = scan(client, gate["token"], gate["codes"]["an"], first_id).get_json()
    assert first["outcome"] == "admitted" and first["person"]["full_name"] == "Nguyễn Văn An"
    again = scan(client, gate["token"], gate["codes"]["an"]).get_json()  # another scan of the same badge
    assert again["outcome"] == "repeat" and "tại Cổng A – Sân vận động (bởi Điện thoại cổng A)" in again["message"]
    assert scan(client, gate["token"], gate["codes"]["an"], first_id).get_json() == first  # sent twice
    assert (_count(Scan), _waiting()) == (0, 2)  # answered, kept, not yet in the database

    busy()  # the long write ends
    other = scan(client, gate["token"], gate["codes"]["binh"]).get_json()  # the next scan moves them in first
    assert other["outcome"] == "admitted"
    assert (_count(Scan), _count(CheckIn), _waiting()) == (3, 2, 0)
    stored = {s.client_scan_id: s for s in db.session.scalars(select(Scan))}
    assert stored[first_id].outcome == "admitted" and stored[first_id].response == first
    assert sorted(s.outcome for s in stored.values()) == ["admitted", "admitted", "repeat"]
    assert scan(client, gate["token"], gate["codes"]["an"], first_id).get_json() == first  # still the first answer


def test_two_phones_at_once_behind_a_long_write_admit_exactly_one(app, client, gate, busy):
    answers: list[str] = []

    def phone(code: str, barrier: threading.Barrier) -> None:
        barrier.wait()
        with app.test_client() as own:
            body = {"code": code, "client_scan_id": str(uuid.uuid4())}
            answer = own.post("/api/v1/scans", json=body, headers={"Authorization": f"Bearer {gate['token']}"})
            answers.append(answer.get_json()["outcome"])

    for who in ("an", "binh", "coach"):
        answers.clear()
        barrier = threading.Barrier(2)
        phones = [threading.Thread(target=phone, args=(gate["codes"][who], barrier)) for _ in range(2)]
        for p in phones:
            p.start()
        for p in phones:
            p.join()
        assert sorted(answers) == ["admitted", "repeat"], who
    busy()
    assert journal.move_waiting(app, within=None) == 6
    assert (_count(Scan), _count(CheckIn)) == (6, 3)


def test_an_offline_scan_made_before_a_kept_admission_takes_its_place(app, client, gate, busy):
    online = scan(client, gate["token"], gate["codes"]["an"]).get_json()
    earlier = (datetime.now(UTC) - timedelta(minutes=5)).isoformat()
    offline = scan(client, gate["token"], gate["codes"]["an"], scanned_at=earlier, offline_outcome="admitted")
    assert (online["outcome"], offline.get_json()["outcome"]) == ("admitted", "admitted")
    busy()
    assert journal.move_waiting(app, within=None) == 2
    admission = db.session.scalar(select(CheckIn))
    assert admission.scan.offline and _count(CheckIn) == 1
    superseded = db.session.scalar(select(Scan).where(Scan.offline.is_(False)))
    assert superseded.outcome == "repeat" and superseded.superseded_at is not None


def test_a_kept_scan_whose_person_was_deleted_meanwhile_is_stored_naming_no_one(app, client, gate, busy):
    scan_id = str(uuid.uuid4())
    assert scan(client, gate["token"], gate["codes"]["an"], scan_id).get_json()["outcome"] == "admitted"
    busy()
    db.session.delete(db.session.get(Person, gate["people"]["an"].id))  # the unit's roster replaced
    db.session.commit()
    assert journal.move_waiting(app, within=None) == 1
    stored = db.session.scalar(select(Scan))
    assert (stored.client_scan_id, stored.person_id, _count(CheckIn), _waiting()) == (scan_id, None, 0, 0)


def test_the_checkpoint_thread_moves_kept_scans_in_without_another_scan(client, gate, busy):
    scan(client, gate["token"], gate["codes"]["an"])
    busy()
    deadline = time.monotonic() + 60  # every second; a loaded machine only makes it later
    while _count(Scan) == 0 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert (_count(Scan), _count(CheckIn), _waiting()) == (1, 1, 0)


def test_kept_scans_of_a_database_no_longer_at_that_path_are_not_replayed(app, client, gate, busy, monkeypatch):
    scan(client, gate["token"], gate["codes"]["an"])
    busy()
    monkeypatch.setattr(journal, "_identity", lambda _database: "another-file")  # e.g. a restore replaced it
    assert journal.move_waiting(app, within=None) == 1  # taken out of the journal
    assert (_count(Scan), _waiting()) == (0, 0)


def test_a_backup_takes_the_kept_scans_in_first(app, client, gate, busy, tmp_path):
    scan(client, gate["token"], gate["codes"]["an"])
    busy()
    summary = backup.take_backup(tmp_path / "season.tar")
    assert (summary.rows["scan"], summary.rows["check_in"], _waiting()) == (1, 1, 0)


_PHONE_THEN_KILLED = """
import json, os, signal, sys, uuid
sys.path.insert(0, sys.argv[1])
from app import create_app
app = create_app({"SQLALCHEMY_DATABASE_URI": sys.argv[2], "SECRET_KEY": "test-secret", "TESTING": True})
body, bearer = {"code": sys.argv[4], "client_scan_id": sys.argv[5]}, {"Authorization": "Bearer " + sys.argv[3]}
answer = app.test_client().post("/api/v1/scans", json=body, headers=bearer)
print(json.dumps(answer.get_json()), flush=True)
os.kill(os.getpid(), signal.SIGKILL)  # the worker dies the instant its phone has the answer
"""


def test_a_kept_scan_outlives_the_worker_killed_after_answering(app, client, gate, busy):
    root, scan_id = str(Path(__file__).resolve().parents[2]), str(uuid.uuid4())
    url = db.engine.url.render_as_string(hide_password=False)
    child = subprocess.run(
        [sys.executable, "-c", _PHONE_THEN_KILLED, root, url, gate["token"], gate["codes"]["an"], scan_id],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert child.returncode == -signal.SIGKILL, child.stderr[-2000:]
    answer = json.loads(child.stdout)
    assert answer["outcome"] == "admitted" and _count(Scan) == 0
    busy()
    assert journal.move_waiting(app, within=None) == 1
    assert _count(CheckIn) == 1
    stored = db.session.scalar(select(Scan))
    assert (stored.client_scan_id, stored.response) == (scan_id, answer)
    assert scan(client, gate["token"], gate["codes"]["an"], scan_id).get_json() == answer  # the phone sends it again


def test_a_scan_moves_a_few_kept_scans_and_then_is_kept_behind_the_others(app, client, gate, busy, monkeypatch):
    monkeypatch.setattr(journal, "MOVE_AT_ONCE", 1)  # many kept behind a very long write
    for who in ("an", "binh", "coach"):
        scan(client, gate["token"], gate["codes"][who])
    busy()
    again = scan(client, gate["token"], gate["codes"]["an"]).get_json()
    assert again["outcome"] == "repeat"  # judged with the kept ones, in order
    assert (_count(Scan), _waiting()) == (1, 3)
    assert journal.move_waiting(app, within=None) == 3
    assert (_count(Scan), _count(CheckIn), _waiting()) == (4, 3, 0)
