"""What a unit sees of itself: its people and entries per event (organiser workspace)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from extensions import db
from models import Competition, Entry, EntryMember, Event, Person, Registration, Unit
from services.text import name_sort_key, text_sort_key


@dataclass
class EventWorkspace:
    event: Event
    people: list[Person] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)
    registration: Registration | None = None


def unit_workspace(unit: Unit) -> list[EventWorkspace]:
    """Every event with this unit's people (Vietnamese name order) and entries.

    Four queries whatever the number of rows: events, registrations, people, entries (with members).
    """
    events = db.session.scalars(select(Event).order_by(Event.starts_on.desc(), Event.id)).all()
    by_event = {e.id: EventWorkspace(e) for e in events}
    for reg in db.session.scalars(select(Registration).where(Registration.unit_id == unit.id)):
        by_event[reg.event_id].registration = reg
    for person in db.session.scalars(select(Person).where(Person.unit_id == unit.id)):
        by_event[person.event_id].people.append(person)
    entries = db.session.scalars(
        select(Entry)
        .where(Entry.unit_id == unit.id)
        .options(
            joinedload(Entry.competition).joinedload(Competition.sport),
            joinedload(Entry.members).joinedload(EntryMember.person),
        )
    ).unique()
    for entry in entries:
        by_event[entry.competition.event_id].entries.append(entry)
    for ws in by_event.values():
        ws.people.sort(key=lambda p: name_sort_key(p.full_name))
        ws.entries.sort(key=lambda e: text_sort_key(e.competition.name))
        for entry in ws.entries:
            entry.members.sort(key=lambda m: name_sort_key(m.person.full_name))
    return list(by_event.values())


def person_entries(person: Person) -> list[Entry]:
    return list(
        db.session.scalars(
            select(Entry)
            .join(EntryMember)
            .where(EntryMember.person_id == person.id)
            .options(joinedload(Entry.competition))
        )
    )
