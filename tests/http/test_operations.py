"""Running it for real: /healthz, request ids and log lines, the error page's code, the
admin's media zip served for real, and ``flask doctor``."""

from __future__ import annotations

import hashlib
import io
import json
import threading
import uuid
import zipfile

import pytest
from flask_migrate import stamp
from sqlalchemy import text

from app import create_app
from blueprints import request_log
from extensions import db
from models import UserRole
from services.operations import health
from tests.http.test_media import EVENT, photo, upload
from tests.support import factories as f
from tests.support import worlds
from tests.support.races import Person, serving


@pytest.fixture
def log_lines():
    """What the app's logger writes (its real handler and formatter), as a list of lines."""
    stream = io.StringIO()
    handler = request_log.logger.handlers[0]
    previous = handler.setStream(stream)
    yield lambda: [line for line in stream.getvalue().splitlines() if line.strip()]
    handler.setStream(previous)


def _stamped() -> None:
    """The suite builds its schema from the models; a deployment's is made by the migrations."""
    with db.engine.begin() as conn:
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
    stamp()


@pytest.mark.rebuilds_schema
def test_healthz_answers_200_with_every_check_and_503_naming_what_fails(app, client, tmp_path):
    app.config.update(MEDIA_ROOT=str(tmp_path / "media"), HEALTH_MIN_FREE_MB=0, HEALTH_CHECK_SECONDS=0)
    app.config["HEALTH_TOKEN"] = token = "t" * 40
    client.http.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"  # a monitor: every check named
    not_migrated = client.get("/healthz")
    assert not_migrated.status_code == 503
    assert not_migrated.get_json()["checks"]["migrations"].startswith(f"fail: None != {health.head_revision()}")
    _stamped()
    ok = client.get("/healthz")
    assert ok.status_code == 200 and ok.headers["Cache-Control"] == "no-store"
    assert ok.get_json() == {
        "status": "ok",
        "checks": {"database": "ok", "migrations": "ok", "media": "ok", "disk": ok.get_json()["checks"]["disk"]},
    }
    assert ok.get_json()["checks"]["disk"].startswith("ok: ") and ok.get_json()["checks"]["disk"].endswith(" MB free")

    app.config["HEALTH_MIN_FREE_MB"] = 10**9  # a petabyte: no disk has it
    full = client.get("/healthz").get_json()
    assert (
        full["status"] == "fail"
        and full["checks"]["disk"].startswith("fail: ")
        and "< 1000000000" in full["checks"]["disk"]
    )

    app.config["HEALTH_MIN_FREE_MB"] = 0
    (tmp_path / "a-file").write_text("")
    app.config["MEDIA_ROOT"] = str(tmp_path / "a-file" / "media")  # cannot be made: a file is in the way
    blocked = client.get("/healthz")
    assert blocked.status_code == 503 and blocked.get_json()["checks"]["media"].startswith("fail")


def test_healthz_is_503_when_the_database_is_unreachable(app):
    down = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "x",
            "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://postgres@127.0.0.1:9/none",
            "HEALTH_TOKEN": "m" * 40,
        }
    )
    public = down.test_client().get("/healthz")
    assert public.status_code == 503 and public.get_json() == {"status": "fail"}
    answer = down.test_client().get("/healthz", headers={"Authorization": "Bearer " + "m" * 40})
    assert answer.status_code == 503
    body = answer.get_json()
    assert body["checks"]["database"].startswith("fail: OperationalError")
    assert body["checks"]["migrations"] == "fail: database unreachable"


