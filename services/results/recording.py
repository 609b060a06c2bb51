"""Results entered by one official and confirmed by another: match scores and ranked
performances, corrections and clearing, and their history.

Rules kept here:
- results are entered on published fixtures whose two sides are known; the scoring preset
  refuses impossible scores (services/results/scoring.py);
- every change takes the result's row under a lock (``SELECT … FOR UPDATE`` on PostgreSQL; a
  write request holds SQLite's write lock from its first statement) and adds one to its
  ``version``; a form carries the version it showed, and a change made from an older page is
  refused ("changed by someone else at hh:mm"), so a confirmation confirms what was seen;
- the official who entered or last corrected a result cannot confirm it; only confirmed
  results count;
- clearing a confirmed result is a correction: it stops counting at once and is cleared when
  a second official confirms; an admin may clear it at once, giving a reason (kept);
- a match to be replayed loses its result and its time at once (an admin's decision, with a
  reason), unless a later round was already played;
- every real change is one ResultChange row (old → new), each one's "old" the one before's "new";
- what follows a change of confirmed results is decided in one place: follow_up.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from extensions import db
from models import Competition, CompetitionPlan, Match, MatchStage, Performance, ResultChange, User, utcnow
from services import policy as may
from services.errors import DomainError, ValidationErrors
from services.i18n import to_local
from services.lookup import locked
from services.results import follow_up, heats, scoring
from services.results.display import snapshot


@dataclass
class ResultInput:
    sets: list[tuple[int, int]] = field(default_factory=list)
    home: int | None = None
    away: int | None = None
    shootout: str = ""
    forfeited_by: str = ""


class StaleResult(DomainError):
    """The result changed since the page that sent this was shown."""


def _locked(record: Match | Performance) -> Match | Performance:
    """The record's row, locked until the transaction ends, with what it holds now."""
    model = type(record)
    return db.session.scalar(locked(select(model).where(model.id == record.id)))


def check_version(record: Match | Performance, version: int | None) -> None:
    """``version``: what the page showed (None: a caller with no page, e.g. ``demo play``)."""
    if version is None or version == record.version:
        return
    column = ResultChange.match_id if isinstance(record, Match) else ResultChange.performance_id
    last = db.session.scalar(select(func.max(ResultChange.at)).where(column == record.id))
    at = to_local(last).strftime("%H:%M") if last else "?"
    raise StaleResult(_("Kết quả đã được người khác thay đổi lúc %(t)s — tải lại để xem.", t=at))


def bump_version(record: Match | Performance) -> None:
    record.version += 1
    db.session.flush()


def _playable(match: Match) -> CompetitionPlan:
    plan = match.competition.plan
    if plan is None or plan.published_at is None:
        raise DomainError(_("Lịch thi đấu của nội dung này chưa được công bố."))
    if "BYE" in (match.home_source, match.away_source):
        raise DomainError(_("Trận miễn đấu: không có kết quả để nhập."))
    if match.home_entry_id is None or match.away_entry_id is None:
        raise DomainError(_("Trận này chưa xác định đủ hai đội."))
    return plan


def enter_result(match: Match, actor: User, data: ResultInput, version: int | None = None) -> Match:
    """Enter (or correct) a result; it waits for a second official's confirmation."""
    match = _locked(match)
    check_version(match, version)
    plan = _playable(match)
    if match.stage == MatchStage.SWISS:
        raise DomainError(_("Ván cờ hệ Thụy Sĩ: nhập kết quả trên phiếu của cả vòng."))
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
    match.clear_requested = False
    bump_version(match)
    follow_up.record(match.competition, actor, "correct" if old else "enter", match=match, old=old, new=snapshot(match))
    # a correction takes a confirmed result out of what counts until it is confirmed again
    follow_up.results_changed(match.competition, confirmed_changed=bool(old.get("confirmed")))
    return match


def confirm_entered(record: Match | Performance, actor: User) -> None:
    """The second-official rule, for matches and performances alike: only an entered,
    unconfirmed result, and never by the official who entered or last corrected it."""
    if record.entered_at is None:
        raise DomainError(_("Chưa có kết quả để xác nhận."))
    if record.confirmed_at is not None:
        raise DomainError(_("Kết quả đã được xác nhận."))
    if record.entered_by_id == actor.id:
        raise DomainError(_("Người nhập kết quả không thể tự xác nhận: cần một trọng tài khác xác nhận."))
    record.confirmed_by_id, record.confirmed_at = actor.id, utcnow()


