"""Sport presets: what a valid score is, and each sport's default points and tie-breakers. Pure.

A preset turns what an official typed (set scores, goals, the winner of each pull, a
walkover) into a checked ``Score``, or refuses it with a message naming the set and the rule:
a mistyped 21–20 in badminton must never reach a standings table.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from models import ScoringPreset
from services.errors import DomainError
from services.results import standings

HOME, AWAY = "home", "away"


@dataclass(frozen=True)
class Preset:
    """A sport's scoring, described once: what the admin picks it by (``label``), what a valid
    set is (``kind``, ``set_to``…; ``rule`` says it in the refusal), and the defaults a new
    plan takes (sets per match, points, tie-breakers)."""

    kind: str  # "sets" (rally-point sets), "games" (tennis sets), "pulls", "goals"
    best_of: int = 3
    set_to: int = 0
    deciding_to: int = 0  # the last possible set, when played to fewer points (volleyball 15)
    cap: int | None = None  # a set ends here whatever the lead (badminton 30)
    points: tuple[int, int, int, int] = (2, 0, 1, 0)  # win, draw, loss, forfeit
    # the federation's precedence (names from services/results/standings.py CATALOGUE)
    tie_breakers: tuple[str, ...] = ("points", "head_to_head", "set_ratio", "point_ratio", "lots")
    rule: str = ""
    by_score: tuple[tuple[int, int, int, int], ...] = ()  # points per result: (won, lost, winner, loser)
    source: str = ""  # whose rule the precedence follows (docs/using.md, "Sport presets")
    restart: str = standings.SPLIT  # how a tie restarts once split (services/results/standings.py)
    label: object = ""  # lazy: the preset's name on the plan form and pages (services/labels.py)


# Volleyball (FIVB): 3–0 and 3–1 give the winner 3 points, 3–2 gives 2 and the loser 1; the
# same for a best-of-three match (2–0: 3 and 0, 2–1: 2 and 1), as workers' games often play.
FIVB_MATCH_POINTS = ((3, 0, 3, 0), (3, 1, 3, 0), (3, 2, 2, 1), (2, 0, 3, 0), (2, 1, 2, 1))

PRESETS: dict[ScoringPreset, Preset] = {
    ScoringPreset.BADMINTON: Preset(
        "sets",
        3,
        21,
        cap=30,
        rule=_l("cầu lông: ván đến 21 điểm, hơn 2 điểm, tối đa 30 (30–29)"),
        points=(1, 0, 0, 0),
        tie_breakers=("matches_won", "head_to_head_two", "set_difference", "point_difference", "lots"),
        source="BWF General Competition Regulations 16.2",
        label=_l("Cầu lông (ván 21 điểm)"),
    ),
    ScoringPreset.VOLLEYBALL: Preset(
        "sets",
        5,
        25,
        deciding_to=15,
        rule=_l("bóng chuyền: ván đến 25 điểm, ván quyết định đến 15, hơn 2 điểm"),
        points=(3, 0, 0, 0),
        by_score=FIVB_MATCH_POINTS,
        tie_breakers=("matches_won", "points", "set_ratio", "point_ratio", "head_to_head", "lots"),
        source="FIVB Official Volleyball Rules (best of 5 sets) and ranking system (matches won, match points, set ratio, point ratio, head to head)",
        label=_l("Bóng chuyền (5 ván, ván 25, ván quyết định 15)"),
    ),
    ScoringPreset.GAS_VOLLEYBALL: Preset(
        "sets",
        3,
        21,
        deciding_to=15,
        rule=_l("bóng chuyền hơi: ván đến 21 điểm, ván quyết định đến 15, hơn 2 điểm"),
        points=(3, 0, 0, 0),
        by_score=FIVB_MATCH_POINTS,
        tie_breakers=("matches_won", "points", "set_ratio", "point_ratio", "head_to_head", "lots"),
        source="Luật Bóng chuyền hơi (3 ván thắng 2, ván 21 điểm, ván quyết định 15); ranked as FIVB",
        label=_l("Bóng chuyền hơi (3 ván, ván 21, ván quyết định 15)"),
    ),
    ScoringPreset.TABLE_TENNIS: Preset(
        "sets",
        5,
        11,
        rule=_l("bóng bàn: ván đến 11 điểm, hơn 2 điểm"),
        points=(2, 0, 1, 0),
        tie_breakers=(
            "points",
            "head_to_head",
            "head_to_head_match_ratio",
            "head_to_head_set_ratio",
            "head_to_head_point_ratio",
            "lots",
        ),
        source="ITTF Handbook 3.7.5 (only the matches among the tied, restarting when one is separated)",
        label=_l("Bóng bàn (ván 11 điểm)"),
    ),
    ScoringPreset.TENNIS: Preset(
        "games",
        3,
        6,
        rule=_l("quần vợt: set thắng 6 game cách 2 (6–0 … 6–4, 7–5) hoặc 7–6 sau loạt tie-break"),
        tie_breakers=("points", "head_to_head_two", "set_ratio", "point_ratio", "lots"),
        source="ITF round-robin practice: matches, head to head of two, sets, games",
        label=_l("Quần vợt (set 6 game)"),
    ),
    ScoringPreset.TUG_OF_WAR: Preset(
        "pulls",
        3,
        tie_breakers=("points", "head_to_head", "set_ratio", "lots"),
        rule=_l("kéo co: mỗi keo một đội thắng"),
        source="the provincial workers' games rule: points (2 a win, 1 a loss), head to head, pulls, lots",
        label=_l("Kéo co (thắng từng keo)"),
    ),
    ScoringPreset.FOOTBALL: Preset(
        "goals",
        points=(3, 1, 0, 0),
        tie_breakers=(
            "points",
            "head_to_head",
            "head_to_head_goal_difference",
            "head_to_head_goals_for",
            "goal_difference",
            "goals_for",
            "fewest_forfeits",
            "lots",
        ),
        source="UEFA (EURO 2024 regulations art. 20.01: the head-to-head block among all the tied, again among those still level, then overall)",
        restart=standings.BLOCK,
        label=_l("Bóng đá (bàn thắng)"),
    ),
    ScoringPreset.CHESS: Preset(
        "goals",
        1,
        points=(2, 1, 0, 0),
        tie_breakers=("points", "head_to_head", "sonneborn_berger", "lots"),
        source="FIDE (Handbook C.07): a game scores 1, ½ or 0, counted here as 2, 1, 0; a Swiss competition ranks by its own tie-breaks (services/results/swiss/tiebreaks.py)",
        label=_l("Cờ (thắng 1, hoà ½, thua 0)"),
    ),
    ScoringPreset.SCORE: Preset(
        "goals",
        points=(3, 1, 0, 0),
        tie_breakers=("points", "head_to_head", "goal_difference", "goals_for", "lots"),
        source="plain scores: points, head to head, difference, scored",
        label=_l("Điểm số (bên cao hơn thắng)"),
    ),
}
WALKOVER_GOALS = 3  # a forfeited goal match counts 3–0


def restart_of(plan) -> str:
    """How the plan's ties restart once split: its preset's federation's way."""
    preset = getattr(plan, "preset", None)
    return PRESETS[ScoringPreset(preset)].restart if preset else standings.SPLIT


