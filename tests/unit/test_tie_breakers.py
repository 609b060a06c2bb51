"""The tie-breaker catalogue criterion by criterion, at its edges, and each sport preset's
precedence on real published tables (services/results/standings.py, scoring.py)."""

from __future__ import annotations

import pytest

from models import ScoringPreset
from services.labels import LABELS
from services.results import draws, placements
from services.results.scoring import PRESETS
from services.results.standings import CATALOGUE, PointsRule, Result, across_groups, precedence, standings


def preset(code: ScoringPreset):
    rules = PRESETS[code]
    win, draw, loss, forfeit = rules.points
    return PointsRule(win, draw, loss, forfeit, rules.by_score), rules.tie_breakers


def order(table) -> list:
    return [row.entry for row in table]


def test_every_criterion_has_a_name_a_vietnamese_label_and_a_scope():
    for name, criterion in CATALOGUE.items():
        assert criterion.name == name and criterion.scope in ("all", "tied")
        assert LABELS[name] is criterion.label and str(criterion.label), name  # one label, the catalogue's


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


def _played(winner: str, loser: str, games: str) -> Result:
    """A table-tennis match as a report prints it: games from the winner's side ("11-9, 8-11, …")."""
    scores = [tuple(int(x) for x in g.split("-")) for g in games.split(", ")]
    won = sum(w > lo for w, lo in scores)
    return Result(winner, loser, won, len(scores) - won, sum(w for w, _ in scores), sum(lo for _, lo in scores))


# ITTF qualification groups of three, each a circle (every player won once), as reported with
# every game by Ian Marshall, ITTF Publications Editor, "Status prevails, not always direct
# route", ittf.com, 5 October 2017. The report gives the order each time and says that the
# games ratio decided it: the match points and the matches among the three are all level.
ITTF_2017_GROUPS = {
    ("STOYANOV", "TAN", "KALUZNY"): [
        _played("KALUZNY", "STOYANOV", "8-11, 5-11, 11-8, 6-11, 11-6, 11-9, 11-9"),
        _played("STOYANOV", "TAN", "11-9, 11-8, 11-6, 11-9"),
        _played("TAN", "KALUZNY", "11-5, 8-11, 11-6, 11-7, 11-3"),
    ],
    ("RECH DALDOSSO", "SHAMRUK", "PETAS"): [
        _played("PETAS", "RECH DALDOSSO", "11-7, 5-11, 5-11, 11-5, 8-11, 11-9, 11-9"),
        _played("RECH DALDOSSO", "SHAMRUK", "11-7, 11-7, 11-9, 11-9"),
        _played("SHAMRUK", "PETAS", "11-8, 11-5, 11-9, 11-5"),  # the report prints "115" for 11-5
    ],
}


@pytest.mark.parametrize("published", list(ITTF_2017_GROUPS))
def test_ittf_preset_ranks_the_2017_groups_as_published(published):
    rule, criteria = preset(ScoringPreset.TABLE_TENNIS)
    results = ITTF_2017_GROUPS[published]
    table = standings(sorted(published), results, rule, criteria)
    assert tuple(order(table)) == published
    assert [r.points for r in table] == [3, 3, 3]  # 2 a win, 1 a loss: all level
    assert all(r.decided_by[-1] == "head_to_head_set_ratio" for r in table)
    # Match points, the matches among them and their match ratio leave all three level.
    level = standings(sorted(published), results, rule, criteria[: criteria.index("head_to_head_set_ratio")])
    assert all(r.tied and r.rank == 1 for r in level)


# --- tug of war, the provincial rule ------------------------------------------------------------


