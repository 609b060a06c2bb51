"""Import a generated roster of N rows for one unit (parse, every rule, save) and time it.

    .venv/bin/python benchmarks/import_excel.py [--rows 5000] [--runs 3]

Each run uses a fresh SQLite database (or DATABASE_URL's, emptied) with the Đắk Lắk demo.
The last line is the median run: rows=… seconds=… rows_per_s=… peak_rss_mb=…
"""

from __future__ import annotations

import argparse
import io
import os
import resource
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


def one_run(rows: int) -> float:
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
            started = time.perf_counter()
            change = roster_import.import_roster(event, unit, "danh-sach.xlsx", content, actor)
            db.session.commit()
            seconds = time.perf_counter() - started
            assert change.created == rows, change
            print(f"run: rows={rows} seconds={seconds:.2f} file_kb={len(content) // 1024}", flush=True)
            Base.metadata.drop_all(db.engine)
            db.engine.dispose()
        return seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    times = [one_run(args.rows) for _ in range(args.runs)]
    median = statistics.median(times)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"rows={args.rows} seconds={median:.2f} rows_per_s={args.rows / median:.0f} peak_rss_mb={peak:.0f}")


if __name__ == "__main__":
    main()
