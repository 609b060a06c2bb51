"""Fixtures: a match's venue, court and time, and automatic scheduling of a competition."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from flask_babel import gettext as _
from sqlalchemy import select

from extensions import db
from models import Competition, Match, MatchStage
from services.errors import DomainError
from services.i18n import local_to_utc, to_local


def save_fixture(
    match: Match,
    venue_id: int | None,
    court: str,
    starts_at: datetime | None,
    court_id: int | None = None,
    pinned: bool = False,
) -> None:
    """A match's place and time as the organiser sets them; a court of the event's venues
    (``court_id``) names its venue and court; ``pinned``: the scheduler never moves it."""
    venues = {v.id: v for v in match.competition.event.venues}
    if venue_id and venue_id not in venues:
        raise DomainError(_("Địa điểm không thuộc sự kiện này."), field="venue_id")
    if court_id:
        chosen = next((c for v in venues.values() for c in v.courts if c.id == court_id), None)
        if chosen is None:
            raise DomainError(_("Sân không thuộc sự kiện này."), field="court_id")
        venue_id, court = chosen.venue_id, chosen.name
    if pinned and starts_at is None:
        raise DomainError(_("Chỉ ghim được trận đã có giờ thi đấu."), field="pinned")
    match.venue_id, match.court, match.starts_at = venue_id or None, (court or "").strip()[:60], starts_at
    match.court_id, match.pinned = court_id or None, pinned


@dataclass
class SlotPlan:
    """Where and when to place a competition's unscheduled matches."""

    venue_id: int
    first_at: datetime  # aware UTC; its Vietnam time of day is also when later days start
    minutes: int = 40
    courts: int = 1
    day_ends: time = time(17, 0)  # Vietnam time


def schedule_matches(comp: Competition, slots: SlotPlan) -> datetime:
    """Give every unscheduled match a time, venue and court: as many at once as there are courts,
    never an entry twice in one slot, a knockout round only after the round before. Returns
    when the venue is free again."""
    if slots.venue_id not in {v.id for v in comp.event.venues}:
        raise DomainError(_("Địa điểm không thuộc sự kiện này."), field="venue_id")
    if not 1 <= slots.courts <= 50 or not 5 <= slots.minutes <= 600:
        raise DomainError(_("Số sân từ 1 đến 50, mỗi trận từ 5 đến 600 phút."), field="courts")
    order = {MatchStage.GROUP: 0, MatchStage.KNOCKOUT: 1, MatchStage.THIRD_PLACE: 1}
    pending = sorted(
        (
            m
            for m in db.session.scalars(select(Match).where(Match.competition_id == comp.id))
            if m.starts_at is None and "BYE" not in (m.home_source, m.away_source)
        ),
        key=lambda m: (order[m.stage], m.round_no, m.stage == MatchStage.KNOCKOUT, m.group_no, m.position),
    )
    at = to_local(slots.first_at)
    day_starts, step = at.time(), timedelta(minutes=slots.minutes)

    def before(m: Match) -> set:
        """What must be over before ``m``: the groups, or the previous knockout round."""
        if m.stage == MatchStage.GROUP:
            return set()
        return {"group", m.round_no - 1} if m.round_no == 1 else {m.round_no - 1}

    ends: dict = {}  # "group" / knockout round → when its last placed match ends
    while pending:
        waiting = {"group" if p.stage == MatchStage.GROUP else p.round_no for p in pending}
        taken: set[int] = set()
        placed, later = 0, []
        for m in pending:
            entries = {e for e in (m.home_entry_id, m.away_entry_id) if e}
            ready = not (before(m) & waiting) and all(ends.get(k, at) <= at for k in before(m))
            if placed < slots.courts and ready and not entries & taken:
                m.venue_id, m.starts_at = slots.venue_id, local_to_utc(at.replace(tzinfo=None))
                m.court = str(placed + 1) if slots.courts > 1 else m.court
                placed += 1
                taken |= entries
                key = "group" if m.stage == MatchStage.GROUP else m.round_no
                ends[key] = at + step
            else:
                later.append(m)
        pending = later
        at += step
        if (at + step).time() > slots.day_ends or (at + step).date() != at.date():
            at = datetime.combine(at.date() + timedelta(days=1), day_starts, tzinfo=at.tzinfo)
    db.session.flush()
    return local_to_utc(at.replace(tzinfo=None))
