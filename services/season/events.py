"""Seasons, events and venues: saving with checks, and the event overview figures."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from extensions import db
from models import Competition, Entry, Event, EventKind, OverallRule, Person, Registration, Season, Unit, Venue
from services.errors import DomainError, RecordNotFound
from services.lookup import one_or_not_found
from services.participation.rules import EventParticipation, event_participation
from services.text import nfc, text_sort_key

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _unique(model, column, value, obj, field: str, message: str) -> None:
    clash = db.session.scalar(select(model).where(column == value))
    if clash is not None and clash is not obj:
        raise DomainError(message, field=field)


def save_season(season: Season | None, *, name: str, year: int, description: str = "") -> Season:
    name = nfc(name)
    if not name:
        raise DomainError(_("Tên mùa không được để trống."), field="name")
    _unique(Season, Season.name, name, season, "name", _("Đã có mùa tên “%(n)s”.", n=name))
    if season is None:
        season = Season()
        db.session.add(season)
    season.name, season.year, season.description = name, year, nfc(description)
    db.session.flush()
    return season


@dataclass
class EventData:
    season_id: int
    kind: str
    slug: str
    name: str
    starts_on: date
    ends_on: date
    registration_opens_at: datetime | None = None
    registration_closes_at: datetime | None = None
    description: str = ""
    max_individual_per_athlete: int | None = 2
    team_competitions_count: bool = False
    union_card_required: bool = True
    union_card_digits: int | None = None
    overall_rule: str = "medals"
    overall_points: str = ""  # "1=7, 2=5, 3=3, kk=1"
    overall_min_units: int | None = 0
    travel_minutes: int | None = 30  # None (left empty): 30


MAX_PLACE = 64


def _is_place(place: str) -> bool:
    return place == "kk" or (place.isdigit() and 1 <= int(place) <= MAX_PLACE)


def parse_overall_points(text: str) -> dict[str, int]:
    """ "1=9, 2=7, 3=6, 4=5, …, 8=1, kk=1" → {"1": 9, …} (points per place: any place from 1,
    and "kk" for a consolation prize where the place itself has none)."""
    points: dict[str, int] = {}
    for part in (p.strip() for p in (text or "").replace(";", ",").split(",")):
        if not part:
            continue
        place, _sep, value = (x.strip().lower() for x in part.partition("="))
        if not _is_place(place) or not value.isdigit() or int(value) > 1000:
            raise DomainError(
                _("Điểm xếp hạng: “%(p)s” không đúng dạng hạng=điểm (vd 1=7, 2=5, 3=3, kk=1).", p=part),
                field="overall_points",
            )
        points[place] = int(value)
    return points


def format_overall_points(points: dict | None) -> str:
    places = sorted(points or {}, key=lambda p: (p == "kk", int(p) if p.isdigit() else 0))
    return ", ".join(f"{place}={points[place]}" for place in places)


def save_event(event: Event | None, data: EventData) -> Event:
    slug = nfc(data.slug).lower()
    if not SLUG_RE.match(slug):
        raise DomainError(
            _("Mã đường dẫn chỉ gồm chữ thường không dấu, số và dấu “-” (ví dụ hoi-thao-2024)."), field="slug"
        )
    _unique(Event, Event.slug, slug, event, "slug", _("Mã đường dẫn “%(s)s” đã được dùng.", s=slug))
    if db.session.get(Season, data.season_id) is None:
        raise DomainError(_("Hãy chọn một mùa."), field="season_id")
    if data.ends_on < data.starts_on:
        raise DomainError(_("Ngày kết thúc phải sau hoặc trùng ngày bắt đầu."), field="ends_on")
    opens, closes = data.registration_opens_at, data.registration_closes_at
    if opens and closes and closes <= opens:
        raise DomainError(_("Hạn đóng đăng ký phải sau thời điểm mở đăng ký."), field="registration_closes_at")
    if not nfc(data.name):
        raise DomainError(_("Tên sự kiện không được để trống."), field="name")
    if event is None:
        event = Event()
        db.session.add(event)
    event.season_id = data.season_id
    event.kind = EventKind(data.kind)
    event.slug = slug
    event.name = nfc(data.name)
    event.starts_on, event.ends_on = data.starts_on, data.ends_on
    event.registration_opens_at, event.registration_closes_at = opens, closes
    event.description = nfc(data.description)
    event.max_individual_per_athlete = data.max_individual_per_athlete
    event.team_competitions_count = data.team_competitions_count
    event.union_card_required = data.union_card_required
    event.union_card_digits = data.union_card_digits or None
    event.overall_rule = OverallRule(data.overall_rule)
    event.overall_points = parse_overall_points(data.overall_points)
    if event.overall_rule == OverallRule.POINTS and not event.overall_points:
        raise DomainError(
            _("Xếp hạng toàn đoàn theo điểm cần điểm cho từng thứ hạng (vd 1=7, 2=5, 3=3, kk=1)."),
            field="overall_points",
        )
    event.overall_min_units = data.overall_min_units or 0
    travel = 30 if data.travel_minutes is None else data.travel_minutes
    if not 0 <= travel <= 240:
        raise DomainError(_("Thời gian di chuyển giữa hai địa điểm từ 0 đến 240 phút."), field="travel_minutes")
    event.travel_minutes = travel
    db.session.flush()
    return event


def save_venue(venue: Venue | None, event: Event, *, name: str, address: str = "") -> Venue:
    name = nfc(name)
    if not name:
        raise DomainError(_("Tên địa điểm không được để trống."), field="name")
    clash = db.session.scalar(select(Venue).where(Venue.event_id == event.id, Venue.name == name))
    if clash is not None and clash is not venue:
        raise DomainError(_("Sự kiện đã có địa điểm “%(n)s”.", n=name), field="name")
    if venue is None:
        venue = Venue(event=event)
        db.session.add(venue)
    venue.name, venue.address = name, nfc(address)
    db.session.flush()
    return venue


def venue_of_event(event: Event, venue_id: int) -> Venue:
    """One of ``event``'s venues, or RecordNotFound (answered 404)."""
    return one_or_not_found(Venue, Venue.id == venue_id, Venue.event_id == event.id)


