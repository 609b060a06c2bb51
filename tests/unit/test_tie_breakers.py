"""The tie-breaker catalogue criterion by criterion, at its edges, and each sport preset's
precedence on real published tables (services/results/standings.py, scoring.py)."""

from __future__ import annotations

import pytest

from models import ScoringPreset
from services.labels import LABELS
from services.results import draws, placements
from services.results.scoring import PRESETS
from services.results.standings import CATALOGUE, PointsRule, Result, precedence, standings


def preset(code: ScoringPreset):
    rules = PRESETS[code]
    win, draw, loss, forfeit = rules.points
    return PointsRule(win, draw, loss, forfeit, rules.by_score), rules.tie_breakers


def order(table) -> list:
    return [row.entry for row in table]


def test_every_criterion_has_a_name_a_vietnamese_label_and_a_scope():
    for name, criterion in CATALOGUE.items():
        assert criterion.name == name and criterion.scope in ("all", "tied")
        assert str(LABELS[name]) == criterion.label, name  # the label the admin reads is the catalogue's


def test_every_preset_lists_only_known_criteria_and_says_whose_rule_it_is():
    for code, rules in PRESETS.items():
        assert set(rules.tie_breakers) <= set(CATALOGUE), code
        assert rules.tie_breakers[-1] == "lots" and rules.source, code


def test_old_plans_without_points_first_are_ranked_on_points_first():
    assert precedence(["head_to_head", "lots"]) == ["points", "head_to_head", "lots"]
    assert precedence(["matches_won", "points"]) == ["matches_won", "points"]


# --- football, UEFA-style ----------------------------------------------------------------------


def test_uefa_preset_ranks_euro_2012_group_a_as_published():
    from tests.unit.test_standings import EURO_2012_GROUP_A  # the published group, cited there

    rule, criteria = preset(ScoringPreset.FOOTBALL)
    table = standings(["POL", "GRE", "RUS", "CZE"], EURO_2012_GROUP_A, rule, criteria)
    assert order(table) == ["CZE", "GRE", "RUS", "POL"]
    assert table[1].decided_by == ["head_to_head"]


def test_head_to_head_goal_difference_overrules_overall_goal_difference():
    # A, B and C level on 6 points behind D (9), each beating one of the others. Among
    # themselves A has the best goal difference (+2), although B has the best overall (8–0 against D).
    results = [
        Result("A", "B", 3, 0),
        Result("B", "C", 2, 1),
        Result("C", "A", 2, 1),
        Result("A", "D", 1, 0),
        Result("B", "D", 8, 0),
        Result("C", "D", 1, 0),
        Result("D", "A", 1, 0),
        Result("D", "B", 1, 0),
        Result("D", "C", 1, 0),
    ]
    rule, criteria = preset(ScoringPreset.FOOTBALL)
    table = standings("ABCD", results, rule, criteria)
    among = {"A": 3 + 1 - 0 - 2, "B": 2 + 0 - 1 - 3, "C": 2 + 1 - 1 - 2}
    assert among == {"A": 2, "B": -2, "C": 0}
    assert order(table) == ["D", "A", "C", "B"]
    assert "head_to_head_goal_difference" in table[1].decided_by
    overall = standings("ABCD", results, rule, ["points", "goal_difference", "lots"])
    assert order(overall)[1] == "B"  # overall goal difference first gives another order


def test_three_tied_first_split_on_points_among_them_then_the_two_left_on_their_own_match():
    # ITTF: A, B, C, D each 2 wins (match points 2 a win, 1 a loss). Among A, B and C: A beat
    # B and C (A separated first); then B and C are compared on their own match only.
    results = [
        Result("A", "B", 3, 0, 33, 10),
        Result("A", "C", 3, 2, 50, 48),
        Result("B", "C", 3, 1, 40, 35),
        Result("D", "A", 3, 0, 33, 20),
        Result("C", "D", 3, 0, 33, 5),
        Result("B", "D", 0, 3, 5, 33),
    ]
    rule, criteria = preset(ScoringPreset.TABLE_TENNIS)
    table = standings("ABCD", results, rule, criteria)
    # A 2 wins, B 1, C 1, D 2: A and D level on 5 points; D beat A.
    assert order(table) == ["D", "A", "B", "C"]
    assert table[0].decided_by == ["head_to_head"]
    assert table[2].entry == "B" and "head_to_head" in table[2].decided_by  # B beat C among the two


