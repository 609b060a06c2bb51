"""The schedule out of the app, read back: a unit's and a competition's iCalendar feed (parsed
with icalendar, as a phone's calendar would), and the read-only JSON for the federation's site."""

from __future__ import annotations

from datetime import timedelta

from icalendar import Calendar
from sqlalchemy import select

from extensions import db
from models import Entry, Match
from services.i18n import to_local
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


def test_the_order_of_play_prints_a_page_a_venue_and_day_a_table_a_court(client, games):  # noqa: F811
    from tests.support.pdfs import page_texts

    _planned(games)
    response = client.get(f"/board/{SLUG}/order-of-play.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    pages = page_texts(response.data)
    matches = [m for m in db.session.scalars(select(Match)) if "BYE" not in (m.home_source, m.away_source)]
    days = sorted({to_local(m.starts_at).date() for m in matches})
    assert len(pages) >= len(days)  # a new page at each venue and day
    text = " ".join(pages)
    assert "Thứ tự thi đấu" in text
    for day in days:
        assert f"Nhà thi đấu tỉnh – {day:%d/%m/%Y} – Sân 1" in text
    for m in matches:
        assert f"{to_local(m.starts_at):%H:%M}" in text
    one_day = client.get(f"/board/{SLUG}/order-of-play.pdf?day={days[0]:%d/%m/%Y}")
    assert f"Nhà thi đấu tỉnh – {days[0]:%d/%m/%Y} – Sân 1" in " ".join(page_texts(one_day.data))


def test_a_unit_finds_its_programme_and_calendar_on_its_page(client, games):  # noqa: F811
    from tests.support import factories as f

    _planned(games)
    lak = db.session.scalar(select(f.Unit).where(f.Unit.code == "LAK"))
    f.user("cb.lak", unit=lak)
    db.session.commit()
    client.login("cb.lak")
    page = client.get(f"/units/LAK/events/{SLUG}").get_data(as_text=True)
    assert f'href="/board/{SLUG}/schedule.pdf?unit=LAK"' in page
    assert f'href="webcal://localhost/board/{SLUG}/schedule.ics?unit=LAK"' in page
    from tests.support.pdfs import page_texts

    programme = " ".join(page_texts(client.get(f"/board/{SLUG}/schedule.pdf?unit=LAK").data))
    assert "VĐV LAK 1" in programme and "Nhà thi đấu tỉnh" in programme


def test_the_board_shows_each_courts_match_under_way_and_the_next(client, games):  # noqa: F811
    from datetime import UTC, datetime

    from services.i18n import local_today

    event = games["event"]
    event.starts_on, event.ends_on = local_today(), local_today() + timedelta(days=1)
    venue_form.save_courts_and_hours(games["venue"], "Sân 1: Cầu lông\nSân 2: Cầu lông", "00:00-23:55")
    plan_event(event)  # from now on: nothing placed in the past
    now = datetime.now(UTC)
    matches = sorted((m for m in db.session.scalars(select(Match)) if m.starts_at), key=lambda m: m.starts_at)
    assert all(m.starts_at > now for m in matches)
    under_way = matches[0]
    under_way.starts_at = now - timedelta(minutes=5)  # started five minutes ago on its court
    db.session.commit()
    page = client.get(f"/board/{SLUG}/schedule").get_data(as_text=True)
    section = page.split('id="now-next"')[1].split("</section>")[0]
    assert f"Nhà thi đấu tỉnh, {under_way.court}" in section and "Đang đấu" in section
    assert under_way.competition.name in section
