"""Backup and restore as the README runs them (flask CLI), on a season that has everything:
the demo, badges, scans at a gate, an uploaded photo, results and certificates. The restored
app must serve the same registrations, scans, results, certificates and photos; a damaged
archive is refused; a backup taken while scans keep coming holds every scan answered before it.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import tarfile
import threading
import time
import uuid
from pathlib import Path

import pytest
import requests
from flask_migrate import upgrade
from PIL import Image
from sqlalchemy import create_engine, inspect, select, text

from app import create_app, normalise_database_url
from cli import demo
from extensions import db
from models import Base, Certificate, CheckpointKind, Event, Frequency, MediaItem, Person, Registration, User
from services.badges import tokens
from services.certificates import issue as certificates
from services.checkin import checkpoints, devices, rawdb
from services.operations import archive, backup, health, restore
from tests.conftest import Client
from tests.support.races import serving

SLUG = "hoi-thao-2024"


def _photo() -> bytes:
    image = Image.new("RGB", (320, 240), (30, 120, 200))
    for x in range(0, 320, 7):
        image.putpixel((x, x % 240), (255, x % 255, 0))
    buf = io.BytesIO()
    image.save(buf, "JPEG")
    return buf.getvalue()


def _season(flask_app) -> dict:
    """Demo, badges, a gate with a phone, 12 scans, a photo, results, certificates."""
    demo.seed_demo()  # the bare start with eight units' people and approved registrations
    db.session.commit()
    event = db.session.scalar(select(Event).where(Event.slug == SLUG))
    people = list(db.session.scalars(select(Person).where(Person.event_id == event.id).order_by(Person.id)))
    bearer = _badges_and_a_scanner(event, people, "Cổng A", CheckpointKind.GATE, Frequency.ONCE)
    client = Client(flask_app)
    for person in people[:12]:
        code = tokens.token_for(tokens.active_badge(person))
        answer = client.api("post", "/api/v1/scans", bearer, json={"code": code, "client_scan_id": str(uuid.uuid4())})
        assert answer.status_code == 200, answer.get_json()
    unit = db.session.scalar(select(Registration).where(Registration.event_id == event.id)).unit
    organiser = Client(flask_app)
    organiser.login(f"cb.{unit.code.lower()}", demo.DEMO_PASSWORD)
    photo = _photo()
    url = f"/units/{unit.code}/events/{SLUG}/media"
    organiser.get(url)
    sent = organiser.post(
        url,
        {"caption": "Khai mạc", "credit": "Ảnh: Ban tổ chức", "files": [(io.BytesIO(photo), "khai-mac.jpg")]},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert "Đã nhận 1 tệp." in sent.get_data(as_text=True)
    assert flask_app.test_cli_runner().invoke(args=["demo", "play", "--event", SLUG, "--seed", "7"]).exit_code == 0
    # The scans above started the scan path's WAL checkpoint thread in this process. Its
    # RESTART checkpoint holds SQLite's writer lock for up to 50 ms a second, and a deferred
    # transaction that has read and then writes fails at once when it meets one ("database is
    # locked": SQLite calls no busy handler on that upgrade). The scans are done: stop it.
    rawdb.dispose(flask_app)
    db.session.commit()
    certificates.sync(event)
    db.session.commit()
    serial = db.session.scalar(select(Certificate.serial).order_by(Certificate.id))
    item = db.session.scalar(select(MediaItem))
    return {"bearer": bearer, "photo": photo, "serial": serial, "item_id": item.id, "unit": unit.code}


def _rows(url: str) -> dict[str, int]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return {
                n: conn.execute(text(f'SELECT count(*) FROM "{n}"')).scalar_one()
                for n in sorted(inspect(conn).get_table_names())
            }
    finally:
        engine.dispose()


def _media(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in root.rglob("*")
        if p.is_file()
    }


def _served(flask_app, season: dict) -> dict:
    """What people see: the admin's pages, the gate phone's counts, the public certificate
    check, the photo's bytes, the medal table and the 100% report."""
    admin = Client(flask_app)
    assert admin.login(demo.DEMO_ADMIN, demo.DEMO_PASSWORD).status_code == 302
    registrations = admin.get(f"/admin/events/{SLUG}/registrations")
    assert registrations.status_code == 200
    gate = Client(flask_app).api("get", "/api/v1/checkpoint", season["bearer"])
    assert gate.status_code == 200
    verify = Client(flask_app).get(f"/verify/{season['serial']}")
    assert verify.status_code == 200
    photo = admin.get(f"/admin/events/{SLUG}/media/{season['item_id']}/original")
    runner = flask_app.test_cli_runner()
    medals = runner.invoke(args=["report", "medals", "--event", SLUG, "--json"])
    participation = runner.invoke(args=["report", "participation", "--event", SLUG, "--json"])
    return {
        "gate": gate.get_json(),
        "verify": verify.get_data(as_text=True).count(season["serial"]),
        "photo": hashlib.sha256(photo.data).hexdigest(),
        "medals": json.loads(medals.output),
        "participation": json.loads(participation.output),
        "unit_page": season["unit"] in registrations.get_data(as_text=True),
    }


