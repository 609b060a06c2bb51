"""A competition's plan: its format, scoring preset, points and tie-breakers, and the
officials who may enter its results.

Rules kept here:
- a new competition gets what its sport usually plays (``default_plan``);
- once the schedule is published the structure (format, groups, third place) is fixed;
  changing it before that needs a new draw;
- new points or tie-breakers after the draw reorder what depends on them (follow_up).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import select

from extensions import db
from models import Checkpoint, Competition, CompetitionPlan, ResultFormat, ScoringPreset, ThirdPlace, User, UserRole
from services import lookup
from services.errors import DomainError
from services.results import drawing, follow_up, scoring, sports, standings, swiss_rounds, swiss_table
from services.results.swiss import tiebreaks

# --- the plan ------------------------------------------------------------------------------


@dataclass
class PlanData:
    format: ResultFormat
    preset: ScoringPreset
    best_of: int = 3
    groups: int = 1
    advance_per_group: int = 2
    third_place: ThirdPlace = ThirdPlace.SHARED
    consolation: bool = False
    points_win: int = 2
    points_draw: int = 0
    points_loss: int = 1
    points_forfeit: int = 0
    tie_breakers: list[str] = field(default_factory=list)
    higher_is_better: bool = True
    points_by_score: list = field(default_factory=list)  # [[won, lost, winner's points, loser's points], …]
    lanes: int = 0  # a ranked event in heats then a final (services/results/heats.py); 0: one list
    qualify_place: int = 0
    qualify_time: int = 0
    finish_checkpoint_id: int | None = None  # a race read at its finish line (services/results/finish.py)
    started_at: datetime | None = None
    team_best: int = 0  # a unit's team score: its best N places (0: none)
    rounds: int = 0  # the Swiss system's rounds (services/results/swiss_rounds.py)
    bye_points: Decimal = Decimal(1)  # the Swiss pairing bye: 1, ½ or 0


def default_plan(comp: Competition) -> PlanData:
    """What the sport usually plays (services/results/sports.py): its format, its preset's
    sets per match, points and tie-breakers."""
    sport = sports.kind_of(comp.sport.kind)
    rules = scoring.PRESETS[sport.preset]
    win, draw, loss, forfeit = rules.points
    swiss = sport.format == ResultFormat.SWISS
    return PlanData(
        sport.format,
        sport.preset,
        best_of=rules.best_of,
        points_win=win,
        points_draw=draw,
        points_loss=loss,
        points_forfeit=forfeit,
        tie_breakers=list(tiebreaks.VIETNAM_CHESS if swiss else rules.tie_breakers),
        points_by_score=[list(row) for row in rules.by_score],
        higher_is_better=sport.higher_is_better,
        rounds=SWISS_ROUNDS if swiss else 0,
    )


SWISS_ROUNDS = 7  # Vietnamese Chinese-chess events play 5 to 9 rounds; 7 is the usual
STRUCTURE = ("format", "groups", "advance_per_group", "third_place", "lanes", "qualify_place", "qualify_time")
POINTS_BY_SCORE_RE = re.compile(r"^(\d{1,2})-(\d{1,2})=(\d{1,2})/(\d{1,2})$")


def save_plan(comp: Competition, data: PlanData, actor: User) -> CompetitionPlan:
    data.format, data.preset, data.third_place = (
        ResultFormat(data.format),
        ScoringPreset(data.preset),
        ThirdPlace(data.third_place),
    )
    if data.best_of not in (1, 3, 5, 7):
        raise DomainError(_("Số ván mỗi trận phải là 1, 3, 5 hoặc 7."), field="best_of")
    if data.groups < 1 or data.advance_per_group < 1:
        raise DomainError(_("Số bảng và số đội vào vòng trong mỗi bảng phải từ 1."), field="groups")
    if data.format == ResultFormat.GROUPS_KNOCKOUT and data.groups * data.advance_per_group < 2:
        raise DomainError(_("Vòng loại trực tiếp cần ít nhất 2 đội từ các bảng."), field="advance_per_group")
    data.lanes, data.qualify_place, data.qualify_time = data.lanes or 0, data.qualify_place or 0, data.qualify_time or 0
    if data.format == ResultFormat.RANKED and data.lanes and not 2 <= data.lanes <= 12:
        raise DomainError(_("Số làn từ 2 đến 12 (0: không chia lượt)."), field="lanes")
    if not (0 <= data.qualify_place <= 12 and 0 <= data.qualify_time <= 12):
        raise DomainError(_("Số người vào chung kết mỗi cách từ 0 đến 12."), field="qualify_place")
    data.team_best, data.finish_checkpoint_id = data.team_best or 0, data.finish_checkpoint_id or None
    if not 0 <= data.team_best <= 20:
        raise DomainError(_("Số người tính điểm đồng đội từ 0 đến 20."), field="team_best")
    if data.finish_checkpoint_id:  # the one check: services/results/finish.py reads the id as saved
        valid = lookup.valid_id(data.finish_checkpoint_id)
        checkpoint = db.session.get(Checkpoint, data.finish_checkpoint_id) if valid else None
        if checkpoint is None or checkpoint.event_id != comp.event_id:
            raise DomainError(_("Điểm quét vạch đích không thuộc sự kiện này."), field="finish_checkpoint_id")
    if data.format != ResultFormat.RANKED:
        data.lanes = data.qualify_place = data.qualify_time = data.team_best = 0
        data.finish_checkpoint_id, data.started_at = None, None
    _check_swiss(comp, data)
    known = [*tiebreaks.CATALOGUE, "lots"] if data.format == ResultFormat.SWISS else standings.TIE_BREAKERS
    unknown = [t for t in data.tie_breakers if t not in known]
    if unknown:
        raise DomainError(_("Chỉ số phụ không hợp lệ: %(t)s.", t=", ".join(unknown)), field="tie_breakers")
    plan = comp.plan
    if plan is None:
        plan = CompetitionPlan(competition=comp)
        db.session.add(plan)
    elif plan.published_at and any(getattr(plan, k) != getattr(data, k) for k in STRUCTURE):
        raise DomainError(_("Lịch đã công bố: không thể đổi thể thức (chỉ đổi được cách tính điểm)."), field="format")
    elif plan.drawn_at and any(getattr(plan, k) != getattr(data, k) for k in STRUCTURE):
        drawing.clear_draw(plan)  # a new structure needs a new draw
    for name, value in vars(data).items():
        setattr(plan, name, value)
    db.session.flush()
    follow_up.record(comp, actor, "plan", new={k: str(v) for k, v in vars(data).items()})
    if plan.drawn_at:  # new points or tie-breakers may reorder a group: what depends on it follows
        follow_up.results_changed(comp, confirmed_changed=True)
    return plan


def _check_swiss(comp: Competition, data: PlanData) -> None:
    """A Swiss plan: 1 to 15 rounds, never fewer than already paired; the bye 1, ½ or 0."""
    if data.format != ResultFormat.SWISS:
        data.rounds, data.bye_points = 0, Decimal(1)
        return
    if not 1 <= (data.rounds or 0) <= 15:
        raise DomainError(_("Hệ Thụy Sĩ đấu từ 1 đến 15 vòng."), field="rounds")
    paired = swiss_table.paired_rounds(swiss_rounds.matches(comp)) if comp.plan else 0
    if data.rounds < paired:
        raise DomainError(_("Đã ghép cặp %(n)d vòng: số vòng không thể ít hơn.", n=paired), field="rounds")
    if Decimal(data.bye_points) not in (Decimal(0), Decimal("0.5"), Decimal(1)):
        raise DomainError(_("Điểm của lượt miễn đấu là 1, 0,5 hoặc 0."), field="bye_points")


def parse_points_by_score(text: str | None) -> list[list[int]]:
    """ "3-0=3/0, 3-1=3/0, 3-2=2/1" → [[3, 0, 3, 0], [3, 1, 3, 0], [3, 2, 2, 1]]."""
    rows = []
    for part in (p.strip() for p in (text or "").replace(";", ",").split(",")):
        if not part:
            continue
        match = POINTS_BY_SCORE_RE.match(part.replace("–", "-").replace(" ", ""))
        if match is None:
            raise DomainError(
                _("“%(p)s” không đúng dạng tỉ số=điểm thắng/điểm thua (vd 3-2=2/1).", p=part), field="match_points"
            )
        won, lost, winner, loser = (int(x) for x in match.groups())
        if won <= lost or winner > 10 or loser > 10:
            raise DomainError(
                _("“%(p)s”: tỉ số ghi bên thắng trước (vd 3-1), điểm từ 0 đến 10.", p=part), field="match_points"
            )
        rows.append([won, lost, winner, loser])
    return rows


def format_points_by_score(rows) -> str:
    return ", ".join(f"{w}-{lo}={wp}/{lp}" for w, lo, wp, lp in rows or [])


def plan_or_default(comp: Competition) -> PlanData:
    if comp.plan is None:
        return default_plan(comp)
    return PlanData(**{name: getattr(comp.plan, name) for name in PlanData.__dataclass_fields__})


# --- officials -----------------------------------------------------------------------------


def _official_accounts(user_ids: list[int]) -> list[User]:
    users = list(db.session.scalars(select(User).where(User.id.in_(user_ids or [-1]))))
    if len(users) != len(set(user_ids)) or any(u.role != UserRole.OFFICIAL for u in users):
        raise DomainError(_("Chỉ phân công được tài khoản trọng tài."), field="official_ids")
    return users


def set_officials(comp: Competition, user_ids: list[int]) -> None:
    users = _official_accounts(user_ids)
    if comp.id is not None:
        lookup.lock_row(Competition, comp.id)  # two admins at once: one after the other
    comp.officials = users


def assign_officials(event, competition_ids: list[int], user_ids: list[int], replace: bool = False) -> int:
    """Officials for many competitions of an event at once (the competitions page): added to
    those already assigned, or instead of them. Returns how many competitions changed."""
    if not competition_ids:
        raise DomainError(_("Hãy chọn ít nhất một nội dung để phân công."), field="competition_ids")
    if not user_ids and not replace:
        raise DomainError(_("Hãy chọn ít nhất một trọng tài."), field="official_ids")
    users = set(_official_accounts(user_ids))
    comps = list(
        db.session.scalars(
            lookup.locked(
                select(Competition)
                .where(Competition.id.in_(competition_ids), Competition.event_id == event.id)
                .order_by(Competition.id)
            )
        )
    )
    if len(comps) != len(set(competition_ids)):
        raise DomainError(_("Có nội dung không thuộc sự kiện này."), field="competition_ids")
    changed = 0
    for comp in comps:
        wanted = users if replace else users | set(comp.officials)
        if wanted != set(comp.officials):
            comp.officials = sorted(wanted, key=lambda u: u.username)
            changed += 1
    return changed
