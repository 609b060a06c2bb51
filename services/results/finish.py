"""A race read at its finish line (cross-country "việt dã", road races): each runner's badge is
scanned as they cross it, at a checkpoint the plan names; the race's results come from those
scans, and a unit's team score from its runners' places.

Rules kept here:
- a runner's time is their first admission at the finish checkpoint after the start, less the
  start, to the hundredth rounded up (an offline phone's scan counts at the time it was made:
  services/checkin keeps the earliest admission);
- reading the finish again (a late phone synced) changes only what changed; a confirmed time
  that changes goes back to waiting for confirmation (services/results/recording.py);
- a runner with no finish scan keeps no time: the official marks them DNF or types the time;
- a unit's team score adds the places of its ``team_best`` best runners, lower first; a unit
  with fewer finishers has none; level units are split by their last scoring runner's place
  (the better one first), as cross-country team races are scored.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_CEILING, Decimal
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from extensions import db
from models import CheckIn, Competition, EntryMember, Performance, ResultFormat, User
from services.errors import DomainError
from services.lookup import locked
from services.results import heats, recording


def read_finish(comp: Competition, actor: User) -> int:
    """Every runner's time from the finish line's scans; returns how many times changed."""
    plan = comp.plan
    if plan is None or plan.format != ResultFormat.RANKED or plan.published_at is None:
        raise DomainError(_("Chỉ đọc vạch đích cho nội dung xếp hạng theo thành tích đã công bố."))
    if plan.finish_checkpoint_id is None or plan.started_at is None:
        raise DomainError(_("Hãy chọn điểm quét ở vạch đích và giờ xuất phát trong thể thức thi đấu."))
    performances = db.session.scalars(  # locked: two officials reading at once write each time once
        locked(
            select(Performance)
            .where(Performance.competition_id == comp.id, Performance.heat_no.is_(None))
            .order_by(Performance.id)
        )
    ).all()
    members: dict[int, set[int]] = defaultdict(set)
    for entry_id, person_id in db.session.execute(
        select(EntryMember.entry_id, EntryMember.person_id).where(
            EntryMember.entry_id.in_([p.entry_id for p in performances])
        )
    ):
        members[entry_id].add(person_id)
    arrived: dict[int, datetime] = {}
    for person_id, at in db.session.execute(
        select(CheckIn.person_id, CheckIn.at).where(
            CheckIn.checkpoint_id == plan.finish_checkpoint_id, CheckIn.at >= plan.started_at
        )
    ):
        if person_id not in arrived or at < arrived[person_id]:
            arrived[person_id] = at
    changed = 0
    for perf in performances:
        times = [arrived[p] for p in members[perf.entry_id] if p in arrived]
        if not times:
            continue
        seconds = Decimal(str((min(times) - plan.started_at).total_seconds()))
        value = seconds.quantize(heats.HUNDREDTH, rounding=ROUND_CEILING)
        if perf.entered_at and not perf.did_not_finish and perf.value == value:
            continue
        recording.enter_performance(perf, actor, str(value))
        changed += 1
    return changed


@dataclass(frozen=True)
class TeamScore:
    unit_id: int
    points: int  # the sum of the places of the unit's best runners
    places: tuple[int, ...]
    rank: int


def team_scores(ranked: list[tuple[Any, int]], unit_of: dict[int, int], best: int) -> list[TeamScore]:
    """Units ranked on their ``best`` best places (ranked: (performance, place) best first)."""
    if best < 1:
        return []
    places: dict[int, list[int]] = defaultdict(list)
    for perf, place in ranked:
        unit_id = unit_of.get(perf.entry_id)
        if unit_id is not None and len(places[unit_id]) < best:
            places[unit_id].append(place)
    scored = sorted(
        ((unit_id, sum(p), tuple(p)) for unit_id, p in places.items() if len(p) == best),
        key=lambda row: (row[1], row[2][-1]),
    )
    out: list[TeamScore] = []
    for i, (unit_id, points, counted) in enumerate(scored, start=1):
        previous = out[-1] if out else None
        level = previous is not None and (previous.points, previous.places[-1]) == (points, counted[-1])
        out.append(TeamScore(unit_id, points, counted, previous.rank if level and previous else i))
    return out