def _app_for(source):
    return lambda url: _restored_app(url, Path(source.config.get("MEDIA_ROOT") or "/nonexistent"), source)


def _restored_app(url: str, media: Path, source):
    return create_app(
        {
            "TESTING": True,
            "SECRET_KEY": source.config["SECRET_KEY"],
            "SQLALCHEMY_DATABASE_URI": url,
            "PASSWORD_HASH_METHOD": source.config["PASSWORD_HASH_METHOD"],
            "MEDIA_ROOT": str(media),
            "BACKUP_KEY_FILE": source.config["BACKUP_KEY_FILE"],
        }
    )


def _upgraded(flask_app) -> None:
    """The suite's database as a real deployment has it: made by the migrations."""
    Base.metadata.drop_all(db.engine)
    with db.engine.begin() as conn:
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
    upgrade()


def _badges_and_a_scanner(event, people, name: str, kind: CheckpointKind, frequency: Frequency) -> str:
    """Badges for ``people``, a checkpoint and a phone at it, registered by the demo's admin
    (committed): the phone's bearer token."""
    tokens.issue_missing(event, [p.id for p in people])
    admin = db.session.scalar(select(User).where(User.username == demo.DEMO_ADMIN))
    point = checkpoints.save_checkpoint(
        event, None, checkpoints.CheckpointData(name=name, kind=kind, frequency=frequency)
    )
    _device, bearer = devices.create_device(point, admin, name=f"Máy quét – {name}")
    db.session.commit()
    return bearer


@pytest.mark.rebuilds_schema
def test_a_season_backed_up_and_restored_is_served_the_same(app, tmp_path, empty_postgres_or_sqlite):
    app.config["MEDIA_ROOT"] = str(tmp_path / "media")
    _upgraded(app)
    season = _season(app)
    before = _served(app, season)
    assert before["photo"] == hashlib.sha256(season["photo"]).hexdigest() and before["verify"]
    assert (before["gate"]["people_admitted"], before["gate"]["scans"]) == (12, 12)

    out = tmp_path / "season.tar"
    made = app.test_cli_runner().invoke(args=["backup", "--out", str(out)])
    assert made.exit_code == 0, made.output
    assert "Đã sao lưu vào" in made.output and "scan" in made.output
    checked = app.test_cli_runner().invoke(args=["backup", "--verify", str(out)])
    assert checked.exit_code == 0 and "Bản sao lưu hợp lệ" in checked.output, checked.output

    target, media = empty_postgres_or_sqlite(), tmp_path / "restored-media"
    done = app.test_cli_runner().invoke(args=["restore", str(out), "--into", target, "--media", str(media)])
    assert done.exit_code == 0, done.output
    assert "Đã khôi phục" in done.output and f"{health.head_revision()} → {health.head_revision()}" in done.output

    source_url = app.config["SQLALCHEMY_DATABASE_URI"]
    assert _rows(normalise_database_url(target)) == _rows(source_url)
    assert _rows(source_url)["scan"] == 12
    assert _media(media) == _media(tmp_path / "media")  # byte for byte

    restored = _restored_app(normalise_database_url(target), media, app)
    with restored.app_context():
        after = _served(restored, season)
        db.engine.dispose()
    assert after == before


