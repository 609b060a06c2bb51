"""Running a competition: its plan (format, scoring, tie-breakers), the draw, fixtures, and
results entered by one official and confirmed by another.

Rules kept here:
- only entries of approved registrations are drawn; a draw can be redone or adjusted (two
  entries swapped) until it is published, never after;
- results are entered on published fixtures whose two sides are known; the scoring preset
  refuses impossible scores (services/scoring.py);
- the official who entered a result cannot confirm it; only confirmed results count;
- every entry, confirmation, correction and removal is kept in ResultChange (old → new);
- after any change the knockout is worked out again from confirmed results; a change that
  would alter a later match that already has a result is refused, naming that match.
"""

from __future__ import annotations

import random
import secrets
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _
from sqlalchemy import delete, select
from sqlalchemy.orm import joinedload

from extensions import db
from models import (
    Competition,
    CompetitionPlan,
    Entry,
    Match,
    MatchStage,
    Performance,
    Registration,
    RegistrationStatus,
    ResultChange,
    ResultFormat,
    ScoringPreset,
    ThirdPlace,
    User,
    UserRole,
    utcnow,
)
from services import brackets, draws, placements, scoring, standings
from services.errors import DomainError
from services.i18n import local_to_utc, to_local
from services.lookup import one_or_not_found
from services.text import name_key

# Words in a sport's name → its scoring preset; ranked sports (times, distances) by name too.
SPORT_PRESETS = (
    ("cầu lông", ScoringPreset.BADMINTON),
    ("bóng chuyền", ScoringPreset.VOLLEYBALL),
    ("bóng bàn", ScoringPreset.TABLE_TENNIS),
    ("quần vợt", ScoringPreset.TENNIS),
    ("bóng đá", ScoringPreset.FOOTBALL),
    ("kéo co", ScoringPreset.TUG_OF_WAR),
)
RANKED_SPORTS = ("bao bố", "điền kinh", "việt dã", "chạy", "bắn nỏ", "đẩy gậy")
TIMED_SPORTS = ("bao bố", "việt dã", "chạy")  # lower is better


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


def default_plan(comp: Competition) -> PlanData:
    """What the sport usually plays: its preset's points and tie-breakers."""
    name = name_key(comp.sport.name)
    fmt = ResultFormat.RANKED if any(word in name for word in RANKED_SPORTS) else ResultFormat.KNOCKOUT
    preset = next((p for word, p in SPORT_PRESETS if word in name), ScoringPreset.SCORE)
    rules = scoring.PRESETS[preset]
    win, draw, loss, forfeit = rules.points
    return PlanData(
        fmt,
        preset,
        best_of=rules.best_of,
        points_win=win,
        points_draw=draw,
        points_loss=loss,
        points_forfeit=forfeit,
        tie_breakers=list(rules.tie_breakers),
        higher_is_better=not any(word in name for word in TIMED_SPORTS),
    )


STRUCTURE = ("format", "groups", "advance_per_group", "third_place")


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
    unknown = [t for t in data.tie_breakers if t not in standings.TIE_BREAKERS]
    if unknown:
        raise DomainError(_("Chỉ số phụ không hợp lệ: %(t)s.", t=", ".join(unknown)), field="tie_breakers")
    plan = comp.plan
    if plan is None:
        plan = CompetitionPlan(competition=comp)
        db.session.add(plan)
    elif plan.published_at and any(getattr(plan, k) != getattr(data, k) for k in STRUCTURE):
        raise DomainError(_("Lịch đã công bố: không thể đổi thể thức (chỉ đổi được cách tính điểm)."), field="format")
    elif plan.drawn_at and any(getattr(plan, k) != getattr(data, k) for k in STRUCTURE):
        _clear_draw(plan)  # a new structure needs a new draw
    for name, value in vars(data).items():
        setattr(plan, name, value)
    db.session.flush()
    _history(comp, actor, "plan", new={k: str(v) for k, v in vars(data).items()})
    if plan.drawn_at:  # new points or tie-breakers may reorder a group: what depends on it follows
        _confirmed_results_changed(comp)
    return plan


