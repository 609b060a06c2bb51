"""Phones that were offline, syncing late: every phone learns of every admission at its next
increment (the server's order of arrival, not the scan's time), and the earliest believable
scan is the admission whichever arrives first. Through HTTP, on SQLite and PostgreSQL; the
parallel case through the served app."""

import uuid
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

import pytest
import requests
from sqlalchemy import func, select, update

from extensions import db
from models import Badge, CheckIn, CheckpointKind, Frequency, Scan, UserRole
from services.badges import tokens
from services.checkin import checkpoints, devices
from services.checkin.offline import short_hash
from services.i18n import to_local
from tests.support import factories as f
from tests.support.races import at_once

BASE = "/admin/events/hoi-thao-2024"


def _world():
    lak = f.unit("LAK", "LĐLĐ huyện Lắk")
    ev = f.event()
    an = f.person(ev, lak, "Nguyễn Văn An")
    f.approved(ev, lak)
    tokens.issue_missing(ev, [an.id])
    f.user("admin", role=UserRole.ADMIN)
    points = {}
    for name, kind in (("Cổng chính", CheckpointKind.GATE), ("Quầy quà tặng", CheckpointKind.BOOTH)):
        point = checkpoints.save_checkpoint(
            ev, None, checkpoints.CheckpointData(name=name, kind=kind, frequency=Frequency.ONCE)
        )
        points[kind] = (point, *(devices.create_device(point, None, name=f"{name} máy {i}")[1] for i in "AB"))
    db.session.execute(update(Badge).values(issued_at=datetime.now(UTC) - timedelta(hours=1)))  # printed earlier
    db.session.commit()
    return {"code": tokens.token_for(tokens.active_badge(an)), "an": an, "points": points}


@pytest.fixture
def world(app):
    return _world()


def _scan(client, bearer, code, made_at=None):
    """A scan as the phone sends it: online without a time, offline with its own time and verdict."""
    body = {"code": code, "client_scan_id": str(uuid.uuid4())}
    if made_at is not None:
        body |= {"scanned_at": made_at.isoformat(), "offline_outcome": "admitted"}
    return client.api("post", "/api/v1/scans", bearer, json=body).get_json()


def _list(client, bearer, held=None):
    query = (
        ""
        if held is None
        else "?" + urlencode({"since": held["version"], "after": held["sequence"], "key": held["key"]})
    )
    return client.api("get", "/api/v1/checkpoint/offline-list" + query, bearer).get_json()


def _slot_of(answer, code):
    return {row[0]: row[6] for row in answer["badges"]}.get(short_hash(code))


def test_a_late_sync_reaches_the_other_phones_next_increment(client, world):
    _point, phone_a, phone_b = world["points"][CheckpointKind.BOOTH]
    held = _list(client, phone_b)
    assert held["full"] is True and _slot_of(held, world["code"]) == ""
    # A gave An his gift offline ten minutes ago and syncs only now: the scan's own time is
    # older than B's list, the arrival is not.
    made_at = datetime.now(UTC) - timedelta(minutes=10)
    assert _scan(client, phone_a, world["code"], made_at)["outcome"] == "admitted"
    increment = _list(client, phone_b, held)
    assert increment["full"] is False and _slot_of(increment, world["code"]) == "once"
    # Once the admission has settled (it reached the server more than a few seconds ago) the
    # sequence moves past it and the next increment no longer carries it.
    db.session.execute(update(Scan).values(received_at=datetime.now(UTC) - timedelta(minutes=1)))
    db.session.commit()
    settled = _list(client, phone_b, increment)
    assert settled["sequence"] == db.session.scalar(select(func.max(CheckIn.id)))
    assert _slot_of(_list(client, phone_b, settled), world["code"]) is None
    assert _list(client, phone_a, settled)["full"] is False  # the sequence is the checkpoint's, any phone's


