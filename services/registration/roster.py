"""A unit's whole roster: read, checked against every rule at once, and replaced in one go
(the Excel import); the per-competition overviews of a unit and of the event."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

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
from services import audit, bulk
from services.registration import eligibility, teams
from services.registration.inputs import PersonData, Problem
from services.registration.persons import unit_names
from services.text import name_sort_key, text_sort_key


@dataclass
class RosterEntry:
    competition: Competition
    team_no: int
    members: list = field(default_factory=list)


def unit_roster(event: Event, unit: Unit) -> tuple[list[Person], list[RosterEntry]]:
    """The unit's people (Vietnamese name order) and entries for the event: three queries."""
    people = db.session.scalars(select(Person).where(Person.event_id == event.id, Person.unit_id == unit.id)).all()
    people = sorted(people, key=lambda p: name_sort_key(p.full_name))
    entries = [
        RosterEntry(
            e.competition, e.team_no, sorted((m.person for m in e.members), key=lambda p: name_sort_key(p.full_name))
        )
        for e in teams.entries_with_members(
            Entry.unit_id == unit.id, Entry.competition.has(Competition.event_id == event.id)
        )
    ]
    entries.sort(key=lambda e: (text_sort_key(e.competition.name), e.team_no))
    return people, entries


def check_roster(event: Event, unit: Unit, people: list, entries: list[RosterEntry]) -> list[Problem]:
    """Every rule over a unit's whole roster, in memory, with one query for the rest of the event.

    ``people`` are the unit's whole list (its stored people on submit, a file's rows on an
    import), so for the same person twice they are compared among themselves and with the
    other units' people.
    """
    problems: list[Problem] = []
    names_of_units = unit_names()
    stmt = select(Person).where(Person.event_id == event.id, Person.unit_id != unit.id)
    by_card: dict[str, list] = defaultdict(list)
    by_name: dict[tuple, list] = defaultdict(list)

    def index(p):
        if p.union_card_no:
            by_card[p.union_card_no].append(p)
        if p.birth_date:
            by_name[(p.name_key, p.birth_date)].append(p)

    for other in db.session.scalars(stmt):
        index(other)
    for person in people:
        problems += [Problem(m, (person,), field="union_card_no") for m in eligibility.check_union_card(event, person)]
        same_card = [t for t in by_card.get(person.union_card_no, []) if t is not person]
        same_name = [
            t for t in by_name.get((person.name_key, person.birth_date), []) if t is not person and t not in same_card
        ]
        for twins, fault in ((same_card, "union_card_no"), (same_name, "full_name")):
            problems += [
                Problem(m, (person,), field=fault)
                for m in eligibility.check_same_person(person, unit.id, twins, names_of_units)
            ]
        index(person)
    per_comp: dict[int, int] = defaultdict(int)
    per_person: dict[int, list] = defaultdict(list)
    for entry in entries:
        problems += teams.check_entry(event, entry.competition, entry.members, entry.team_no, unit)
        per_comp[entry.competition.id] += 1
        for member in entry.members:
            per_person[id(member)].append(entry.competition)
    comps = {e.competition.id: e.competition for e in entries}
    for comp_id, n in per_comp.items():
        problems += [
            Problem(m, (), comps[comp_id]) for m in eligibility.check_entries_per_unit(comps[comp_id], unit.name, n)
        ]
    members = {id(m): m for e in entries for m in e.members}
    for key, comp_list in per_person.items():
        problems += [
            Problem(m, (members[key],), field="competitions")
            for m in eligibility.check_competitions_per_athlete(event, members[key], comp_list)
        ]
    return problems


# --- overviews ---------------------------------------------------------------------


@dataclass
class CompetitionLine:
    competition: Competition
    entries: list[Entry]


def unit_checklist(event: Event, unit: Unit) -> list[CompetitionLine]:
    """Every competition of the event with what this unit has entered in it."""
    comps = db.session.scalars(
        select(Competition)
        .where(Competition.event_id == event.id)
        .options(joinedload(Competition.sport), selectinload(Competition.officials))
    ).all()
    entries = teams.entries_with_members(Entry.unit_id == unit.id, Entry.competition_id.in_([c.id for c in comps]))
    by_comp: dict[int, list[Entry]] = defaultdict(list)
    for entry in sorted(entries, key=lambda e: e.team_no):
        entry.members.sort(key=lambda m: name_sort_key(m.person.full_name))
        by_comp[entry.competition_id].append(entry)
    comps = sorted(comps, key=lambda c: (text_sort_key(c.sport.name), text_sort_key(c.name)))
    return [CompetitionLine(c, by_comp[c.id]) for c in comps]


def competition_entries(event: Event) -> list[CompetitionLine]:
    """Every competition with all units' entries (members loaded): a fixed number of queries."""
    comps = db.session.scalars(
        select(Competition)
        .where(Competition.event_id == event.id)
        .options(joinedload(Competition.sport), selectinload(Competition.officials))
    ).all()
    entries = teams.entries_with_members(Entry.competition_id.in_([c.id for c in comps]))
    by_comp: dict[int, list[Entry]] = defaultdict(list)
    for entry in entries:
        entry.members.sort(key=lambda m: name_sort_key(m.person.full_name))
        by_comp[entry.competition_id].append(entry)
    for lst in by_comp.values():
        lst.sort(key=lambda e: (text_sort_key(e.unit.name), e.team_no))
    comps = sorted(comps, key=lambda c: (text_sort_key(c.sport.name), text_sort_key(c.name)))
    return [CompetitionLine(c, by_comp[c.id]) for c in comps]


