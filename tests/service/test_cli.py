"""seed-demo and create-user, run as the README runs them (flask CLI runner)."""

import sqlite3
import threading

import pytest
from sqlalchemy import func, select

from extensions import db
from models import (
    Badge,
    Competition,
    Entry,
    Event,
    Match,
    Performance,
    Person,
    Registration,
    Scan,
    Unit,
    User,
    UserRole,
)


def test_seed_demo_loads_dak_lak_2024(app):
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    assert "admin / demo12345" in result.output
    assert "LAK           cb.lak / demo12345" in result.output
    units = db.session.scalars(select(Unit)).all()
    counting = [u for u in units if u.counts_for_participation]
    assert len(counting) == 21
    assert len(units) - len(counting) == 10
    assert all(u.is_demo for u in units if not u.counts_for_participation)
    assert {u.code for u in counting} >= {"BMT", "LAK", "MDR", "GD", "VC"}
    assert db.session.scalar(select(Unit.name).where(Unit.code == "CMG")) == "LĐLĐ huyện Cư M'gar"
    slugs = set(db.session.scalars(select(Event.slug)))
    assert slugs == {"hoi-thao-2024", "ngay-hoi-hoa-phu-2024"}
    assert db.session.scalar(select(func.count()).select_from(Competition)) >= 10
    organisers = db.session.scalars(select(User).where(User.role == UserRole.ORGANISER)).all()
    assert len(organisers) == 31 and all(o.unit_id for o in organisers)


def test_seed_demo_people_option_adds_synthetic_people(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["seed-demo", "--empty", "--people", "250"])
    assert result.exit_code == 0, result.output
    people = db.session.scalars(select(Person)).all()
    assert len(people) >= 250
    assert all(len(p.full_name.split()) >= 2 for p in people)
    assert all(p.union_card_no.isdigit() and len(p.union_card_no) == 8 for p in people)


def test_seed_demo_refuses_a_database_with_data(app):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["seed-demo", "--empty"]).exit_code == 0
    again = runner.invoke(args=["seed-demo"])
    assert again.exit_code != 0
    assert "chỉ chạy trên cơ sở dữ liệu trống" in again.output


def test_create_user_non_interactively(app, client):
    runner = app.test_cli_runner()
    db.session.add(Unit(code="LAK", name="LĐLĐ huyện Lắk", kind="district"))
    db.session.commit()
    result = runner.invoke(
        args=["create-user", "--username", "cb.lak", "--password", "mat-khau-1", "--role", "organiser", "--unit", "lak"]
    )
    assert result.exit_code == 0, result.output
    assert client.login("cb.lak", "mat-khau-1").headers["Location"].endswith("/units/LAK")

    missing_unit = runner.invoke(
        args=["create-user", "--username", "x", "--password", "mat-khau-1", "--role", "organiser"]
    )
    assert missing_unit.exit_code != 0
    assert "phải gắn với một đơn vị" in missing_unit.output
    unknown = runner.invoke(
        args=["create-user", "--username", "y", "--password", "mat-khau-1", "--role", "organiser", "--unit", "XYZ"]
    )
    assert "Không có đơn vị mã “XYZ”" in unknown.output
    short = runner.invoke(args=["create-user", "--username", "z", "--password", "123", "--role", "admin"])
    assert "ít nhất 8 ký tự" in short.output
    assert db.session.scalar(select(func.count()).select_from(User)) == 1


@pytest.mark.rebuilds_schema
def test_demo_command_migrates_seeds_once_and_serves(app, monkeypatch):
    from sqlalchemy import text

    import cli
    from models import Base

    served = []
    monkeypatch.setattr(cli, "run_simple", lambda host, port, wsgi, **kw: served.append((host, port, wsgi)))
    Base.metadata.drop_all(db.engine)
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo", "--port", "5099"])
    assert first.exit_code == 0, first.output
    assert "Đã nạp dữ liệu mẫu Đắk Lắk 2024 (" in first.output and "vận động viên" in first.output
    assert "http://127.0.0.1:5099/login" in first.output
    assert served == [("127.0.0.1", 5099, app)]
    second = runner.invoke(args=["demo"])
    assert "giữ nguyên" in second.output
    assert db.session.scalar(select(func.count()).select_from(Unit)) == 31
    with db.engine.begin() as conn:
        conn.execute(text("DROP TABLE alembic_version"))


def test_seed_demo_empty_is_a_bare_start_with_a_volunteer_at_the_gate_and_at_the_booth(app, client):
    """``--empty``: units, events, competitions, checkpoints and accounts, and no one registered
    (a federation may start a real season from it without fake units counting as registered)."""
    result = app.test_cli_runner().invoke(args=["seed-demo", "--empty"])
    assert result.exit_code == 0, result.output
    for model in (Person, Registration, Entry, Badge, Scan, Match, Performance):
        assert db.session.scalar(select(func.count()).select_from(model)) == 0, model.__name__
    assert "tnv1 / demo12345" in result.output and "tnv2 / demo12345" in result.output
    client.login("tnv1", "demo12345")
    choice = client.get("/scan/", follow_redirects=True).get_data(as_text=True)
    assert "Cổng A – Sân vận động tỉnh" in choice and "Gian quà tặng công nhân" not in choice


def test_a_command_that_writes_waits_its_turn_beside_a_writer(app, count_queries):
    """A scan (or the WAL checkpoint) holds SQLite's write lock when create-user runs: the
    command's transaction takes the lock up front and waits for it. Deferred, it read first
    and then failed at once with "database is locked" (SQLite calls no busy handler when a
    reading transaction asks to write)."""
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite's single write lock")
    db.session.add(Unit(code="LAK", name="LĐLĐ huyện Lắk", kind="district"))
    db.session.commit()
    held, done = threading.Event(), threading.Event()

    path = db.engine.url.database

    def scan_writing() -> None:
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        held.set()
        done.wait(timeout=1.0)  # released when the command ends, or after a second
        other.execute("ROLLBACK")
        other.close()

    writer = threading.Thread(target=scan_writing)
    writer.start()
    assert held.wait(timeout=10)
    args = ["create-user", "--username", "cb.lak", "--password", "mat-khau-1", "--role", "organiser", "--unit", "lak"]
    with count_queries() as q:
        result = app.test_cli_runner().invoke(args=args)
    done.set()
    writer.join()
    assert result.exit_code == 0, result.output
    assert q.statements[0] == "BEGIN IMMEDIATE", q.statements[:3]
    assert db.session.scalar(select(User.username).where(User.username == "cb.lak")) == "cb.lak"