def test_an_earlier_offline_scan_arriving_later_becomes_the_admission(client, world):
    point, phone_a, phone_b = world["points"][CheckpointKind.GATE]
    online = _scan(client, phone_b, world["code"])  # 06:14, say
    assert online["outcome"] == "admitted"
    made_at = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=12)  # 06:02, at the other gate phone
    late = _scan(client, phone_a, world["code"], made_at)
    assert late["outcome"] == "admitted" and late["first_check_in"] is None
    admissions = db.session.scalars(select(CheckIn)).all()
    assert len(admissions) == 1 and admissions[0].at == made_at  # one admission, at the earliest time
    assert admissions[0].scan.client_scan_id == late["client_scan_id"]
    first = db.session.scalar(select(Scan).where(Scan.client_scan_id == online["client_scan_id"]))
    assert first.outcome == "repeat" and first.superseded_at is not None
    # Asked again, the gate says when he really came in, and by which phone.
    again = _scan(client, phone_b, world["code"])
    assert again["outcome"] == "repeat"
    assert f"Đã vào lúc {to_local(made_at):%H:%M}" in again["message"] and "Cổng chính máy A" in again["message"]
    # The phone that said "admitted" online is on the conflict page, told that nothing is to be done.
    client.login("admin")
    page = client.get(BASE + "/scan-conflicts").get_data(as_text=True)
    assert page.count("Nguyễn Văn An") == 1 and "sớm hơn (gửi lên sau)" in page
    assert "Không cần làm gì" in page


def test_the_later_scan_arriving_later_is_the_repeat(client, world):
    _point, phone_a, phone_b = world["points"][CheckpointKind.GATE]
    made_at = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=12)
    assert _scan(client, phone_a, world["code"], made_at)["outcome"] == "admitted"
    online = _scan(client, phone_b, world["code"])
    assert online["outcome"] == "repeat" and online["first_check_in"]["at"] == made_at.isoformat()
    assert db.session.scalar(select(func.count()).select_from(CheckIn)) == 1
    assert db.session.scalar(select(func.count()).select_from(Scan).where(Scan.superseded_at.is_not(None))) == 0
    client.login("admin")
    assert "Không có xung đột." in client.get(BASE + "/scan-conflicts").get_data(as_text=True)


def test_a_once_only_booth_gives_one_gift_once_both_phones_have_synced(client, world):
    _point, phone_a, phone_b = world["points"][CheckpointKind.BOOTH]
    made_at = datetime.now(UTC) - timedelta(minutes=5)
    assert _scan(client, phone_b, world["code"])["outcome"] == "admitted"  # B, online: a gift
    assert _scan(client, phone_a, world["code"], made_at)["outcome"] == "admitted"  # A gave one offline before
    for phone in (phone_a, phone_b):  # from now on, nobody gets a third
        answer = _scan(client, phone, world["code"])
        assert answer["outcome"] == "limit_reached" and "mỗi người chỉ một lần" in answer["message"]
        assert _slot_of(_list(client, phone), world["code"]) == "once"
    assert db.session.scalar(select(func.count()).select_from(CheckIn)) == 1
    client.login("admin")
    page = client.get(BASE + "/scan-conflicts").get_data(as_text=True)
    assert "Người này đã nhận hai lần tại quầy chỉ phát một lần" in page and "Cho vào" in page


def test_earlier_offline_scans_arriving_at_once_leave_the_earliest_as_the_admission(app, served):
    world = _world()
    _point, phone_a, phone_b = world["points"][CheckpointKind.GATE]

    def send(bearer, minutes):
        body = {"code": world["code"], "client_scan_id": str(uuid.uuid4())}
        if minutes is not None:
            made_at = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=minutes)
            body |= {"scanned_at": made_at.isoformat(), "offline_outcome": "admitted"}
        return requests.post(f"{served}/api/v1/scans", json=body, headers={"Authorization": f"Bearer {bearer}"})

    for _round in range(5):
        db.session.execute(CheckIn.__table__.delete())
        db.session.execute(Scan.__table__.delete())
        db.session.commit()
        assert send(phone_b, None).json()["outcome"] == "admitted"
        answers = at_once(*(lambda m=m: send(phone_a if m % 2 else phone_b, m) for m in (3, 7, 11, 15)))
        assert all(a.status_code == 200 for a in answers)
        db.session.expire_all()
        admission = db.session.scalars(select(CheckIn)).one()
        scans = db.session.scalars(select(Scan)).all()
        assert admission.at == min(s.scanned_at for s in scans) == admission.scan.scanned_at
        outcomes = sorted(s.outcome for s in scans)
        assert outcomes == ["admitted", "repeat", "repeat", "repeat", "repeat"], outcomes
        assert admission.scan.outcome == "admitted"