@dataclass(frozen=True)
class Score:
    """A checked result: ``home``/``away`` are sets (or pulls) won, or goals."""

    home: int
    away: int
    sets: tuple[tuple[int, int], ...] = ()
    winner: str | None = None  # HOME, AWAY, or None for a draw
    forfeited_by: str = ""
    shootout: str = ""

    @property
    def points(self) -> tuple[int, int]:
        """Rally points (or games) over all sets, for the point-ratio tie-breaker."""
        return sum(s[0] for s in self.sets), sum(s[1] for s in self.sets)


def sets_needed(best_of: int) -> int:
    return best_of // 2 + 1


def _set_ok(preset: Preset, w: int, lost: int, deciding: bool) -> bool:
    if preset.kind == "pulls":
        return (w, lost) == (1, 0)
    if preset.kind == "games":
        return (w == 6 and lost <= 4) or (w == 7 and lost in (5, 6))
    to = preset.deciding_to if deciding and preset.deciding_to else preset.set_to
    if preset.cap and w >= preset.cap:
        return w == preset.cap and lost in (preset.cap - 2, preset.cap - 1)
    return (w == to and lost <= to - 2) or (w > to and w - lost == 2)


def check_sets(preset: Preset, best_of: int, sets: list[tuple[int, int]]) -> Score:
    """Set by set: each must end by the sport's rule, and play stops once a side has won."""
    need = sets_needed(best_of)
    won = {HOME: 0, AWAY: 0}
    for number, (home, away) in enumerate(sets, start=1):
        if min(won.values()) < need <= max(won.values()):
            raise DomainError(
                _("Ván %(n)d thừa: trận đã kết thúc sau ván %(m)d.", n=number, m=number - 1), field="sets"
            )
        if home < 0 or away < 0:
            raise DomainError(_("Ván %(n)d: nhập điểm của cả hai bên.", n=number), field="sets")
        if home == away or not _set_ok(preset, max(home, away), min(home, away), number == best_of):
            raise DomainError(
                _("Ván %(n)d: %(h)d–%(a)d không hợp lệ (%(rule)s).", n=number, h=home, a=away, rule=preset.rule),
                field="sets",
            )
        won[HOME if home > away else AWAY] += 1
    if max(won.values()) < need:
        raise DomainError(
            _("Chưa đủ ván: đội thắng phải thắng %(n)d ván (thi đấu %(b)d ván).", n=need, b=best_of), field="sets"
        )
    winner = HOME if won[HOME] > won[AWAY] else AWAY
    return Score(won[HOME], won[AWAY], tuple((h, a) for h, a in sets), winner)