# --- volleyball, FIVB --------------------------------------------------------------------------

# CEV pool, "Criteria used to determine positions: matches won, ranking points (3–0, 3–1: 3;
# 3–2: 2; 2–3: 1), set ratio, point ratio, head to head" (cev.eu competition standings,
# CID=5532, PID=1380). Results rebuilt from the published breakdown per team (3–0, 3–1, 3–2,
# 2–3, 1–3, 0–3), which leaves exactly one set of results.
CEV_POOL_1 = [
    Result("SRB", "TUR", 3, 0),
    Result("SRB", "CZE", 3, 0),
    Result("FRA", "SRB", 3, 2),
    Result("TUR", "FRA", 3, 0),
    Result("TUR", "CZE", 3, 1),
    Result("FRA", "CZE", 3, 0),
]
CEV_POOL_2 = [
    Result("RUS", "SLO", 3, 0),
    Result("RUS", "POL", 3, 1),
    Result("RUS", "ITA", 3, 2),
    Result("ITA", "SLO", 3, 1),
    Result("ITA", "POL", 3, 1),
    Result("SLO", "POL", 3, 2),
]


def test_fivb_preset_ranks_the_cev_pools_as_published():
    rule, criteria = preset(ScoringPreset.VOLLEYBALL)
    first = standings(["CZE", "FRA", "TUR", "SRB"], CEV_POOL_1, rule, criteria)
    assert [(r.entry, r.won, r.points) for r in first] == [("SRB", 2, 7), ("TUR", 2, 6), ("FRA", 2, 5), ("CZE", 0, 0)]
    second = standings(["POL", "SLO", "ITA", "RUS"], CEV_POOL_2, rule, criteria)
    assert [(r.entry, r.won, r.points) for r in second] == [("RUS", 3, 8), ("ITA", 2, 7), ("SLO", 1, 2), ("POL", 0, 1)]


def test_volleyball_match_points_and_a_two_one_rule_give_different_orders():
    # B wins two matches 3–2 and loses one 0–3; C wins one 3–0 and one 3–1 but loses 2–3 twice.
    results = [
        Result("B", "A", 3, 2),
        Result("B", "C", 3, 2),
        Result("D", "B", 3, 0),
        Result("C", "A", 3, 0),
        Result("C", "D", 3, 1),
        Result("A", "D", 3, 2),
    ]
    fivb_rule, fivb = preset(ScoringPreset.VOLLEYBALL)
    table = standings("ABCD", results, fivb_rule, fivb)
    assert [(r.entry, r.won, r.points) for r in table][:2] == [("C", 2, 7), ("B", 2, 4)]
    old = standings("ABCD", results, PointsRule(2, 0, 1), ["points", "head_to_head", "set_ratio", "lots"])
    assert order(old)[:2] == ["B", "C"]  # 2 a win, 1 a loss: level on 5, B beat C


def test_matches_won_come_before_match_points():
    # A: 2 wins 3–2 (4 points) + a 2–3 loss (1) = 5 points; B: 1 win 3–0 (3) + two 2–3 (2) = 5… B has fewer wins.
    rule, criteria = preset(ScoringPreset.VOLLEYBALL)
    results = [
        Result("A", "C", 3, 2),
        Result("A", "D", 3, 2),
        Result("B", "A", 3, 2),
        Result("C", "B", 3, 2),
        Result("D", "B", 3, 2),
        Result("C", "D", 3, 0),
    ]
    table = {r.entry: r for r in standings("ABCD", results, rule, criteria)}
    assert table["A"].won == 2 and table["B"].won == 1
    assert table["A"].rank < table["B"].rank


# --- badminton, BWF ----------------------------------------------------------------------------


