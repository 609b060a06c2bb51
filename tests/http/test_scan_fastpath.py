"""The usual scan answered outside Flask's request machinery (blueprints/api/fastpath.py): the
same answer, bytes and headers as the view's; everything else left to the view."""

import json
import uuid

import pytest
from sqlalchemy import func, select

from blueprints.api import fastpath
from blueprints.api.fastpath import scan_answered
from extensions import db
from models import Scan
from tests.http.test_checkin_api import gate  # noqa: F401 - the fixture

URL = "/api/v1/scans"


@pytest.fixture
def answered(app):
    """One entry for each scan the fast path answered since the test began."""
    count = []

    def counted(sender):
        count.append(sender)

    scan_answered.connect(counted, app)
    yield count
    scan_answered.disconnect(counted, app)


def _send(client, token: str | None, body: bytes, content_type="application/json", **headers):
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return client.request("post", URL, data=body, headers={"Content-Type": content_type, **headers})


def _body(code: str, pad: int = 0, **extra) -> bytes:
    """A scan's JSON; ``pad`` spaces after it make it longer than the fast path takes."""
    return (json.dumps({"code": code, "client_scan_id": str(uuid.uuid4()), **extra}) + " " * pad).encode()


def _comparable(answer) -> tuple:
    body = answer.get_json()
    for varying in ("client_scan_id", "scanned_at", "person"):
        body.pop(varying)
    headers = {k: v for k, v in answer.headers.items() if k not in ("Content-Length", "X-Request-ID")}
    return answer.status_code, body, headers, answer.get_data().endswith(b"}\n"), b": " in answer.get_data()


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_usual_scan_gets_the_views_answer_without_flask(app, client, gate, language, answered):  # noqa: F811
    quick = _send(client, gate["token"], _body(gate["codes"]["an"]), **{"Accept-Language": language})
    assert len(answered) == 1  # answered by the fast path
    slow = _send(
        client, gate["token"], _body(gate["codes"]["binh"], pad=fastpath.MAX_BODY), **{"Accept-Language": language}
    )
    assert len(answered) == 1  # too long for it: the view answered
    assert quick.get_json()["outcome"] == slow.get_json()["outcome"] == "admitted"
    assert _comparable(quick) == _comparable(slow)
    assert quick.get_json()["message"] == ("Hợp lệ – mời vào." if language == "vi" else "Valid – come in.")
    assert len(quick.headers["X-Request-ID"]) == 16
    given = _send(client, gate["token"], _body(gate["codes"]["an"]), **{"X-Request-ID": "proxy-given-id-123"})
    assert given.headers["X-Request-ID"] == "proxy-given-id-123" and given.get_json()["outcome"] == "repeat"
    assert len(answered) == 2
    assert db.session.scalar(select(func.count()).select_from(Scan)) == 3


def test_the_same_scan_sent_twice_through_either_path_is_recorded_once(client, gate, answered):  # noqa: F811
    body = _body(gate["codes"]["an"])
    first = _send(client, gate["token"], body)
    again = _send(client, gate["token"], body[:-1] + b" " * fastpath.MAX_BODY + b"}")  # the view's turn
    assert first.get_json() == again.get_json() and len(answered) == 1
    assert db.session.scalar(select(func.count()).select_from(Scan)) == 1


def test_anything_unusual_is_the_views_to_answer(client, gate, answered):  # noqa: F811
    code = gate["codes"]["an"]
    cases = [
        (None, _body(code), "application/json", 401),  # no device
        ("not-a-device-token", _body(code), "application/json", 401),
        (gate["token"], b"[1, 2]", "application/json", 400),  # not an object
        (gate["token"], b'"a string"', "application/json", 400),
        (gate["token"], b"{not json", "application/json", 400),
        (gate["token"], b"[" * 2000 + b"]" * 2000, "application/json", 400),  # deeper than json reads
        (gate["token"], _body(code), "application/x-www-form-urlencoded", 400),
        (gate["token"], json.dumps({"code": code, "client_scan_id": "x"}).encode(), "application/json", 400),
        (gate["token"], _body(code, scanned_at="1970-01-01T00:00:00+00:00"), "application/json", 400),
        (gate["token"], _body(code, checkpoint_id=gate["point"].id + 1000), "application/json", 403),
        (gate["hall_token"], _body(code, pad=fastpath.MAX_BODY), "application/json", 200),  # long: the view's
    ]
    for token, body, content_type, status in cases:
        answer = _send(client, token, body, content_type)
        assert answer.status_code == status, (body[:60], answer.get_data(as_text=True))
        assert answer.is_json and "X-Request-ID" in answer.headers
    assert answered == []
    assert db.session.scalar(select(func.count()).select_from(Scan)) == 1  # only the last, long one