def test_a_sqlite_backup_restores_into_postgresql(tmp_path, empty_postgres):
    """The way from the embedded default to the production database: rows copied in the
    schema of the backup's revision, ids continuing after the highest."""
    source = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'source.sqlite'}",
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
            "MEDIA_ROOT": str(tmp_path / "media"),
            "BACKUP_KEY_FILE": str(tmp_path / "backup.key"),
        }
    )
    with source.app_context():
        upgrade()
        season = _season(source)
        before = _served(source, season)
        out = tmp_path / "sqlite.tar"
        assert source.test_cli_runner().invoke(args=["backup", "--out", str(out)]).exit_code == 0
        source_rows = _rows(source.config["SQLALCHEMY_DATABASE_URI"])
        db.engine.dispose()
    target = empty_postgres()
    with source.app_context():
        done = source.test_cli_runner().invoke(
            args=["restore", str(out), "--into", target, "--media", str(tmp_path / "pg-media")]
        )
    assert done.exit_code == 0, done.output
    assert _rows(normalise_database_url(target)) == source_rows
    restored = _restored_app(normalise_database_url(target), tmp_path / "pg-media", source)
    with restored.app_context():
        assert _served(restored, season) == before
        runner = restored.test_cli_runner()
        added = runner.invoke(args=["create-user", "--username", "moi", "--password", "mat-khau-1", "--role", "admin"])
        assert added.exit_code == 0, added.output  # the id sequence continues after the copied rows
        db.engine.dispose()