def plan_or_default(comp: Competition) -> PlanData:
    if comp.plan is None:
        return default_plan(comp)
    return PlanData(**{name: getattr(comp.plan, name) for name in PlanData.__dataclass_fields__})


# --- the draw ------------------------------------------------------------------------------


def drawable_entries(comp: Competition) -> list[Entry]:
    """Entries of units whose registration for the event is approved."""
    return list(
        db.session.scalars(
            select(Entry)
            .join(Registration, (Registration.unit_id == Entry.unit_id) & (Registration.event_id == comp.event_id))
            .where(Entry.competition_id == comp.id, Registration.status == RegistrationStatus.APPROVED)
            .options(joinedload(Entry.unit))
            .order_by(Entry.id)
        )
    )


def _require_plan(comp: Competition) -> CompetitionPlan:
    if comp.plan is None:
        raise DomainError(_("Hãy lưu thể thức thi đấu trước khi bốc thăm."))
    return comp.plan


def make_draw(comp: Competition, actor: User, seed: int | None = None) -> CompetitionPlan:
    """Draw with a recorded seed (a new random one unless given); redraws an unpublished draw."""
    plan = _require_plan(comp)
    if plan.published_at:
        raise DomainError(_("Lịch đã công bố: không thể bốc thăm lại."))
    entries = drawable_entries(comp)
    minimum = 2 * plan.groups if plan.format == ResultFormat.GROUPS_KNOCKOUT else 2
    if plan.format == ResultFormat.RANKED:
        minimum = 1
    if len(entries) < minimum:
        raise DomainError(
            _("Cần ít nhất %(n)d đội đã được duyệt để bốc thăm, mới có %(m)d.", n=minimum, m=len(entries))
        )
    if plan.format == ResultFormat.GROUPS_KNOCKOUT and plan.advance_per_group > len(entries) // plan.groups:
        raise DomainError(
            _("Số đội vào vòng trong mỗi bảng lớn hơn số đội của bảng nhỏ nhất."), field="advance_per_group"
        )
    seed = seed if seed is not None else secrets.randbelow(10**9)
    rng = random.Random(seed)
    pool = [draws.DrawEntry(e.id, e.unit_id) for e in entries]
    if plan.format == ResultFormat.KNOCKOUT:
        pairs = draws.draw_bracket(pool, plan.seeds or [], rng)
        plan.draw = {"bracket": [[a.id if a else None, b.id if b else None] for a, b in pairs]}
    elif plan.format == ResultFormat.RANKED:
        order = [e.id for e in pool]
        rng.shuffle(order)
        plan.draw = {"order": order}
    else:
        groups = 1 if plan.format == ResultFormat.ROUND_ROBIN else plan.groups
        plan.draw = {"groups": [[e.id for e in g] for g in draws.draw_groups(pool, groups, plan.seeds or [], rng)]}
    plan.seed, plan.drawn_at, plan.drawn_by_id = seed, utcnow(), actor.id if actor else None
    _build_matches(comp, plan)
    _history(comp, actor, "draw", new={"seed": seed, "draw": plan.draw})
    return plan


def _clear_draw(plan: CompetitionPlan) -> None:
    db.session.execute(delete(Match).where(Match.competition_id == plan.competition_id))
    db.session.execute(delete(Performance).where(Performance.competition_id == plan.competition_id))
    plan.draw, plan.drawn_at, plan.seed = {}, None, None


