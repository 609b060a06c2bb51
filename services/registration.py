"""Team registration use cases: people, entries, the unit's registration status.

Views call these; each checks that the unit may still change its registration, applies
the rules of services/eligibility.py, records the change in the audit trail and flushes.
The caller commits (or rolls back when a DomainError comes out: nothing is half-saved).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, fields
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import joinedload

from extensions import db
from models import (
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
    Unit,
    User,
    utcnow,
)
from services import audit, eligibility
from services.errors import DomainError, RecordNotFound, ValidationErrors
from services.labels import label
from services.lookup import one_or_not_found
from services.text import name_key, name_sort_key, nfc, text_sort_key

# --- data in ------------------------------------------------------------------------


@dataclass
class PersonData:
    """A person as typed in a form or a spreadsheet row, before it is saved."""

    full_name: str
    gender: Gender
    birth_date: date | None = None
    union_card_no: str = ""
    workplace: str = ""
    phone: str = ""
    role: PersonRole = PersonRole.ATHLETE
    unit_id: int | None = None
    name_key: str = field(default="", compare=False)

    def __post_init__(self):
        self.full_name = nfc(self.full_name)
        self.union_card_no = "".join(nfc(self.union_card_no).split())
        self.workplace = nfc(self.workplace)
        self.phone = nfc(self.phone)
        self.gender = Gender(self.gender)
        self.role = PersonRole(self.role)
        self.name_key = name_key(self.full_name)

    def values(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name not in ("unit_id",)}


@dataclass
class Problem:
    """A broken rule, with the people and competition it concerns (to point at rows/columns)."""

    message: str
    people: tuple = ()
    competition: Competition | None = None
    field: str | None = None  # the person's field at fault, when not a competition


# --- the unit's registration ----------------------------------------------------------


def _find_registration(event: Event, unit: Unit) -> Registration | None:
    return db.session.scalar(
        select(Registration).where(Registration.event_id == event.id, Registration.unit_id == unit.id)
    )


def registration_for(event: Event, unit: Unit) -> Registration:
    """The unit's registration for the event, created as a draft on first use."""
    reg = _find_registration(event, unit)
    if reg is None:
        reg = Registration(event=event, unit=unit, status=RegistrationStatus.DRAFT, comment="", reopened=False)
        db.session.add(reg)
        db.session.flush()
    return reg


def current_registration(event: Event, unit: Unit) -> Registration:
    """The unit's registration, or an unsaved draft to show (saved on the first change)."""
    return _find_registration(event, unit) or Registration(status=RegistrationStatus.DRAFT, comment="", reopened=False)


def ensure_open(event: Event, unit: Unit) -> Registration:
    """The unit's registration, if it may still be changed; otherwise DomainError saying why."""
    reg = registration_for(event, unit)
    problems = eligibility.check_registration_open(event, reg, utcnow())
    if problems:
        raise DomainError(problems[0])
    return reg


def is_open(event: Event, reg: Registration | None) -> bool:
    return not eligibility.check_registration_open(event, reg, utcnow())


def _set_status(reg: Registration, status: RegistrationStatus, actor: User, action: str, comment: str = "") -> None:
    audit.record(
        actor, reg, action=action, summary=comment, diff=audit.changes(reg, {"status": status, "comment": comment})
    )
    reg.status = status
    reg.comment = comment


MAX_HEAD_COUNT = 20000


def set_head_count(event: Event, unit: Unit, head_count: int | None, actor: User) -> Registration:
    """A festival delegation's size beside its named people (workers coming to the festival)."""
    if event.kind != EventKind.FESTIVAL:
        raise DomainError(_("Số người của đoàn chỉ dùng cho ngày hội."))
    if head_count is None or not 0 <= head_count <= MAX_HEAD_COUNT:
        raise DomainError(_("Số người của đoàn phải từ 0 đến %(n)d.", n=MAX_HEAD_COUNT), field="head_count")
    reg = ensure_open(event, unit)
    audit.record(
        actor, reg, action="update", summary=_("Số người của đoàn"), diff=audit.changes(reg, {"head_count": head_count})
    )
    reg.head_count = head_count
    db.session.flush()
    return reg


def submit(event: Event, unit: Unit, actor: User) -> Registration:
    """Draft/returned → submitted, once every rule holds for the whole roster."""
    reg = ensure_open(event, unit)
    people, entries = unit_roster(event, unit)
    if not people and not (event.kind == EventKind.FESTIVAL and reg.head_count):
        raise DomainError(_("Chưa có người nào trong danh sách; hãy thêm người trước khi gửi."))
    problems = check_roster(event, unit, people, entries)
    if problems:
        raise ValidationErrors(_("Chưa gửi được vì còn lỗi:"), [p.message for p in problems])
    _set_status(reg, RegistrationStatus.SUBMITTED, actor, "submit")
    reg.submitted_at, reg.submitted_by = utcnow(), actor
    db.session.flush()
    return reg


