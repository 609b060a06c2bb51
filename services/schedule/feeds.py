"""The schedule out of the app: an iCalendar feed a phone's calendar subscribes to (a unit's
programme, a competition's matches), and a read-only JSON of the schedule, results and
standings for the federation's website. Both read services/results/board.EventResults."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from icalendar import Calendar
from icalendar import Event as CalendarEvent

from models import utcnow
from services.i18n import to_local
from services.results import display
from services.schedule.event import match_minutes

REFRESH = timedelta(minutes=30)  # how often a subscribed calendar asks again


def _where(view, m) -> str:
    venue = view.venues[m.venue_id].name if m.venue_id in view.venues else ""
    return ", ".join(x for x in (venue, m.court) if x)


def _title(view, m, cr) -> str:
    return f"{cr.competition.name} · {display.match_title(m, cr.rounds)}: {view.side(m, True)} – {view.side(m, False)}"


def calendar(view, rows, name: str) -> bytes:
    """An .ics of ``rows`` ((match, competition results) in time order), named ``name``."""
    cal = Calendar()
    cal.add("prodid", "-//Thang Cong nhan//Lich thi dau//VI")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Asia/Ho_Chi_Minh")
    cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", REFRESH)
    stamp = utcnow()
    for m, cr in rows:
        item = CalendarEvent()
        item.add("uid", f"match-{m.id}@{view.event.slug}")
        item.add("dtstamp", stamp)
        item.add("dtstart", m.starts_at)
        item.add("dtend", m.starts_at + timedelta(minutes=match_minutes(cr.competition)))
        item.add("summary", _title(view, m, cr))
        if where := _where(view, m):
            item.add("location", where)
        if m.confirmed:
            item.add("description", display.score_text(m))
        cal.add_component(item)
    return cal.to_ical()


@dataclass
class CourtNow:
    where: str
    playing: tuple | None  # (match, competition results) under way
    next: tuple | None  # the next one to start


def now_next(view, now: datetime) -> list[CourtNow]:
    """For each court with a match still to come or under way today (Vietnam date): what is
    being played and what comes next, for the board."""
    today = to_local(now).date()
    by_court: dict[tuple, list] = defaultdict(list)
    for m, cr in view.schedule(today):
        if not m.confirmed:
            by_court[(m.venue_id, m.court)].append((m, cr))
    courts = []
    for _key, rows in sorted(by_court.items(), key=lambda kv: _where(view, kv[1][0][0])):
        playing = next(
            (
                r
                for r in rows
                if r[0].starts_at <= now < r[0].starts_at + timedelta(minutes=match_minutes(r[1].competition))
            ),
            None,
        )
        upcoming = next((r for r in rows if r[0].starts_at > now), None)
        if playing or upcoming:
            courts.append(CourtNow(_where(view, rows[0][0]), playing, upcoming))
    return courts


def _tally(view, rows) -> list[dict]:
    return [
        {"rank": t.rank, "unit": view.units[t.unit_id].code, "name": view.units[t.unit_id].name, "gold": t.gold,
         "silver": t.silver, "bronze": t.bronze, "points": t.points}
        for t in rows
    ]  # fmt: skip


def event_json(view) -> dict:
    """The schedule, the results, the standings and the medal table, read-only."""
    competitions = []
    for cr in view.competitions:
        if not cr.published:
            continue
        competitions.append(
            {
                "id": cr.competition.id,
                "name": cr.competition.name,
                "sport": cr.competition.sport.name,
                "matches": [
                    {
                        "id": m.id,
                        "title": display.match_title(m, cr.rounds),
                        "starts_at": m.starts_at.isoformat() if m.starts_at else None,
                        "where": _where(view, m),
                        "home": view.side(m, True),
                        "away": view.side(m, False),
                        "score": display.score_text(m) if m.confirmed else None,
                    }
                    for m in cr.matches
                    if "BYE" not in (m.home_source, m.away_source)
                ],
                "standings": {
                    str(group): [
                        {
                            "rank": row.rank,
                            "entry": view.label(row.entry),
                            "played": row.played,
                            "won": row.won,
                            "lost": row.lost,
                            "points": row.points,
                        }
                        for row in rows
                    ]  # fmt: skip
                    for group, rows in cr.tables.items()
                },
                "places": [{"place": p.place, "entry": view.label(p.entry_id)} for p in cr.places],
            }
        )
    return {
        "event": {"slug": view.event.slug, "name": view.event.name, "starts_on": view.event.starts_on.isoformat(),
                  "ends_on": view.event.ends_on.isoformat()},
        "generated_at": utcnow().isoformat(),
        "competitions": competitions,
        "medal_table": _tally(view, view.medal_table),
        "overall": _tally(view, view.overall),
    }  # fmt: skip
