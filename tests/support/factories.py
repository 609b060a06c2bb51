"""Small helpers that put real rows in the test database through the services."""

from __future__ import annotations

import io
import itertools
from datetime import date

from openpyxl import Workbook

from extensions import db
from models import (
    Category,
    Competition,
    CompetitionFormat,
    Entry,
    EntryMember,
    Event,
    EventKind,
    Gender,
    Person,
    PersonRole,
    Registration,
    RegistrationStatus,
    Season,
    Sport,
    Unit,
    UnitKind,
    User,
    UserRole,
)

__all__ = ["Entry", "EntryMember", "Unit", "User"]  # re-exported for tests
from services.accounts import auth
from services.season import competitions
from services.text import name_key, search_key

PASSWORD = "secret-pass"
_cards = itertools.count(1)


def unit(code: str, name: str | None = None, kind=UnitKind.DISTRICT, counts=True) -> Unit:
    u = Unit(code=code, name=name or f"LĐLĐ huyện {code}", kind=kind, counts_for_participation=counts)
    db.session.add(u)
    db.session.flush()
    return u


def user(username: str, role=UserRole.ORGANISER, unit: Unit | None = None, password=PASSWORD):
    u = auth.save_user(None, username=username, role=role, unit=unit, password=password)
    db.session.commit()
    return u


def event(slug="hoi-thao-2024", kind=EventKind.GAMES) -> Event:
    season = db.session.query(Season).first() or Season(name="Tháng Công nhân 2024", year=2024)
    e = Event(
        season=season,
        kind=kind,
        slug=slug,
        name=f"Sự kiện {slug}",
        starts_on=date(2024, 8, 26),
        ends_on=date(2024, 8, 30),
    )
    db.session.add(e)
    db.session.flush()
    return e


def approved(ev: Event, *units: Unit) -> None:
    """The units' registrations for the event, approved (the gate admits only those)."""
    for u in units:
        reg = db.session.query(Registration).filter_by(event_id=ev.id, unit_id=u.id).first()
        if reg is None:
            reg = Registration(event=ev, unit=u)
            db.session.add(reg)
        reg.status = RegistrationStatus.APPROVED
    db.session.flush()


def person(
    ev: Event, u: Unit, full_name: str, gender=Gender.MALE, birth=date(1985, 5, 1), card=None, role=PersonRole.ATHLETE
) -> Person:
    p = Person(
        event=ev,
        unit=u,
        full_name=full_name,
        name_key=name_key(full_name),
        search_key=search_key(full_name),
        gender=gender,
        birth_date=birth,
        union_card_no=card if card is not None else f"{next(_cards):08d}",
        role=role,
    )
    db.session.add(p)
    db.session.flush()
    return p


def competition(
    ev: Event, name: str, category=Category.MEN, fmt=CompetitionFormat.SINGLE, sport: str | None = None, **rules
) -> Competition:
    if sport:
        sport = competitions.sport_named(sport)
    else:
        sport = db.session.query(Sport).first() or Sport(code="badminton", name="Cầu lông", kind="badminton")
    size = {CompetitionFormat.SINGLE: 1, CompetitionFormat.PAIR: 2}.get(fmt)
    defaults = {"team_min": size or 1, "team_max": size or 1, "max_entries_per_unit": None}
    c = Competition(event=ev, sport=sport, name=name, category=category, format=fmt, **(defaults | rules))
    db.session.add(c)
    db.session.flush()
    return c


def entries(
    ev: Event, comp: Competition, units: int, per_unit: int = 1, status=RegistrationStatus.APPROVED
) -> list[Entry]:
    """``units`` units (U01, U02 …, made if new) with a registration in ``status`` and ``per_unit``
    entries each in ``comp`` (no members: draws and results do not look at them)."""
    made = []
    for i in range(1, units + 1):
        code = f"U{i:02d}"
        u = db.session.query(Unit).filter_by(code=code).one_or_none() or unit(code)
        if db.session.query(Registration).filter_by(event_id=ev.id, unit_id=u.id).one_or_none() is None:
            db.session.add(Registration(event=ev, unit=u, status=status))
        for team_no in range(1, per_unit + 1):
            made.append(Entry(competition=comp, unit=u, team_no=team_no))
    db.session.add_all(made)
    db.session.flush()
    return made


def xlsx(rows) -> bytes:
    """A plain one-sheet workbook with these rows (for import tests)."""
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