def _build_matches(comp: Competition, plan: CompetitionPlan) -> None:
    """Every fixture from the draw: group rounds, knockout rounds with their sources, the
    third-place match; or one performance row per entry for a ranked event."""
    db.session.execute(delete(Match).where(Match.competition_id == comp.id))
    db.session.execute(delete(Performance).where(Performance.competition_id == comp.id))
    add = db.session.add
    if plan.format == ResultFormat.RANKED:
        for entry_id in plan.draw["order"]:
            add(Performance(competition_id=comp.id, entry_id=entry_id))
        db.session.flush()
        return
    first: list[tuple[str, str, int | None, int | None]] = []
    for g, members in enumerate(plan.draw.get("groups", []), start=1):
        for round_no, pairs in enumerate(draws.round_robin(members), start=1):
            for position, (home, away) in enumerate(pairs, start=1):
                add(
                    Match(
                        competition_id=comp.id,
                        stage=MatchStage.GROUP,
                        group_no=g,
                        round_no=round_no,
                        position=position,
                        home_entry_id=home,
                        away_entry_id=away,
                    )
                )
    if plan.format == ResultFormat.KNOCKOUT:
        for home, away in plan.draw["bracket"]:
            first.append(("" if home else "BYE", "" if away else "BYE", home, away))
    elif plan.format == ResultFormat.GROUPS_KNOCKOUT:
        first = [(a, b, None, None) for a, b in draws.knockout_from_groups(plan.groups, plan.advance_per_group)]
    if first:
        total_rounds = brackets.rounds(2 * len(first))
        for position, (hs, as_, home, away) in enumerate(first, start=1):
            add(_knockout(comp, 1, position, hs, as_, home, away))
        for round_no in range(2, total_rounds + 1):
            for position in range(1, 2 ** (total_rounds - round_no) + 1):
                add(
                    _knockout(
                        comp,
                        round_no,
                        position,
                        f"W{round_no - 1}.{2 * position - 1}",
                        f"W{round_no - 1}.{2 * position}",
                    )
                )
        if plan.third_place == ThirdPlace.MATCH and total_rounds >= 2:
            semi = total_rounds - 1
            add(_knockout(comp, total_rounds, 1, f"L{semi}.1", f"L{semi}.2", stage=MatchStage.THIRD_PLACE))
    db.session.flush()
    refresh_knockout(comp)


def _knockout(
    comp, round_no, position, home_source, away_source, home=None, away=None, stage=MatchStage.KNOCKOUT
) -> Match:
    return Match(
        competition_id=comp.id,
        stage=stage,
        round_no=round_no,
        position=position,
        home_source=home_source,
        away_source=away_source,
        home_entry_id=home,
        away_entry_id=away,
    )


def swap_entries(comp: Competition, first_id: int, second_id: int, actor: User) -> None:
    """Adjust the draw before publishing: two entries change places."""
    plan = _require_plan(comp)
    if plan.published_at or not plan.drawn_at:
        raise DomainError(_("Chỉ đổi chỗ được sau khi bốc thăm và trước khi công bố."))
    if first_id == second_id:
        raise DomainError(_("Hãy chọn hai đội khác nhau."), field="second")

    def swapped(value):
        if isinstance(value, list):
            return [swapped(v) for v in value]
        return {first_id: second_id, second_id: first_id}.get(value, value)

    key = next(iter(plan.draw))
    drawn = set(flatten(plan.draw[key]))
    if first_id not in drawn or second_id not in drawn:
        raise DomainError(_("Cả hai đội phải có trong kết quả bốc thăm."), field="second")
    plan.draw = {key: swapped(plan.draw[key])}
    _build_matches(comp, plan)
    _history(comp, actor, "swap", new={"entries": [first_id, second_id]})


def flatten(value) -> list:
    return [x for v in value for x in flatten(v)] if isinstance(value, list) else [value]


def publish(comp: Competition, actor: User) -> None:
    plan = _require_plan(comp)
    if not plan.drawn_at:
        raise DomainError(_("Chưa bốc thăm."))
    if plan.published_at:
        raise DomainError(_("Lịch đã được công bố."))
    plan.published_at = utcnow()
    _history(comp, actor, "publish")


def record_lots(comp: Competition, order: dict[int, int], actor: User) -> None:
    """The drawing of lots, as the admin recorded it: entry id → place (1 first)."""
    plan = _require_plan(comp)
    if sorted(order.values()) != list(range(1, len(order) + 1)):
        raise DomainError(_("Thứ tự bốc thăm phải là 1, 2, 3 … không trùng."), field="lots")
    old = dict(plan.lots or {})
    plan.lots = {str(k): v for k, v in order.items()}
    _history(comp, actor, "record_lots", old=old, new=plan.lots)
    _confirmed_results_changed(comp)