@pytest.mark.rebuilds_schema
def test_every_request_gets_an_id_back_and_one_log_line_without_tokens(app, client, log_lines, tmp_path):
    app.config["LOG_REQUESTS"] = True
    lak, bmt, _ev = worlds.two_units()
    worlds.accounts(lak, bmt)
    answer = client.get("/set-password/abcdefghijklmnopqrstuvwxyz0123456789?next=Nguy%E1%BB%85n")
    rid = answer.headers["X-Request-ID"]
    assert len(rid) == 16
    line = log_lines()[-1]
    assert "GET" in line and "path=/set-password/…" in line and f"request_id={rid}" in line
    assert "abcdefghijklmnopqrstuvwxyz" not in line and "Nguy" not in line  # no token, no query string
    client.login("cb.lak")
    client.get("/units/LAK", headers={"X-Request-ID": "proxy-given-id-123"})
    line = log_lines()[-1]
    assert "path=/units/LAK" in line and "status=200" in line and "request_id=proxy-given-id-123" in line
    assert "user=" in line and " ms=" in line
    assert client.get("/healthz").status_code == 503  # the suite's schema is not stamped
    assert "path=/healthz status=503" in log_lines()[-1]  # a failing check is logged
    _stamped()
    app.config.update(MEDIA_ROOT=str(tmp_path / "media"), HEALTH_MIN_FREE_MB=0, HEALTH_CHECK_SECONDS=0)
    lines = len(log_lines())
    healthy = client.get("/healthz")
    assert healthy.status_code == 200, healthy.get_json()
    assert len(log_lines()) == lines  # a monitor's successful checks are not
    junk = client.get("/", headers={"X-Request-ID": "bad id; <script>"})
    assert junk.headers["X-Request-ID"] != "bad id; <script>" and len(junk.headers["X-Request-ID"]) == 16


def test_json_log_lines_and_an_error_with_the_code_the_page_shows(fresh_app, log_lines):
    fresh_app.config.update(LOG_REQUESTS=True, LOG_FORMAT="json", PROPAGATE_EXCEPTIONS=False)

    @fresh_app.route("/boom/<token>")
    def boom(token):
        raise RuntimeError("it broke")

    @fresh_app.route("/api/v1/boom")
    def api_boom():
        raise RuntimeError("api broke")

    http = fresh_app.test_client()
    page = http.get("/boom/secret-token-value")
    rid = page.headers["X-Request-ID"]
    assert page.status_code == 500 and rid in page.get_data(as_text=True)  # read out by a volunteer
    records = [json.loads(line) for line in log_lines()]
    error = next(r for r in records if r["message"] == "unhandled error")
    assert error["request_id"] == rid and "RuntimeError: it broke" in error["exception"]
    assert error["path"] == "/boom/…" and "secret-token-value" not in json.dumps(records)
    access = next(r for r in records if r["message"] == "request")
    assert (access["method"], access["status"], access["request_id"]) == ("GET", 500, rid)
    api = http.get("/api/v1/boom")
    assert api.status_code == 500 and api.get_json()["request_id"] == api.headers["X-Request-ID"]


def test_the_api_log_line_names_the_device_not_a_user(app, client, log_lines):
    from tests.http.test_checkin_api import scan

    app.config["LOG_REQUESTS"] = True
    lak, _bmt, games = worlds.two_units()
    person = f.person(games, lak, "Nguyễn Văn An")
    from models import CheckpointKind, Frequency, UserRole
    from services.badges import tokens
    from services.checkin import checkpoints, devices

    tokens.issue_missing(games, [person.id])
    admin = f.user("admin", role=UserRole.ADMIN)
    gate = checkpoints.save_checkpoint(
        games, None, checkpoints.CheckpointData(name="Cổng", kind=CheckpointKind.GATE, frequency=Frequency.ONCE)
    )
    device, bearer = devices.create_device(gate, admin, name="Máy 1")
    db.session.commit()
    code = tokens.token_for(tokens.active_badge(person))
    assert scan(client, bearer, code).status_code == 200
    line = log_lines()[-1]
    assert "path=/api/v1/scans" in line and f"device={device.id}" in line and "user=" not in line
    assert bearer not in line
    app.config["LOG_FORMAT"] = "json"
    answers = []
    # In a thread of its own the request has no app context around it, as under gunicorn.
    body = {"code": code, "client_scan_id": str(uuid.uuid4())}
    plain = app.test_client()  # not the suite's client: it commits the test's session first
    headers = {"Authorization": f"Bearer {bearer}"}
    worker = threading.Thread(target=lambda: answers.append(plain.post("/api/v1/scans", json=body, headers=headers)))
    worker.start()
    worker.join()
    record = json.loads(log_lines()[-1])
    assert (record["message"], record["path"], record["status"], record["device"]) == (
        "request",
        "/api/v1/scans",
        200,
        device.id,
    )
    assert record["request_id"] == answers[0].headers["X-Request-ID"]