@dataclass
class RosterChange:
    created: int = 0
    updated: int = 0
    removed: int = 0
    entries: int = 0


@dataclass
class RosterPlan:
    """What replacing a unit's roster would do, worked out without writing (an import's preview,
    and the first half of the import itself)."""

    event: Event
    unit: Unit
    people: list[PersonData]
    entries: list[RosterEntry]
    stored: list[Person]
    saved: dict[int, int]  # id(PersonData) → the stored person it is
    new: list[PersonData]
    updates: list[tuple[Person, dict, dict]]  # (stored person, new values, diff)
    change: RosterChange
    new_rows: bulk.Prepared | None = None  # ``new`` as rows, checked and converted (bulk.prepare)


def plan_roster(
    event: Event, unit: Unit, people: list[PersonData], entries: list[RosterEntry], check_only: bool = False
) -> RosterPlan | list[Problem]:
    """Check the whole roster and match it with the unit's stored people: the problems, or the
    plan. Writes nothing.

    People already registered keep their record (and so, later, their badge) when the same
    union card number, or the same name and birth date, comes back.
    """
    for person in people:
        person.unit_id = unit.id
    problems = check_roster(event, unit, people, entries)
    if problems or check_only:  # check_only: the file has other problems, only list these
        return problems
    stored = db.session.scalars(select(Person).where(Person.event_id == event.id, Person.unit_id == unit.id)).all()
    by_card = {p.union_card_no: p for p in stored if p.union_card_no}
    by_name = {(p.name_key, p.birth_date): p for p in stored if p.birth_date}
    plan = RosterPlan(event, unit, people, entries, stored, {}, [], [], RosterChange(entries=len(entries)))
    kept: set[int] = set()
    for data in people:
        person = by_card.get(data.union_card_no) if data.union_card_no else None
        person = person or by_name.get((data.name_key, data.birth_date))
        if person is None or person.id in kept:
            plan.new.append(data)
            continue
        values = data.values()
        if diff := audit.changes(person, values):
            plan.updates.append((person, values, diff))
        plan.saved[id(data)] = person.id
        kept.add(person.id)
    plan.change.created, plan.change.updated = len(plan.new), len(plan.updates)
    plan.change.removed = sum(1 for p in stored if p.id not in kept)
    # Before any lock is taken: what a form could not write is refused, the rest made ready.
    plan.new_rows = bulk.prepare(Person, [{"event_id": event.id, "unit_id": unit.id, **d.values()} for d in plan.new])
    return plan


def reload_plan(plan: RosterPlan) -> RosterPlan:
    """A plan worked out in an earlier transaction, its objects loaded again in two queries
    (the rollback between expired them; one by one they would cost a query each)."""
    event, unit = plan.event, plan.unit
    db.session.scalars(select(Competition).where(Competition.event_id == event.id)).all()
    db.session.scalars(select(Person).where(Person.event_id == event.id, Person.unit_id == unit.id)).all()
    return plan


def apply_roster(plan: RosterPlan, actor: User) -> RosterChange:
    """Make the unit's roster for the event exactly the plan's people and entries; flushes."""
    event, unit, saved = plan.event, plan.unit, dict(plan.saved)
    for person, values, diff in plan.updates:
        for name, value in values.items():
            setattr(person, name, value)
        audit.record(actor, person, action="update", summary=person.full_name, diff=diff)
    db.session.flush()
    # New people, entries and members go in many rows an INSERT (services/bulk.py).
    new_ids = bulk.insert_rows(Person, plan.new_rows, returning=True) if plan.new_rows else []
    for data, person_id in zip(plan.new, new_ids, strict=True):
        saved[id(data)] = person_id

    old_entries = {
        (e.competition_id, e.team_no): e
        for e in teams.entries_with_members(
            Entry.unit_id == unit.id, Entry.competition.has(Competition.event_id == event.id)
        )
    }
    new_entries = []
    for spec in plan.entries:
        entry = old_entries.pop((spec.competition.id, spec.team_no), None)
        member_ids = [saved[id(m)] for m in spec.members]
        if entry is None:
            new_entries.append((spec, member_ids))
        else:
            teams.set_member_ids(entry, member_ids)
    for entry in old_entries.values():
        db.session.delete(entry)
    db.session.flush()
    entry_ids = bulk.insert_rows(
        Entry,
        [{"competition_id": s.competition.id, "unit_id": unit.id, "team_no": s.team_no} for s, _m in new_entries],
        returning=True,
    )
    bulk.insert_rows(
        EntryMember,
        [
            {"entry_id": e, "person_id": p}
            for e, (_s, members) in zip(entry_ids, new_entries, strict=True)
            for p in members
        ],
    )
    kept = set(plan.saved.values())
    for person in plan.stored:
        if person.id not in kept:
            audit.record(
                actor, person, action="delete", summary=person.full_name, diff={"full_name": [person.full_name, None]}
            )
            db.session.delete(person)
    db.session.flush()
    change = plan.change
    audit.record_import(
        actor,
        event,
        unit,
        _(
            "Nhập từ Excel: %(c)d người mới, %(u)d cập nhật, %(r)d xoá, %(e)d lượt thi đấu.",
            c=change.created,
            u=change.updated,
            r=change.removed,
            e=change.entries,
        ),
    )
    db.session.flush()
    return change