# --- fixtures ------------------------------------------------------------------------------


def save_fixture(match: Match, venue_id: int | None, court: str, starts_at: datetime | None) -> None:
    if venue_id and venue_id not in {v.id for v in match.competition.event.venues}:
        raise DomainError(_("Địa điểm không thuộc sự kiện này."), field="venue_id")
    match.venue_id, match.court, match.starts_at = venue_id or None, (court or "").strip()[:60], starts_at


@dataclass
class SlotPlan:
    """Where and when to place a competition's unscheduled matches."""

    venue_id: int
    first_at: datetime  # aware UTC; its Vietnam time of day is also when later days start
    minutes: int = 40
    courts: int = 1
    day_ends: time = time(17, 0)  # Vietnam time


def schedule_matches(comp: Competition, slots: SlotPlan) -> datetime:
    """Give every unscheduled match a time, venue and court: as many at once as there are courts,
    never an entry twice in one slot, a knockout round only after the round before. Returns
    when the venue is free again."""
    if slots.venue_id not in {v.id for v in comp.event.venues}:
        raise DomainError(_("Địa điểm không thuộc sự kiện này."), field="venue_id")
    if not 1 <= slots.courts <= 50 or not 5 <= slots.minutes <= 600:
        raise DomainError(_("Số sân từ 1 đến 50, mỗi trận từ 5 đến 600 phút."), field="courts")
    order = {MatchStage.GROUP: 0, MatchStage.KNOCKOUT: 1, MatchStage.THIRD_PLACE: 1}
    pending = sorted(
        (
            m
            for m in db.session.scalars(select(Match).where(Match.competition_id == comp.id))
            if m.starts_at is None and "BYE" not in (m.home_source, m.away_source)
        ),
        key=lambda m: (order[m.stage], m.round_no, m.stage == MatchStage.KNOCKOUT, m.group_no, m.position),
    )
    at = to_local(slots.first_at)
    day_starts, step = at.time(), timedelta(minutes=slots.minutes)

    def before(m: Match) -> set:
        """What must be over before ``m``: the groups, or the previous knockout round."""
        if m.stage == MatchStage.GROUP:
            return set()
        return {"group", m.round_no - 1} if m.round_no == 1 else {m.round_no - 1}

    ends: dict = {}  # "group" / knockout round → when its last placed match ends
    while pending:
        waiting = {"group" if p.stage == MatchStage.GROUP else p.round_no for p in pending}
        taken: set[int] = set()
        placed, later = 0, []
        for m in pending:
            entries = {e for e in (m.home_entry_id, m.away_entry_id) if e}
            ready = not (before(m) & waiting) and all(ends.get(k, at) <= at for k in before(m))
            if placed < slots.courts and ready and not entries & taken:
                m.venue_id, m.starts_at = slots.venue_id, local_to_utc(at.replace(tzinfo=None))
                m.court = str(placed + 1) if slots.courts > 1 else m.court
                placed += 1
                taken |= entries
                key = "group" if m.stage == MatchStage.GROUP else m.round_no
                ends[key] = at + step
            else:
                later.append(m)
        pending = later
        at += step
        if (at + step).time() > slots.day_ends or (at + step).date() != at.date():
            at = datetime.combine(at.date() + timedelta(days=1), day_starts, tzinfo=at.tzinfo)
    db.session.flush()
    return local_to_utc(at.replace(tzinfo=None))


def match_of_competition(comp: Competition, match_id: int) -> Match:
    return one_or_not_found(Match, Match.id == match_id, Match.competition_id == comp.id)


# --- results -------------------------------------------------------------------------------


@dataclass
class ResultInput:
    sets: list[tuple[int, int]] = field(default_factory=list)
    home: int | None = None
    away: int | None = None
    shootout: str = ""
    forfeited_by: str = ""


def _snapshot(m: Match) -> dict:
    return {
        "sets": m.sets or [],
        "home_score": m.home_score,
        "away_score": m.away_score,
        "shootout": m.shootout,
        "forfeited_by": m.forfeited_by,
        "winner_entry_id": m.winner_entry_id,
        "confirmed": m.confirmed,
    }


