"""A rehearsal of the results desk: draw what is not drawn, then enter and confirm a valid random
result for every fixture (``flask --app app demo play``), for training officials and demos.

It goes through the same services as officials do (recording.enter_result / confirm_result), so a
rehearsal can only produce results the real screens would accept.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import select

from extensions import db
from models import Competition, CompetitionFormat, Event, Match, MatchStage, Performance, ResultFormat, User, UserRole
from services.errors import DomainError
from services.results import drawing, heats, planning, recording, scoring, swiss_rounds
from services.schedule.event import origin_of, plan_event


def random_result(preset_code, best_of: int, knockout: bool, rng: random.Random) -> recording.ResultInput:
    """A result the sport's rules accept (services/results/scoring.py checks it again on entry)."""
    preset = scoring.PRESETS[preset_code]
    if preset.kind == "goals":
        home, away = rng.randint(0, 4), rng.randint(0, 4)
        shootout = rng.choice((scoring.HOME, scoring.AWAY)) if knockout and home == away else ""
        return recording.ResultInput(home=home, away=away, shootout=shootout)
    need = scoring.sets_needed(best_of)
    winner = rng.choice((0, 1))
    lost_sets = rng.randint(0, need - 1)
    order = [1 - winner] * lost_sets + [winner] * (need - 1)
    rng.shuffle(order)
    order.append(winner)  # the winner takes the last set
    sets = []
    for number, side in enumerate(order, start=1):
        if preset.kind == "pulls":
            won, lost = 1, 0
        elif preset.kind == "games":
            won, lost = rng.choice(((6, rng.randint(0, 4)), (7, 5), (7, 6)))
        else:
            to = preset.deciding_to if number == best_of and preset.deciding_to else preset.set_to
            won, lost = to, rng.randint(0, to - 2)
        sets.append((won, lost) if side == 0 else (lost, won))
    return recording.ResultInput(sets=sets)


@dataclass
class PlayReport:
    drawn: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    matches: int = 0
    performances: int = 0


def officials_for_play(enterer: str | None = None, confirmer: str | None = None) -> tuple[User, User]:
    """Two different official accounts: the ones named, else the first two."""
    names = [n for n in (enterer, confirmer) if n]
    query = select(User).where(User.role == UserRole.OFFICIAL, User.active.is_(True)).order_by(User.username)
    found = list(db.session.scalars(query.where(User.username.in_(names)) if names else query.limit(2)))
    if len(names) == 2:
        found.sort(key=lambda u: names.index(u.username))
    if len(found) < 2 or found[0].id == found[1].id:
        raise DomainError(_("Cần hai tài khoản trọng tài khác nhau (một người nhập, một người xác nhận)."))
    return found[0], found[1]


def has_results(event: Event) -> bool:
    comp_ids = select(Competition.id).where(Competition.event_id == event.id)
    entered = select(Match.id).where(Match.competition_id.in_(comp_ids), Match.entered_at.is_not(None))
    performed = select(Performance.id).where(
        Performance.competition_id.in_(comp_ids), Performance.entered_at.is_not(None)
    )
    return db.session.scalar(select(entered.exists())) or db.session.scalar(select(performed.exists()))


