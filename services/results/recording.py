"""Results entered by one official and confirmed by another: match scores and ranked
performances, corrections and clearing, and their history.

Rules kept here:
- results are entered on published fixtures whose two sides are known; the scoring preset
  refuses impossible scores (services/results/scoring.py);
- the official who entered a result cannot confirm it; only confirmed results count;
- every entry, confirmation, correction and removal is kept in ResultChange (old → new);
- what follows a change of confirmed results is decided in one place: follow_up.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from extensions import db
from models import Competition, CompetitionPlan, Match, MatchStage, Performance, ResultChange, User, utcnow
from services.errors import DomainError
from services.lookup import one_or_not_found
from services.results import follow_up, scoring
from services.results.display import snapshot


@dataclass
class ResultInput:
    sets: list[tuple[int, int]] = field(default_factory=list)
    home: int | None = None
    away: int | None = None
    shootout: str = ""
    forfeited_by: str = ""


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
    old = snapshot(match) if match.has_result else {}
    match.sets = [list(s) for s in score.sets]
    match.home_score, match.away_score = score.home, score.away
    match.shootout, match.forfeited_by = score.shootout, score.forfeited_by
    match.winner_entry_id = {scoring.HOME: match.home_entry_id, scoring.AWAY: match.away_entry_id}.get(score.winner)
    match.entered_by_id, match.entered_at = actor.id, utcnow()
    match.confirmed_by_id = match.confirmed_at = None
    db.session.flush()
    follow_up.record(match.competition, actor, "correct" if old else "enter", match=match, old=old, new=snapshot(match))
    # a correction takes a confirmed result out of what counts until it is confirmed again
    follow_up.results_changed(match.competition, confirmed_changed=bool(old.get("confirmed")))
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
    follow_up.record(match.competition, actor, "confirm", match=match, new=snapshot(match))
    follow_up.results_changed(match.competition, confirmed_changed=True)
    return match


def clear_result(match: Match, actor: User) -> Match:
    if not match.has_result:
        raise DomainError(_("Trận chưa có kết quả."))
    old = snapshot(match)
    match.sets, match.home_score, match.away_score, match.shootout, match.forfeited_by = [], None, None, "", ""
    match.winner_entry_id = match.entered_by_id = match.entered_at = None
    match.confirmed_by_id = match.confirmed_at = None
    db.session.flush()
    follow_up.record(match.competition, actor, "clear", match=match, old=old)
    follow_up.results_changed(match.competition, confirmed_changed=bool(old["confirmed"]))
    return match


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
    follow_up.record(comp, actor, "correct" if old else "enter", perf=perf, old=old, new=_perf_snapshot(perf))
    # a correction takes a confirmed performance out of the places until it is confirmed again
    follow_up.results_changed(comp, confirmed_changed=bool(old.get("confirmed")))
    return perf


def confirm_performance(perf: Performance, actor: User) -> Performance:
    _confirm(perf, actor)
    comp = db.session.get(Competition, perf.competition_id)
    follow_up.record(comp, actor, "confirm", perf=perf, new=_perf_snapshot(perf))
    follow_up.results_changed(comp, confirmed_changed=True)
    return perf


def _perf_snapshot(p: Performance) -> dict:
    return {"value": str(p.value) if p.value is not None else None, "dnf": p.did_not_finish, "confirmed": p.confirmed}


def history(comp: Competition, match: Match | None = None) -> list[ResultChange]:
    query = select(ResultChange).where(ResultChange.competition_id == comp.id).options(joinedload(ResultChange.user))
    if match is not None:
        query = query.where(ResultChange.match_id == match.id)
    return list(db.session.scalars(query.order_by(ResultChange.at.desc(), ResultChange.id.desc())))
