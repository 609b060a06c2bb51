"""Small helpers that put real rows in the test database through the services."""

from __future__ import annotations

from datetime import date

from extensions import db
from models import Event, EventKind, Gender, Person, PersonRole, Season, Unit, UnitKind, UserRole
from services import auth

PASSWORD = "secret-pass"


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


def person(ev: Event, u: Unit, full_name: str, gender=Gender.MALE) -> Person:
    p = Person(
        event=ev,
        unit=u,
        full_name=full_name,
        gender=gender,
        birth_date=date(1985, 5, 1),
        union_card_no="00012345",
        role=PersonRole.ATHLETE,
    )
    db.session.add(p)
    db.session.flush()
    return p
