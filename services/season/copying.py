"""Next year from this year: a season copied with everything the federation sets up once and
keeps (events, venues with courts and hours, competitions with their rules, plans and prize
money, checkpoints, certificate and decision wording, who officiates and who volunteers
where), every date moved by one offset; and nothing that belongs to last year (people,
registrations, entries, badges, scans, draws, matches, results, devices, media, an issued
decision). Each copied event waits for an admin's review (``review_pending``: units cannot
register) until it is opened.
"""

from __future__ import annotations

import re
from copy import deepcopy
from datetime import date, timedelta

from flask_babel import gettext as _
from sqlalchemy import inspect, select

from extensions import db
from models import (
    AwardDecision,
    CertificateStyle,
    Checkpoint,
    Competition,
    CompetitionPlan,
    Court,
    Event,
    Season,
    Venue,
)
from services.errors import DomainError
from services.lookup import lock_row
from services.season.events import save_season

MAX_OFFSET_DAYS = 3 * 366
# What a copy leaves behind, per table: last year's facts, not the setup.
_NOT_COPIED = {
    CompetitionPlan: {
        "finish_checkpoint_id",
        "started_at",
        "absent",
        "lots",
        "seeds",
        "draw",
        "seed",
        "drawn_at",
        "drawn_by_id",
        "published_at",
    },  # fmt: skip
    AwardDecision: {"number", "issued_at", "issued_by_id", "appendix", "version"},
    Event: {"slug", "name", "season_id", "review_pending"},
}


def _columns(obj, *also_not: str) -> dict:
    """The row's column values (JSON ones copied, not shared) but its id, its parent's key
    and what is not copied."""
    skip = {"id", *also_not, *_NOT_COPIED.get(type(obj), ())}
    return {a.key: deepcopy(getattr(obj, a.key)) for a in inspect(type(obj)).column_attrs if a.key not in skip}


def _shifted(values: dict, days: timedelta) -> dict:
    return {k: v + days if isinstance(v, date) else v for k, v in values.items()}  # datetimes are dates too


def _renamed(text: str, old_year: int, new_year: int) -> str:
    return text.replace(str(old_year), str(new_year)) if text else text


def _new_slug(slug: str, old_year: int, new_year: int) -> str:
    base = slug.replace(str(old_year), str(new_year)) if str(old_year) in slug else f"{slug}-{new_year}"
    candidate, n = base, 2
    while db.session.scalar(select(Event.id).where(Event.slug == candidate)) is not None:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def offset_for(source: Season, first_starts_on: date) -> timedelta:
    """The offset that moves the season's first event to ``first_starts_on``."""
    if not source.events:
        raise DomainError(_("Mùa “%(s)s” chưa có sự kiện nào để chép.", s=source.name))
    days = first_starts_on - min(e.starts_on for e in source.events)
    if abs(days.days) > MAX_OFFSET_DAYS:
        raise DomainError(_("Ngày bắt đầu mới cách mùa cũ quá 3 năm."), field="first_starts_on")
    return days


def copy_season(source: Season, name: str, year: int, first_starts_on: date) -> Season:
    """The new season with its events copied (each waiting for review); the caller commits.
    Under the source season's lock: two admins copying it at once do so one after the other,
    and the second is told the name is taken (not a 500 on the unique key)."""
    lock_row(Season, source.id)
    days = offset_for(source, first_starts_on)
    season = save_season(None, name=name, year=year, description=_("Chép từ mùa “%(s)s”.", s=source.name))
    for event in source.events:
        _copy_event(event, season, days, source.year, year)
    db.session.flush()
    return season


def _copy_event(old: Event, season: Season, days: timedelta, old_year: int, new_year: int) -> Event:
    event = Event(
        season=season,
        slug=_new_slug(old.slug, old_year, new_year),
        name=_renamed(old.name, old_year, new_year),
        review_pending=True,
        **_shifted(_columns(old), days),
    )
    event.description = _renamed(event.description, old_year, new_year)
    db.session.add(event)
    db.session.flush()
    venues = {}
    for venue in db.session.scalars(select(Venue).where(Venue.event_id == old.id)):
        venues[venue.id] = new_venue = Venue(event_id=event.id, **_columns(venue, "event_id"))
        db.session.add(new_venue)
        db.session.flush()
        for court in db.session.scalars(select(Court).where(Court.venue_id == venue.id)):
            db.session.add(Court(venue_id=new_venue.id, **_columns(court, "venue_id")))
    comps = {}
    for comp in db.session.scalars(select(Competition).where(Competition.event_id == old.id)):
        comps[comp.id] = new_comp = Competition(event_id=event.id, **_shifted(_columns(comp, "event_id"), days))
        new_comp.officials = list(comp.officials)
        db.session.add(new_comp)
        db.session.flush()
        if comp.plan is not None:
            db.session.add(CompetitionPlan(competition_id=new_comp.id, **_columns(comp.plan, "competition_id")))
    for point in db.session.scalars(select(Checkpoint).where(Checkpoint.event_id == old.id)):
        values = _shifted(_columns(point, "event_id", "venue_id", "allowed_competition_ids"), days)
        new_point = Checkpoint(
            event_id=event.id,
            venue_id=venues[point.venue_id].id if point.venue_id in venues else None,
            allowed_competition_ids=[comps[i].id for i in point.allowed_competition_ids or [] if i in comps],
            **values,
        )
        new_point.volunteers = list(point.volunteers)
        db.session.add(new_point)
    for model in (CertificateStyle, AwardDecision):
        wording = db.session.scalar(select(model).where(model.event_id == old.id))
        if wording is not None:
            db.session.add(model(event_id=event.id, **_shifted(_columns(wording, "event_id"), days)))
    db.session.flush()
    return event


def open_after_review(event: Event) -> None:
    """The admin has looked the copy over: units may register (within its dates)."""
    event.review_pending = False
    db.session.flush()


def name_year_hint(source: Season) -> tuple[str, int]:
    """A new season's name and year to offer: the next year's."""
    year = source.year + 1
    renamed = re.sub(str(source.year), str(year), source.name)
    return (renamed if renamed != source.name else f"{source.name} ({year})"), year
