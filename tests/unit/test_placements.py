"""Places, medal table and overall ranking from confirmed results (services/results/placements.py, pure)."""

from datetime import UTC, datetime
from decimal import Decimal
from types import SimpleNamespace

from models import MatchStage, OverallRule, ResultFormat, ThirdPlace
from services.results.placements import (
    CONSOLATION,
    Placement,
    medal_table,
    overall_ranking,
    performance_ranks,
    placements,
)

NOW = datetime(2024, 8, 27, tzinfo=UTC)


def plan(fmt=ResultFormat.KNOCKOUT, **kw):
    base = {
        "format": fmt,
        "drawn_at": NOW,
        "third_place": ThirdPlace.SHARED,
        "consolation": False,
        "points_win": 2,
        "points_draw": 0,
        "points_loss": 1,
        "points_forfeit": 0,
        "tie_breakers": ["head_to_head", "set_ratio", "lots"],
        "lots": {},
        "higher_is_better": True,
    }
    return SimpleNamespace(**(base | kw))


def match(id, round_no, position, home, away, winner=None, stage=MatchStage.KNOCKOUT, hs="", as_="", group_no=0):
    confirmed = winner is not None
    return SimpleNamespace(
        id=id,
        stage=stage,
        group_no=group_no,
        round_no=round_no,
        position=position,
        home_entry_id=home,
        away_entry_id=away,
        home_source=hs,
        away_source=as_,
        winner_entry_id=winner,
        confirmed=confirmed,
        home_score=2 if winner == home else 0,
        away_score=2 if winner == away else 0,
        sets=[],
        forfeited_by="",
    )


def test_third_place_match_and_consolation_for_quarter_final_losers():
    # 8 entries: quarter-finals 1–8, semi-finals, final, third-place match.
    ms = [match(i, 1, i, 2 * i - 1, 2 * i, winner=2 * i - 1) for i in range(1, 5)]
    ms += [
        match(5, 2, 1, None, None, winner=1, hs="W1.1", as_="W1.2"),
        match(6, 2, 2, None, None, winner=7, hs="W1.3", as_="W1.4"),
        match(7, 3, 1, None, None, winner=7, hs="W2.1", as_="W2.2"),
        match(8, 3, 1, None, None, winner=5, stage=MatchStage.THIRD_PLACE, hs="L2.1", as_="L2.2"),
    ]
    places = placements(plan(third_place=ThirdPlace.MATCH, consolation=True), ms, {})
    assert {(p.entry_id, p.place) for p in places} == {
        (7, 1),
        (1, 2),
        (5, 3),
        (3, CONSOLATION),  # lost the third-place match
        (2, CONSOLATION),
        (4, CONSOLATION),
        (6, CONSOLATION),
        (8, CONSOLATION),
    }


def test_a_final_not_confirmed_gives_no_first_or_second_but_semi_final_losers_are_third():
    ms = [
        match(1, 1, 1, 1, 2, winner=1),
        match(2, 1, 2, 3, 4, winner=4),
        match(3, 2, 1, None, None, hs="W1.1", as_="W1.2"),
    ]
    assert placements(plan(), ms, {}) == [Placement(2, 3), Placement(3, 3)]


def test_ranked_events_share_equal_performances_and_give_no_place_to_a_did_not_finish():
    def perf(entry, value, dnf=False):
        return SimpleNamespace(
            entry_id=entry, value=Decimal(value) if value else None, did_not_finish=dnf, confirmed=True
        )

    times = [perf(1, "62.10"), perf(2, "61.05"), perf(3, "62.10"), perf(4, None, dnf=True), perf(5, "70")]
    lower = plan(ResultFormat.RANKED, higher_is_better=False)
    assert [(p.entry_id, rank) for p, rank in performance_ranks(lower, times)] == [(2, 1), (1, 2), (3, 2), (5, 4)]
    assert {(p.entry_id, p.place) for p in placements(lower, [], {}, times)} == {(2, 1), (1, 2), (3, 2)}
    times[0].confirmed = False
    assert placements(lower, [], {}, times) == []  # places once every performance is confirmed


def test_medal_table_orders_by_gold_then_silver_then_bronze_and_shares_equal_ranks():
    places = [("A", 1), ("B", 2), ("B", 2), ("C", 1), ("C", 3), ("D", 3), ("D", 3), ("E", 1), ("E", 3)]
    table = medal_table(["A", "B", "C", "D", "E", "F"], places)
    assert [(t.unit_id, t.medals, t.rank) for t in table] == [
        ("C", (1, 0, 1), 1),
        ("E", (1, 0, 1), 1),
        ("A", (1, 0, 0), 3),
        ("B", (0, 2, 0), 4),
        ("D", (0, 0, 2), 5),
        ("F", (0, 0, 0), 6),
    ]


def test_overall_ranking_by_points_per_placement():
    places = [("A", 1), ("B", 2), ("B", 3), ("C", CONSOLATION), ("C", CONSOLATION), ("C", 3)]
    points = {"1": 7, "2": 5, "3": 3, "kk": 1}
    ranking = overall_ranking(OverallRule.POINTS, points, ["A", "B", "C"], places)
    assert [(t.unit_id, t.points, t.rank) for t in ranking] == [("B", 8, 1), ("A", 7, 2), ("C", 5, 3)]
    by_medals = overall_ranking(OverallRule.MEDALS, {}, ["A", "B", "C"], places)
    assert [t.unit_id for t in by_medals] == ["A", "B", "C"]
