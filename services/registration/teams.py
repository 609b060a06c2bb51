"""A unit's entries (a team, a pair or a single athlete in one competition): saved with
their members when every rule holds (eligibility), removed; and the entries a change of a
person would break."""

from __future__ import annotations

from collections import defaultdict

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from extensions import db
from models import (
    Competition,
    CompetitionFormat,
    Entry,
    EntryMember,
    Event,
    Person,
    Unit,
    User,
)
from services import audit
from services.errors import RecordNotFound, ValidationErrors
from services.lookup import one_or_not_found
from services.registration import eligibility
from services.registration.inputs import PersonData, Problem
from services.registration.registrations import ensure_open


def entries_broken_by_change(event: Event, person: Person, data: PersonData) -> list[str]:
    """Changing a gender or birth date must not break an entry the person is in."""
    problems: list[str] = []
    for entry in entries_with_members(
        Entry.id.in_(select(EntryMember.entry_id).where(EntryMember.person_id == person.id))
    ):
        members = [data if m.person_id == person.id else m.person for m in entry.members]
        problems += [p.message for p in check_entry(event, entry.competition, members, entry.team_no, entry.unit)]
    return problems


def entries_with_members(*where) -> list[Entry]:
    """Entries with members, people, competition and unit in one query (joined: selectin loads
    would batch by 500 ids, so the query count would grow with the rows)."""
    return list(
        db.session.scalars(
            select(Entry)
            .where(*where)
            .options(
                joinedload(Entry.members).joinedload(EntryMember.person),
                joinedload(Entry.competition).joinedload(Competition.event),
                joinedload(Entry.unit),
            )
        ).unique()
    )


def entry_name(competition: Competition, members, team_no: int, unit: Unit) -> str:
    """How a message names an entry: the athlete, the pair, or the unit's team."""
    if competition.format == CompetitionFormat.SINGLE and len(members) == 1:
        return members[0].full_name
    if competition.format == CompetitionFormat.PAIR and members:
        return " – ".join(m.full_name for m in members)
    return _("%(unit)s, đội %(n)d", unit=unit.name, n=team_no)


def check_entry(event, competition, members, team_no, unit) -> list[Problem]:
    name = entry_name(competition, members, team_no, unit)
    problems = [
        Problem(msg, (m,), competition)
        for m in members
        for msg in eligibility.check_category(m, competition) + eligibility.check_age(m, competition)
    ]
    problems += [
        Problem(msg, tuple(members), competition, whole_entry=True)
        for msg in eligibility.check_team_size(competition, members, name)
        + eligibility.check_gender_makeup(competition, members, name)
    ]
    return problems


def candidates(people: list[Person], competition: Competition, entry: Entry | None = None) -> list[Person]:
    """Whom the entry form offers: the unit's people the competition's category admits (no
    women for men's doubles), and whoever the entry already has."""
    current = {m.person_id for m in entry.members} if entry is not None else set()
    return [p for p in people if p.id in current or not eligibility.check_category(p, competition)]


def entry_of_unit(unit: Unit, competition: Competition, entry_id: int) -> Entry:
    return one_or_not_found(
        Entry, Entry.id == entry_id, Entry.unit_id == unit.id, Entry.competition_id == competition.id
    )


def save_entry(
    event: Event, unit: Unit, competition: Competition, entry: Entry | None, person_ids: list[int], actor: User
) -> Entry:
    """Create or change one entry (its members); every rule is checked before anything is saved."""
    ensure_open(event, unit)
    ids = list(dict.fromkeys(person_ids))
    members = db.session.scalars(
        select(Person).where(Person.id.in_(ids), Person.unit_id == unit.id, Person.event_id == event.id)
    ).all()
    if len(members) != len(ids):
        raise RecordNotFound()
    members.sort(key=lambda p: ids.index(p.id))
    existing = db.session.scalars(
        select(Entry).where(Entry.unit_id == unit.id, Entry.competition_id == competition.id)
    ).all()
    others = [e for e in existing if e is not entry]
    team_no = entry.team_no if entry is not None else 1 + max((e.team_no for e in others), default=0)
    problems = [p.message for p in check_entry(event, competition, members, team_no, unit)]
    problems += eligibility.check_entries_per_unit(competition, unit.name, len(others) + 1)
    problems += _athlete_limits(event, members, competition, entry)
    if problems:
        raise ValidationErrors(_("Chưa lưu đăng ký %(comp)s:", comp=competition.name), problems)
    old_names = sorted(m.person.full_name for m in entry.members) if entry is not None else []
    if entry is None:
        entry = Entry(competition=competition, unit=unit, team_no=team_no)
        db.session.add(entry)
    set_members(entry, members)
    db.session.flush()
    new_names = sorted(p.full_name for p in members)
    if old_names != new_names:
        audit.record(
            actor,
            entry,
            action="update" if old_names else "create",
            summary=competition.name,
            diff={"members": [old_names, new_names]},
        )
    return entry


def _athlete_limits(event: Event, members: list[Person], competition: Competition, entry: Entry | None):
    """Competitions per athlete, counting this entry and every other the members are in."""
    if not members:
        return []
    rows = db.session.execute(
        select(EntryMember.person_id, Competition)
        .join(Entry, EntryMember.entry_id == Entry.id)
        .join(Competition, Entry.competition_id == Competition.id)
        .where(EntryMember.person_id.in_([m.id for m in members]), Entry.id != (entry.id if entry is not None else -1))
    ).all()
    comps: dict[int, list[Competition]] = defaultdict(list)
    for person_id, comp in rows:
        comps[person_id].append(comp)
    problems = []
    for member in members:
        problems += eligibility.check_competitions_per_athlete(event, member, comps[member.id] + [competition])
    return problems


def set_member_ids(entry: Entry, person_ids: list[int]) -> None:
    """``set_members`` by the people's ids (an import: people just inserted have no objects)."""
    wanted = list(dict.fromkeys(person_ids))
    entry.members = [m for m in entry.members if m.person_id in wanted]
    present = {m.person_id for m in entry.members}
    entry.members.extend(EntryMember(person_id=p) for p in wanted if p not in present)


def set_members(entry: Entry, people: list[Person]) -> None:
    """Make the entry's members exactly ``people``, keeping the rows of those who stay."""
    wanted = {id(p): p for p in people}
    entry.members = [m for m in entry.members if id(m.person) in wanted]
    present = {id(m.person) for m in entry.members}
    entry.members.extend(EntryMember(person=p) for key, p in wanted.items() if key not in present)


def delete_entry(event: Event, unit: Unit, entry: Entry, actor: User) -> None:
    ensure_open(event, unit)
    audit.record(
        actor,
        entry,
        action="delete",
        summary=entry.competition.name,
        diff={"members": [sorted(m.person.full_name for m in entry.members), []]},
    )
    db.session.delete(entry)
    db.session.flush()
