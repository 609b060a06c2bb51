"""Planning on the day: courts closed for a while (running late, rain), a new plan proposed as
a draft the admin reads (old → new time and court, the units affected) and publishes only if
the schedule is still the one it was made from; the units whose matches moved are emailed."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import delete, select

from extensions import db
from models import CourtClosure, Entry, Event, ScheduleDraft, Unit, User, Venue
from services import lookup
from services.errors import DomainError, ValidationErrors
from services.i18n import format_datetime
from services.participation import mailer
from services.schedule import event as schedule
from services.schedule.problem import Outcome, Placement
from services.schedule.solver import TIME_LIMIT_S, solve
from services.text import nfc

MAX_CLOSURE = timedelta(days=3)


def add_closure(
    event: Event, venue_id: int, court_id: int | None, starts_at: datetime, ends_at: datetime, reason: str
) -> CourtClosure:
    venue = lookup.one_or_not_found(Venue, Venue.id == venue_id, Venue.event_id == event.id)
    if court_id and not any(c.id == court_id for c in venue.courts):
        raise DomainError(_("Sân không thuộc địa điểm này."), field="court_id")
    if ends_at <= starts_at:
        raise DomainError(_("Giờ mở lại phải sau giờ đóng."), field="ends_at")
    if ends_at - starts_at > MAX_CLOSURE:
        raise DomainError(_("Mỗi lần đóng sân tối đa 3 ngày."), field="ends_at")
    closure = CourtClosure(
        venue=venue, court_id=court_id or None, starts_at=starts_at, ends_at=ends_at, reason=nfc(reason)[:200]
    )
    db.session.add(closure)
    db.session.flush()
    return closure


def closures(event: Event) -> list[CourtClosure]:
    return list(
        db.session.scalars(
            select(CourtClosure)
            .join(Venue)
            .where(Venue.event_id == event.id)
            .order_by(CourtClosure.starts_at, CourtClosure.id)
        )
    )


def remove_closure(event: Event, closure_id: int) -> None:
    closure = lookup.one_or_not_found(
        CourtClosure, CourtClosure.id == closure_id, CourtClosure.venue_id.in_(v.id for v in event.venues)
    )
    db.session.delete(closure)
    db.session.flush()


def _basis(built: schedule.Built) -> str:
    """What a draft was made from: every match's time, court, result and pin, and the closures."""
    state = sorted(
        (m.id, m.starts_at.isoformat() if m.starts_at else "", m.court_id or 0, m.has_result, m.pinned)
        for m in built.matches.values()
    )
    closed = sorted((k, sorted(v)) for k, v in built.problem.closed.items())
    return hashlib.sha256(json.dumps([state, closed]).encode()).hexdigest()


def propose(event: Event, actor: User, time_limit: float = TIME_LIMIT_S) -> ScheduleDraft:
    """A new plan from the schedule as it stands (moving as few matches as little as possible),
    kept as the event's draft; ValidationErrors with the reasons when it does not fit."""
    if not any(v.courts for v in event.venues):
        raise DomainError(_("Sự kiện chưa có sân nào: thêm sân cho các địa điểm trước khi xếp lịch."))
    lookup.lock_row(Event, event.id)  # two admins at once: one draft after the other, never two
    built = schedule.build(event)
    outcome = solve(built.problem, time_limit=time_limit)
    if not outcome.fits:
        raise ValidationErrors(_("Không xếp được lịch, chưa thay đổi gì:"), outcome.reasons)
    db.session.execute(delete(ScheduleDraft).where(ScheduleDraft.event_id == event.id))
    draft = ScheduleDraft(
        event_id=event.id,
        created_by=actor,
        basis=_basis(built),
        placements={str(g): [pl.start, pl.court_id] for g, pl in outcome.placements.items() if g not in built.fixed},
        solve_s=round(outcome.solve_s, 2),
    )
    db.session.add(draft)
    db.session.flush()
    return draft


