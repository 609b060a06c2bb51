"""The federation's dashboard: everything that waits for an admin, counted, with what to open."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select, union_all
from sqlalchemy.orm import joinedload

from extensions import db
from models import Competition, Event, Match, MediaUpload, Performance, Registration, RegistrationStatus
from services.i18n import local_today
from services.participation.rules import EventParticipation, participations
from services.results import tally


@dataclass
class EventWork:
    event: Event
    to_review: list[Registration] = field(default_factory=list)  # submitted, oldest first
    to_confirm: list[tuple[Competition, int]] = field(default_factory=list)  # results entered, not confirmed
    ties: list[Competition] = field(default_factory=list)  # places waiting for the drawing of lots
    participation: EventParticipation | None = None
    uploads: int = 0  # unfinished media uploads

    @property
    def to_act(self) -> int:
        return len(self.participation.to_remind) if self.participation else 0

    @property
    def total(self) -> int:
        return len(self.to_review) + sum(n for _c, n in self.to_confirm) + len(self.ties) + self.to_act + self.uploads


def dashboard() -> list[EventWork]:
    """Per event, what waits: every event with something pending (registrations, results,
    ties, uploads), and the events of the latest season or not yet over, with the units that
    still have to act (an older season's are history)."""
    events = list(db.session.scalars(select(Event).options(joinedload(Event.season)).order_by(Event.starts_on.desc())))
    work = {e.id: EventWork(e) for e in events}
    ids = list(work) or [-1]
    for reg in db.session.scalars(
        select(Registration)
        .where(Registration.event_id.in_(ids), Registration.status == RegistrationStatus.SUBMITTED)
        .options(joinedload(Registration.unit))
        .order_by(Registration.submitted_at)
    ):
        work[reg.event_id].to_review.append(reg)
    comps = list(
        db.session.scalars(
            select(Competition).where(Competition.event_id.in_(ids)).options(joinedload(Competition.plan))
        )
    )
    by_id = {c.id: c for c in comps}
    waiting: dict[int, int] = {}
    entered = union_all(
        *(
            select(model.competition_id.label("cid")).where(
                model.competition_id.in_(list(by_id) or [-1]),
                model.entered_at.is_not(None),
                model.confirmed_at.is_(None),
            )
            for model in (Match, Performance)
        )
    ).subquery()
    for comp_id, n in db.session.execute(select(entered.c.cid, func.count()).group_by(entered.c.cid)):
        waiting[comp_id] = n
    for comp_id, n in waiting.items():
        work[by_id[comp_id].event_id].to_confirm.append((by_id[comp_id], n))
    for comp in tally.awaiting_lots(comps):
        work[comp.event_id].ties.append(comp)
    for event_id, n in db.session.execute(
        select(MediaUpload.event_id, func.count()).where(MediaUpload.event_id.in_(ids)).group_by(MediaUpload.event_id)
    ):
        work[event_id].uploads = n
    today = local_today()
    latest = max((e.season.year for e in events), default=None)

    def current(event: Event) -> bool:
        return event.ends_on >= today or event.season.year == latest

    by_event = participations([e for e in events if current(e)])
    for item in work.values():
        item.participation = by_event.get(item.event.id)  # units can still act: register, fix, come
        item.to_confirm.sort(key=lambda pair: pair[0].name)
    return [w for w in (work[e.id] for e in events) if w.total or current(w.event)]
