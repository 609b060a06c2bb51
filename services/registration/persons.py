"""A unit's people: added, changed (the same person twice, and entries a change would
break, are refused) and removed; the event's people in Vietnamese order.

Each change checks that the unit may still change its registration, applies the rules of
services/registration/eligibility.py, is recorded in the audit trail and flushed; the caller
commits (or rolls back when a DomainError comes out: nothing is half-saved)."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import joinedload

from extensions import db
from models import (
    Competition,
    Entry,
    EntryMember,
    Event,
    Person,
    Unit,
    User,
)
from services import audit
from services.errors import DomainError, ValidationErrors
from services.i18n import local_today
from services.lookup import one_or_not_found
from services.registration import eligibility, teams
from services.registration.inputs import PersonData
from services.registration.registrations import ensure_open
from services.text import name_sort_key, search_key, text_sort_key


def unit_names() -> dict[int, str]:
    return dict(db.session.execute(select(Unit.id, Unit.name)).all())


def _possible_twins(event: Event, data: PersonData, exclude_id: int | None) -> list[Person]:
    conditions = [and_(Person.name_key == data.name_key, Person.birth_date == data.birth_date)]
    if data.union_card_no:
        conditions.append(Person.union_card_no == data.union_card_no)
    stmt = select(Person).where(Person.event_id == event.id, or_(*conditions))
    if exclude_id is not None:
        stmt = stmt.where(Person.id != exclude_id)
    return list(db.session.scalars(stmt))


def person_of_unit(event: Event, unit: Unit, person_id: int) -> Person:
    return one_or_not_found(Person, Person.id == person_id, Person.unit_id == unit.id, Person.event_id == event.id)


def person_of_event(event: Event, person_id: int) -> Person:
    """Anyone registered for ``event`` (any unit), or RecordNotFound (answered 404)."""
    return one_or_not_found(Person, Person.id == person_id, Person.event_id == event.id)


def save_person(event: Event, unit: Unit, person: Person | None, data: PersonData, actor: User) -> Person:
    ensure_open(event, unit)
    typed = data.input_problems(event.union_card_digits, local_today())
    if typed:
        error = ValidationErrors(_("Chưa lưu:"), [message for _field, message in typed])
        error.field = typed[0][0]
        raise error
    data.unit_id = unit.id
    problems = eligibility.check_union_card(event, data)
    twins = _possible_twins(event, data, person.id if person else None)
    problems += eligibility.check_same_person(data, unit.id, twins, unit_names())
    if person is not None:
        problems += teams.entries_broken_by_change(event, person, data)
    if problems:
        raise ValidationErrors(_("Chưa lưu %(name)s:", name=data.full_name), problems)
    values = data.values()
    diff = audit.changes(person, values)
    action = "update" if person is not None else "create"
    if person is None:
        person = Person(event=event, unit=unit)
        db.session.add(person)
    for name, value in values.items():
        setattr(person, name, value)
    db.session.flush()
    if diff:
        audit.record(actor, person, action=action, summary=person.full_name, diff=diff)
    return person


def delete_person(event: Event, unit: Unit, person: Person, actor: User) -> None:
    ensure_open(event, unit)
    comps = db.session.scalars(
        select(Competition.name).join(Entry).join(EntryMember).where(EntryMember.person_id == person.id)
    ).all()
    if comps:
        raise DomainError(
            _(
                "%(name)s đang có trong: %(list)s. Hãy rút khỏi các nội dung này trước khi xoá.",
                name=person.full_name,
                list=", ".join(sorted(comps)),
            )
        )
    audit.record(
        actor, person, action="delete", summary=person.full_name, diff=audit.changes(person, {"full_name": None})
    )
    db.session.delete(person)
    db.session.flush()


def event_people(event: Event, unit: Unit | None = None) -> list[Person]:
    """People registered for the event (one unit's, or all), units loaded, in Vietnamese order."""
    stmt = select(Person).where(Person.event_id == event.id).options(joinedload(Person.unit))
    if unit is not None:
        stmt = stmt.where(Person.unit_id == unit.id)
    return sorted(db.session.scalars(stmt), key=lambda p: (text_sort_key(p.unit.name), name_sort_key(p.full_name)))


def matching(query: str):
    """The condition "this person is who was typed": name without accents or case (``hung``
    finds Hùng), or the union card number exactly. None when too short to search."""
    query = (query or "").strip()
    if len(query) < 2:
        return None
    return Person.search_key.contains(search_key(query), autoescape=True) | (
        Person.union_card_no == query.replace(" ", "")
    )


def find_people(event: Event, query: str, limit: int = 100) -> list[Person]:
    """Anyone registered for the event, whatever the unit (the admin's attendee search)."""
    condition = matching(query)
    if condition is None:
        return []
    people = db.session.scalars(
        select(Person).where(Person.event_id == event.id, condition).options(joinedload(Person.unit)).limit(limit)
    ).all()
    return sorted(people, key=lambda p: name_sort_key(p.full_name))
