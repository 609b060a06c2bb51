"""The overall ranking's points per place reach beyond the medals: 4th, 5th (quarter-final
losers share it), … as the event's rule says (services/results/placements.py final_ranks)."""

from sqlalchemy import select

from extensions import db
from models import Match, OverallRule, ResultFormat, ThirdPlace, UserRole
from services.results import drawing, planning, recording, tally
from tests.support import factories as f

WIN = recording.ResultInput(sets=[(21, 15), (21, 18)])


def test_quarter_final_losers_earn_the_fifth_places_points(app):
    ev = f.event()
    ev.overall_rule = OverallRule.POINTS
    ev.overall_points = {"1": 9, "2": 7, "3": 6, "4": 5, "5": 4, "8": 1}
    admin = f.user("admin", role=UserRole.ADMIN)
    first, second = f.user("tt1", role=UserRole.OFFICIAL), f.user("tt2", role=UserRole.OFFICIAL)
    comp = f.competition(ev, "Cầu lông đơn nam", sport="Cầu lông")
    entries = f.entries(ev, comp, 8)
    data = planning.default_plan(comp)
    data.format, data.third_place = ResultFormat.KNOCKOUT, ThirdPlace.SHARED
    planning.save_plan(comp, data, admin)
    drawing.make_draw(comp, admin, seed=1)
    drawing.publish(comp, admin)
    for _ in range(3):
        for m in db.session.scalars(select(Match).where(Match.competition_id == comp.id)):
            if m.home_entry_id and m.away_entry_id and not m.has_result:
                recording.enter_result(m, first, WIN)
                recording.confirm_result(m, second)
    db.session.commit()
    tallied, _entries, _comps = tally.event_tally(ev)
    points = sorted((t.points for t in tallied.overall), reverse=True)
    assert points == [9, 7, 6, 6, 4, 4, 4, 4]  # final, semi-finals shared 3rd, quarter-finals shared 5th
    assert len(tallied.overall) == len(entries)
