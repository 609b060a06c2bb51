"""Sport presets refuse scores that break the sport's rules (services/results/scoring.py)."""

import pytest

from models import ScoringPreset
from services.errors import DomainError
from services.results.scoring import AWAY, HOME, check

B, V, TT, T, F, K = (
    ScoringPreset.BADMINTON,
    ScoringPreset.VOLLEYBALL,
    ScoringPreset.TABLE_TENNIS,
    ScoringPreset.TENNIS,
    ScoringPreset.FOOTBALL,
    ScoringPreset.TUG_OF_WAR,
)


@pytest.mark.parametrize(
    "sets",
    [
        [(21, 19), (21, 0)],
        [(23, 21), (19, 21), (30, 29)],  # 29–29: the next point wins, 30 is the cap
        [(30, 28), (29, 27)],
        [(0, 21), (22, 20), (21, 15)],
    ],
)
def test_valid_badminton_matches(sets):
    score = check(B, 3, knockout=False, sets=sets)
    assert score.winner in (HOME, AWAY)
    assert max(score.home, score.away) == 2


@pytest.mark.parametrize(
    ("sets", "message"),
    [
        ([(21, 20), (21, 10)], "Ván 1: 21–20 không hợp lệ"),  # a one-point lead is not a win
        ([(21, 10), (31, 29)], "Ván 2: 31–29 không hợp lệ"),  # over the cap
        ([(21, 10), (20, 18)], "Ván 2: 20–18 không hợp lệ"),  # short of 21
        ([(21, 10), (25, 21)], "Ván 2: 25–21 không hợp lệ"),  # past 21 needs exactly 2 ahead
        ([(21, 10), (21, 15), (21, 3)], "Ván 3 thừa"),  # the match was already won
        ([(21, 10)], "Chưa đủ ván"),
        ([(21, 21), (21, 10)], "Ván 1: 21–21"),
    ],
)
def test_badminton_scores_that_break_the_rules_are_refused(sets, message):
    with pytest.raises(DomainError) as error:
        check(B, 3, knockout=False, sets=sets)
    assert message in error.value.message
    assert "cầu lông" in error.value.message or "ván" in error.value.message.lower()


def test_volleyball_deciding_set_is_played_to_15():
    assert check(V, 3, knockout=False, sets=[(25, 23), (20, 25), (15, 13)]).winner == HOME
    assert check(V, 3, knockout=False, sets=[(25, 23), (20, 25), (17, 19)]).winner == AWAY
    with pytest.raises(DomainError, match="Ván 3: 15–14"):
        check(V, 3, knockout=False, sets=[(25, 23), (20, 25), (15, 14)])
    with pytest.raises(DomainError, match="Ván 1: 15–10"):  # only the deciding set is short
        check(V, 3, knockout=False, sets=[(15, 10), (25, 20)])
    assert check(V, 5, knockout=False, sets=[(25, 20), (26, 28), (25, 10), (31, 29)]).home == 3


def test_table_tennis_tennis_and_tug_of_war():
    assert check(TT, 5, knockout=False, sets=[(11, 9), (11, 13), (12, 10), (11, 2)]).home == 3
    with pytest.raises(DomainError, match="11–10"):
        check(TT, 5, knockout=False, sets=[(11, 10), (11, 5), (11, 5)])
    assert check(T, 3, knockout=False, sets=[(6, 4), (5, 7), (7, 6)]).winner == HOME
    with pytest.raises(DomainError, match="6–5"):
        check(T, 3, knockout=False, sets=[(6, 5), (6, 0)])
    pulls = check(K, 3, knockout=True, sets=[(1, 0), (0, 1), (0, 1)])
    assert (pulls.home, pulls.away, pulls.winner) == (1, 2, AWAY)
    with pytest.raises(DomainError, match="kéo co"):
        check(K, 3, knockout=True, sets=[(2, 0), (1, 0)])


def test_goals_draws_only_outside_knockouts_and_walkovers():
    assert check(F, 1, knockout=False, home=1, away=1).winner is None
    with pytest.raises(DomainError, match="luân lưu"):
        check(F, 1, knockout=True, home=2, away=2)
    won = check(F, 1, knockout=True, home=2, away=2, shootout=AWAY)
    assert (won.winner, won.shootout) == (AWAY, AWAY)
    with pytest.raises(DomainError, match="số bàn thắng"):
        check(F, 1, knockout=False, home=-1, away=0)
    walkover = check(F, 1, knockout=False, forfeited_by=HOME)
    assert (walkover.home, walkover.away, walkover.winner) == (0, 3, AWAY)
    sets_walkover = check(B, 3, knockout=False, forfeited_by=AWAY)
    assert (sets_walkover.home, sets_walkover.away, sets_walkover.winner) == (2, 0, HOME)
