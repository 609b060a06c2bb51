"""Simultaneous scans: one admission at a once-only checkpoint, one record per client_scan_id.

Real requests to the served app (tests/support/races.py), on whichever database the suite
runs on; CI runs it on PostgreSQL too, where they really run in parallel (SQLite serialises
writers).
"""

import uuid

import requests
from sqlalchemy import func, select

from extensions import db
from models import CheckIn, CheckpointKind, Frequency, Scan, UserRole
from services.badges import tokens
from services.checkin import checkpoints, devices
from tests.support import factories as f
from tests.support.races import at_once


def _parallel(base, scans):
    """Send every (bearer, body) to the served app at the same instant, each on its own connection."""

    def send(bearer, body):
        return requests.post(f"{base}/api/v1/scans", json=body, headers={"Authorization": f"Bearer {bearer}"})

    return at_once(*(lambda b=b, body=body: send(b, body) for b, body in scans))


def _setup():
    lak = f.unit("LAK")
    ev = f.event()
    person = f.person(ev, lak, "Nguyễn Văn An")
    f.approved(ev, lak)
    tokens.issue_missing(ev, [person.id])
    admin = f.user("admin", role=UserRole.ADMIN)
    gate = checkpoints.save_checkpoint(
        ev, None, checkpoints.CheckpointData(name="Cổng chính", kind=CheckpointKind.GATE, frequency=Frequency.ONCE)
    )
    bearers = [devices.create_device(gate, admin, name=f"Máy {i}")[1] for i in range(2)]
    db.session.commit()
    return tokens.token_for(tokens.active_badge(person)), bearers


def test_two_devices_same_badge_same_instant_one_admission_one_repeat(app, served):
    code, bearers = _setup()
    for _round in range(20):
        db.session.execute(CheckIn.__table__.delete())
        db.session.commit()
        answers = _parallel(served, [(b, {"code": code, "client_scan_id": str(uuid.uuid4())}) for b in bearers])
        outcomes = sorted(a.json()["outcome"] for a in answers)
        assert outcomes == ["admitted", "repeat"], outcomes
        assert db.session.scalar(select(func.count()).select_from(CheckIn)) == 1


def test_the_same_scan_sent_four_times_at_once_is_recorded_once(app, served):
    code, bearers = _setup()
    scan_id = str(uuid.uuid4())
    answers = _parallel(served, [(bearers[0], {"code": code, "client_scan_id": scan_id})] * 4)
    bodies = [a.json() for a in answers]
    assert all(a.status_code == 200 for a in answers)
    assert all(b == bodies[0] for b in bodies) and bodies[0]["outcome"] == "admitted"
    assert db.session.scalar(select(func.count()).select_from(Scan)) == 1
    assert db.session.scalar(select(func.count()).select_from(CheckIn)) == 1
