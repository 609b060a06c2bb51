"""The sports the product knows, one entry each: what a competition of the sport plays by
default (its scoring preset, a bracket or a ranked list, whether a lower time wins).

A ``Sport`` row keeps the code of its kind here (``Sport.kind``): the admin chooses it when
typing a new sport (the competition form), and a sport named exactly like a known one gets
that one. Adding a sport = one entry below (its preset, if new, is one entry in
services/results/scoring.PRESETS).
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from models import ResultFormat, ScoringPreset
from services.text import name_key


@dataclass(frozen=True)
class SportKind:
    label: object  # lazy: translated where shown
    preset: ScoringPreset = ScoringPreset.SCORE
    format: ResultFormat = ResultFormat.KNOCKOUT  # RANKED: times, distances or points, no matches
    higher_is_better: bool = True  # False for times
    names: tuple[str, ...] = ()  # the Vietnamese names that mean this sport exactly
    match_minutes: int = 30  # a match's length with changeover, the scheduler's default (services/schedule)


OTHER = "other"
KINDS: dict[str, SportKind] = {
    "badminton": SportKind(_l("Cầu lông"), ScoringPreset.BADMINTON, names=("Cầu lông",), match_minutes=30),
    "volleyball": SportKind(
        _l("Bóng chuyền"), ScoringPreset.VOLLEYBALL, names=("Bóng chuyền da", "Bóng chuyền"), match_minutes=90
    ),
    "gas_volleyball": SportKind(
        _l("Bóng chuyền hơi"), ScoringPreset.GAS_VOLLEYBALL, names=("Bóng chuyền hơi",), match_minutes=45
    ),
    "table_tennis": SportKind(_l("Bóng bàn"), ScoringPreset.TABLE_TENNIS, names=("Bóng bàn",), match_minutes=25),
    "tennis": SportKind(_l("Quần vợt"), ScoringPreset.TENNIS, names=("Quần vợt", "Tennis"), match_minutes=50),
    # two halves of 20 minutes, the break and the changeover
    "football": SportKind(_l("Bóng đá"), ScoringPreset.FOOTBALL, names=("Bóng đá mini", "Bóng đá"), match_minutes=50),
    "tug_of_war": SportKind(_l("Kéo co"), ScoringPreset.TUG_OF_WAR, names=("Kéo co",), match_minutes=15),
    "sack_race": SportKind(
        _l("Nhảy bao bố"), format=ResultFormat.RANKED, higher_is_better=False, names=("Chạy bao bố", "Nhảy bao bố")
    ),
    "athletics": SportKind(_l("Điền kinh"), format=ResultFormat.RANKED, names=("Điền kinh",)),
    "cross_country": SportKind(
        _l("Việt dã"), format=ResultFormat.RANKED, higher_is_better=False, names=("Chạy việt dã", "Việt dã")
    ),
    "running": SportKind(_l("Chạy"), format=ResultFormat.RANKED, higher_is_better=False, names=("Chạy",)),
    "crossbow": SportKind(_l("Bắn nỏ"), format=ResultFormat.RANKED, names=("Bắn nỏ",)),
    "stick_pushing": SportKind(_l("Đẩy gậy"), format=ResultFormat.RANKED, names=("Đẩy gậy",)),
    "chess": SportKind(
        _l("Cờ tướng"),
        ScoringPreset.CHESS,
        ResultFormat.SWISS,
        names=("Cờ tướng", "Cờ tướng cá nhân"),
        match_minutes=60,
    ),
    "performance": SportKind(_l("Văn nghệ"), names=("Văn nghệ",)),
    OTHER: SportKind(_l("Môn khác (điểm số, bên cao hơn thắng)")),
}


def _names() -> dict[str, str]:
    """Every known name (case and spacing aside) → its kind's code."""
    return {name_key(name): code for code, kind in KINDS.items() for name in kind.names}


def kind_named(name: str) -> str:
    """The kind of a sport named exactly like a known one (whole name, case and spacing aside),
    else ``OTHER``."""
    return _names().get(name_key(name), OTHER)


def kind_of(code: str | None) -> SportKind:
    """A sport's kind by its stored code; an unknown or empty code plays as ``OTHER``."""
    return KINDS.get(code or OTHER, KINDS[OTHER])