def _decide(event: Event, unit: Unit, actor: User, decision: RegistrationStatus, comment: str = ""):
    """The federation's answer to a submitted registration (an approved one may still be returned)."""
    allowed = {
        RegistrationStatus.APPROVED: (RegistrationStatus.SUBMITTED,),
        RegistrationStatus.RETURNED: (RegistrationStatus.SUBMITTED, RegistrationStatus.APPROVED),
    }[decision]
    reg = registration_for(event, unit)
    if reg.status not in allowed:
        raise DomainError(
            _("%(unit)s chưa gửi đăng ký (trạng thái: %(s)s).", unit=unit.name, s=label(reg.status).lower())
        )
    action = "approve" if decision == RegistrationStatus.APPROVED else "return"
    _set_status(reg, decision, actor, action, comment)
    reg.decided_at, reg.decided_by = utcnow(), actor
    db.session.flush()
    return reg


def approve(event: Event, unit: Unit, actor: User) -> Registration:
    return _decide(event, unit, actor, RegistrationStatus.APPROVED)


def return_for_changes(event: Event, unit: Unit, actor: User, comment: str) -> Registration:
    comment = nfc(comment)
    if not comment:
        raise DomainError(_("Hãy ghi lý do trả lại để đơn vị biết cần sửa gì."), field="comment")
    return _decide(event, unit, actor, RegistrationStatus.RETURNED, comment)


def set_reopened(event: Event, unit: Unit, actor: User, reopened: bool) -> Registration:
    """Let a unit edit after the deadline (or close it again)."""
    reg = registration_for(event, unit)
    audit.record(actor, reg, action="reopen" if reopened else "close", diff=audit.changes(reg, {"reopened": reopened}))
    reg.reopened = reopened
    db.session.flush()
    return reg


# --- people ------------------------------------------------------------------------


def _unit_names() -> dict[int, str]:
    return dict(db.session.execute(select(Unit.id, Unit.name)).all())


def _possible_twins(event: Event, data: PersonData, exclude_id: int | None) -> list[Person]:
    conditions = [and_(Person.name_key == data.name_key, Person.birth_date == data.birth_date)]
    if data.union_card_no:
        conditions.append(Person.union_card_no == data.union_card_no)
    stmt = select(Person).where(Person.event_id == event.id, or_(*conditions))
    if exclude_id is not None:
        stmt = stmt.where(Person.id != exclude_id)
    return db.session.scalars(stmt).all()


def person_of_unit(event: Event, unit: Unit, person_id: int) -> Person:
    return one_or_not_found(Person, Person.id == person_id, Person.unit_id == unit.id, Person.event_id == event.id)


def save_person(event: Event, unit: Unit, person: Person | None, data: PersonData, actor: User) -> Person:
    ensure_open(event, unit)
    if not data.full_name:
        raise DomainError(_("Họ và tên không được để trống."), field="full_name")
    data.unit_id = unit.id
    problems = eligibility.check_union_card(event, data)
    twins = _possible_twins(event, data, person.id if person else None)
    problems += eligibility.check_same_person(data, unit.id, twins, _unit_names())
    if person is not None:
        problems += _entries_broken_by_change(event, person, data)
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


def _entries_broken_by_change(event: Event, person: Person, data: PersonData) -> list[str]:
    """Changing a gender or birth date must not break an entry the person is in."""
    problems: list[str] = []
    for entry in _entries_with_members(
        Entry.id.in_(select(EntryMember.entry_id).where(EntryMember.person_id == person.id))
    ):
        members = [data if m.person_id == person.id else m.person for m in entry.members]
        problems += [p.message for p in _check_entry(event, entry.competition, members, entry.team_no, entry.unit)]
    return problems


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


# --- entries -----------------------------------------------------------------------


def _entries_with_members(*where) -> list[Entry]:
    """Entries with members, people, competition and unit in one query (joined: selectin loads
    would batch by 500 ids, so the query count would grow with the rows)."""
    return (
        db.session.scalars(
            select(Entry)
            .where(*where)
            .options(
                joinedload(Entry.members).joinedload(EntryMember.person),
                joinedload(Entry.competition).joinedload(Competition.event),
                joinedload(Entry.unit),
            )
        )
        .unique()
        .all()
    )


def entry_name(competition: Competition, members, team_no: int, unit: Unit) -> str:
    """How a message names an entry: the athlete, the pair, or the unit's team."""
    if competition.format == CompetitionFormat.SINGLE and len(members) == 1:
        return members[0].full_name
    if competition.format == CompetitionFormat.PAIR and members:
        return " – ".join(m.full_name for m in members)
    return _("%(unit)s, đội %(n)d", unit=unit.name, n=team_no)


