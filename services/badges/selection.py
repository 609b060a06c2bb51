"""Which badges to print, and the plain data the printable draws for each."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from extensions import db
from models import Badge, Competition, Entry, EntryMember, Event, Person, PersonRole, Unit
from printables.badges import BadgeData
from services.badges import tokens
from services.errors import DomainError
from services.labels import label
from services.season import competitions
from services.text import name_sort_key, text_sort_key


@dataclass
class Selection:
    """Whom to print for: the whole event, or narrowed to a unit, a competition, a role."""

    event: Event
    unit: Unit | None = None
    competition: Competition | None = None
    role: PersonRole | None = None

    def people(self):
        stmt = select(Person.id).where(Person.event_id == self.event.id)
        if self.unit is not None:
            stmt = stmt.where(Person.unit_id == self.unit.id)
        if self.role is not None:
            stmt = stmt.where(Person.role == self.role)
        if self.competition is not None:
            stmt = stmt.where(
                Person.id.in_(
                    select(EntryMember.person_id).join(Entry).where(Entry.competition_id == self.competition.id)
                )
            )
        return stmt


def selection_of(
    event: Event, *, unit: Unit | None = None, competition_id: int | None = None, role: str | None = None
) -> Selection:
    """The one reading of "whom to print for" (admin, organiser and command line alike): a
    competition of another event is RecordNotFound (404), an unknown role means every role."""
    return Selection(
        event,
        unit=unit,
        competition=competitions.competition_of_event(event, competition_id) if competition_id else None,
        role=PersonRole(role) if role in {r.value for r in PersonRole} else None,
    )


def prepare(selection: Selection) -> list[BadgeData]:
    """Issue the badges still missing (the caller commits) and return what to print, in order.

    Sorted by unit, then by name the Vietnamese way; texts in Vietnamese whatever the
    language of the person printing (the cards are for the venue).
    """
    person_ids = list(db.session.scalars(selection.people()))
    if not person_ids:
        raise DomainError(_("Không có ai trong phạm vi đã chọn để in thẻ."))
    tokens.issue_missing(selection.event, person_ids)
    rows = db.session.execute(
        select(Badge, Person, Unit)
        .join(Person, Badge.person_id == Person.id)
        .join(Unit, Person.unit_id == Unit.id)
        .where(Badge.revoked_at.is_(None), Person.id.in_(selection.people()))
    ).all()
    comps: dict[int, list[str]] = defaultdict(list)
    for person_id, name in db.session.execute(
        select(EntryMember.person_id, Competition.name)
        .join(Entry, EntryMember.entry_id == Entry.id)
        .join(Competition, Entry.competition_id == Competition.id)
        .where(Competition.event_id == selection.event.id, EntryMember.person_id.in_(selection.people()))
    ):
        comps[person_id].append(name)
    rows.sort(key=lambda r: (text_sort_key(r.Unit.name), name_sort_key(r.Person.full_name)))
    with force_locale("vi"):
        role_labels = {role: label(role) for role in PersonRole}
    return [
        BadgeData(
            event_name=selection.event.name,
            full_name=person.full_name,
            unit_name=unit.name,
            role=person.role.value,
            role_label=role_labels[person.role],
            token=tokens.token_for(badge),
            short_code=badge.short_code,
            number=badge.label,
            competitions=sorted(comps[person.id], key=text_sort_key) if person.role == PersonRole.ATHLETE else [],
        )
        for badge, person, unit in rows
    ]


def filename(selection: Selection, layout: str) -> str:
    parts = ["the", selection.event.slug]
    if selection.unit is not None:
        parts.append(selection.unit.code)
    if selection.competition is not None:
        parts.append(f"nd{selection.competition.id}")
    if selection.role is not None:
        parts.append(selection.role.value)
    return "-".join(parts + [layout]) + ".pdf"