def default_structure(comp: Competition, entries: int) -> planning.PlanData:
    """The sport's defaults, with a format that suits the number of entries: teams play a
    round robin up to five, two groups and semi-finals from six; others a knockout."""
    data = planning.default_plan(comp)
    if data.format == ResultFormat.RANKED and comp.sport.kind == "running" and entries > SPRINT_LANES:
        # a sprint: heats on eight lanes, as many through by place as the final holds, then times
        heat_count = heats.heat_count(entries, SPRINT_LANES)
        data.lanes, data.qualify_place = SPRINT_LANES, max(1, (SPRINT_LANES - 2) // heat_count)
        data.qualify_time = SPRINT_LANES - heat_count * data.qualify_place
    if data.format == ResultFormat.RANKED:
        return data
    if data.format == ResultFormat.SWISS and entries <= data.rounds:  # too few for the rounds: all play all
        data.format, data.rounds = ResultFormat.ROUND_ROBIN, 0
        data.tie_breakers = list(scoring.PRESETS[data.preset].tie_breakers)
    if comp.format == CompetitionFormat.TEAM and entries >= 6:
        data.format, data.groups, data.advance_per_group = ResultFormat.GROUPS_KNOCKOUT, 2, 2
    elif comp.format == CompetitionFormat.TEAM:
        data.format = ResultFormat.ROUND_ROBIN
    return data


SPRINT_LANES = 8  # a running track's lanes: a sprint of more runs heats (services/results/heats.py)
DEMO_TIME_LIMIT_S = 60  # a ceiling on a loaded machine: the search stops once its plan settles (~1–5 s)


def schedule(event: Event) -> None:
    """The whole event planned at once inside its days and its venues' courts and hours
    (services/schedule); an event without courts keeps its matches unscheduled."""
    if any(v.courts for v in event.venues):  # planned as on the eve of the event, however long ago
        plan_event(event, time_limit=DEMO_TIME_LIMIT_S, now=origin_of(event))


def draw_all(event: Event, enterer: User, rng: random.Random, report: PlayReport) -> list[Competition]:
    """Every competition with two entries or more planned by its sport's defaults (kept if
    already planned), drawn and published; the others are skipped."""
    comps = list(
        db.session.scalars(select(Competition).where(Competition.event_id == event.id).order_by(Competition.id))
    )
    ready = []
    for comp in comps:
        if comp.plan is None or comp.plan.drawn_at is None:
            entries = drawing.drawable_entries(comp)
            if len(entries) < 2:
                report.skipped.append(comp.name)
                continue
            if comp.plan is None:
                planning.save_plan(comp, default_structure(comp, len(entries)), enterer)
            drawing.make_draw(comp, enterer, seed=rng.randrange(10**9))
            report.drawn.append(comp.name)
        if comp.plan.published_at is None:
            drawing.publish(comp, enterer)
        ready.append(comp)
    return ready


def play(event: Event, enterer: User, confirmer: User, seed: int | None = None) -> PlayReport:
    if has_results(event):
        raise DomainError(_("Sự kiện %(e)s đã có kết quả thật: không chạy thử lên đó.", e=event.name))
    rng = random.Random(seed)
    report = PlayReport()
    ready = draw_all(event, enterer, rng, report)
    schedule(event)
    for comp in ready:
        report.matches += _play_matches(comp, enterer, confirmer, rng)
        report.matches += play_swiss(comp, enterer, confirmer, rng)
        report.performances += play_performances(comp, enterer, confirmer, rng)
    db.session.flush()
    return report


def _matches(comp: Competition) -> list[Match]:
    return list(
        db.session.scalars(
            select(Match)
            .where(Match.competition_id == comp.id)
            .order_by(
                Match.stage == MatchStage.THIRD_PLACE,
                Match.stage != MatchStage.GROUP,
                Match.round_no,
                Match.group_no,
                Match.position,
            )
        )
    )


def _play_matches(comp: Competition, enterer: User, confirmer: User, rng: random.Random) -> int:
    """Round by round: a knockout round's sides are known once the one before is confirmed."""
    played = 0
    progress = True
    while progress:
        progress = False
        for m in _matches(comp):
            if (
                m.has_result
                or m.stage == MatchStage.SWISS  # a Swiss round is played as a whole: play_swiss
                or m.home_entry_id is None
                or m.away_entry_id is None
                or "BYE" in (m.home_source, m.away_source)
            ):
                continue
            data = random_result(comp.plan.preset, comp.plan.best_of, m.stage != MatchStage.GROUP, rng)
            recording.enter_result(m, enterer, data)
            recording.confirm_result(m, confirmer)
            played += 1
            progress = True
    return played


CHESS_RESULTS = ["1-0"] * 8 + ["½-½"] * 6 + ["0-1"] * 6 + ["+/-"]  # white wins a little more often


def play_swiss(comp: Competition, enterer: User, confirmer: User, rng: random.Random, rounds: int = 0) -> int:
    """A Swiss competition's rounds (``rounds``, else all it plans) paired, each entered on one
    sheet and confirmed as a whole. Returns the games played."""
    plan = comp.plan
    if plan is None or plan.format != ResultFormat.SWISS:
        return 0
    played = 0
    for _round in range(rounds or plan.rounds):
        round_no = swiss_rounds.pair_next(comp, enterer)
        games = [m for m in swiss_rounds.round_games(comp, round_no) if m.away_entry_id is not None]
        swiss_rounds.enter_round(comp, round_no, {m.id: rng.choice(CHESS_RESULTS) for m in games}, {}, enterer)
        swiss_rounds.confirm_round(comp, round_no, {}, confirmer)
        played += len(games)
    return played


def play_performances(comp: Competition, enterer: User, confirmer: User, rng: random.Random) -> int:
    """A ranked event played: one list entered and confirmed mark by mark, or heats as heat
    sheets (each confirmed as a whole) and then the final they lead to. Returns the marks."""
    marks = 0
    for round_no in (heats.HEATS, heats.FINAL):
        rows = db.session.scalars(
            select(Performance).where(Performance.competition_id == comp.id, Performance.round_no == round_no)
        ).all()
        for perf in (p for p in rows if p.heat_no is None):
            recording.enter_performance(perf, enterer, f"{rng.uniform(30, 90):.2f}")
            recording.confirm_performance(perf, confirmer)
            marks += 1
        for heat_no in sorted({p.heat_no for p in rows if p.heat_no is not None}):
            lanes = [p for p in rows if p.heat_no == heat_no]
            sheet = [recording.LaneMark(p.id, f"{rng.uniform(11.2, 14.5):.2f}") for p in lanes]
            recording.enter_heat(comp, round_no, heat_no, sheet, enterer)
            recording.confirm_heat(comp, round_no, heat_no, {p.id: p.version for p in lanes}, confirmer)
            marks += len(lanes)
    return marks