def _check_entry(event, competition, members, team_no, unit) -> list[Problem]:
    name = entry_name(competition, members, team_no, unit)
    problems = [
        Problem(msg, (m,), competition)
        for m in members
        for msg in eligibility.check_category(m, competition) + eligibility.check_age(m, competition)
    ]
    problems += [
        Problem(msg, tuple(members), competition)
        for msg in eligibility.check_team_size(competition, members, name)
        + eligibility.check_gender_makeup(competition, members, name)
    ]
    return problems


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
    problems = [p.message for p in _check_entry(event, competition, members, team_no, unit)]
    problems += eligibility.check_entries_per_unit(competition, unit.name, len(others) + 1)
    problems += _athlete_limits(event, members, competition, entry)
    if problems:
        raise ValidationErrors(_("Chưa lưu đăng ký %(comp)s:", comp=competition.name), problems)
    old_names = sorted(m.person.full_name for m in entry.members) if entry is not None else []
    if entry is None:
        entry = Entry(competition=competition, unit=unit, team_no=team_no)
        db.session.add(entry)
    _set_members(entry, members)
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


def _set_members(entry: Entry, people: list[Person]) -> None:
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


# --- the whole roster ---------------------------------------------------------------


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
        for e in _entries_with_members(
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
    unit_names = _unit_names()
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
                for m in eligibility.check_same_person(person, unit.id, twins, unit_names)
            ]
        index(person)
    per_comp: dict[int, int] = defaultdict(int)
    per_person: dict[int, list] = defaultdict(list)
    for entry in entries:
        problems += _check_entry(event, entry.competition, entry.members, entry.team_no, unit)
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
        select(Competition).where(Competition.event_id == event.id).options(joinedload(Competition.sport))
    ).all()
    entries = _entries_with_members(Entry.unit_id == unit.id, Entry.competition_id.in_([c.id for c in comps]))
    by_comp: dict[int, list[Entry]] = defaultdict(list)
    for entry in sorted(entries, key=lambda e: e.team_no):
        entry.members.sort(key=lambda m: name_sort_key(m.person.full_name))
        by_comp[entry.competition_id].append(entry)
    comps = sorted(comps, key=lambda c: (text_sort_key(c.sport.name), text_sort_key(c.name)))
    return [CompetitionLine(c, by_comp[c.id]) for c in comps]


def competition_entries(event: Event) -> list[CompetitionLine]:
    """Every competition with all units' entries (members loaded): a fixed number of queries."""
    comps = db.session.scalars(
        select(Competition).where(Competition.event_id == event.id).options(joinedload(Competition.sport))
    ).all()
    entries = _entries_with_members(Entry.competition_id.in_([c.id for c in comps]))
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


def replace_roster(
    event: Event, unit: Unit, people: list[PersonData], entries: list[RosterEntry], actor: User
) -> RosterChange | list[Problem]:
    """Make the unit's roster for the event exactly ``people`` and ``entries`` (an import).

    People already registered keep their record (and so, later, their badge) when the same
    union card number, or the same name and birth date, comes back. Returns the problems
    and changes nothing if any rule fails; otherwise applies everything and flushes.
    """
    ensure_open(event, unit)
    for person in people:
        person.unit_id = unit.id
    problems = check_roster(event, unit, people, entries)
    if problems:
        return problems
    stored = db.session.scalars(select(Person).where(Person.event_id == event.id, Person.unit_id == unit.id)).all()
    by_card = {p.union_card_no: p for p in stored if p.union_card_no}
    by_name = {(p.name_key, p.birth_date): p for p in stored if p.birth_date}
    change = RosterChange()
    saved: dict[int, Person] = {}
    kept: set[int] = set()
    for data in people:
        person = by_card.get(data.union_card_no) if data.union_card_no else None
        person = person or by_name.get((data.name_key, data.birth_date))
        values = data.values()
        if person is None or person.id in kept:
            person = Person(event=event, unit=unit, **values)
            db.session.add(person)
            change.created += 1
        else:
            diff = audit.changes(person, values)
            if diff:
                for name, value in values.items():
                    setattr(person, name, value)
                audit.record(actor, person, action="update", summary=person.full_name, diff=diff)
                change.updated += 1
            kept.add(person.id)
        saved[id(data)] = person

    old_entries = {
        (e.competition_id, e.team_no): e
        for e in _entries_with_members(
            Entry.unit_id == unit.id, Entry.competition.has(Competition.event_id == event.id)
        )
    }
    for spec in entries:
        entry = old_entries.pop((spec.competition.id, spec.team_no), None)
        if entry is None:
            entry = Entry(competition=spec.competition, unit=unit, team_no=spec.team_no)
            db.session.add(entry)
        _set_members(entry, [saved[id(m)] for m in spec.members])
        change.entries += 1
    for entry in old_entries.values():
        db.session.delete(entry)
    db.session.flush()
    for person in stored:
        if person.id not in kept:
            audit.record(
                actor, person, action="delete", summary=person.full_name, diff={"full_name": [person.full_name, None]}
            )
            db.session.delete(person)
            change.removed += 1
    db.session.flush()
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


def event_people(event: Event, unit: Unit | None = None) -> list[Person]:
    """People registered for the event (one unit's, or all), units loaded, in Vietnamese order."""
    stmt = select(Person).where(Person.event_id == event.id).options(joinedload(Person.unit))
    if unit is not None:
        stmt = stmt.where(Person.unit_id == unit.id)
    return sorted(db.session.scalars(stmt), key=lambda p: (text_sort_key(p.unit.name), name_sort_key(p.full_name)))
