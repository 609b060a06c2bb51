"""An official's "việc của tôi": what waits for me in the competitions I am assigned to."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from extensions import db
from models import Competition, Match, Performance, User
from services import policy as may
from services.i18n import local_to_utc, local_today

MAX_READY = 30


@dataclass
class MyWork:
    to_confirm: list[Match] = field(default_factory=list)  # entered by another official
    to_confirm_performances: list[Performance] = field(default_factory=list)
    today: list[Match] = field(default_factory=list)  # scheduled today, no result yet
    ready: list[Match] = field(default_factory=list)  # both sides known, no result, not scheduled today


def _playable(m: Match) -> bool:
    return bool(m.home_entry_id and m.away_entry_id) and "BYE" not in (m.home_source, m.away_source)


def competitions_to_score(user: User) -> list[Competition]:
    """The competitions ``user`` may score (services/policy.score): all for an admin, the
    assigned ones for an official; by event, then name."""
    query = select(Competition).options(joinedload(Competition.event), joinedload(Competition.plan))
    if not may.scores_every_competition(user):
        query = query.where(Competition.officials.any(User.id == user.id))
    return list(db.session.scalars(query.order_by(Competition.event_id, Competition.name)))


def my_work(user: User, competitions: list[Competition]) -> MyWork:
    """``competitions``: those the user may score (``competitions_to_score``)."""
    ids = [c.id for c in competitions] or [-1]
    work = MyWork()
    start = local_to_utc(datetime.combine(local_today(), time()))
    end = start + timedelta(days=1)
    matches = db.session.scalars(
        select(Match)
        .where(Match.competition_id.in_(ids))
        .where(Match.confirmed_at.is_(None))
        .options(joinedload(Match.competition))
        .order_by(Match.starts_at, Match.competition_id, Match.round_no, Match.position)
    ).all()
    for m in matches:
        if m.entered_at is not None:
            if m.entered_by_id != user.id:
                work.to_confirm.append(m)
        elif _playable(m):
            if m.starts_at is not None and start <= m.starts_at < end:
                work.today.append(m)
            elif len(work.ready) < MAX_READY:
                work.ready.append(m)
    work.to_confirm_performances = list(
        db.session.scalars(
            select(Performance)
            .where(
                Performance.competition_id.in_(ids),
                Performance.entered_at.is_not(None),
                Performance.confirmed_at.is_(None),
                Performance.entered_by_id != user.id,
            )
            .options(joinedload(Performance.entry))
        )
    )
    return work


def next_match(m: Match) -> Match | None:
    """The competition's next match to enter after ``m``: both sides known, no result yet, in
    the order they are played (time, then round and position)."""
    candidates = db.session.scalars(
        select(Match)
        .where(Match.competition_id == m.competition_id, Match.entered_at.is_(None), Match.id != m.id)
        .order_by(Match.starts_at, Match.stage, Match.round_no, Match.group_no, Match.position)
    ).all()
    playable = [c for c in candidates if _playable(c)]

    def order(x: Match) -> tuple:
        return (x.starts_at is None, x.starts_at.timestamp() if x.starts_at else 0, x.round_no, x.position)

    later = [c for c in playable if order(c) > order(m)]
    return (later or playable or [None])[0]
