"""100% participation: each member unit's state at an event, in one place.

Every page and report that counts units reads ``event_participation`` (the event overview,
the 100% page, the call list and reminders, the final report, the season matrix, the admin's
dashboard), so they never disagree. A unit's state at an event:

- **chưa đăng ký** (``not_registered``): no registration, or a draft not yet sent;
- **đã gửi, chờ duyệt** (``submitted``): sent, waiting for the federation to review it;
- **bị trả lại** (``returned``): returned with a comment, to be fixed and sent again;
- **đã duyệt** (``approved``): approved, nobody of the unit admitted at a checkpoint yet;
- **có mặt** (``present``): approved, and at least one of its people admitted at one of the
  event's checkpoints. Someone of a unit that is not approved being scanned does not make it
  present (and the gate refuses such badges: services/checkin/rules.py).

The percentages are over the units that count (active, ``counts_for_participation``); the
grassroots unions directly under the province are listed apart and never move them. 100%
means every counting unit present. Reminders go only to units that have something to do:
register, fix a returned registration, or come (approved, not present); a unit waiting for
review is the federation's to act on.

A fixed number of queries whatever the number of units and people.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from enum import StrEnum

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import CompoundSelect, func, select, union

from extensions import db
from models import (
    CheckIn,
    Checkpoint,
    Competition,
    Entry,
    EntryMember,
    Event,
    Gender,
    Match,
    Performance,
    Person,
    Registration,
    RegistrationStatus,
    Season,
    Unit,
)
from services.i18n import format_datetime
from services.participation import mailer
from services.registration import eligibility
from services.text import text_sort_key


class State(StrEnum):
    NOT_REGISTERED = "not_registered"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    APPROVED = "approved"
    PRESENT = "present"


STATES = tuple(State)  # in the order a unit goes through them
LABELS = {
    State.NOT_REGISTERED: _l("Chưa đăng ký"),
    State.SUBMITTED: _l("Đã gửi, chờ duyệt"),
    State.RETURNED: _l("Bị trả lại"),
    State.APPROVED: _l("Đã duyệt, chưa có mặt"),
    State.PRESENT: _l("Có mặt"),
}
DEFINITIONS = {
    State.NOT_REGISTERED: _l("chưa có đăng ký, hoặc đăng ký còn nháp, chưa gửi."),
    State.SUBMITTED: _l("đã gửi đăng ký, chờ Ban Tổ chức duyệt."),
    State.RETURNED: _l("đăng ký bị trả lại kèm lý do; đơn vị cần sửa và gửi lại."),
    State.APPROVED: _l("đăng ký đã được duyệt; chưa ai của đơn vị được quét thẻ vào hay thi đấu."),
    State.PRESENT: _l(
        "đăng ký đã được duyệt và ít nhất một người đã được quét thẻ vào tại một điểm quét, hoặc đã thi đấu "
        "(có kết quả được ghi)."
    ),
}
TO_ACT = (State.NOT_REGISTERED, State.RETURNED, State.APPROVED)  # the unit has something to do


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
        """Approved (present or not): what "registered" means in every count."""
        return self.state in (State.APPROVED, State.PRESENT)


@dataclass
class EventParticipation:
    event: Event
    counting: list[UnitParticipation]
    others: list[UnitParticipation]  # units that do not count toward the 100%

    def count(self, state: State) -> int:
        return sum(1 for u in self.counting if u.state == state)

    @property
    def by_state(self) -> dict[State, int]:
        """Counting units per state, every state listed (in order)."""
        return {state: self.count(state) for state in STATES}

    @property
    def registered(self) -> int:
        return sum(1 for u in self.counting if u.registered)

    @property
    def present(self) -> int:
        return self.count(State.PRESENT)

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

    @property
    def to_remind(self) -> list[UnitParticipation]:
        """Counting units that have something to do (not those waiting for the federation)."""
        return [u for u in self.counting if u.state in TO_ACT]


def state_of(registration: Registration | None, admitted: int) -> State:
    """The one rule from a registration and the number of its people admitted."""
    if registration is None or registration.status == RegistrationStatus.DRAFT:
        return State.NOT_REGISTERED
    if registration.status == RegistrationStatus.SUBMITTED:
        return State.SUBMITTED
    if registration.status == RegistrationStatus.RETURNED:
        return State.RETURNED
    return State.PRESENT if admitted else State.APPROVED


def present_people(event_ids: list[int]) -> CompoundSelect:
    """Presence, defined once: the people of these events admitted at any of their checkpoints,
    or named in an entry that played (a match with a recorded result it did not forfeit, or a
    recorded performance). A unit that played is never "absent", scanned at a gate or not."""
    admitted = select(CheckIn.person_id).join(Checkpoint).where(Checkpoint.event_id.in_(event_ids))
    recorded = Match.entered_at.is_not(None)
    played: CompoundSelect = union(
        select(Match.home_entry_id).where(recorded, Match.forfeited_by != "home"),
        select(Match.away_entry_id).where(recorded, Match.forfeited_by != "away"),
        select(Performance.entry_id).where(Performance.entered_at.is_not(None)),
    )
    in_play = (
        select(EntryMember.person_id)
        .join(Entry, Entry.id == EntryMember.entry_id)
        .join(Competition, Competition.id == Entry.competition_id)
        .where(Competition.event_id.in_(event_ids), Entry.id.in_(played))
    )
    return union(admitted, in_play)


def event_participation(event: Event) -> EventParticipation:
    return participations([event])[event.id]


def participations(events: list[Event]) -> dict[int, EventParticipation]:
    """Every event's participation in five queries, whatever the number of events and units."""
    ids = [e.id for e in events] or [-1]
    units = list(db.session.scalars(select(Unit).where(Unit.active.is_(True))))
    units.sort(key=lambda u: text_sort_key(u.name))
    regs = {
        (r.event_id, r.unit_id): r
        for r in db.session.scalars(select(Registration).where(Registration.event_id.in_(ids)))
    }
    competitions: dict[tuple[int, int], int] = {
        (event_id, unit_id): n
        for event_id, unit_id, n in db.session.execute(
            select(Competition.event_id, Entry.unit_id, func.count(func.distinct(Entry.competition_id)))
            .join(Competition)
            .where(Competition.event_id.in_(ids))
            .group_by(Competition.event_id, Entry.unit_id)
        )
    }
    people: dict[tuple[int, int], dict[str, int]] = defaultdict(dict)
    for event_id, unit_id, gender, n in db.session.execute(
        select(Person.event_id, Person.unit_id, Person.gender, func.count())
        .where(Person.event_id.in_(ids))
        .group_by(Person.event_id, Person.unit_id, Person.gender)
    ):
        people[(event_id, unit_id)][Gender(gender).value] = n
    present: dict[tuple[int, int], int] = {
        (event_id, unit_id): n
        for event_id, unit_id, n in db.session.execute(
            select(Person.event_id, Person.unit_id, func.count())
            .where(Person.id.in_(present_people(ids)))
            .group_by(Person.event_id, Person.unit_id)
        )
    }
    out = {}
    for event in events:
        lines = []
        for unit in units:
            key = (event.id, unit.id)
            reg = regs.get(key)
            lines.append(
                UnitParticipation(
                    unit,
                    state_of(reg, present.get(key, 0)),
                    reg,
                    competitions=competitions.get(key, 0),
                    people=sum(people[key].values()),
                    present=present.get(key, 0),
                    head_count=reg.head_count if reg else 0,
                    by_gender=people[key],
                )
            )
        out[event.id] = EventParticipation(
            event,
            [u for u in lines if u.unit.counts_for_participation],
            [u for u in lines if not u.unit.counts_for_participation],
        )
    return out


