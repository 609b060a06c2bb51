"""Enter and confirm every result of a 31-unit round robin (465 matches) and time it.

    .venv/bin/python benchmarks/results_entry.py [--units 31] [--runs 3] [--others 8]

The event also holds ``--others`` finished knockout competitions whose award certificates
were printed: entering one result must cost work in proportion to its own competition, not
to the event. Each result is entered by one official and confirmed by another, each step
committed as the results desk's views do. Each run uses a fresh SQLite database (or
DATABASE_URL's, emptied). The last line is the median run:
``matches=… entries_per_s=… confirms_per_s=… seconds=…``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import select  # noqa: E402

from app import create_app  # noqa: E402
from extensions import db  # noqa: E402
from models import (  # noqa: E402
    Base,
    Category,
    Competition,
    CompetitionFormat,
    Entry,
    Event,
    EventKind,
    Match,
    Registration,
    RegistrationStatus,
    ResultFormat,
    Season,
    Sport,
    Unit,
    UnitKind,
    UserRole,
)
from services.accounts import auth  # noqa: E402
from services.certificates import issue as certificates  # noqa: E402
from services.results import drawing, planning, recording  # noqa: E402

WIN = recording.ResultInput(sets=[(21, 15), (21, 18)])


def build(units: int, others: int):
    season = Season(name="Tháng Công nhân 2024", year=2024)
    event = Event(
        season=season,
        kind=EventKind.GAMES,
        slug="bench",
        name="Hội thao",
        starts_on=date(2024, 8, 26),
        ends_on=date(2024, 8, 30),
    )
    sport = Sport(code="badminton", name="Cầu lông", kind="badminton")
    db.session.add_all([season, event, sport])
    made = []
    for i in range(1, units + 1):
        unit = Unit(code=f"U{i:02d}", name=f"LĐLĐ huyện {i:02d}", kind=UnitKind.DISTRICT)
        made.append(unit)
        db.session.add_all([unit, Registration(event=event, unit=unit, status=RegistrationStatus.APPROVED)])
    admin = auth.save_user(None, username="admin", role=UserRole.ADMIN, password="bench-pass-1")
    first = auth.save_user(None, username="tt1", role=UserRole.OFFICIAL, password="bench-pass-1")
    second = auth.save_user(None, username="tt2", role=UserRole.OFFICIAL, password="bench-pass-1")

    def competition(name: str, fmt: ResultFormat, count: int) -> Competition:
        comp = Competition(
            event=event,
            sport=sport,
            name=name,
            category=Category.MEN,
            format=CompetitionFormat.SINGLE,
            team_min=1,
            team_max=1,
        )
        db.session.add(comp)
        db.session.add_all(Entry(competition=comp, unit=u, team_no=1) for u in made[:count])
        db.session.flush()
        data = planning.default_plan(comp)
        data.format = fmt
        planning.save_plan(comp, data, admin)
        drawing.make_draw(comp, admin, seed=1)
        drawing.publish(comp, admin)
        return comp

    for k in range(others):
        comp = competition(f"Loại trực tiếp {k + 1}", ResultFormat.KNOCKOUT, 8)
        for _ in range(3):  # quarter-finals, semi-finals, final, as their sides become known
            for m in db.session.scalars(select(Match).where(Match.competition_id == comp.id)):
                if m.home_entry_id and m.away_entry_id and not m.has_result:
                    recording.enter_result(m, first, WIN)
                    recording.confirm_result(m, second)
    if others:
        certificates.sync(event)  # award certificates printed: they must follow later changes
    target = competition("Vòng tròn", ResultFormat.ROUND_ROBIN, units)
    db.session.commit()
    return target.id, first.id, second.id


def one_run(units: int, others: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        url = os.environ.get("DATABASE_URL") or f"sqlite:///{tmp}/bench.sqlite"
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"})
        with app.app_context():
            Base.metadata.drop_all(db.engine)
            Base.metadata.create_all(db.engine)
            comp_id, first_id, second_id = build(units, others)
            match_ids = list(db.session.scalars(select(Match.id).where(Match.competition_id == comp_id)))
            db.session.remove()

            def each(step) -> float:
                started = time.perf_counter()
                for match_id in match_ids:  # one request each: a fresh session, the match loaded, a commit
                    step(db.session.get(Match, match_id))
                    db.session.commit()
                    db.session.remove()
                return time.perf_counter() - started

            from models import User

            entered = each(lambda m: recording.enter_result(m, db.session.get(User, first_id), WIN))
            confirmed = each(lambda m: recording.confirm_result(m, db.session.get(User, second_id)))
            run = {"matches": len(match_ids), "entered": entered, "confirmed": confirmed}
            print(
                f"run: matches={run['matches']} enter_s={entered:.2f} confirm_s={confirmed:.2f} "
                f"entries_per_s={run['matches'] / entered:.0f} confirms_per_s={run['matches'] / confirmed:.0f}",
                flush=True,
            )
            Base.metadata.drop_all(db.engine)
            db.engine.dispose()
        return run


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=31)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--others", type=int, default=8, help="finished competitions with printed awards")
    args = parser.parse_args()
    runs = [one_run(args.units, args.others) for _ in range(args.runs)]
    matches = runs[0]["matches"]
    entered = statistics.median(r["entered"] for r in runs)
    confirmed = statistics.median(r["confirmed"] for r in runs)
    print(
        f"matches={matches} entries_per_s={matches / entered:.0f} confirms_per_s={matches / confirmed:.0f} "
        f"seconds={entered + confirmed:.2f}"
    )


if __name__ == "__main__":
    main()
