"""Results helpers for tests: a plan saved with changes, a competition's matches in order,
its places."""

from __future__ import annotations

from sqlalchemy import select

from extensions import db
from models import Match
from services.results import placements, planning


def plan(comp, actor, fmt, **changes):
    data = planning.default_plan(comp)
    data.format = fmt
    for key, value in changes.items():
        setattr(data, key, value)
    return planning.save_plan(comp, data, actor)


def matches(comp) -> list[Match]:
    return list(
        db.session.scalars(
            select(Match).where(Match.competition_id == comp.id).order_by(Match.stage, Match.round_no, Match.position)
        )
    )


def places(comp):
    return placements.placements(comp.plan, matches(comp), placements.group_entries(comp.plan))