def check_goals(home: int | None, away: int | None, knockout: bool, shootout: str) -> Score:
    if home is None or away is None or home < 0 or away < 0:
        raise DomainError(_("Nhập số bàn thắng của cả hai đội (số nguyên từ 0)."), field="home_score")
    if home != away:
        if shootout:
            raise DomainError(_("Chỉ đá luân lưu khi hoà."), field="shootout")
        return Score(home, away, winner=HOME if home > away else AWAY)
    if not knockout:
        return Score(home, away)
    if shootout not in (HOME, AWAY):
        raise DomainError(_("Trận loại trực tiếp hoà: hãy chọn đội thắng loạt luân lưu."), field="shootout")
    return Score(home, away, winner=shootout, shootout=shootout)


def check(
    preset_code: ScoringPreset,
    best_of: int,
    *,
    knockout: bool,
    sets: list[tuple[int, int]] | None = None,
    home: int | None = None,
    away: int | None = None,
    shootout: str = "",
    forfeited_by: str = "",
) -> Score:
    """The result an official entered, checked against the sport's rules."""
    preset = PRESETS[ScoringPreset(preset_code)]
    if forfeited_by:
        if forfeited_by not in (HOME, AWAY):
            raise DomainError(_("Đội bỏ cuộc không hợp lệ."), field="forfeited_by")
        winner = AWAY if forfeited_by == HOME else HOME
        won = WALKOVER_GOALS if preset.kind == "goals" else sets_needed(best_of)
        return Score(
            won if winner == HOME else 0, won if winner == AWAY else 0, winner=winner, forfeited_by=forfeited_by
        )
    if preset.kind == "goals":
        return check_goals(home, away, knockout, shootout)
    return check_sets(preset, best_of, list(sets or []))