def confirm_result(match: Match, actor: User, version: int | None = None) -> Match:
    """Confirm the result the page showed; a requested clear is carried out by its confirmation."""
    match = _locked(match)
    check_version(match, version)
    _playable(match)
    old = snapshot(match)
    if match.clear_requested:
        confirm_entered(match, actor)  # the same rule: not the official who asked for the clear
        _wipe(match)
        bump_version(match)
        follow_up.record(match.competition, actor, "clear", match=match, old=old, new={})
    else:
        confirm_entered(match, actor)
        bump_version(match)
        follow_up.record(match.competition, actor, "confirm", match=match, old=old, new=snapshot(match))
    follow_up.results_changed(match.competition, confirmed_changed=True)
    return match


def _wipe(match: Match) -> None:
    match.sets, match.home_score, match.away_score, match.shootout, match.forfeited_by = [], None, None, "", ""
    match.winner_entry_id = match.entered_by_id = match.entered_at = None
    match.confirmed_by_id = match.confirmed_at = None
    match.clear_requested = False


def clear_result(match: Match, actor: User, version: int | None = None, reason: str = "") -> Match:
    """Clear a result. An unconfirmed one goes at once (it never counted). A confirmed one is a
    correction: it stops counting and waits for a second official's confirmation, unless an
    admin clears it with a reason."""
    match = _locked(match)
    check_version(match, version)
    if not match.has_result:
        raise DomainError(_("Trận chưa có kết quả."))
    old = snapshot(match)
    reason = (reason or "").strip()[:300]
    if match.confirmed and not may.clear_confirmed_at_once(actor, reason):
        if match.clear_requested:
            raise DomainError(_("Đã có yêu cầu xoá kết quả này, đang chờ xác nhận."))
        match.clear_requested = True
        match.entered_by_id, match.entered_at = actor.id, utcnow()
        match.confirmed_by_id = match.confirmed_at = None
        bump_version(match)
        follow_up.record(match.competition, actor, "request_clear", match=match, old=old, new=snapshot(match))
        follow_up.results_changed(match.competition, confirmed_changed=True)
        return match
    _wipe(match)
    bump_version(match)
    follow_up.record(match.competition, actor, "clear", match=match, old=old, new={"reason": reason} if reason else {})
    follow_up.results_changed(match.competition, confirmed_changed=bool(old["confirmed"]))
    return match


def replay(match: Match, actor: User, version: int | None = None, reason: str = "") -> Match:
    """A match to be played again (abandoned for rain, a protest upheld): its result, if any,
    cleared, its time and court emptied and its pin lifted, so the next plan of the event
    (services/schedule) places it from now on. One history row, with the reason and where it
    was. Refused once a match it feeds has a result (the draw has moved on)."""
    match = _locked(match)
    check_version(match, version)
    reason = (reason or "").strip()[:300]
    if not reason:
        raise DomainError(_("Hãy ghi lý do đấu lại."), field="reason")
    if match.starts_at is None and not match.has_result:
        raise DomainError(_("Trận chưa có giờ và chưa có kết quả: không cần đấu lại."))
    later = _played_after(match)
    if later is not None:
        raise DomainError(
            _("Không thể đấu lại: một trận của vòng sau đã có kết quả (trận #%(n)d).", n=later.position or later.id)
        )
    old = snapshot(match) if match.has_result else {}
    was_at = to_local(match.starts_at).strftime("%d/%m/%Y %H:%M") if match.starts_at else ""
    new = {"reason": reason, "was_at": was_at, "was_court": match.court or ""}
    _wipe(match)
    match.starts_at, match.court_id, match.court, match.pinned = None, None, "", False
    bump_version(match)
    follow_up.record(match.competition, actor, "replay", match=match, old=old, new=new)
    follow_up.results_changed(match.competition, confirmed_changed=bool(old.get("confirmed")))
    return match


