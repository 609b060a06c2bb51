"""A competition's pages on the results desk cost what they show (issue 29, item 7): the
match page, the competition page and the redirect after a save run the same statements and
load the same rows whether the event has 1 or 29 other finished competitions."""

from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy import event, select

from extensions import db
from models import Base, Match, ResultFormat, UserRole
from services.results import drawing, planning, recording
from tests.support import factories as f

WIN = recording.ResultInput(sets=[(21, 15), (21, 18)])


def _finished(ev, name: str, entries: int, enterer, confirmer):
    """A round robin of ``entries`` units, drawn, published, every result entered and confirmed."""
    comp = f.competition(ev, name, sport="Cầu lông")
    f.entries(ev, comp, entries)
    comp.officials = [enterer, confirmer]
    data = planning.default_plan(comp)
    data.format = ResultFormat.ROUND_ROBIN
    planning.save_plan(comp, data, enterer)
    drawing.make_draw(comp, enterer, seed=1)
    drawing.publish(comp, enterer)
    for match in db.session.scalars(select(Match).where(Match.competition_id == comp.id)):
        if match.home_entry_id and match.away_entry_id:
            recording.enter_result(match, enterer, WIN)
            recording.confirm_result(match, confirmer)
    db.session.commit()
    return comp


@contextmanager
def _cost():
    """Statements run and ORM rows loaded while the block runs."""
    seen = {"statements": 0, "rows": 0}

    def statement(*_args):
        seen["statements"] += 1

    def loaded(*_args):
        seen["rows"] += 1

    event.listen(db.engine, "before_cursor_execute", statement)
    event.listen(Base, "load", loaded, propagate=True)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", statement)
        event.remove(Base, "load", loaded)


def test_desk_pages_cost_the_same_with_1_or_29_other_finished_competitions(app, make_client):
    ev = f.event()
    tt1, tt2 = f.user("tt1", UserRole.OFFICIAL), f.user("tt2", UserRole.OFFICIAL)
    mine = _finished(ev, "Cầu lông đơn nam", 5, tt1, tt2)
    match = db.session.scalars(select(Match).where(Match.competition_id == mine.id).order_by(Match.id)).first()
    official = make_client()
    official.login("tt1")
    pages = (f"/results/matches/{match.id}", f"/results/competitions/{mine.id}")

    def measure() -> dict:
        costs = {}
        for url in pages:
            official.get(url)  # warm: whatever a first visit does once
            with _cost() as seen:
                assert official.get(url).status_code == 200
            costs[url] = dict(seen)
        with _cost() as seen:  # a save and the page it leads to (a replay is refused: stale version)
            answer = official.post(pages[0], {"version": "0", "set1_home": "21", "set1_away": "10"})
            assert answer.status_code in (200, 302)
        costs["save"] = dict(seen)
        return costs

    _finished(ev, "Cầu lông đơn nữ", 5, tt1, tt2)
    with_one = measure()
    for i in range(28):
        _finished(ev, f"Cầu lông nội dung {i:02d}", 5, tt1, tt2)
    with_29 = measure()
    assert with_29 == with_one
