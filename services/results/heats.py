"""Heats and a final for ranked events (sprints, relays, the sack race). Pure: no database.

Rules kept here:
- when the plan sets lanes and there are more entries than lanes, the entries are drawn into
  as few heats as the lanes allow, a unit's athletes in different heats as far as possible
  (services/results/draws.draw_groups), lanes drawn at random in each heat;
- a mark counts to the hundredth, rounded against the athlete (a time up, a distance down, as
  World Athletics rounds fully automatic times and measures distances): 12.341 s and 12.35 s
  are the same time, and marks equal to the hundredth share a rank and a medal;
- the first ``qualify_place`` of each heat go through (Q), then the next ``qualify_time`` best
  marks of all heats (q); an entry level to the hundredth with the last one through goes
  through too; no rule set: the best marks fill the final's lanes;
- the final's lanes go to the qualifiers in order (Q by mark, then q by mark), the middle
  lanes first (4, 5, 3, 6, 2, 7, 1, 8 on eight lanes);
- the event is ranked on its final alone (on its one list where there are no heats).
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Any

from services.results import draws

HEATS, FINAL = 1, 2
HUNDREDTH = Decimal("0.01")
STATUSES = ("", "dns", "dnf", "dq")  # a mark, did not start, did not finish, disqualified


def mark(value, higher_is_better: bool) -> Decimal:
    """A mark to the hundredth, rounded against the athlete."""
    return Decimal(value).quantize(HUNDREDTH, rounding=ROUND_FLOOR if higher_is_better else ROUND_CEILING)


def has_heats(performances: Sequence) -> bool:
    return any(getattr(p, "heat_no", None) is not None for p in performances)


def final_round(performances: Sequence) -> list:
    """The performances the event is ranked on: its final where it runs heats (none until the
    final is drawn), else all of them."""
    if not has_heats(performances):
        return list(performances)
    return [p for p in performances if p.round_no == FINAL]


def valid(performances: Sequence) -> list:
    """Confirmed performances with a mark (no DNS, DNF or DQ)."""
    return [p for p in performances if p.confirmed and not p.did_not_finish and p.value is not None]


def ranked(performances: Sequence, higher_is_better: bool) -> list[tuple[Any, int]]:
    """Valid performances best first with their rank; equal to the hundredth share it (1, 1, 3)."""
    done = sorted(valid(performances), key=lambda p: mark(p.value, higher_is_better), reverse=higher_is_better)
    out, previous, rank = [], None, 0
    for i, p in enumerate(done, start=1):
        current = mark(p.value, higher_is_better)
        if current != previous:
            rank, previous = i, current
        out.append((p, rank))
    return out


def heat_count(entries: int, lanes: int) -> int:
    return max(1, math.ceil(entries / lanes))


def draw_heats(pool: Sequence[draws.DrawEntry], lanes: int, rng: random.Random) -> list[list[int]]:
    """Entry ids per heat in lane order (lane 1 first), a unit's entries apart where possible."""
    heats = draws.draw_groups(pool, heat_count(len(pool), lanes), (), rng)
    out = []
    for heat in heats:
        ids = [e.id for e in heat]
        rng.shuffle(ids)
        out.append(ids)
    return out


def lane_order(lanes: int) -> list[int]:
    """The lanes from the middle out: 8 → 4, 5, 3, 6, 2, 7, 1, 8."""
    middle = (lanes + 1) / 2
    return sorted(range(1, lanes + 1), key=lambda lane: (abs(lane - middle), lane))


@dataclass(frozen=True)
class Qualifier:
    entry_id: int
    how: str  # "Q" by place in the heat, "q" by mark
    heat_no: int
    value: Decimal


def qualifiers(plan, heat_performances: Sequence) -> list[Qualifier] | None:
    """Who goes through to the final, best first; None until every heat is confirmed."""
    if not heat_performances or not all(p.confirmed for p in heat_performances):
        return None
    better = plan.higher_is_better
    by_place, by_mark = plan.qualify_place, plan.qualify_time
    if by_place == 0 and by_mark == 0:
        by_mark = plan.lanes
    chosen: list[Qualifier] = []
    for heat_no in sorted({p.heat_no for p in heat_performances}):
        heat = [(p, rank) for p, rank in ranked([p for p in heat_performances if p.heat_no == heat_no], better)]
        chosen += [Qualifier(p.entry_id, "Q", heat_no, p.value) for p, rank in heat if rank <= by_place]
    taken = {q.entry_id for q in chosen}
    rest = [(p, rank) for p, rank in ranked([p for p in heat_performances if p.entry_id not in taken], better)]
    chosen += [Qualifier(p.entry_id, "q", p.heat_no, p.value) for p, rank in rest if rank <= by_mark]
    order = {"Q": 0, "q": 1}
    return sorted(chosen, key=lambda q: (order[q.how], -mark(q.value, better) if better else mark(q.value, better)))


def final_lanes(chosen: Sequence[Qualifier], lanes: int) -> list[tuple[int, int]]:
    """(entry id, lane) for the final: the best qualifiers in the middle lanes. A tie at the
    last place through may bring more qualifiers than lanes: the extra ones get lanes after
    the last (the organiser runs them in an added lane or a second final)."""
    order = lane_order(lanes) + list(range(lanes + 1, len(chosen) + 1))
    return [(q.entry_id, lane) for q, lane in zip(chosen, order, strict=False)]
