"""The one "results changed" step: what follows when a competition's confirmed results change.

``results_changed`` is called after a result is entered, confirmed, corrected or cleared,
after lots are recorded and after points or tie-breakers change. It does nothing unless a
*confirmed* result (or the order confirmed results give) changed; then, from the
competition's own matches and placements (never from the board's read model):
- knockout slots are filled again; a change that would alter a later match that already has
  a result is refused, naming that match;
- a ranked event's final follows its heats (drawn once every heat is confirmed);
- award certificates already issued follow the new places (services/certificates/issue.py);
  the event's overall ranking is worked out again only when this competition's places changed.
So entering one result costs work in proportion to its competition, not to the event.

``record`` writes the history row (ResultChange) every change of a result or plan keeps.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from extensions import db
from models import Competition, Match, MatchStage, Performance, ResultChange, ResultFormat, User
from services.certificates import issue
from services.errors import DomainError
from services.results import heats, placements
from services.results.display import match_title


def record(comp: Competition, actor: User | None, action: str, *, match=None, perf=None, old=None, new=None) -> None:
    """One history row: who did what to which result (or to the plan), old → new."""
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


def results_changed(comp: Competition, *, confirmed_changed: bool) -> None:
    """What follows a change: nothing unless confirmed results changed (see the module)."""
    if not confirmed_changed or comp.plan is None or comp.plan.drawn_at is None:
        return
    issue.follow_places(comp, _places_after_refresh(comp))


def _places_after_refresh(comp: Competition) -> list[placements.Placement]:
    plan = comp.plan
    if plan.format == ResultFormat.ROUND_ROBIN and _unconfirmed_group_matches(comp):
        return []  # a round robin places no one until every match is confirmed: no need to load it
    if plan.format == ResultFormat.RANKED:
        performances = list(db.session.scalars(select(Performance).where(Performance.competition_id == comp.id)))
        if heats.has_heats(performances):
            performances = _follow_heats(comp, performances)
        return placements.ranked_placements(plan, performances)
    matches = _matches(comp)
    tables = placements.group_tables(plan, matches, placements.group_entries(plan))
    refresh_knockout(comp, matches, tables)
    return placements.placements(plan, matches, placements.group_entries(plan), tables=tables)


def _unconfirmed_group_matches(comp: Competition) -> bool:
    waiting = select(Match.id).where(
        Match.competition_id == comp.id, Match.stage == MatchStage.GROUP, Match.confirmed_at.is_(None)
    )
    return bool(db.session.scalar(select(waiting.exists())))


def _matches(comp: Competition) -> list[Match]:
    return list(db.session.scalars(select(Match).where(Match.competition_id == comp.id)))


def refresh_knockout(comp: Competition, matches: list[Match] | None = None, tables=None) -> None:
    """Fill knockout slots from confirmed results; refuse when a slot that changes belongs to a
    match that already has a result (undo that one first)."""
    plan = comp.plan
    matches = _matches(comp) if matches is None else matches
    if not any(m.stage != MatchStage.GROUP for m in matches):
        return
    if tables is None:
        tables = placements.group_tables(plan, matches, placements.group_entries(plan))
    slots = placements.knockout_slots(matches, tables, plan.tie_breakers)
    rounds = max((m.round_no for m in matches if m.stage == MatchStage.KNOCKOUT), default=0)
    for m in sorted(matches, key=lambda m: (m.stage == MatchStage.THIRD_PLACE, m.round_no, m.position)):
        slot = slots.get(m.id)
        if slot is None or (slot.home, slot.away) == (m.home_entry_id, m.away_entry_id):
            continue
        if m.has_result:
            raise DomainError(
                _(
                    "Không thể thay đổi vì %(m)s đã có kết quả: hãy xoá kết quả trận đó trước.",
                    m=match_title(m, rounds),
                )
            )
        m.home_entry_id, m.away_entry_id = slot.home, slot.away
    db.session.flush()


def _follow_heats(comp: Competition, performances: list[Performance]) -> list[Performance]:
    """The final follows the heats: drawn once every heat is confirmed (services/results/heats
    says who goes through and in which lane), drawn again if a heat correction changes who
    goes through (the heat sheet refuses that once the final has marks), removed while a heat
    is reopened. Returns the competition's performances as they now stand."""
    in_heats = [p for p in performances if p.round_no == heats.HEATS]
    if not in_heats:  # no more than the lanes: drawn straight into the final
        return performances
    final = [p for p in performances if p.round_no == heats.FINAL]
    chosen = heats.qualifiers(comp.plan, in_heats)
    wanted = {q.entry_id for q in chosen or []}
    if {p.entry_id for p in final} == wanted:
        return performances
    if any(p.entered_at for p in final):
        raise DomainError(_("Chung kết đã có thành tích: không thể đổi người vào chung kết."))
    for p in final:
        db.session.delete(p)
    db.session.flush()  # gone before the new final's rows: one entry, one row a round
    made = [
        Performance(competition_id=comp.id, entry_id=entry_id, round_no=heats.FINAL, heat_no=1, lane=lane)
        for entry_id, lane in heats.final_lanes(chosen or [], comp.plan.lanes)
    ]
    db.session.add_all(made)
    db.session.flush()
    return in_heats + made