def _played_after(match: Match) -> Match | None:
    """A match of a later stage of the same competition that already has a result: a group
    match feeds the knockout, a knockout round the rounds after it and the third place."""
    later = [
        m
        for m in db.session.scalars(select(Match).where(Match.competition_id == match.competition_id))
        if m.has_result
        and (
            (match.stage == MatchStage.GROUP and m.stage != MatchStage.GROUP)
            or (match.stage == MatchStage.KNOCKOUT and m.stage == MatchStage.KNOCKOUT and m.round_no > match.round_no)
            or (match.stage == MatchStage.KNOCKOUT and m.stage == MatchStage.THIRD_PLACE)
        )
    ]
    return later[0] if later else None


# --- ranked events -------------------------------------------------------------------------


def parse_value(text: str) -> Decimal:
    """A time as "m:ss.cc" or seconds, a distance or points: a decimal number."""
    text = (text or "").strip().replace(",", ".")
    try:
        if ":" in text:
            minutes, seconds = text.split(":", 1)
            minutes, seconds = int(minutes), Decimal(seconds)
            if minutes < 0 or not (seconds.is_finite() and 0 <= seconds < 60):
                raise ValueError(text)
            value = Decimal(minutes * 60) + seconds
        else:
            value = Decimal(text)
        # Finite (no NaN, no Infinity), not negative, and what the column holds: Numeric(12, 3).
        if not value.is_finite() or value < 0 or value >= Decimal(10) ** 9:
            raise ValueError(text)
        return value
    except (InvalidOperation, ValueError):
        raise DomainError(
            _('Thành tích "%(v)s" không hợp lệ: nhập số (vd 12.45) hoặc phút:giây (vd 1:05.30).', v=text), field="value"
        ) from None


def enter_performance(
    perf: Performance, actor: User, value: str, did_not_finish: bool = False, version: int | None = None
) -> Performance:
    perf = _locked(perf)
    check_version(perf, version)
    comp = db.session.get(Competition, perf.competition_id)
    if comp.plan is None or comp.plan.published_at is None:
        raise DomainError(_("Lịch thi đấu của nội dung này chưa được công bố."))
    parsed = None if did_not_finish else parse_value(value)
    if parsed is not None and parsed < 0:
        raise DomainError(_("Thành tích không được âm."), field="value")
    old = _perf_snapshot(perf) if perf.entered_at else {}
    perf.value, perf.did_not_finish = parsed, did_not_finish
    perf.entered_by_id, perf.entered_at = actor.id, utcnow()
    perf.confirmed_by_id = perf.confirmed_at = None
    bump_version(perf)
    follow_up.record(comp, actor, "correct" if old else "enter", perf=perf, old=old, new=_perf_snapshot(perf))
    # a correction takes a confirmed performance out of the places until it is confirmed again
    follow_up.results_changed(comp, confirmed_changed=bool(old.get("confirmed")))
    return perf


def confirm_performance(perf: Performance, actor: User, version: int | None = None) -> Performance:
    perf = _locked(perf)
    check_version(perf, version)
    old = _perf_snapshot(perf)
    confirm_entered(perf, actor)
    bump_version(perf)
    comp = db.session.get(Competition, perf.competition_id)
    follow_up.record(comp, actor, "confirm", perf=perf, old=old, new=_perf_snapshot(perf))
    follow_up.results_changed(comp, confirmed_changed=True)
    return perf


def _perf_snapshot(p: Performance) -> dict:
    snap = {"value": str(p.value) if p.value is not None else None, "dnf": p.did_not_finish, "confirmed": p.confirmed}
    return snap | ({"status": p.status} if p.status else {})


@dataclass
class LaneMark:
    """One lane of a heat sheet as typed: the mark, or a status (services/results/heats.STATUSES)."""

    performance_id: int
    value: str = ""
    status: str = ""
    version: int | None = None


def _heat(comp: Competition, round_no: int, heat_no: int | None) -> list[Performance]:
    """A heat's performances in lane order (heat None: the one list of an event without
    heats), each row locked (in id order: two sheets never wait on each other)."""
    heat = Performance.heat_no.is_(None) if heat_no is None else Performance.heat_no == heat_no
    rows = db.session.scalars(
        locked(
            select(Performance)
            .where(Performance.competition_id == comp.id, Performance.round_no == round_no, heat)
            .order_by(Performance.id)
        )
    ).all()
    if not rows:
        raise DomainError(_("Không có lượt thi này."))
    return sorted(rows, key=lambda p: p.lane or 0)