def _flip_a_media_byte(path: Path) -> str:
    with tarfile.open(path) as tar:
        member = next(m for m in tar.getmembers() if m.name.startswith("media/") and m.size > 100)
    with path.open("r+b") as fh:
        fh.seek(member.offset_data + member.size // 2)
        byte = fh.read(1)
        fh.seek(-1, 1)
        fh.write(bytes([byte[0] ^ 0x01]))
    return member.name


def test_a_damaged_archive_is_refused_by_verify_and_by_restore(app, tmp_path):
    app.config["MEDIA_ROOT"] = str(tmp_path / "media")
    (tmp_path / "media" / "1").mkdir(parents=True)
    (tmp_path / "media" / "1" / "anh.jpg").write_bytes(_photo())
    out = tmp_path / "b.tar"
    runner = app.test_cli_runner()
    assert runner.invoke(args=["backup", "--out", str(out)]).exit_code == 0
    name = _flip_a_media_byte(out)
    checked = runner.invoke(args=["backup", "--verify", str(out)])
    assert checked.exit_code != 0 and f"Tệp {name} trong bản sao lưu đã bị thay đổi hoặc hỏng" in checked.output
    target = tmp_path / "target.sqlite"
    refused = runner.invoke(
        args=["restore", str(out), "--into", f"sqlite:///{target}", "--media", str(tmp_path / "m2")]
    )
    assert refused.exit_code != 0 and name in refused.output
    assert not (tmp_path / "m2").exists() or not any((tmp_path / "m2").rglob("*"))  # nothing touched

    truncated = tmp_path / "cut.tar"
    truncated.write_bytes(out.read_bytes()[:4096])
    cut = runner.invoke(args=["backup", "--verify", str(truncated)])
    assert cut.exit_code != 0 and "manifest.json" in cut.output


def test_restore_refuses_a_database_with_data_unless_forced(app, tmp_path):
    app.config["MEDIA_ROOT"] = str(tmp_path / "media")
    runner = app.test_cli_runner()
    assert runner.invoke(args=["seed-demo", "--empty"]).exit_code == 0
    out = tmp_path / "demo.tar"
    assert runner.invoke(args=["backup", "--out", str(out)]).exit_code == 0
    refused = runner.invoke(args=["restore", str(out)])  # into the app's own database, which has data
    assert refused.exit_code != 0 and "đã có dữ liệu" in refused.output and "--force" in refused.output


def test_backup_taken_while_scans_keep_coming_holds_every_scan_answered_before_it(
    app, tmp_path, empty_postgres_or_sqlite
):
    app.config["MEDIA_ROOT"] = str(tmp_path / "media")
    assert app.test_cli_runner().invoke(args=["seed-demo", "--empty", "--people", "300"]).exit_code == 0
    event = db.session.scalar(select(Event).where(Event.slug == SLUG))
    people = list(db.session.scalars(select(Person).where(Person.event_id == event.id)))
    bearer = _badges_and_a_scanner(event, people, "Nhà thi đấu", CheckpointKind.VENUE, Frequency.UNLIMITED)
    codes = [tokens.token_for(tokens.active_badge(p)) for p in people]
    answered: list[tuple[float, str]] = []
    stop = threading.Event()

    def keep_scanning(base: str) -> None:
        http = requests.Session()
        i = 0
        while not stop.is_set():
            scan_id = str(uuid.uuid4())
            body = {"code": codes[i % len(codes)], "client_scan_id": scan_id}
            reply = http.post(base + "/api/v1/scans", json=body, headers={"Authorization": f"Bearer {bearer}"})
            if reply.status_code == 200:
                answered.append((time.monotonic(), scan_id))
            i += 1

    out = tmp_path / "live.tar"
    with serving(app) as base:
        worker = threading.Thread(target=keep_scanning, args=(base,), daemon=True)
        worker.start()
        while len(answered) < 30:
            time.sleep(0.01)
        started = time.monotonic()
        summary = backup.take_backup(out)
        time.sleep(0.2)
        stop.set()
        worker.join(timeout=10)
    before = {scan_id for moment, scan_id in answered if moment < started}
    assert len(before) >= 30 and len(answered) > len(before)  # scans went on during and after
    target = normalise_database_url(empty_postgres_or_sqlite())
    restored, key = _restored_app(target, tmp_path / "m", app), backup.backup_key()
    with restored.app_context():
        restore.restore(out, key, _app_for(app), media_root=tmp_path / "m")
        kept = set(db.session.scalars(text("SELECT client_scan_id FROM scan")))
        db.session.remove()
        db.engine.dispose()
    assert before <= kept
    assert summary.rows["scan"] == len(kept)


def test_scheduled_backups_hourly_on_event_days_daily_otherwise_keeping_the_newest(app, tmp_path):
    """What workers-games-backup.service runs (deploy/), with its own arguments."""
    from datetime import timedelta

    from services.i18n import local_today
    from tests.support import factories

    app.config["MEDIA_ROOT"] = str(tmp_path / "media")
    event = factories.event()
    folder = tmp_path / "backups"
    service = (Path(__file__).resolve().parents[2] / "deploy" / "workers-games-backup.service").read_text()
    command = next(line for line in service.splitlines() if line.startswith("ExecStart=")).split()
    args = command[command.index("backup") :]
    args = [a.replace("${BACKUP_DIR}", str(folder)).replace("${BACKUP_KEEP}", "2") for a in args]

    def run() -> str:
        result = app.test_cli_runner().invoke(args=args)
        assert result.exit_code == 0, result.output
        return result.output

    event.starts_on, event.ends_on = local_today() + timedelta(days=1), local_today() + timedelta(days=3)
    db.session.commit()
    for _ in range(3):  # the day before the event: every run backs up; the oldest goes
        assert "Đã sao lưu" in run()
        time.sleep(1.05)  # names carry the second
    assert len(backup.backups_in(folder)) == 2
    event.starts_on, event.ends_on = local_today() + timedelta(days=30), local_today() + timedelta(days=32)
    db.session.commit()
    assert "Chưa đến lúc sao lưu" in run()  # a backup younger than a day is enough
    newest = backup.backups_in(folder)[-1]
    os.utime(newest, (time.time() - 25 * 3600, time.time() - 25 * 3600))
    assert "Đã sao lưu" in run() and len(backup.backups_in(folder)) == 2
    assert not list(folder.glob("*.part"))
    assert archive.verify(backup.backups_in(folder)[-1], backup.backup_key())["database"]["rows"]["event"] == 1
