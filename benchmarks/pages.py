"""What the results desk and the public board cost once the whole games are played: the demo
with the living demo's registrations (~1,150 athletes, every unit) and every competition drawn
and every result entered and confirmed (``demo play``), then each
page asked many times through the app (Flask's test client: the app's own time, no network).

    .venv/bin/python benchmarks/pages.py [--requests 60] [--runs 3] [--competitions 29]
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/wg_bench .venv/bin/python benchmarks/pages.py

Pages: a match on the results desk (an official assigned to every competition), its
competition's page, the desk after a save (POST with a stale version: the form again), and
the public board's event page, a competition of it and the big screen. Each run builds a
fresh database. The last line holds the medians of the runs' p50 (ms) and the competitions:
``competitions=… confirmed_matches=… match_p50_ms=… competition_p50_ms=… save_p50_ms=…
board_p50_ms=… board_competition_p50_ms=… screen_p50_ms=…``.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import select  # noqa: E402

PAGES = ("match", "competition", "save", "board", "board_competition", "screen")


def _more_competitions(event, total: int) -> None:
    """Copies of the demo's competitions, with their entries, up to ``total`` (the 2024 games
    had 29 medal sets; the demo has 17 competitions)."""
    from extensions import db
    from models import Competition, Entry, EntryMember

    comps = list(
        db.session.scalars(select(Competition).where(Competition.event_id == event.id).order_by(Competition.id))
    )
    copied = ("sport_id", "category", "format", "min_age", "max_age", "team_min", "team_max", "min_men", "min_women")
    for i in range(max(0, total - len(comps))):
        source = comps[i % len(comps)]
        copy = Competition(event_id=event.id, name=f"{source.name} (bảng {i + 2})", max_entries_per_unit=None)
        for name in copied:
            setattr(copy, name, getattr(source, name))
        db.session.add(copy)
        for entry in db.session.scalars(select(Entry).where(Entry.competition_id == source.id)):
            twin = Entry(competition=copy, unit_id=entry.unit_id, team_no=entry.team_no)
            twin.members = [EntryMember(person_id=m.person_id) for m in entry.members]
            db.session.add(twin)
    db.session.commit()


def _build(url: str, competitions: int) -> tuple[list[int], list[int], str]:
    """The played demo; (match ids, competition ids, event slug)."""
    from app import create_app
    from cli import demo, living, rehearsal
    from extensions import db
    from models import Base, Competition, Event, Match, User, UserRole

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench-secret" * 4})
    with app.app_context():
        Base.metadata.drop_all(db.engine)
        Base.metadata.create_all(db.engine)
        demo.seed_demo()
        db.session.commit()
        event = db.session.scalar(select(Event).where(Event.slug == "hoi-thao-2024"))
        # the living demo's registrations (~1,150 athletes of every unit), then the whole games played
        living._registrations(random.Random(2024), event, living._units())
        db.session.commit()
        _more_competitions(event, competitions)
        first, second = rehearsal.officials_for_play()
        # 29 competitions do not fit the demo's days and courts; the pages measured need no times
        rehearsal.schedule = lambda _event: None
        rehearsal.play(event, first, second, seed=7)
        comps = list(db.session.scalars(select(Competition).where(Competition.event_id == event.id)))
        official = db.session.scalar(select(User).where(User.role == UserRole.OFFICIAL).order_by(User.id))
        for comp in comps:  # the official measured may open every competition
            if official not in comp.officials:
                comp.officials.append(official)
        db.session.commit()
        matches = list(db.session.scalars(select(Match.id).where(Match.competition_id.in_([c.id for c in comps]))))
        ids, slug = [c.id for c in comps if c.plan is not None and c.plan.drawn_at is not None], event.slug
        db.session.remove()
        db.engine.dispose()
        return matches, ids, slug


def one_run(requests: int, competitions: int) -> dict:
    from app import create_app
    from cli import demo
    from extensions import db
    from models import Match, User, UserRole

    with tempfile.TemporaryDirectory() as tmp:
        url = os.environ.get("DATABASE_URL") or f"sqlite:///{tmp}/bench.sqlite"
        from app import normalise_database_url

        url = normalise_database_url(url)
        matches, comps, slug = _build(url, competitions)
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench-secret" * 4, "WTF_CSRF_ENABLED": False})
        rng = random.Random(1)
        with app.app_context():
            username = db.session.scalar(select(User.username).where(User.role == UserRole.OFFICIAL).order_by(User.id))
            db.session.remove()
        desk, public = app.test_client(), app.test_client()
        assert desk.post("/login", data={"username": username, "password": demo.DEMO_PASSWORD}).status_code == 302

        def timed(method: str, client, path: str, **kw) -> float:
            started = time.perf_counter()
            answer = getattr(client, method)(path, **kw)
            elapsed = time.perf_counter() - started
            assert answer.status_code in (200, 302), (path, answer.status_code)
            return elapsed * 1000

        times: dict[str, list[float]] = {page: [] for page in PAGES}
        for _ in range(requests):
            match_id, comp_id = rng.choice(matches), rng.choice(comps)
            times["match"].append(timed("get", desk, f"/results/matches/{match_id}"))
            times["competition"].append(timed("get", desk, f"/results/competitions/{comp_id}"))
            times["save"].append(timed("post", desk, f"/results/matches/{match_id}", data={"version": "0"}))
            times["board"].append(timed("get", public, f"/board/{slug}"))
            times["board_competition"].append(timed("get", public, f"/board/{slug}/competitions/{comp_id}"))
            times["screen"].append(timed("get", public, f"/board/{slug}/screen"))
        with app.app_context():
            finished = sum(
                1 for _ in db.session.scalars(select(Match.id).where(Match.confirmed_at.is_not(None)).limit(10**6))
            )
            db.engine.dispose()
        run = {page: statistics.median(t) for page, t in times.items()}
        run.update(competitions=len(comps), finished=finished)
        p95 = {page: sorted(t)[int(len(t) * 0.95) - 1] for page, t in times.items()}
        print(
            "run: competitions={competitions} confirmed_matches={finished} ".format(**run)
            + " ".join(f"{p}_p50_ms={run[p]:.1f} {p}_p95_ms={p95[p]:.1f}" for p in PAGES),
            flush=True,
        )
        return run


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=60, help="requests per page per run")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--competitions", type=int, default=29, help="the demo's 17, copied up to this many")
    args = parser.parse_args()
    runs = [one_run(args.requests, args.competitions) for _ in range(args.runs)]
    print(
        f"competitions={runs[0]['competitions']} confirmed_matches={runs[0]['finished']} "
        + " ".join(f"{p}_p50_ms={statistics.median(r[p] for r in runs):.1f}" for p in PAGES)
    )


if __name__ == "__main__":
    main()