def event_by_slug(slug: str) -> Event | None:
    return db.session.scalar(
        select(Event).where(Event.slug == slug).options(selectinload(Event.venues), selectinload(Event.season))
    )


def event_or_not_found(slug: str) -> Event:
    """The event of a URL; RecordNotFound (answered 404) if there is none."""
    event = event_by_slug(slug)
    if event is None:
        raise RecordNotFound()
    return event


def list_events() -> list[Event]:
    """Every event, the latest first (the public board's index), but copies not yet reviewed."""
    return list(
        db.session.scalars(select(Event).where(Event.review_pending.is_(False)).order_by(Event.starts_on.desc()))
    )


def list_seasons() -> list[Season]:
    return list(
        db.session.scalars(
            select(Season).order_by(Season.year.desc(), Season.name).options(selectinload(Season.events))
        )
    )


@dataclass
class UnitRow:
    unit: Unit
    people: int
    entries: int
    registration: Registration | None = None


@dataclass
class EventOverview:
    event: Event
    competitions: int
    people: int
    entries: int
    rows: list[UnitRow]
    counting_units: int
    participation: EventParticipation  # registered / present: services/participation/rules.py


def event_overview(event: Event) -> EventOverview:
    """Per active unit: people, entries and registration for this event. A fixed number of queries."""
    people = dict(
        db.session.execute(
            select(Person.unit_id, func.count()).where(Person.event_id == event.id).group_by(Person.unit_id)
        ).all()
    )
    entries = dict(
        db.session.execute(
            select(Entry.unit_id, func.count())
            .join(Competition)
            .where(Competition.event_id == event.id)
            .group_by(Entry.unit_id)
        ).all()
    )
    competitions = db.session.scalar(
        select(func.count()).select_from(Competition).where(Competition.event_id == event.id)
    )
    regs = {r.unit_id: r for r in db.session.scalars(select(Registration).where(Registration.event_id == event.id))}
    units = db.session.scalars(select(Unit).where(Unit.active.is_(True))).all()
    rows = [UnitRow(u, people.get(u.id, 0), entries.get(u.id, 0), regs.get(u.id)) for u in units]
    rows.sort(key=lambda r: (not r.unit.counts_for_participation, text_sort_key(r.unit.name)))
    counting = [r for r in rows if r.unit.counts_for_participation]
    return EventOverview(
        event=event,
        competitions=competitions,
        people=sum(people.values()),
        entries=sum(entries.values()),
        rows=rows,
        counting_units=len(counting),
        participation=event_participation(event),
    )
