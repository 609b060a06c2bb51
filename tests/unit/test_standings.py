"""Group standings checked against real published group tables (services/results/standings.py)."""

from types import SimpleNamespace

import pytest

from models import ScoringPreset
from services.results.scoring import PRESETS, restart_of
from services.results.standings import BLOCK, CATALOGUE, SPLIT, Context, PointsRule, Result, _table, standings

UEFA = ("head_to_head", "goal_difference", "goals_for", "lots")
FIFA = ("goal_difference", "goals_for", "head_to_head", "lots")


# UEFA EURO 2012, Group A. Official table: Czech Republic 6, Greece 4, Russia 4, Poland 2 —
# Greece above Russia on their 1–0 win although Russia's goal difference (+2) was better
# (table as printed by goal.com, 16 June 2012, "The Group of Shocks").
EURO_2012_GROUP_A = [
    Result("POL", "GRE", 1, 1),
    Result("RUS", "CZE", 4, 1),
    Result("GRE", "CZE", 1, 2),
    Result("POL", "RUS", 1, 1),
    Result("CZE", "POL", 1, 0),
    Result("GRE", "RUS", 1, 0),
]


def test_euro_2012_group_a_greece_over_russia_on_head_to_head():
    table = standings(["POL", "GRE", "RUS", "CZE"], EURO_2012_GROUP_A, PointsRule(3, 1, 0), UEFA)
    assert [(r.entry, r.points, r.score_for, r.score_against) for r in table] == [
        ("CZE", 6, 4, 5),
        ("GRE", 4, 3, 3),
        ("RUS", 4, 5, 3),
        ("POL", 2, 2, 3),
    ]
    assert [r.rank for r in table] == [1, 2, 3, 4]
    assert "head_to_head" in table[1].decided_by and not any(r.tied for r in table)


# UEFA EURO 2024, Group E: all four teams on 4 points. Official table: Romania (4–3),
# Belgium (2–1), Slovakia (3–3), Ukraine (2–4) (Wikipedia, "UEFA Euro 2024 Group E";
# cbssports.com, 26 June 2024). Among all four, head-to-head points are level; head-to-head
# goal difference puts Romania and Belgium (+1) above Slovakia (0) and Ukraine (−2); head-to-head
# goals then puts Romania (4) above Belgium (2), all applied to the four at once (art. 20.01
# a–c). Restarting on Romania and Belgium alone as soon as goal difference split the four
# would have put Belgium first on their 2–0 win: the partial split that matters.
EURO_2024_GROUP_E = [
    Result("ROU", "UKR", 3, 0),
    Result("BEL", "SVK", 0, 1),
    Result("SVK", "UKR", 1, 2),
    Result("BEL", "ROU", 2, 0),
    Result("SVK", "ROU", 1, 1),
    Result("UKR", "BEL", 0, 0),
]
UEFA_2024 = (
    "head_to_head",
    "head_to_head_goal_difference",
    "head_to_head_goals_for",
    "goal_difference",
    "goals_for",
    "lots",
)


def test_euro_2024_group_e_the_head_to_head_block_applies_to_all_four_at_once():
    entries = ["BEL", "SVK", "ROU", "UKR"]
    table = standings(entries, EURO_2024_GROUP_E, PointsRule(3, 1, 0), UEFA_2024, restart=BLOCK)
    assert [(r.entry, r.points, r.score_for, r.score_against) for r in table] == [
        ("ROU", 4, 4, 3),
        ("BEL", 4, 2, 1),
        ("SVK", 4, 3, 3),
        ("UKR", 4, 2, 4),
    ]
    assert [r.rank for r in table] == [1, 2, 3, 4] and not any(r.tied for r in table)
    restarted = standings(entries, EURO_2024_GROUP_E, PointsRule(3, 1, 0), UEFA_2024, restart=SPLIT)
    assert [r.entry for r in restarted][:2] == ["BEL", "ROU"]  # the old way, wrong for UEFA


def test_the_football_preset_ranks_by_uefas_block():
    plan = SimpleNamespace(preset=ScoringPreset.FOOTBALL)
    assert restart_of(plan) == BLOCK and PRESETS[ScoringPreset.FOOTBALL].tie_breakers[1:4] == UEFA_2024[:3]
    assert restart_of(SimpleNamespace(preset=ScoringPreset.TABLE_TENNIS)) == SPLIT  # ITTF restarts


def test_world_cup_2018_group_b_spain_over_portugal_on_goals_scored():
    # FIFA World Cup 2018, Group B. Official table: Spain 5 (6–5), Portugal 5 (5–4), Iran 4, Morocco 1:
    # level on points and goal difference, Spain ahead on goals scored (FIFA's order).
    results = [
        Result("MAR", "IRN", 0, 1),
        Result("POR", "ESP", 3, 3),
        Result("POR", "MAR", 1, 0),
        Result("IRN", "ESP", 0, 1),
        Result("IRN", "POR", 1, 1),
        Result("ESP", "MAR", 2, 2),
    ]
    table = standings(["POR", "ESP", "MAR", "IRN"], results, PointsRule(3, 1, 0), FIFA)
    assert [(r.entry, r.points) for r in table] == [("ESP", 5), ("POR", 5), ("IRN", 4), ("MAR", 1)]
    assert table[0].decided_by == ["goals_for"]  # goal difference (+1 each) did not split them


