"""100% participation: which member units are in, which are missing, and who to call.

Rules kept here:
- a unit is **registered** for an event when its registration is approved and it has at
  least one entry (games) or a delegation — named people or a head count (festival); a
  returned or draft registration does not count;
- a unit is **present** when at least one of its people was admitted at one of the event's
  checkpoints;
- the percentage is over the units that count (active, ``counts_for_participation``): the
  grassroots unions directly under the province are shown apart and never move it;
- 100% means every counting unit present.

A fixed number of queries whatever the number of units and people.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from enum import StrEnum

from flask_babel import gettext as _
from sqlalchemy import func, select

from extensions import db
from models import (
    CheckIn,
    Checkpoint,
    Competition,
    Entry,
    Event,
    EventKind,
    Gender,
    Person,
    Registration,
    RegistrationStatus,
    Season,
    Unit,
)
from services.i18n import format_datetime
from services.participation import mailer
from services.text import text_sort_key


class State(StrEnum):
    PRESENT = "present"
    ABSENT = "absent"  # registered, nobody admitted yet
    NOT_REGISTERED = "not_registered"


@dataclass
class UnitParticipation:
    unit: Unit
    state: State
    registration: Registration | None
    competitions: int = 0
    people: int = 0
    present: int = 0
    head_count: int = 0
    by_gender: dict[str, int] = field(default_factory=dict)

    @property
    def registered(self) -> bool:
        return self.state != State.NOT_REGISTERED


@dataclass
class EventParticipation:
    event: Event
    counting: list[UnitParticipation]
    others: list[UnitParticipation]  # units that do not count toward the 100%

    @property
    def registered(self) -> int:
        return sum(1 for u in self.counting if u.registered)

    @property
    def present(self) -> int:
        return sum(1 for u in self.counting if u.state == State.PRESENT)

    def percent(self, count: int) -> int:
        return round(100 * count / len(self.counting)) if self.counting else 0

    @property
    def registered_percent(self) -> int:
        return self.percent(self.registered)

    @property
    def present_percent(self) -> int:
        return self.percent(self.present)

    @property
    def complete(self) -> bool:
        """100%: every counting unit present."""
        return bool(self.counting) and self.present == len(self.counting)

    @property
    def missing(self) -> list[UnitParticipation]:
        return [u for u in self.counting if u.state != State.PRESENT]


def event_participation(event: Event) -> EventParticipation:
    units = list(db.session.scalars(select(Unit).where(Unit.active.is_(True))))
    regs = {r.unit_id: r for r in db.session.scalars(select(Registration).where(Registration.event_id == event.id))}
    competitions = dict(
        db.session.execute(
            select(Entry.unit_id, func.count(func.distinct(Entry.competition_id)))
            .join(Competition)
            .where(Competition.event_id == event.id)
            .group_by(Entry.unit_id)
        ).all()
    )
    people: dict[int, dict[str, int]] = defaultdict(dict)
    for unit_id, gender, n in db.session.execute(
        select(Person.unit_id, Person.gender, func.count())
        .where(Person.event_id == event.id)
        .group_by(Person.unit_id, Person.gender)
    ):
        people[unit_id][Gender(gender).value] = n
    admitted = select(CheckIn.person_id).join(Checkpoint).where(Checkpoint.event_id == event.id).distinct()
    present = dict(
        db.session.execute(
            select(Person.unit_id, func.count()).where(Person.id.in_(admitted)).group_by(Person.unit_id)
        ).all()
    )
    lines = []
    for unit in units:
        reg = regs.get(unit.id)
        named = sum(people[unit.id].values())
        head_count = reg.head_count if reg else 0
        approved = reg is not None and reg.status == RegistrationStatus.APPROVED
        if event.kind == EventKind.GAMES:
            has_something = competitions.get(unit.id, 0) > 0
        else:
            has_something = named > 0 or head_count > 0
        if present.get(unit.id):
            state = State.PRESENT
        elif approved and has_something:
            state = State.ABSENT
        else:
            state = State.NOT_REGISTERED
        lines.append(
            UnitParticipation(
                unit,
                state,
                reg,
                competitions=competitions.get(unit.id, 0),
                people=named,
                present=present.get(unit.id, 0),
                head_count=head_count,
                by_gender=people[unit.id],
            )
        )
    lines.sort(key=lambda u: text_sort_key(u.unit.name))
    return EventParticipation(
        event,
        [u for u in lines if u.unit.counts_for_participation],
        [u for u in lines if not u.unit.counts_for_participation],
    )


# --- the season -----------------------------------------------------------------------------


@dataclass
class SeasonMatrix:
    season: Season
    events: list[Event]
    rows: list[tuple[Unit, list[UnitParticipation]]]  # one cell per event, in the events' order
    totals: list[EventParticipation]


def season_matrix(season: Season) -> SeasonMatrix:
    """Units × events, each cell the unit's state at that event (queries per event, not per unit)."""
    evs = sorted(season.events, key=lambda e: e.starts_on)
    per_event = [event_participation(e) for e in evs]
    by_unit: dict[int, list[UnitParticipation]] = defaultdict(list)
    units: dict[int, Unit] = {}
    for part in per_event:
        for line in part.counting + part.others:
            by_unit[line.unit.id].append(line)
            units[line.unit.id] = line.unit
    order = sorted(units.values(), key=lambda u: (not u.counts_for_participation, text_sort_key(u.name)))
    return SeasonMatrix(season, evs, [(u, by_unit[u.id]) for u in order], per_event)


# --- reminders ------------------------------------------------------------------------------


def reminder(event: Event, line: UnitParticipation) -> str:
    """The message to send (or read out on the phone) to a missing unit, in Vietnamese."""
    greeting = _("Kính gửi %(c)s (%(u)s),", c=line.unit.contact_name or _("đồng chí phụ trách"), u=line.unit.name)
    if line.state == State.NOT_REGISTERED:
        deadline = event.registration_closes_at
        body = _("đơn vị chưa có đăng ký được duyệt tham gia %(e)s.", e=event.name)
        if deadline:
            body += " " + _("Hạn đăng ký: %(d)s.", d=format_datetime(deadline))
        ask = _("Đề nghị đơn vị hoàn thành đăng ký để bảo đảm mọi đơn vị đều tham gia.")
    else:
        body = _("đơn vị đã đăng ký %(e)s nhưng chưa có ai có mặt (chưa quét thẻ).", e=event.name)
        ask = _("Đề nghị đơn vị đưa đoàn đến đúng giờ và quét thẻ tại cổng.")
    sign = _("Ban tổ chức – %(e)s", e=event.name)
    return f"{greeting} {body} {ask} {sign}"


def email_reminders(part: EventParticipation) -> tuple[list[str], list[str]]:
    """Email each missing unit that has an address; (units emailed, units with no address)."""
    sent, skipped, messages = [], [], []
    subject = _("Nhắc tham gia: %(e)s", e=part.event.name)
    for line in part.missing:
        if not line.unit.email:
            skipped.append(line.unit.code)
            continue
        messages.append((line.unit.email, subject, reminder(part.event, line)))
        sent.append(line.unit.code)
    if messages:
        mailer.send(messages)
    return sent, skipped