def test_bwf_two_tied_go_by_their_match_three_tied_by_game_then_point_difference():
    rule, criteria = preset(ScoringPreset.BADMINTON)
    # Two tied (A and B, 2 wins each): their match decides, though B has the better game difference.
    two = [
        Result("A", "B", 2, 1, 55, 50),
        Result("B", "C", 2, 0, 42, 10),
        Result("B", "D", 2, 0, 42, 10),
        Result("C", "A", 2, 1, 60, 58),
        Result("A", "D", 2, 1, 60, 50),
        Result("C", "D", 0, 2, 30, 42),
    ]
    table = standings("ABCD", two, rule, criteria)
    assert order(table)[:2] == ["A", "B"] and table[0].decided_by == ["head_to_head_two"]
    # Three tied (A, B, C on one win each against each other): game difference over all their
    # matches splits them, and point difference where games are level.
    three = [
        Result("A", "B", 2, 0, 42, 30),
        Result("B", "C", 2, 0, 42, 20),
        Result("C", "A", 2, 1, 60, 55),
        Result("A", "D", 2, 0, 42, 10),
        Result("B", "D", 2, 0, 42, 15),
        Result("C", "D", 2, 0, 42, 40),
    ]
    table = standings("ABCD", three, rule, criteria)
    games = {r.entry: r.score_difference for r in table}
    assert games == {"A": 3, "B": 2, "C": 1, "D": -6}
    assert order(table) == ["A", "B", "C", "D"]
    assert table[0].decided_by == ["set_difference"]


def test_bwf_preset_ranks_tokyo_2020_mens_doubles_group_a_as_published():
    # Tokyo 2020, badminton men's doubles, Group A (pl.wikipedia.org, "Badminton na Letnich
    # Igrzyskach Olimpijskich 2020 – debel mężczyzn"): Gideon/Sukamuljo (INA), Lee/Wang (TPE)
    # and Rankireddy/Shetty (IND) each won two matches; three level, so games difference over
    # all group matches decided: INA 5–2, TPE 5–3, IND 4–3; India went out. Rally points are
    # given only where the page prints them (the ranking is decided before points count).
    results = [
        Result("INA", "GBR", 2, 0, 42, 26),  # 21–15, 21–11
        Result("TPE", "IND", 1, 2, 62, 64),  # 16–21, 21–16, 25–27
        Result("TPE", "GBR", 2, 0, 42, 31),  # 21–17, 21–14
        Result("INA", "IND", 2, 0, 42, 25),  # 21–13, 21–12
        Result("INA", "TPE", 1, 2),
        Result("IND", "GBR", 2, 0),
    ]
    rule, criteria = preset(ScoringPreset.BADMINTON)
    table = standings(["INA", "TPE", "IND", "GBR"], results, rule, criteria)
    assert [(r.entry, r.won, r.score_for, r.score_against) for r in table] == [
        ("INA", 2, 5, 2),
        ("TPE", 2, 5, 3),
        ("IND", 2, 4, 3),
        ("GBR", 0, 0, 6),
    ]
    assert all(r.decided_by == ["set_difference"] for r in table[:3])
    # The head-to-head circle alone (INA beat IND, IND beat TPE, TPE beat INA) decides nothing.
    assert all(r.tied for r in standings(["INA", "TPE", "IND"], results, rule, ["matches_won", "head_to_head"]))


def test_point_difference_not_only_ratio():
    # Same games; A +10 points on 100–90, B +9 on 30–21: the ratio prefers B, the difference A.
    results = [Result("A", "X", 2, 0, 100, 90), Result("B", "Y", 2, 0, 30, 21)]
    by_difference = standings("ABXY", results, PointsRule(1, 0, 0), ["matches_won", "point_difference", "lots"])
    by_ratio = standings("ABXY", results, PointsRule(1, 0, 0), ["matches_won", "point_ratio", "lots"])
    assert order(by_difference)[:2] == ["A", "B"] and order(by_ratio)[:2] == ["B", "A"]


def test_fewest_forfeits():
    results = [Result("A", "C", 3, 0, forfeited_by="away"), Result("C", "B", 3, 0), Result("B", "A", 3, 0)]
    table = standings("ABC", results, PointsRule(3, 1, 0), ["points", "fewest_forfeits", "lots"])
    assert table[-1].entry == "C" and table[-1].forfeits == 1