def enter_heat(comp: Competition, round_no: int, heat_no: int, marks: list[LaneMark], actor: User) -> int:
    """A whole heat sheet at once: every lane's mark or status checked first (the problems
    listed by lane, nothing saved), then each lane that changed written with one history
    row. Returns how many lanes changed."""
    if comp.plan is None or comp.plan.published_at is None:
        raise DomainError(_("Lịch thi đấu của nội dung này chưa được công bố."))
    rows = {p.id: p for p in _heat(comp, round_no, heat_no)}
    if round_no == heats.HEATS and db.session.scalar(
        select(Performance.id).where(
            Performance.competition_id == comp.id,
            Performance.round_no == heats.FINAL,
            Performance.entered_at.is_not(None),
        )
    ):
        raise DomainError(_("Chung kết đã có thành tích: không sửa được các lượt chạy vòng loại."))
    parsed, problems = {}, []
    for lane_mark in marks:
        perf = rows.get(lane_mark.performance_id)
        if perf is None:
            raise DomainError(_("Không có lượt thi này."))
        check_version(perf, lane_mark.version)
        where = _("Làn %(l)s", l=perf.lane)
        if lane_mark.status not in heats.STATUSES:
            problems.append(where + ": " + _("tình trạng không hợp lệ."))
        elif lane_mark.status:
            parsed[perf.id] = (None, lane_mark.status)
        elif (lane_mark.value or "").strip():
            try:
                parsed[perf.id] = (parse_value(lane_mark.value), "")
            except DomainError as exc:
                problems.append(where + ": " + exc.message)
    if problems:
        raise ValidationErrors(_("Chưa lưu gì: bảng thành tích có lỗi."), problems)
    changed, reopened = 0, False
    for perf_id, (value, status) in parsed.items():
        perf = rows[perf_id]
        if perf.entered_at and (perf.value, perf.status) == (value, status):
            continue  # the same as it stands: no change, no history row
        old = _perf_snapshot(perf) if perf.entered_at else {}
        perf.value, perf.status, perf.did_not_finish = value, status, bool(status)
        perf.entered_by_id, perf.entered_at = actor.id, utcnow()
        perf.confirmed_by_id = perf.confirmed_at = None
        bump_version(perf)
        follow_up.record(comp, actor, "correct" if old else "enter", perf=perf, old=old, new=_perf_snapshot(perf))
        changed += 1
        reopened = reopened or bool(old.get("confirmed"))
    follow_up.results_changed(comp, confirmed_changed=reopened)  # a confirmed lane corrected counts again
    return changed


def confirm_heat(comp: Competition, round_no: int, heat_no: int | None, versions: dict[int, int], actor: User) -> int:
    """A second official confirms the whole heat (or the one list) as shown: every lane
    entered, none entered or corrected by this official, none changed since the page.
    Returns lanes confirmed."""
    rows = _heat(comp, round_no, heat_no)
    for perf in rows:
        check_version(perf, versions.get(perf.id))
        if perf.entered_at is None:
            raise DomainError(
                _("Làn %(l)s chưa có thành tích: nhập đủ cả lượt rồi mới xác nhận.", l=perf.lane)
                if perf.lane
                else _("Còn người chưa có thành tích (hoặc DNF): nhập đủ rồi mới xác nhận cả danh sách.")
            )
    todo = [p for p in rows if p.confirmed_at is None]
    if not todo:
        raise DomainError(_("Lượt thi đã được xác nhận."))
    for perf in todo:
        old = _perf_snapshot(perf)
        confirm_entered(perf, actor)
        bump_version(perf)
        follow_up.record(comp, actor, "confirm", perf=perf, old=old, new=_perf_snapshot(perf))
    follow_up.results_changed(comp, confirmed_changed=True)
    return len(todo)


def history(comp: Competition, match: Match | None = None) -> list[ResultChange]:
    query = select(ResultChange).where(ResultChange.competition_id == comp.id).options(joinedload(ResultChange.user))
    if match is not None:
        query = query.where(ResultChange.match_id == match.id)
    return list(db.session.scalars(query.order_by(ResultChange.at.desc(), ResultChange.id.desc())))
