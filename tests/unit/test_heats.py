"""Heats and a final (services/results/heats.py): marks to the hundredth against the athlete,
who goes through by place and by mark, ties at the line, lanes from the middle."""

from __future__ import annotations

import random
from decimal import Decimal
from types import SimpleNamespace

import pytest

from services.results import finish, heats
from services.results.draws import DrawEntry

pytestmark = pytest.mark.unit


def perf(entry_id, heat_no, value=None, status="", confirmed=True):
    return SimpleNamespace(
        entry_id=entry_id, heat_no=heat_no, round_no=heats.HEATS, value=None if value is None else Decimal(value),
        did_not_finish=bool(status), status=status, confirmed=confirmed,
    )  # fmt: skip


PLAN = SimpleNamespace(higher_is_better=False, lanes=8, qualify_place=3, qualify_time=2)


def test_a_mark_counts_to_the_hundredth_against_the_athlete():
    assert heats.mark("12.341", higher_is_better=False) == Decimal("12.35")  # a time: up
    assert heats.mark("5.678", higher_is_better=True) == Decimal("5.67")  # a distance: down
    ranked = heats.ranked([perf(1, 1, "12.341"), perf(2, 1, "12.35"), perf(3, 1, "12.36")], False)
    assert [(p.entry_id, rank) for p, rank in ranked] == [(1, 1), (2, 1), (3, 3)]


def test_the_first_of_each_heat_then_the_best_marks_go_through():
    heat_1 = [perf(1, 1, "12.10"), perf(2, 1, "12.20"), perf(3, 1, "12.30"), perf(4, 1, "12.31"), perf(5, 1, "13.0")]
    heat_2 = [perf(6, 2, "12.50"), perf(7, 2, "12.60"), perf(8, 2, "12.70"), perf(9, 2, status="dns"),
              perf(10, 2, "12.40")]  # fmt: skip
    chosen = heats.qualifiers(PLAN, heat_1 + heat_2)
    assert [(q.entry_id, q.how) for q in chosen] == [
        (1, "Q"), (2, "Q"), (3, "Q"), (10, "Q"), (6, "Q"), (7, "Q"), (4, "q"), (8, "q"),
    ]  # fmt: skip
    assert heats.final_lanes(chosen, 8) == [(1, 4), (2, 5), (3, 3), (10, 6), (6, 2), (7, 7), (4, 1), (8, 8)]


def test_a_tie_at_the_hundredth_on_the_line_takes_both_through():
    heat_1 = [perf(1, 1, "12.10"), perf(2, 1, "12.201"), perf(3, 1, "12.21"), perf(4, 1, "12.50")]
    chosen = heats.qualifiers(SimpleNamespace(higher_is_better=False, lanes=8, qualify_place=2, qualify_time=0), heat_1)
    assert [q.entry_id for q in chosen] == [1, 2, 3]  # 12.201 and 12.21 are both 12.21


def test_nobody_goes_through_until_every_heat_is_confirmed():
    assert heats.qualifiers(PLAN, [perf(1, 1, "12.1"), perf(2, 2, "12.2", confirmed=False)]) is None


def test_no_rule_fills_the_final_with_the_best_marks():
    plan = SimpleNamespace(higher_is_better=True, lanes=3, qualify_place=0, qualify_time=0)
    marks = [perf(i, 1 + i % 2, f"{5 + i / 10}") for i in range(1, 7)]
    assert [q.entry_id for q in heats.qualifiers(plan, marks)] == [6, 5, 4]  # the longest throws


def test_heats_keep_a_units_athletes_apart_and_fill_lanes():
    pool = [DrawEntry(i, unit_id=1 + i % 3) for i in range(1, 13)]  # 12 athletes of 3 units, 6 lanes
    drawn = heats.draw_heats(pool, 6, random.Random(4))
    assert [len(h) for h in drawn] == [6, 6]
    units = {e.id: e.unit_id for e in pool}
    for heat in drawn:
        assert sorted(units[i] for i in heat) == [1, 1, 2, 2, 3, 3]
    assert heats.lane_order(8) == [4, 5, 3, 6, 2, 7, 1, 8] and heats.lane_order(5) == [3, 2, 4, 1, 5]


def test_team_scores_split_a_tie_on_the_last_scoring_runner():
    # cross-country scoring: the sum of a unit's best places; level sums, the better last scorer first
    ranked = [(type("P", (), {"entry_id": e})(), place) for e, place in ((1, 1), (2, 2), (3, 4), (4, 5), (5, 6))]
    unit_of = {1: 10, 2: 20, 3: 20, 4: 10, 5: 30}
    scores = finish.team_scores(ranked, unit_of, best=2)
    assert [(s.unit_id, s.points, s.places, s.rank) for s in scores] == [(20, 6, (2, 4), 1), (10, 6, (1, 5), 2)]