def _history(comp: Competition, actor: User | None, action: str, *, match=None, perf=None, old=None, new=None):
    db.session.add(
        ResultChange(
            competition_id=comp.id,
            match_id=match.id if match else None,
            performance_id=perf.id if perf else None,
            action=action,
            old=old or {},
            new=new or {},
            user_id=actor.id if actor else None,
        )
    )


def _playable(match: Match) -> CompetitionPlan:
    plan = match.competition.plan
    if plan is None or plan.published_at is None:
        raise DomainError(_("Lịch thi đấu của nội dung này chưa được công bố."))
    if "BYE" in (match.home_source, match.away_source):
        raise DomainError(_("Trận miễn đấu: không có kết quả để nhập."))
    if match.home_entry_id is None or match.away_entry_id is None:
        raise DomainError(_("Trận này chưa xác định đủ hai đội."))
    return plan


def enter_result(match: Match, actor: User, data: ResultInput) -> Match:
    """Enter (or correct) a result; it waits for a second official's confirmation."""
    plan = _playable(match)
    score = scoring.check(
        plan.preset,
        plan.best_of,
        knockout=match.stage != MatchStage.GROUP,
        sets=data.sets,
        home=data.home,
        away=data.away,
        shootout=data.shootout,
        forfeited_by=data.forfeited_by,
    )
    old = _snapshot(match) if match.has_result else {}
    match.sets = [list(s) for s in score.sets]
    match.home_score, match.away_score = score.home, score.away
    match.shootout, match.forfeited_by = score.shootout, score.forfeited_by
    match.winner_entry_id = {scoring.HOME: match.home_entry_id, scoring.AWAY: match.away_entry_id}.get(score.winner)
    match.entered_by_id, match.entered_at = actor.id, utcnow()
    match.confirmed_by_id = match.confirmed_at = None
    db.session.flush()
    _history(match.competition, actor, "correct" if old else "enter", match=match, old=old, new=_snapshot(match))
    _confirmed_results_changed(match.competition)
    return match


def _confirm(record: Match | Performance, actor: User) -> None:
    """The second-official rule, for matches and performances alike: only an entered,
    unconfirmed result, and never by the official who entered it."""
    if record.entered_at is None:
        raise DomainError(_("Chưa có kết quả để xác nhận."))
    if record.confirmed_at is not None:
        raise DomainError(_("Kết quả đã được xác nhận."))
    if record.entered_by_id == actor.id:
        raise DomainError(_("Người nhập kết quả không thể tự xác nhận: cần một trọng tài khác xác nhận."))
    record.confirmed_by_id, record.confirmed_at = actor.id, utcnow()
    db.session.flush()


def confirm_result(match: Match, actor: User) -> Match:
    _playable(match)
    _confirm(match, actor)
    _history(match.competition, actor, "confirm", match=match, new=_snapshot(match))
    _confirmed_results_changed(match.competition)
    return match


def clear_result(match: Match, actor: User) -> Match:
    if not match.has_result:
        raise DomainError(_("Trận chưa có kết quả."))
    old = _snapshot(match)
    match.sets, match.home_score, match.away_score, match.shootout, match.forfeited_by = [], None, None, "", ""
    match.winner_entry_id = match.entered_by_id = match.entered_at = None
    match.confirmed_by_id = match.confirmed_at = None
    db.session.flush()
    _history(match.competition, actor, "clear", match=match, old=old)
    _confirmed_results_changed(match.competition)
    return match


def _confirmed_results_changed(comp: Competition) -> None:
    """Knockout slots follow, and award certificates already issued follow the places."""
    refresh_knockout(comp)
    from services import certificates  # certificates read results (via board): imported late

    certificates.resync_awards(comp.event)


def group_entries(plan: CompetitionPlan) -> dict[int, list[int]]:
    return dict(enumerate((plan.draw or {}).get("groups", []), start=1))