def test_a_tie_that_survives_every_criterion_waits_for_lots():
    circle = [Result("A", "B", 2, 0, 42, 30), Result("B", "C", 2, 0, 42, 30), Result("C", "A", 2, 0, 42, 30)]
    rule, criteria = preset(ScoringPreset.BADMINTON)
    table = standings("ABC", circle, rule, criteria)
    assert all(r.tied and r.rank == 1 for r in table)
    drawn = standings("ABC", circle, rule, criteria, lots={"B": 1, "C": 2, "A": 3})
    assert order(drawn) == ["B", "C", "A"] and not any(r.tied for r in drawn)


def test_points_by_score_reads_both_sides():
    rule = PointsRule(3, 0, 0, 0, ((3, 2, 2, 1),))
    assert rule.points(3, 2, False) == 2 and rule.points(2, 3, False) == 1
    assert rule.points(3, 0, False) == 3 and rule.points(0, 3, False) == 0 and rule.points(0, 3, True) == 0


# --- groups to knockout ------------------------------------------------------------------------


def _group(code: str) -> str:
    return code[0]


@pytest.mark.parametrize("groups", [3, 4, 5, 6])
def test_crossing_keeps_a_groups_qualifiers_apart_and_gives_byes_to_group_winners(groups):
    pairs = draws.knockout_from_groups(groups, 2)
    codes = [c for pair in pairs for c in pair]
    assert sorted(c for c in codes if c != "BYE") == sorted(f"{chr(65 + g)}{p}" for g in range(groups) for p in (1, 2))
    for a, b in pairs:
        assert "BYE" in (a, b) or _group(a) != _group(b), (a, b)  # never two of one group in round one
    byes = {a if b == "BYE" else b for a, b in pairs if "BYE" in (a, b)}
    winners = [f"{chr(65 + g)}1" for g in range(groups)]
    assert set(winners[: len(byes)]) <= byes  # group winners first, in group order


def test_crossing_for_three_groups_puts_each_groups_pair_in_opposite_halves():
    pairs = draws.knockout_from_groups(3, 2)
    assert pairs == [("A1", "BYE"), ("B2", "C2"), ("B1", "BYE"), ("C1", "A2")]
    top = {c for pair in pairs[:2] for c in pair}
    for g in "ABC":
        assert (f"{g}1" in top) != (f"{g}2" in top)  # they can meet in the final only


def test_crossing_for_four_groups_is_a1_b2_c1_d2_b1_a2_d1_c2():
    assert draws.knockout_from_groups(4, 2) == [("A1", "B2"), ("C1", "D2"), ("B1", "A2"), ("D1", "C2")]


# --- overall points for any place ----------------------------------------------------------------


def test_overall_points_for_places_four_to_eight():
    from models import OverallRule

    points = {"1": 9, "2": 7, "3": 6, "4": 5, "5": 4, "8": 1}
    places = [(10, 1), (20, 2), (30, 3)]
    ranked = [(10, 1, False), (20, 2, False), (30, 3, False), (40, 4, False), (50, 5, False), (60, 8, False)]
    table = placements.overall_ranking(OverallRule.POINTS, points, [10, 20, 30, 40, 50, 60], places, ranked)
    assert [(t.unit_id, t.points) for t in table] == [(10, 9), (20, 7), (30, 6), (40, 5), (50, 4), (60, 1)]


def test_overall_points_may_name_any_place(bare_app):
    from services.errors import DomainError
    from services.season.events import format_overall_points, parse_overall_points

    with bare_app.app_context():
        points = parse_overall_points("1=9, 2=7, 3=6, 4=5, 5=4, 6=3, 7=2, 8=1, kk=1")
        assert points["4"] == 5 and points["8"] == 1 and points["kk"] == 1
        assert format_overall_points(points) == "1=9, 2=7, 3=6, 4=5, 5=4, 6=3, 7=2, 8=1, kk=1"
        for wrong in ("0=3", "65=1", "x=1", "4=-1"):
            with pytest.raises(DomainError):
                parse_overall_points(wrong)
