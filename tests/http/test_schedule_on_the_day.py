# ruff: noqa: F811 - the fixtures come from test_schedule_event
"""Planning rules an admin sets and the day's surprises, through the admin's pages: a final
in the session asked, the travel time between venues, and a match to be replayed (result and
time dropped, placed again by the next plan, refused once a later round was played)."""

from __future__ import annotations

import re

from sqlalchemy import select

from extensions import db
from models import Match, MatchStage, ResultChange, Venue
from services.i18n import to_local
from services.results import recording
from services.schedule import event as schedule
from services.schedule.check import check
from tests.http.test_schedule_event import BASE, _matches, _plan, _venue, admin, games  # noqa: F401
from tests.support import factories as f

SETS = recording.ResultInput(sets=[(21, 10), (21, 12)])


def _officials():
    return [db.session.scalar(select(f.User).where(f.User.username == n)) for n in ("tt1", "tt2")]


def _played(match: Match) -> None:
    tt1, tt2 = _officials()
    recording.enter_result(match, tt1, SETS)
    recording.confirm_result(match, tt2)
    db.session.commit()


def _edit_competition(admin, comp, **changes):
    url = f"{BASE}/competitions/{comp.id}/edit"
    admin.get(url)
    form = {
        "sport_id": comp.sport_id, "name": comp.name, "category": comp.category.value, "format": comp.format.value,
        "team_min": comp.team_min, "team_max": comp.team_max, "min_men": 0, "min_women": 0,
        "max_entries_per_unit": comp.max_entries_per_unit or "", "rest_minutes": comp.rest_minutes,
    }  # fmt: skip
    return admin.post(url, form | changes, follow_redirects=True).get_data(as_text=True)


def test_a_final_asked_for_the_last_afternoon_is_planned_then(admin, games):
    _venue(admin, games, courts="Sân 1: Cầu lông\nSân 2: Cầu lông\nSân 3: Cầu lông")
    page = _edit_competition(admin, games["singles"], final_session="noon")
    assert "Lựa chọn không hợp lệ." in page and games["singles"].final_session == ""
    assert "Đã lưu nội dung thi đấu." in _edit_competition(admin, games["singles"], final_session="afternoon")
    _plan(admin)
    singles = [m for m in _matches() if m.competition_id == games["singles"].id and m.stage == MatchStage.KNOCKOUT]
    final = max(singles, key=lambda m: m.round_no)
    local = to_local(final.starts_at)
    assert local.date() == games["event"].ends_on and local.hour >= 12
    built = schedule.build(games["event"])
    assert check(built.problem, schedule.placed_now(games["event"], built)).total == 0


def test_the_travel_time_is_an_event_setting_kept_between_two_venues(admin, games):
    page = admin.get(f"{BASE}/edit").get_data(as_text=True)
    assert "Thời gian di chuyển giữa hai địa điểm (phút)" in page
    form = dict(re.findall(r'<input[^>]*name="([a-z_]+)"[^>]*value="([^"]*)"', page))
    ev = games["event"]
    form |= {"season_id": ev.season_id, "kind": ev.kind.value, "overall_rule": ev.overall_rule.value}
    form |= {"starts_on": f"{ev.starts_on:%d/%m/%Y}", "ends_on": f"{ev.ends_on:%d/%m/%Y}"}
    refused = admin.post(f"{BASE}/edit", form | {"travel_minutes": 500}).get_data(as_text=True)
    assert "Thời gian di chuyển giữa hai địa điểm từ 0 đến 240 phút." in refused
    admin.post(f"{BASE}/edit", form | {"travel_minutes": 90})
    db.session.expire_all()
    assert ev.travel_minutes == 90
    # Singles in the hall, doubles in the park: a player's two matches are 90 minutes apart.
    _venue(admin, games, courts="Sân 1: Cầu lông\nSân 2: Cầu lông")
    park = Venue(event=ev, name="Công viên")
    db.session.add(park)
    db.session.commit()
    admin.post(f"{BASE}/venues/{park.id}/edit", {"name": "Công viên", "address": "", "courts": "Sân A: Cầu lông"})
    hall = {c.id for c in db.session.get(Venue, games["venue"].id).courts}
    _plan(admin)
    built = schedule.build(ev)
    placed = schedule.placed_now(ev, built)
    assert built.problem.travel == 90 and check(built.problem, placed).total == 0
    venues = {pl.court_id in hall for pl in placed.values()}
    assert venues == {True, False}  # both venues used: the travel time was really at stake


def test_a_match_replayed_loses_its_result_and_time_and_the_next_plan_places_it(admin, games):
    _venue(admin, games, courts="Sân 1: Cầu lông\nSân 2: Cầu lông")
    _plan(admin)
    match = next(m for m in _matches() if m.competition_id == games["singles"].id and m.home_entry_id)
    _played(match)
    was = to_local(match.starts_at)
    page = admin.get(f"/results/matches/{match.id}").get_data(as_text=True)
    assert "Cho đấu lại" in page
    url = f"/results/matches/{match.id}/replay"
    refused = admin.post(url, {"version": match.version, "reason": ""}, follow_redirects=True).get_data(as_text=True)
    assert "Hãy ghi lý do đấu lại." in refused
    stale = admin.post(url, {"version": match.version - 1, "reason": "Mưa"}, follow_redirects=True)
    assert "đã được người khác thay đổi" in stale.get_data(as_text=True)
    done = admin.post(url, {"version": match.version, "reason": "Mưa ở ván 2"}, follow_redirects=True)
    assert "Trận sẽ đấu lại" in done.get_data(as_text=True)
    db.session.expire_all()
    assert not match.has_result and match.starts_at is None and match.court_id is None
    rows = list(db.session.scalars(select(ResultChange).where(ResultChange.match_id == match.id)))
    assert [r.action for r in rows] == ["enter", "confirm", "replay"]
    assert rows[-1].new == {
        "reason": "Mưa ở ván 2",
        "was_at": f"{was:%d/%m/%Y %H:%M}",
        "was_court": rows[-1].new["was_court"],
    }
    history = admin.get(f"/results/matches/{match.id}").get_data(as_text=True)
    assert "đấu lại" in history and "Mưa ở ván 2" in history
    _plan(admin)
    db.session.expire_all()
    assert match.starts_at is not None and match.court_id is not None
    built = schedule.build(games["event"])
    assert check(built.problem, schedule.placed_now(games["event"], built)).total == 0


def test_a_match_whose_next_round_was_played_cannot_be_replayed(admin, games):
    _venue(admin, games, courts="Sân 1: Cầu lông\nSân 2: Cầu lông")
    _plan(admin)
    singles = [m for m in _matches() if m.competition_id == games["singles"].id]
    for m in sorted(singles, key=lambda m: m.round_no):
        db.session.refresh(m)
        if m.round_no == 1:
            _played(m)
    second = next(m for m in _matches() if m.competition_id == games["singles"].id and m.round_no == 2)
    assert second.home_entry_id and second.away_entry_id
    _played(second)
    feeder = next(m for m in _matches() if m.competition_id == games["singles"].id and m.round_no == 1)
    answer = admin.post(
        f"/results/matches/{feeder.id}/replay",
        {"version": feeder.version, "reason": "Khiếu nại"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "Không thể đấu lại: một trận của vòng sau đã có kết quả" in answer
    db.session.expire_all()
    assert feeder.has_result and feeder.starts_at is not None
