"""Import a generated roster of N rows for one unit (parse, every rule, save) and time it.

    .venv/bin/python benchmarks/import_excel.py [--rows 5000] [--runs 3]

Each run uses a fresh SQLite database (or DATABASE_URL's, emptied) with the Đắk Lắk demo.
The last line is the median run: rows=… seconds=… rows_per_s=… locked_ms=… [sqlite_insert_ms=…]
peak_rss_mb=… — locked_ms: the confirmation's check and write, which on SQLite hold its one
write lock; sqlite_insert_ms: SQLite's own share of that write (``sqlite_insert_ms`` below).
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from openpyxl import load_workbook  # noqa: E402
from sqlalchemy import select, update  # noqa: E402

from app import create_app  # noqa: E402
from cli import demo  # noqa: E402
from extensions import db  # noqa: E402
from models import Base, Competition, Event, Unit, User  # noqa: E402
from services.registration import roster_import, roster_template


def make_file(event: Event, unit: Unit, rows: int) -> bytes:
    """The unit's own template with N people, each in a chess competition of their gender."""
    wb = load_workbook(io.BytesIO(roster_template.unit_workbook(event, unit, with_data=False)))
    ws = wb["Danh sách"]
    for i in range(rows):
        male = i % 2 == 0
        ws.append(
            [
                i + 1,
                demo.random_person_name(RNG, demo.Gender.MALE if male else demo.Gender.FEMALE) + f" {i}",
                "Nam" if male else "Nữ",
                f"{1 + i % 28:02d}/{1 + i % 12:02d}/{1970 + i % 30}",
                f"{i:08d}",
                "CĐCS Trường THCS Lắk",
                "0905000111",
                "Vận động viên",
                "Cờ tướng cá nhân nam" if male else "Cờ tướng cá nhân nữ",
                1 + i // 2,
            ]
        )
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


RNG = demo.random.Random(7)


def one_run(rows: int) -> tuple[float, float, float | None]:
    with tempfile.TemporaryDirectory() as tmp:
        url = os.environ.get("DATABASE_URL") or f"sqlite:///{tmp}/bench.sqlite"
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"})
        with app.app_context():
            Base.metadata.drop_all(db.engine)
            Base.metadata.create_all(db.engine)
            demo.seed_demo()
            event = db.session.scalar(select(Event).where(Event.slug == "hoi-thao-2024"))
            event.max_individual_per_athlete = None
            db.session.execute(update(Competition).values(max_entries_per_unit=None))
            db.session.commit()
            unit = db.session.scalar(select(Unit).where(Unit.code == "LAK"))
            actor = db.session.scalar(select(User).where(User.username == "cb.lak"))
            content = make_file(event, unit, rows)
            db.session.rollback()
            started = time.perf_counter()
            parsed = roster_import.read_roster(event, unit, "danh-sach.xlsx", content)
            planned = roster_import.plan_import(event, unit, parsed)
            db.session.rollback()  # as the confirmation does before it writes (extensions.writing)
            read = time.perf_counter()
            # What the confirmation does inside its write transaction (on SQLite: holding the
            # one write lock while scans wait): compare what the check read, then write.
            change = roster_import.save_import(event, unit, parsed, actor, planned)
            db.session.commit()
            done = time.perf_counter()
            seconds = done - started
            assert change.created == rows, change
            print(
                f"run: rows={rows} seconds={seconds:.2f} read_s={read - started:.2f} locked_s={done - read:.3f} "
                f"file_kb={len(content) // 1024}",
                flush=True,
            )
            raw_ms = sqlite_insert_ms(url, unit.id) if db.engine.dialect.name == "sqlite" else None
            Base.metadata.drop_all(db.engine)
            db.engine.dispose()
        return seconds, done - read, raw_ms


def sqlite_insert_ms(url: str, unit_id: int) -> float:
    """SQLite's own share of that write: the unit's rows just imported (people, entries,
    members) inserted again under new ids by one plain executemany each, no ORM or checks,
    then rolled back. What any one-transaction import of them holds the write lock for."""
    con = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
    try:
        con.execute("PRAGMA foreign_keys=ON")
        people = con.execute("SELECT * FROM person WHERE unit_id = ?", (unit_id,)).fetchall()
        cursor = con.execute("SELECT * FROM entry WHERE unit_id = ?", (unit_id,))
        team = [c[0] for c in cursor.description].index("team_no")  # copies get new numbers: no clash
        entries = [list(r) for r in cursor.fetchall()]
        person_ids = {r[0]: i for i, r in enumerate(people)}
        entry_ids = {r[0]: i for i, r in enumerate(entries)}
        members = con.execute(
            "SELECT m.entry_id, m.person_id FROM entry_member m JOIN entry e ON e.id = m.entry_id WHERE e.unit_id = ?",
            (unit_id,),
        ).fetchall()
        con.execute("BEGIN IMMEDIATE")
        started = time.perf_counter()
        top = con.execute("SELECT max(id) FROM person").fetchone()[0] + 1
        con.executemany(
            f"INSERT INTO person VALUES ({','.join('?' * len(people[0]))})",
            [(top + i, *r[1:]) for i, r in enumerate(people)],
        )
        top_entry = con.execute("SELECT max(id) FROM entry").fetchone()[0] + 1
        con.executemany(
            f"INSERT INTO entry VALUES ({','.join('?' * len(entries[0]))})",
            [(top_entry + i, *r[1:team], r[team] + 100_000, *r[team + 1 :]) for i, r in enumerate(entries)],
        )
        con.executemany(
            "INSERT INTO entry_member (entry_id, person_id) VALUES (?, ?)",
            [(top_entry + entry_ids[e], top + person_ids[p]) for e, p in members],
        )
        elapsed = time.perf_counter() - started
        con.execute("ROLLBACK")
        return elapsed * 1000
    finally:
        con.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    runs = [one_run(args.rows) for _ in range(args.runs)]
    median = statistics.median(r[0] for r in runs)
    locked = statistics.median(r[1] for r in runs)
    raw = [r[2] for r in runs if r[2] is not None]
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"rows={args.rows} seconds={median:.2f} rows_per_s={args.rows / median:.0f} locked_ms={locked * 1000:.0f} "
        + (f"sqlite_insert_ms={statistics.median(raw):.0f} " if raw else "")
        + f"peak_rss_mb={peak:.0f}"
    )


if __name__ == "__main__":
    main()
