"""A Swiss competition's games read back (services/results/swiss_table.py), pure: standings
over the confirmed rounds only, and a tie no tie-break splits waiting for the drawing of lots
before its medals are given."""

from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace

import pytest

from models import MatchStage, ResultFormat
from services.results import placements, swiss_table
from services.results.swiss import tiebreaks

pytestmark = pytest.mark.unit
NOW = datetime(2024, 8, 27, 9, 0)


def _game(round_no, board, white, black, code, confirmed=True):
    home, away, forfeit = swiss_table.RESULTS[code] if code else (None, None, "")
    return SimpleNamespace(stage=MatchStage.SWISS, round_no=round_no, position=board, home_entry_id=white,
                           away_entry_id=black, home_score=home, away_score=away, forfeited_by=forfeit,
                           confirmed_at=NOW if confirmed else None)  # fmt: skip


def _plan(lots=None):
    return SimpleNamespace(rounds=1, draw={"swiss": [11, 12, 13, 14], "initial": "w"}, lots=lots or {},
                           tie_breakers=list(tiebreaks.VIETNAM_CHESS), consolation=False, drawn_at=NOW,
                           format=ResultFormat.SWISS, bye_points=1)  # fmt: skip


def test_an_unsplit_tie_waits_for_lots_then_the_lots_place_it():
    # one round: both whites win; 11 and 13 level on everything, so are 12 and 14
    games = [_game(1, 1, 11, 12, "1-0"), _game(1, 2, 13, 14, "1-0")]
    plan = _plan()
    assert sorted(swiss_table.undecided(plan, games, [11, 12, 13, 14])) == [11, 12, 13, 14]
    assert placements.final_ranks(plan, games, {}) == []  # no medal while the places are shared
    plan = _plan(lots={11: 2, 13: 1})  # the winners drew their lots
    assert sorted(swiss_table.undecided(plan, games, [11, 12, 13, 14])) == [12, 14]  # the losers share 3rd
    assert placements.final_ranks(plan, games, {}) == [(13, 1), (11, 2)]


def test_the_standings_count_only_rounds_every_game_of_which_is_confirmed():
    games = [_game(1, 1, 11, 12, "1-0"), _game(1, 2, 13, 14, "0-1", confirmed=False)]
    table = swiss_table.standings(_plan(), games, [11, 12, 13, 14])
    assert {row.points for row in table} == {0} and swiss_table.undecided(_plan(), games, [11, 12, 13, 14]) == []
