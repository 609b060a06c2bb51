"""Simultaneous scans: one admission at a once-only checkpoint, one record per client_scan_id.

Runs on whichever database the suite runs on; CI runs it on PostgreSQL too, where the
requests really run in parallel (SQLite serialises writers).
"""

import threading
import uuid

from sqlalchemy import func, select

from extensions import db
from models import CheckIn, CheckpointKind, Frequency, Scan, UserRole
from services.badges import tokens
from services.checkin import checkpoints, devices
from tests.support import factories as f


def _parallel(app, requests):
    """Send every (bearer, body) at the same instant, each from its own client and connection."""
    barrier = threading.Barrier(len(requests))
    answers = [None] * len(requests)

    def run(i, bearer, body):
        client = app.test_client()
        barrier.wait()
        with app.app_context():
            answers[i] = client.post("/api/v1/scans", json=body, headers={"Authorization": f"Bearer {bearer}"})

    threads = [threading.Thread(target=run, args=(i, *r)) for i, r in enumerate(requests)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    db.session.commit()  # end the test's own snapshot: see what the requests wrote
    return answers


def _setup():
    lak = f.unit("LAK")
    ev = f.event()
    person = f.person(ev, lak, "Nguyễn Văn An")
    tokens.issue_missing(ev, [person.id])
    admin = f.user("admin", role=UserRole.ADMIN)
    gate = checkpoints.save_checkpoint(
        ev, None, checkpoints.CheckpointData(name="Cổng chính", kind=CheckpointKind.GATE, frequency=Frequency.ONCE)
    )
    bearers = [devices.create_device(gate, admin, name=f"Máy {i}")[1] for i in range(2)]
    db.session.commit()
    return tokens.token_for(tokens.active_badge(person)), bearers


def test_two_devices_same_badge_same_instant_one_admission_one_repeat(app):
    code, bearers = _setup()
    for _round in range(3):
        db.session.execute(CheckIn.__table__.delete())
        db.session.commit()
        answers = _parallel(app, [(b, {"code": code, "client_scan_id": str(uuid.uuid4())}) for b in bearers])
        outcomes = sorted(a.get_json()["outcome"] for a in answers)
        assert outcomes == ["admitted", "repeat"], outcomes
        assert db.session.scalar(select(func.count()).select_from(CheckIn)) == 1


def test_the_same_scan_sent_four_times_at_once_is_recorded_once(app):
    code, bearers = _setup()
    scan_id = str(uuid.uuid4())
    answers = _parallel(app, [(bearers[0], {"code": code, "client_scan_id": scan_id})] * 4)
    bodies = [a.get_json() for a in answers]
    assert all(a.status_code == 200 for a in answers)
    assert all(b == bodies[0] for b in bodies) and bodies[0]["outcome"] == "admitted"
    assert db.session.scalar(select(func.count()).select_from(Scan)) == 1
    assert db.session.scalar(select(func.count()).select_from(CheckIn)) == 1