def test_media_zip_streams_items_of_two_units_with_a_readable_inert_credits_file(app, tmp_path):
    """Through a real server (the zip is written after the view returned: it used to fail on
    the first item with DetachedInstanceError)."""
    app.config["MEDIA_ROOT"] = str(tmp_path / "media")
    lak, bmt, _ev = worlds.two_units(EVENT)
    worlds.accounts(lak, bmt, admin="bantochuc")
    from tests.conftest import Client

    red, blue = photo(colour=(200, 0, 0)), photo(colour=(0, 0, 200))
    for code, image, credit in (("LAK", red, '=HYPERLINK("http://x","bấm")'), ("BMT", blue, "Trần Ảnh")):
        organiser = Client(app)
        organiser.login(f"cb.{code.lower()}")
        assert "Đã nhận 1 tệp." in upload(organiser, [(f"{code}.jpg", image)], credit=credit, code=code).get_data(
            as_text=True
        )
    db.session.commit()
    with serving(app) as base:
        admin = Person(base, "bantochuc", "secret-pass")
        answer = admin.http.get(f"{base}/admin/events/{EVENT}/media.zip", stream=True)
        assert answer.status_code == 200
        body = b"".join(answer.iter_content(65536))
    archive = zipfile.ZipFile(io.BytesIO(body))
    assert sorted(archive.namelist()) == ["BMT/01-photo.jpg", "LAK/01-photo.jpg", "credits.csv"]
    assert archive.read("LAK/01-photo.jpg") == red and archive.read("BMT/01-photo.jpg") == blue
    credits = archive.read("credits.csv").decode("utf-8-sig")
    assert "LĐLĐ huyện Lắk" in credits and "Trần Ảnh" in credits and hashlib.sha256(blue).hexdigest() in credits
    assert "'=HYPERLINK" in credits  # a formula typed as a credit stays text


@pytest.mark.rebuilds_schema
def test_the_healthz_route_needs_no_login_and_leaks_nothing(app, client, tmp_path):
    """Issue 29: anyone gets up/down only, checked at most once a minute (a changed setting
    shows after the minute, not on the next call); an admin or the token gets each check."""
    f.person(worlds.two_units()[2], f.unit("XYZ"), "Nguyễn Văn Bí Mật")
    f.user("admin", role=UserRole.ADMIN)
    db.session.commit()
    _stamped()
    app.config.update(MEDIA_ROOT=str(tmp_path / "media"), HEALTH_MIN_FREE_MB=0, HEALTH_TOKEN="s" * 40)
    app.extensions.pop("health", None)
    first = client.get("/healthz")
    assert first.status_code == 200 and first.get_json() == {"status": "ok"}
    app.config["HEALTH_MIN_FREE_MB"] = 10**9  # no disk has a petabyte free: fails at the next check
    assert client.get("/healthz").get_json() == {"status": "ok"}  # within the minute: the last result
    assert client.get("/healthz", headers={"Authorization": "Bearer wrong"}).get_json() == {"status": "ok"}
    detailed = client.get("/healthz", headers={"Authorization": "Bearer " + "s" * 40}).get_json()
    assert set(detailed["checks"]) == {"database", "migrations", "media", "disk"}
    client.login("admin")
    assert "checks" in client.get("/healthz").get_json()
    app.config["HEALTH_CHECK_SECONDS"] = 0
    assert client.get("/healthz").status_code == 503
    app.extensions.pop("health", None)
    body = client.get("/healthz").get_data(as_text=True)
    assert "Bí Mật" not in body and "sqlite" not in body.lower() and "postgres" not in body.lower()