# --- the season -----------------------------------------------------------------------------


@dataclass
class SeasonMatrix:
    season: Season
    events: list[Event]
    rows: list[tuple[Unit, list[UnitParticipation]]]  # one cell per event, in the events' order
    totals: list[EventParticipation]


def season_matrix(season: Season) -> SeasonMatrix:
    """Units × events, each cell the unit's state at that event (five queries in all)."""
    evs = sorted(season.events, key=lambda e: e.starts_on)
    by_event = participations(evs)
    per_event = [by_event[e.id] for e in evs]
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
    """The message to send (or read out on the phone) to a unit that has to act, in Vietnamese."""
    greeting = _("Kính gửi %(c)s (%(u)s),", c=line.unit.contact_name or _("đồng chí phụ trách"), u=line.unit.name)
    deadline = eligibility.closes_at(event, line.registration)
    if line.state == State.RETURNED:
        body = _("đăng ký của đơn vị tham gia %(e)s đã bị trả lại để sửa.", e=event.name)
        if line.registration and line.registration.comment:
            body += " " + _("Lý do: %(r)s", r=line.registration.comment)
        ask = _("Đề nghị đơn vị sửa và gửi lại đăng ký.")
    elif line.state in (State.APPROVED, State.PRESENT):
        body = _("đăng ký %(e)s của đơn vị đã được duyệt nhưng chưa có ai có mặt (chưa quét thẻ).", e=event.name)
        ask = _("Đề nghị đơn vị đưa đoàn đến đúng giờ và quét thẻ tại cổng.")
    else:
        body = _("đơn vị chưa có đăng ký được duyệt tham gia %(e)s.", e=event.name)
        ask = _("Đề nghị đơn vị hoàn thành đăng ký để bảo đảm mọi đơn vị đều tham gia.")
    if deadline and line.state in (State.NOT_REGISTERED, State.RETURNED):
        body += " " + _("Hạn đăng ký: %(d)s.", d=format_datetime(deadline))
    sign = _("Ban tổ chức – %(e)s", e=event.name)
    return f"{greeting} {body} {ask} {sign}"


def email_reminders(part: EventParticipation) -> tuple[list[str], list[str]]:
    """Email each missing unit that has an address; (units emailed, units with no address)."""
    sent, skipped, messages = [], [], []
    subject = _("Nhắc tham gia: %(e)s", e=part.event.name)
    for line in part.to_remind:
        if not line.unit.email:
            skipped.append(line.unit.code)
            continue
        messages.append((line.unit.email, subject, reminder(part.event, line)))
        sent.append(line.unit.code)
    if messages:
        mailer.send(messages)
    return sent, skipped