def draft_of(event: Event) -> ScheduleDraft | None:
    return db.session.scalar(select(ScheduleDraft).where(ScheduleDraft.event_id == event.id))


@dataclass
class Moved:
    match_id: int
    title: str
    old: str
    new: str
    units: list[str]


def preview(event: Event, draft: ScheduleDraft, built: schedule.Built | None = None) -> list[Moved]:
    """The draft's changes as the admin reads them: old → new time and court, units affected
    (``built``: the event as services/schedule/event.build made it, if at hand)."""
    built = built or schedule.build(event)
    origin = schedule.origin_of(event)
    courts = {c.id: c for v in event.venues for c in v.courts}
    units = _units_of(built)
    moved = []
    for key, (start, court_id) in sorted(draft.placements.items(), key=lambda kv: kv[1][0]):
        m = built.matches.get(int(key))
        if m is None or (m.starts_at == origin + timedelta(minutes=start) and m.court_id == court_id):
            continue
        was = f"{format_datetime(m.starts_at)} {m.court}".strip() if m.starts_at else _("chưa xếp")
        now = f"{format_datetime(origin + timedelta(minutes=start))} {courts[court_id].name}"
        title = built.problem.name("competition", m.competition_id)
        moved.append(Moved(m.id, title, was, now, units.get(m.id, [])))
    return moved


def _units_of(built: schedule.Built) -> dict[int, list[str]]:
    entry_ids = {e for m in built.matches.values() for e in (m.home_entry_id, m.away_entry_id) if e}
    unit_of = dict(db.session.execute(select(Entry.id, Unit.code).join(Unit).where(Entry.id.in_(entry_ids))).all())
    return {
        m.id: sorted({unit_of[e] for e in (m.home_entry_id, m.away_entry_id) if e in unit_of})
        for m in built.matches.values()
    }


def discard(event: Event, draft_id: int) -> None:
    db.session.execute(delete(ScheduleDraft).where(ScheduleDraft.id == draft_id, ScheduleDraft.event_id == event.id))


def publish(event: Event, draft_id: int) -> tuple[list[schedule.Change], set[str]]:
    """The draft written, if the schedule is still the one it was made from (else DomainError:
    see it again); returns the changes and the codes of the units whose matches moved."""
    draft = db.session.scalar(
        lookup.locked(select(ScheduleDraft).where(ScheduleDraft.id == draft_id, ScheduleDraft.event_id == event.id))
    )
    if draft is None:
        raise DomainError(_("Bản xem trước này không còn (đã công bố hoặc đã bỏ): hãy xem trước lại."))
    built = schedule.build(event)
    if _basis(built) != draft.basis:
        raise DomainError(_("Lịch đã thay đổi từ lúc xem trước (kết quả mới, trận ghim, sân đóng): hãy xem trước lại."))
    outcome = Outcome({int(k): Placement(start, court) for k, (start, court) in draft.placements.items()}, [])
    changes = schedule.write(event, built, outcome)
    db.session.delete(draft)
    db.session.flush()
    units = _units_of(built)
    return changes, {code for c in changes for code in units.get(c.match.id, [])}


def notify_units(event: Event, codes: set[str]) -> list[str]:
    """Email each unit whose matches moved (after the commit); the codes emailed."""
    if not codes or not mailer.configured():
        return []
    rows = db.session.scalars(select(Unit).where(Unit.code.in_(codes), Unit.email != "")).all()
    link = _("Xem lịch mới trên bảng kết quả: /board/%(e)s/schedule?unit=%(u)s")
    messages = [
        (
            u.email,
            _("Lịch thi đấu thay đổi: %(e)s", e=event.name),
            _("Kính gửi %(u)s,", u=u.name)
            + "\n\n"
            + _("lịch thi đấu của đơn vị tại %(e)s vừa thay đổi.", e=event.name)
            + " "
            + link % {"e": event.slug, "u": u.code},
        )
        for u in rows
    ]
    mailer.send(messages)
    return [u.code for u in rows]
