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
    Season,
    Sport,
    Unit,
    UnitKind,
    User,
    UserRole,
)

__all__ = ["Entry", "EntryMember", "User"]  # re-exported for tests
from services import auth
from services.text import name_key

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


def person(
    ev: Event, u: Unit, full_name: str, gender=Gender.MALE, birth=date(1985, 5, 1), card=None, role=PersonRole.ATHLETE
) -> Person:
    p = Person(
        event=ev,
        unit=u,
        full_name=full_name,
        name_key=name_key(full_name),
        gender=gender,
        birth_date=birth,
        union_card_no=card if card is not None else f"{next(_cards):08d}",
        role=role,
    )
    db.session.add(p)
    db.session.flush()
    return p


def competition(ev: Event, name: str, category=Category.MEN, fmt=CompetitionFormat.SINGLE, **rules) -> Competition:
    sport = db.session.query(Sport).first() or Sport(code="badminton", name="Cầu lông")
    size = {CompetitionFormat.SINGLE: 1, CompetitionFormat.PAIR: 2}.get(fmt)
    defaults = {"team_min": size or 1, "team_max": size or 1, "max_entries_per_unit": None}
    c = Competition(event=ev, sport=sport, name=name, category=category, format=fmt, **(defaults | rules))
    db.session.add(c)
    db.session.flush()
    return c


def xlsx(rows) -> bytes:
    """A plain one-sheet workbook with these rows (for import tests)."""
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
