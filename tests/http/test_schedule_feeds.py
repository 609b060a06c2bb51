"""The schedule out of the app, read back: a unit's and a competition's iCalendar feed (parsed
with icalendar, as a phone's calendar would), and the read-only JSON for the federation's site."""

from __future__ import annotations

from datetime import timedelta

from icalendar import Calendar
from sqlalchemy import select

from extensions import db
from models import Entry, Match
from services.schedule import venues as venue_form
from services.schedule.event import plan_event
from tests.http.test_schedule_event import games  # noqa: F401 - the fixture

SLUG = "hoi-thao-2024"


def _planned(games):  # noqa: F811
    venue_form.save_courts_and_hours(games["venue"], "Sân 1: Cầu lông\nSân 2: Cầu lông", "")
    plan_event(games["event"])
    db.session.commit()


def test_a_units_calendar_holds_each_of_its_matches_where_and_when(client, games):  # noqa: F811
    _planned(games)
    response = client.get(f"/board/{SLUG}/schedule.ics?unit=LAK")
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    assert 'filename="lich-thi-dau-LAK.ics"' in response.headers["Content-Disposition"]
    cal = Calendar.from_ical(response.data)
    assert str(cal["x-wr-calname"]).startswith("LĐLĐ huyện LAK – ")
    events = {str(e["uid"]): e for e in cal.walk("VEVENT")}
    lak = set(db.session.scalars(select(Entry.id).where(Entry.unit.has(code="LAK"))))
    mine = [
        m
        for m in db.session.scalars(select(Match))
        if {m.home_entry_id, m.away_entry_id} & lak and "BYE" not in (m.home_source, m.away_source)
    ]
    assert mine and set(events) == {f"match-{m.id}@{SLUG}" for m in mine}
    for m in mine:
        item = events[f"match-{m.id}@{SLUG}"]
        assert item.decoded("dtstart") == m.starts_at
        assert item.decoded("dtend") - item.decoded("dtstart") == timedelta(minutes=30)  # badminton's default
        assert str(item["location"]) == f"Nhà thi đấu tỉnh, {m.court}"
        assert m.competition.name in str(item["summary"])


def test_a_competitions_calendar_and_the_events_json(client, games):  # noqa: F811
    _planned(games)
    doubles = games["doubles"]
    cal = Calendar.from_ical(client.get(f"/board/{SLUG}/schedule.ics?competition={doubles.id}").data)
    summaries = [str(e["summary"]) for e in cal.walk("VEVENT")]
    assert summaries and all(s.startswith("Cầu lông đôi nam · ") for s in summaries)
    assert client.get(f"/board/{SLUG}/schedule.ics?competition=999999").status_code == 404
    assert client.get(f"/board/{SLUG}/schedule.ics?unit=NOPE").status_code == 404
    data = client.get(f"/board/{SLUG}.json").get_json()
    assert data["event"]["slug"] == SLUG and {c["name"] for c in data["competitions"]} == {
        "Cầu lông đơn nam",
        "Cầu lông đôi nam",
    }
    matches = [m for c in data["competitions"] for m in c["matches"]]
    assert matches and all(m["starts_at"] and m["where"].startswith("Nhà thi đấu tỉnh, Sân ") for m in matches)
    assert "medal_table" in data and "overall" in data
    page = client.get(f"/board/{SLUG}/schedule?unit=LAK").get_data(as_text=True)
    assert 'href="webcal://localhost/board/hoi-thao-2024/schedule.ics?unit=LAK"' in page