def test_tug_of_war_two_level_go_by_their_match_three_level_by_pulls_among_them():
    # The provincial rule (2 a win, 1 a loss; head to head; pulls ratio; lots), on a built
    # table of four teams, best of three pulls. A and D level on 5 points: A beat D, although
    # D won more pulls overall. B, C and E level on 4: a circle, then pulls among the three.
    rule, criteria = preset(ScoringPreset.TUG_OF_WAR)
    two = [
        Result("A", "D", 2, 1),
        Result("D", "B", 2, 0),
        Result("D", "C", 2, 0),
        Result("A", "B", 2, 1),
        Result("C", "A", 2, 1),
        Result("B", "C", 2, 1),
    ]
    table = standings("ABCD", two, rule, criteria)
    assert [(r.entry, r.points) for r in table] == [("A", 5), ("D", 5), ("B", 4), ("C", 4)]
    assert table[0].decided_by == ["head_to_head"] and table[2].decided_by == ["head_to_head"]
    assert (table[0].score_for, table[0].score_against, table[1].score_for, table[1].score_against) == (5, 4, 5, 2)
    # Three level, each beating one other (head to head decides nothing): pulls B 3–2, C 2–2, E 2–3.
    circle = [Result("B", "C", 2, 0), Result("C", "E", 2, 0), Result("E", "B", 2, 1)]
    three = standings("EBC", circle, rule, criteria)
    assert [r.entry for r in three] == ["B", "C", "E"]
    assert all(r.decided_by == ["set_ratio"] for r in three)


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
    """The group a source names: "B2" → "B"; "*2.2" → "2" (the group whose winner ranks 2nd)."""
    return code[1:].split(".")[0] if code.startswith("*") else code[0]


def _place(code: str) -> int:
    return int(code.split(".")[1]) if code.startswith("*") else int(code[1:])


@pytest.mark.parametrize("groups", [3, 4, 5, 6])
def test_crossing_keeps_a_groups_qualifiers_apart_and_gives_byes_to_the_best_group_winners(groups):
    pairs = draws.knockout_from_groups(groups, 2)
    codes = [c for pair in pairs for c in pair if c != "BYE"]
    assert len(codes) == len(set(codes)) == 2 * groups
    assert sorted((_group(c), _place(c)) for c in codes) == sorted(
        (g, p) for g in {_group(c) for c in codes} for p in (1, 2)
    )
    for a, b in pairs:
        assert "BYE" in (a, b) or _group(a) != _group(b), (a, b)  # never two of one group in round one
    byes = [a if b == "BYE" else b for a, b in pairs if "BYE" in (a, b)]
    if groups == 4:
        assert not byes and codes[0] == "A1"  # no byes: the groups keep their letters
    else:  # byes: to the winners ranked best across the groups, 1st, 2nd, …; then to runners-up
        winners = sorted(c for c in byes if _place(c) == 1)
        assert winners == [f"*{k}.1" for k in range(1, min(len(byes), groups) + 1)]


def test_crossing_for_three_groups_puts_each_groups_pair_in_opposite_halves():
    pairs = draws.knockout_from_groups(3, 2)
    assert pairs == [("*1.1", "BYE"), ("*2.2", "*3.2"), ("*2.1", "BYE"), ("*3.1", "*1.2")]
    top = {c for pair in pairs[:2] for c in pair}
    for k in "123":
        assert (f"*{k}.1" in top) != (f"*{k}.2" in top)  # they can meet in the final only


def test_group_winners_ranked_across_groups_per_match_then_in_group_order():
    # A's winner: 2 wins in a group of 3 (6 points, +4); B's: 3 wins in a group of 4 (9 points
    # but 3 a match, +3); C's: level with A per match on points and difference, fewer scored.
    a = standings("AXY", [Result("A", "X", 2, 0), Result("A", "Y", 3, 1)], PointsRule(3, 1, 0))[0]
    b = standings(
        "BXYZ", [Result("B", "X", 1, 0), Result("B", "Y", 1, 0), Result("B", "Z", 1, 0)], PointsRule(3, 1, 0)
    )[0]
    c = standings("CXY", [Result("C", "X", 2, 0), Result("C", "Y", 2, 0)], PointsRule(3, 1, 0))[0]
    football = PRESETS[ScoringPreset.FOOTBALL].tie_breakers
    assert [r.entry for r in across_groups([a, b, c], football)] == ["A", "C", "B"]
    assert [r.entry for r in across_groups([c, a, b], ["points", "lots"])] == ["C", "A", "B"]  # level: as given


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
