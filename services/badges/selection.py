"""Which badges to print, and the plain data the printable draws for each.

The admission policy, as the gate applies it (services/checkin/rules.py): badges print only
for people of units whose registration for the event is approved, unless the print asks
for the others explicitly (``include_unapproved``); ``left_out`` says who was left out and why.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select

from extensions import db
from models import (
    Badge,
    Competition,
    Entry,
    EntryMember,
    Event,
    Person,
    PersonRole,
    Registration,
    RegistrationStatus,
    Unit,
)
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
    include_unapproved: bool = False
    person: Person | None = None  # one badge (a lost one reissued)

    def people(self, approved_only: bool | None = None):
        """The people selected (by default only those of approved units: see the module)."""
        stmt = select(Person.id).where(Person.event_id == self.event.id)
        if self.person is not None:
            stmt = stmt.where(Person.id == self.person.id)
        if approved_only is None:
            approved_only = not self.include_unapproved
        if approved_only:
            stmt = stmt.where(Person.unit_id.in_(self._approved_units()))
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

    def _approved_units(self):
        return select(Registration.unit_id).where(
            Registration.event_id == self.event.id, Registration.status == RegistrationStatus.APPROVED
        )


def unit_may_print(registration) -> bool:
    """A unit prints its own badges once its registration is approved (the rule above)."""
    return registration is not None and registration.status == RegistrationStatus.APPROVED


def left_out(selection: Selection) -> dict[str, int]:
    """People of the selection not printed because their unit is not approved, by the
    registration's state ("none" for units that never sent one); empty when nobody is."""
    if selection.include_unapproved:
        return {}
    everyone = selection.people(approved_only=False).subquery()
    rows = db.session.execute(
        select(Registration.status, func.count())
        .select_from(Person)
        .outerjoin(
            Registration, (Registration.unit_id == Person.unit_id) & (Registration.event_id == selection.event.id)
        )
        .where(Person.id.in_(select(everyone)))
        .where(Registration.status.is_(None) | (Registration.status != RegistrationStatus.APPROVED))
        .group_by(Registration.status)
    ).all()
    return {(status.value if status else "none"): n for status, n in rows}


def left_out_text(counts: dict[str, int]) -> str:
    """ "12 người của đơn vị chưa được duyệt không được in (5 chờ duyệt, 7 chưa đăng ký)." """
    if not counts:
        return ""
    parts = [
        f"{n} {label(RegistrationStatus(status)) if status != 'none' else _('chưa đăng ký')}"
        for status, n in sorted(counts.items())
    ]
    return _(
        "%(n)d người của đơn vị chưa được duyệt đăng ký không được in (%(parts)s).",
        n=sum(counts.values()),
        parts=", ".join(parts),
    )


def selection_of(
    event: Event,
    *,
    unit: Unit | None = None,
    competition_id: int | None = None,
    role: str | None = None,
    include_unapproved: bool = False,
) -> Selection:
    """The one reading of "whom to print for" (admin, organiser and command line alike): a
    competition of another event is RecordNotFound (404), an unknown role means every role."""
    return Selection(
        event,
        unit=unit,
        competition=competitions.competition_of_event(event, competition_id) if competition_id else None,
        role=PersonRole(role) if role in {r.value for r in PersonRole} else None,
        include_unapproved=include_unapproved,
    )


def prepare(selection: Selection) -> list[BadgeData]:
    """Issue the badges still missing (the caller commits) and return what to print, in order."""
    issue(selection)
    return list(badge_data(selection))


def issue(selection: Selection) -> int:
    """The badges still missing, issued (the caller commits); refused when nobody is selected,
    saying who was left out and why. Returns how many were issued."""
    person_ids = list(db.session.scalars(selection.people()))
    if not person_ids:
        reason = left_out_text(left_out(selection))
        raise DomainError(_("Không có ai trong phạm vi đã chọn để in thẻ.") + (" " + reason if reason else ""))
    return tokens.issue_missing(selection.event, person_ids)


CHUNK = 500  # badges read at a time while the print is drawn


def badge_data(selection: Selection) -> Iterator[BadgeData]:
    """What the printable draws for each badge in force of the selection, in order: by unit,
    then by name the Vietnamese way; texts in Vietnamese whatever the language of the person
    printing (the cards are for the venue). Lazy: one light query orders everyone, then the
    details come ``CHUNK`` at a time while pages are drawn, so a 10,000-badge print starts at
    once and never holds every badge's data."""
    order = db.session.execute(
        select(Badge.id, Person.full_name, Person.unit_id)
        .join(Person, Badge.person_id == Person.id)
        .where(Badge.revoked_at.is_(None), Person.id.in_(selection.people()))
    ).all()
    unit_keys = {
        u.id: text_sort_key(u.name)
        for u in db.session.scalars(select(Unit).where(Unit.id.in_({unit_id for _b, _n, unit_id in order})))
    }
    order.sort(key=lambda r: (unit_keys[r.unit_id], name_sort_key(r.full_name)))
    with force_locale("vi"):
        role_labels = {role: label(role) for role in PersonRole}
    event_name = selection.event.name
    for start in range(0, len(order), CHUNK):
        ids = [r.id for r in order[start : start + CHUNK]]
        rows = {
            row.id: row
            for row in db.session.execute(
                select(
                    Badge.id,
                    Badge.token_id,
                    Badge.short_code,
                    Badge.number,
                    Badge.version,
                    Person.id.label("person_id"),
                    Person.full_name,
                    Person.role,
                    Unit.name.label("unit_name"),
                )
                .join(Person, Badge.person_id == Person.id)
                .join(Unit, Person.unit_id == Unit.id)
                .where(Badge.id.in_(ids))
            )
        }
        comps: dict[int, list[str]] = defaultdict(list)
        for person_id, name in db.session.execute(
            select(EntryMember.person_id, Competition.name)
            .join(Entry, EntryMember.entry_id == Entry.id)
            .join(Competition, Entry.competition_id == Competition.id)
            .where(EntryMember.person_id.in_([row.person_id for row in rows.values()]))
        ):
            comps[person_id].append(name)
        for badge_id in ids:
            row = rows[badge_id]
            yield BadgeData(
                event_name=event_name,
                full_name=row.full_name,
                unit_name=row.unit_name,
                role=row.role.value,
                role_label=role_labels[row.role],
                token=row.token_id + tokens.signature(row.token_id),
                short_code=row.short_code,
                number=f"{row.number:04d}" + (f"-{row.version}" if row.version > 1 else ""),
                competitions=sorted(comps[row.person_id], key=text_sort_key) if row.role == PersonRole.ATHLETE else [],
            )


def filename(selection: Selection, layout: str) -> str:
    parts = ["the", selection.event.slug]
    if selection.person is not None:
        parts.append(f"nguoi{selection.person.id}")
    if selection.unit is not None:
        parts.append(selection.unit.code)
    if selection.competition is not None:
        parts.append(f"nd{selection.competition.id}")
    if selection.role is not None:
        parts.append(selection.role.value)
    return "-".join(parts + [layout]) + ".pdf"