def refresh_knockout(comp: Competition) -> None:
    """Fill knockout slots from confirmed results; refuse when a slot that changes belongs to a
    match that already has a result (undo that one first)."""
    plan = comp.plan
    matches = list(db.session.scalars(select(Match).where(Match.competition_id == comp.id)))
    tables = placements.group_tables(plan, matches, group_entries(plan))
    slots = placements.knockout_slots(matches, tables)
    for m in sorted(matches, key=lambda m: (m.stage == MatchStage.THIRD_PLACE, m.round_no, m.position)):
        slot = slots.get(m.id)
        if slot is None or (slot.home, slot.away) == (m.home_entry_id, m.away_entry_id):
            continue
        if m.has_result:
            raise DomainError(
                _(
                    "Không thể thay đổi vì %(m)s đã có kết quả: hãy xoá kết quả trận đó trước.",
                    m=match_title(m, _rounds(matches)),
                )
            )
        m.home_entry_id, m.away_entry_id = slot.home, slot.away
    db.session.flush()


def _rounds(matches) -> int:
    return max((m.round_no for m in matches if m.stage == MatchStage.KNOCKOUT), default=0)


def round_name(round_no: int, rounds: int) -> str:
    left = rounds - round_no
    if left == 0:
        return _("Chung kết")
    if left == 1:
        return _("Bán kết")
    if left == 2:
        return _("Tứ kết")
    return _("Vòng %(n)d", n=round_no)


def match_title(m: Match, rounds: int) -> str:
    """ "Bảng A – lượt 2", "Bán kết 1", "Tranh hạng ba"."""
    if m.stage == MatchStage.GROUP:
        return _("Bảng %(g)s – lượt %(r)d", g=chr(ord("A") + m.group_no - 1), r=m.round_no)
    if m.stage == MatchStage.THIRD_PLACE:
        return _("Tranh hạng ba")
    name = round_name(m.round_no, rounds)
    return name if m.round_no == rounds else f"{name} {m.position}"


def source_label(code: str) -> str:
    """ "A1" → "Nhất bảng A", "W1.2" → "Thắng trận 1.2"."""
    if code == "BYE":
        return _("Miễn đấu")
    if code[:1] in "WL" and "." in code:
        return (_("Thắng trận %(m)s", m=code[1:])) if code[0] == "W" else _("Thua trận %(m)s", m=code[1:])
    if code:
        return _("Hạng %(p)s bảng %(g)s", p=code[1:], g=code[0])
    return ""


# --- ranked events -------------------------------------------------------------------------


def parse_value(text: str) -> Decimal:
    """A time as "m:ss.cc" or seconds, a distance or points: a decimal number."""
    text = (text or "").strip().replace(",", ".")
    try:
        if ":" in text:
            minutes, seconds = text.split(":", 1)
            return Decimal(int(minutes) * 60) + Decimal(seconds)
        return Decimal(text)
    except (InvalidOperation, ValueError):
        raise DomainError(
            _('Thành tích "%(v)s" không hợp lệ: nhập số (vd 12.45) hoặc phút:giây (vd 1:05.30).', v=text), field="value"
        ) from None


def performance_of(comp: Competition, performance_id: int) -> Performance:
    return one_or_not_found(Performance, Performance.id == performance_id, Performance.competition_id == comp.id)


def enter_performance(perf: Performance, actor: User, value: str, did_not_finish: bool = False) -> Performance:
    comp = db.session.get(Competition, perf.competition_id)
    if comp.plan is None or comp.plan.published_at is None:
        raise DomainError(_("Lịch thi đấu của nội dung này chưa được công bố."))
    old = _perf_snapshot(perf) if perf.entered_at else {}
    perf.value = None if did_not_finish else parse_value(value)
    if perf.value is not None and perf.value < 0:
        raise DomainError(_("Thành tích không được âm."), field="value")
    perf.did_not_finish = did_not_finish
    perf.entered_by_id, perf.entered_at = actor.id, utcnow()
    perf.confirmed_by_id = perf.confirmed_at = None
    db.session.flush()
    _history(comp, actor, "correct" if old else "enter", perf=perf, old=old, new=_perf_snapshot(perf))
    _confirmed_results_changed(comp)  # a correction takes a confirmed performance out of the places
    return perf


