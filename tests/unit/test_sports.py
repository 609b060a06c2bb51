"""Sports and their presets describe themselves (services/results/sports.py, scoring.py): a
competition's default plan comes from its sport's kind, never from words in its name."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from models import ResultFormat, ScoringPreset
from services.labels import LABELS
from services.results import planning, sports
from services.results.scoring import PRESETS
from services.results.swiss import tiebreaks


def plan_for(kind: str) -> planning.PlanData:
    return planning.default_plan(SimpleNamespace(sport=SimpleNamespace(kind=kind, name="Tên bất kỳ")))


def test_every_preset_has_its_label_and_every_kind_a_known_preset():
    assert set(PRESETS) == set(ScoringPreset)
    for code, preset in PRESETS.items():
        assert LABELS[code] is preset.label and str(preset.label), code
    for code, kind in sports.KINDS.items():
        assert kind.preset in PRESETS and str(kind.label), code
        assert kind.names or code == sports.OTHER, code


@pytest.mark.parametrize(
    ("kind", "fmt", "preset", "best_of", "higher_is_better"),
    [
        ("badminton", ResultFormat.KNOCKOUT, ScoringPreset.BADMINTON, 3, True),
        ("volleyball", ResultFormat.KNOCKOUT, ScoringPreset.VOLLEYBALL, 5, True),
        ("gas_volleyball", ResultFormat.KNOCKOUT, ScoringPreset.GAS_VOLLEYBALL, 3, True),
        ("table_tennis", ResultFormat.KNOCKOUT, ScoringPreset.TABLE_TENNIS, 5, True),
        ("sack_race", ResultFormat.RANKED, ScoringPreset.SCORE, 3, False),
        ("crossbow", ResultFormat.RANKED, ScoringPreset.SCORE, 3, True),
        ("chess", ResultFormat.SWISS, ScoringPreset.CHESS, 1, True),
        ("no-such-kind", ResultFormat.KNOCKOUT, ScoringPreset.SCORE, 3, True),
    ],
)
def test_a_new_plan_plays_what_its_sport_kind_says(kind, fmt, preset, best_of, higher_is_better):
    plan = plan_for(kind)
    assert (plan.format, plan.preset, plan.best_of, plan.higher_is_better) == (fmt, preset, best_of, higher_is_better)
    swiss = fmt == ResultFormat.SWISS  # a Swiss plan ranks by FIDE's tie-breaks (Liên đoàn Cờ Việt Nam's order)
    assert plan.tie_breakers == list(tiebreaks.VIETNAM_CHESS if swiss else PRESETS[preset].tie_breakers)
    assert plan.rounds == (7 if swiss else 0)
    assert plan.points_win == PRESETS[preset].points[0]


def test_a_sport_is_known_by_its_whole_name_not_by_a_word_in_it():
    assert sports.kind_named("Bóng chuyền hơi") == "gas_volleyball"
    assert sports.kind_named("Bóng chuyền") == "volleyball"
    assert sports.kind_named("  cầu   LÔNG ") == "badminton"
    assert sports.kind_named("Chạy việt dã") == "cross_country"
    assert sports.kind_named("Bóng chuyền bãi biển nữ") == sports.OTHER  # a word is not the sport
    assert sports.kind_named("Môn tự đặt của đơn vị") == sports.OTHER


def test_every_presets_defaults_are_in_the_readme():
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    for code in PRESETS:
        assert f"| `{code.value}` |" in readme, code