def test_volleyball_three_way_tie_broken_by_set_ratio():
    # Points 2 for a win, 0 for a loss; A, B and C each win one match among themselves.
    results = [
        Result("A", "B", 2, 1, 70, 60),
        Result("B", "C", 2, 0, 50, 30),
        Result("C", "A", 2, 1, 72, 68),
        Result("A", "D", 2, 0, 50, 20),
        Result("B", "D", 2, 0, 50, 40),
        Result("C", "D", 2, 0, 50, 45),
    ]
    table = standings("ABCD", results, PointsRule(2, 0, 0), ("head_to_head", "set_ratio", "point_ratio", "lots"))
    # Head to head: 2 points each, no split. Sets: B 5–2 (2.5), A 5–3 (1.67), C 4–3 (1.33).
    assert [(r.entry, r.score_for, r.score_against) for r in table] == [
        ("B", 5, 2),
        ("A", 5, 3),
        ("C", 4, 3),
        ("D", 0, 6),
    ]
    assert table[1].decided_by == ["set_ratio"]


def test_equal_set_ratio_goes_to_point_ratio():
    results = [
        Result("A", "C", 2, 1, 60, 50),
        Result("B", "C", 2, 1, 55, 50),
        Result("A", "B", 1, 2, 50, 55),
        Result("B", "A", 1, 2, 40, 60),
    ]
    # A and B: 2 wins each (4 points), sets 5–4 each, head to head 1 win each; rally points decide.
    table = standings("ABC", results, PointsRule(2, 0, 0), ("head_to_head", "set_ratio", "point_ratio"))
    assert [r.entry for r in table][:2] == ["A", "B"]
    assert table[0].decided_by == ["point_ratio"]


def test_still_level_entries_share_a_rank_until_lots_are_drawn():
    results = [Result("X", "Y", 1, 1)]
    table = standings(["X", "Y"], results)
    assert [(r.rank, r.tied) for r in table] == [(1, True), (1, True)]
    drawn = standings(["X", "Y"], results, lots={"Y": 1, "X": 2})
    assert [(r.entry, r.rank, r.tied) for r in drawn] == [("Y", 1, False), ("X", 2, False)]


def test_unknown_tie_breaker_is_refused():
    with pytest.raises(ValueError, match="unknown tie-breakers"):
        standings(["X"], [], tie_breakers=("coin",))


def test_a_forfeit_scores_the_forfeit_points_not_the_loss_points():
    # Set sports in union games: 2 for a win, 1 for a loss played, 0 for not turning up.
    rule = PointsRule(win=2, draw=0, loss=1, forfeit=0)
    results = [
        Result("A", "B", 2, 0),
        Result("C", "B", 2, 1),
        Result("A", "C", 2, 0, forfeited_by="away"),  # C did not turn up
    ]
    table = {r.entry: r.points for r in standings(["A", "B", "C"], results, rule, ("head_to_head",))}
    assert table == {"A": 4, "B": 2, "C": 2}


# Sensei's Library, "Sonneborn-Berger": a double round robin of four, no draws (1 a win): A and B
# on 4 wins, A ahead on Sonneborn-Berger, 11 to 9 (C 6, D 4).
SENSEIS_DOUBLE_ROUND_ROBIN = [
    Result("A", "B", 1, 0), Result("A", "C", 1, 0), Result("A", "D", 1, 0),
    Result("B", "A", 1, 0), Result("A", "C", 1, 0), Result("D", "A", 1, 0),
    Result("B", "C", 1, 0), Result("B", "D", 1, 0), Result("C", "B", 1, 0),
    Result("B", "D", 1, 0), Result("C", "D", 1, 0), Result("C", "D", 1, 0),
]  # fmt: skip


def test_sonneborn_berger_as_published():
    table = standings(
        ["A", "B", "C", "D"], SENSEIS_DOUBLE_ROUND_ROBIN, PointsRule(1, 0, 0), ("sonneborn_berger", "lots")
    )
    assert [(r.entry, r.points) for r in table] == [("A", 4), ("B", 4), ("C", 3), ("D", 1)]
    assert "sonneborn_berger" in table[0].decided_by
    values = CATALOGUE["sonneborn_berger"].value(Context(_table("ABCD", SENSEIS_DOUBLE_ROUND_ROBIN, PointsRule(1, 0, 0)),
                                                          SENSEIS_DOUBLE_ROUND_ROBIN, PointsRule(1, 0, 0), {}), list("ABCD"))  # fmt: skip
    assert values == {"A": 11, "B": 9, "C": 6, "D": 4}