def confirm_performance(perf: Performance, actor: User) -> Performance:
    _confirm(perf, actor)
    comp = db.session.get(Competition, perf.competition_id)
    _history(comp, actor, "confirm", perf=perf, new=_perf_snapshot(perf))
    _confirmed_results_changed(comp)
    return perf


def _perf_snapshot(p: Performance) -> dict:
    return {"value": str(p.value) if p.value is not None else None, "dnf": p.did_not_finish, "confirmed": p.confirmed}


# --- officials -----------------------------------------------------------------------------


def set_officials(comp: Competition, user_ids: list[int]) -> None:
    users = list(db.session.scalars(select(User).where(User.id.in_(user_ids or [-1]))))
    if len(users) != len(set(user_ids)) or any(u.role != UserRole.OFFICIAL for u in users):
        raise DomainError(_("Chỉ phân công được tài khoản trọng tài."), field="officials")
    comp.officials = users


def _entry_code(entry: Entry) -> str:
    return entry.unit.code + (f"/{entry.team_no}" if entry.team_no > 1 else "")


def entries_by_codes(comp: Competition, text: str, field: str) -> list[int]:
    """ "BMT, GD/2" → entry ids of this competition (a unit's second team is CODE/2)."""
    known = {_entry_code(e).upper(): e.id for e in drawable_entries(comp)}
    ids = []
    for code in (c.strip().upper() for c in (text or "").replace(";", ",").split(",")):
        if not code:
            continue
        if code not in known:
            raise DomainError(_("Không có đơn vị “%(c)s” (đã được duyệt) trong nội dung này.", c=code), field=field)
        if known[code] in ids:
            raise DomainError(_("Đơn vị “%(c)s” được ghi hai lần.", c=code), field=field)
        ids.append(known[code])
    return ids


def seed_codes(comp: Competition) -> list[str]:
    by_id = {e.id: e for e in drawable_entries(comp)}
    return [_entry_code(by_id[i]) for i in (comp.plan.seeds if comp.plan else []) if i in by_id]


def set_seeds(comp: Competition, text: str) -> None:
    _require_plan(comp).seeds = entries_by_codes(comp, text, "seeds")


def record_lots_by_codes(comp: Competition, text: str, actor: User) -> None:
    ids = entries_by_codes(comp, text, "order")
    if len(ids) < 2:
        raise DomainError(_("Bốc thăm phân hạng cần ít nhất hai đơn vị."), field="order")
    record_lots(comp, {entry_id: place for place, entry_id in enumerate(ids, start=1)}, actor)


def history(comp: Competition, match: Match | None = None) -> list[ResultChange]:
    query = select(ResultChange).where(ResultChange.competition_id == comp.id).options(joinedload(ResultChange.user))
    if match is not None:
        query = query.where(ResultChange.match_id == match.id)
    return list(db.session.scalars(query.order_by(ResultChange.at.desc(), ResultChange.id.desc())))


def score_text(m: Match) -> str:
    """ "2–1 (25–20, 18–25, 15–11)", "3–0 (bỏ cuộc)", "1–1 (thắng luân lưu: đội 2)"."""
    return snapshot_text(_snapshot(m)) if m.has_result else ""


def snapshot_text(result: dict) -> str:
    """A result as stored in the history (``_snapshot``), written as on a result sheet."""
    if not result or result.get("home_score") is None:
        return "—"
    text = f"{result['home_score']}–{result['away_score']}"
    if result.get("forfeited_by"):
        return text + " (" + _("bỏ cuộc") + ")"
    if result.get("shootout"):
        side = _("đội 1") if result["shootout"] == scoring.HOME else _("đội 2")
        return text + " (" + _("thắng luân lưu: %(s)s", s=side) + ")"
    sets = result.get("sets") or []
    if any(max(s) > 1 for s in sets):
        return text + " (" + ", ".join(f"{h}–{a}" for h, a in sets) + ")"
    return text
