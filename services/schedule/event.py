"""An event's schedule, planned at once (``plan_event``): its venues' courts and hours, every
drawn competition's matches, who may play in each (a later knockout round: everyone who
may still reach it), built into a ``Problem`` for the solver, and the answer written back
only when it fits, under lock, if nothing was played meanwhile.

Fixed, never moved: a match with a result, a pinned one, and one whose time has come.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from extensions import db
from models import (
    Competition,
    CompetitionPlan,
    Court,
    CourtClosure,
    EntryMember,
    Event,
    Match,
    MatchStage,
    ResultFormat,
    utcnow,
)
from services import lookup
from services.errors import DomainError, ValidationErrors
from services.i18n import LOCAL_TZ
from services.results import brackets, sports
from services.schedule import problem as p
from services.schedule.solver import TIME_LIMIT_S, solve

DEFAULT_HOURS = (("07:00", "11:30"), ("13:30", "17:30"))
HOURS_RE = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


def parse_hours(text: str) -> list[list[str]]:
    """ "07:00-11:30, 13:30-17:30" → [["07:00", "11:30"], ["13:30", "17:30"]]; DomainError naming
    the part that is not a time span, or spans out of order."""
    spans: list[list[str]] = []
    for part in (x.strip() for x in (text or "").replace(";", ",").split(",")):
        if not part:
            continue
        bits = [b.strip() for b in re.split(r"[-–—]", part)]
        if len(bits) != 2 or not all(HOURS_RE.match(b) for b in bits):
            raise DomainError(
                _("Giờ mở cửa “%(p)s” không hợp lệ: ghi như 07:00-11:30, 13:30-17:30.", p=part), field="hours"
            )
        start, end = (f"{int(b.split(':')[0]):02d}:{b.split(':')[1]}" for b in bits)
        if end <= start or (spans and start < spans[-1][1]):
            raise DomainError(_("Giờ mở cửa “%(p)s” không theo thứ tự trong ngày.", p=part), field="hours")
        spans.append([start, end])
    return spans


def _minutes(hhmm: str) -> int:
    hours, minutes = hhmm.split(":")
    return int(hours) * 60 + int(minutes)


def venue_windows(hours: list) -> tuple[tuple[int, int], ...]:
    return tuple((_minutes(a), _minutes(b)) for a, b in (hours or DEFAULT_HOURS))


def origin_of(event: Event) -> datetime:
    """Midnight (Vietnam time) of the event's first day: minute 0 of the problem."""
    return datetime.combine(event.starts_on, time(0), tzinfo=LOCAL_TZ)


def match_minutes(comp: Competition) -> int:
    return comp.match_minutes or sports.kind_of(comp.sport.kind).match_minutes


@dataclass
class Built:
    problem: p.Problem
    matches: dict[int, Match]
    fixed: set[int]


def build(event: Event, now: datetime | None = None) -> Built:
    now = now or utcnow()
    origin = origin_of(event)
    courts = [
        p.Court(c.id, v.id, c.name, frozenset(c.sports or ()), venue_windows(v.hours))
        for v in event.venues
        for c in v.courts
    ]
    comps = list(
        db.session.scalars(
            select(Competition)
            .join(CompetitionPlan)
            .where(
                Competition.event_id == event.id,
                CompetitionPlan.drawn_at.is_not(None),
                CompetitionPlan.format != ResultFormat.RANKED,
            )
            .options(selectinload(Competition.sport))
        )
    )
    matches = list(db.session.scalars(select(Match).where(Match.competition_id.in_([c.id for c in comps]))))
    members: dict[int, set[int]] = defaultdict(set)
    entry_ids = {e for m in matches for e in (m.home_entry_id, m.away_entry_id) if e}
    for entry_id, person_id in db.session.execute(
        select(EntryMember.entry_id, EntryMember.person_id).where(EntryMember.entry_id.in_(entry_ids))
    ):
        members[entry_id].add(person_id)
    by_comp = {c.id: c for c in comps}
    games, fixed, kept = [], set(), {}
    feeds = _Feeds(matches)
    for m in matches:
        if "BYE" in (m.home_source, m.away_source):
            continue
        comp = by_comp[m.competition_id]
        entries = feeds.entries(m)
        people = frozenset({("e", e) for e in entries} | {person for e in entries for person in members[e]})
        at = None
        if m.starts_at is not None:
            at = _minute(origin, m.starts_at)
        pinned = m.has_result or m.pinned or (m.starts_at is not None and m.starts_at <= now)
        if pinned and at is None:
            continue  # a result entered without a time: nothing to place, nothing it blocks
        if pinned:
            fixed.add(m.id)
        elif at is not None and m.court_id is not None:
            kept[m.id] = (at, m.court_id)
        games.append(
            p.Game(
                id=m.id,
                competition_id=comp.id,
                sport=comp.sport.kind,
                minutes=match_minutes(comp),
                rest=comp.rest_minutes,
                people=people,
                after=tuple(feeds.before(m)),
                final_session=comp.final_session if feeds.is_final(m) else "",
                fixed=(at, m.court_id) if pinned and at is not None else None,
            )
        )
    names = {("competition", c.id): c.name for c in comps} | {("venue", v.id): v.name for v in event.venues}
    days = (event.ends_on - event.starts_on).days + 1
    earliest = max(0, _minute(origin, now) + 1)  # on the day, nothing that moves goes to the past
    problem = p.Problem(days, courts, games, names, kept, _closed(event, origin), earliest, event.travel_minutes)
    return Built(problem, {m.id: m for m in matches}, fixed)


def _minute(origin: datetime, moment: datetime) -> int:
    return int((moment.astimezone(LOCAL_TZ) - origin).total_seconds() // 60)


def _closed(event: Event, origin: datetime) -> dict[int, list[tuple[int, int]]]:
    """The courts' closures (late, rain) in the problem's minutes."""
    closed: dict[int, list[tuple[int, int]]] = defaultdict(list)
    venues = {v.id: v for v in event.venues}
    for closure in db.session.scalars(select(CourtClosure).where(CourtClosure.venue_id.in_(venues))):
        courts = [closure.court_id] if closure.court_id else [c.id for c in venues[closure.venue_id].courts]
        for court_id in courts:
            closed[court_id].append((_minute(origin, closure.starts_at), _minute(origin, closure.ends_at)))
    return dict(closed)


class _Feeds:
    """Who may play a match, and what must be over before it, from its sources: an entry, a
    group place ("A1"), a place across groups ("*2.1"), a knockout winner or loser ("W1.2")."""

    def __init__(self, matches: list[Match]):
        self.by_comp: dict[int, list[Match]] = defaultdict(list)
        for m in matches:
            self.by_comp[m.competition_id].append(m)
        self._memo: dict[int, frozenset[int]] = {}

    def _group(self, m: Match, group_no: int | None) -> list[Match]:
        return [
            x
            for x in self.by_comp[m.competition_id]
            if x.stage == MatchStage.GROUP and (group_no is None or x.group_no == group_no)
        ]

    def _knockout(self, m: Match, round_no: int, position: int) -> Match | None:
        return next(
            (
                x
                for x in self.by_comp[m.competition_id]
                if x.stage == MatchStage.KNOCKOUT and x.round_no == round_no and x.position == position
            ),
            None,
        )

    def _source(self, m: Match, code: str) -> list[Match]:
        """The matches a slot's source waits for."""
        if not code or code == "BYE":
            return []
        if code[:1] in "WL" and "." in code:
            round_no, position = (int(x) for x in code[1:].split("."))
            feeder = self._knockout(m, round_no, position)
            return [feeder] if feeder else []
        if brackets.parse_ranked(code):
            return self._group(m, None)
        letter = code[:1].upper()
        return self._group(m, ord(letter) - ord("A") + 1) if letter.isalpha() else []

    def before(self, m: Match) -> list[int]:
        if m.stage == MatchStage.SWISS:  # a Swiss round after the round before it
            return [x.id for x in self.by_comp[m.competition_id]
                    if x.stage == MatchStage.SWISS and x.round_no == m.round_no - 1 and x.away_entry_id]  # fmt: skip
        return list(
            dict.fromkeys(
                x.id
                for entry, code in ((m.home_entry_id, m.home_source), (m.away_entry_id, m.away_source))
                if entry is None or m.stage != MatchStage.GROUP
                for x in self._source(m, code)
                if "BYE" not in (x.home_source, x.away_source)
            )
        )

    def entries(self, m: Match) -> frozenset[int]:
        if m.id not in self._memo:
            found: set[int] = set()
            for entry, code in ((m.home_entry_id, m.home_source), (m.away_entry_id, m.away_source)):
                if entry is not None:
                    found.add(entry)
                else:
                    for feeder in self._source(m, code):
                        found |= self.entries(feeder)
            self._memo[m.id] = frozenset(found)
        return self._memo[m.id]

    def is_final(self, m: Match) -> bool:
        rounds = max((x.round_no for x in self.by_comp[m.competition_id] if x.stage == MatchStage.KNOCKOUT), default=0)
        if m.stage == MatchStage.THIRD_PLACE:
            return True
        if m.stage == MatchStage.KNOCKOUT:
            return m.round_no == rounds
        if m.stage == MatchStage.SWISS:  # paired a round at a time: no final to place
            return False
        return rounds == 0 and m.round_no == max(x.round_no for x in self._group(m, m.group_no))


def placed_now(event: Event, built: Built) -> dict[int, p.Placement]:
    """The matches' times and courts as they stand, as the solver would have written them
    (for services/schedule/check.py)."""
    origin = origin_of(event)
    return {
        g.id: p.Placement(_minute(origin, m.starts_at), m.court_id)
        for g in built.problem.games
        if (m := built.matches[g.id]).starts_at is not None
    }


@dataclass
class Overview:
    matches: int  # to play (byes aside), in drawn competitions
    placed: int  # with a time, a court and inside the event's days
    outside: int  # with a time outside the event's days
    first: datetime | None
    last: datetime | None
    courts: int


def overview(event: Event, built: Built | None = None) -> Overview:
    built = built or build(event)
    origin = origin_of(event)
    placed = outside = 0
    times = []
    for game in built.problem.games:
        m = built.matches[game.id]
        if m.starts_at is None:
            continue
        if 0 <= _minute(origin, m.starts_at) < built.problem.horizon:
            placed += m.court_id is not None
            times.append(m.starts_at)
        else:
            outside += 1
    return Overview(
        len(built.problem.games), placed, outside, min(times, default=None), max(times, default=None),
        len(built.problem.courts),
    )  # fmt: skip


@dataclass
class Change:
    match: Match
    old: tuple[datetime | None, str]
    new: tuple[datetime, str]


def plan_event(
    event: Event, time_limit: float = TIME_LIMIT_S, now: datetime | None = None
) -> tuple[p.Outcome, list[Change]]:
    """Plan (or re-plan) the whole event and write it at once (the demo, a rehearsal: ``now``
    as if it were then), or raise ValidationErrors saying why it does not fit (nothing
    written). The admin's screen goes through a draft instead (services/schedule/replan.py)."""
    if not any(v.courts for v in event.venues):
        raise DomainError(_("Sự kiện chưa có sân nào: thêm sân cho các địa điểm trước khi xếp lịch."))
    built = build(event, now)
    outcome = solve(built.problem, time_limit=time_limit)
    if not outcome.fits:
        raise ValidationErrors(_("Không xếp được lịch, chưa thay đổi gì:"), outcome.reasons)
    return outcome, write(event, built, outcome)


def write(event: Event, built: Built, outcome: p.Outcome) -> list[Change]:
    """The placements, under the matches' locks, unless a match was played or pinned since."""
    ids = [g.id for g in built.problem.games]
    locked = {m.id: m for m in db.session.scalars(lookup.locked(select(Match).where(Match.id.in_(ids))))}
    still = {m.id for m in locked.values() if m.has_result or m.pinned}
    if still - built.fixed:
        raise DomainError(_("Có trận vừa có kết quả hoặc được ghim trong lúc xếp lịch: hãy xếp lại."))
    origin = origin_of(event)
    used = {pl.court_id for pl in outcome.placements.values() if pl.court_id is not None}
    courts = {c.id: c for c in db.session.scalars(select(Court).where(Court.id.in_(used)))}
    changes = []
    for game_id, placement in outcome.placements.items():
        if game_id in built.fixed or placement.court_id is None:
            continue
        m = locked[game_id]
        court = courts[placement.court_id]  # a match the solver placed is always on a court
        when = (origin + timedelta(minutes=placement.start)).astimezone(UTC)
        if m.starts_at == when and m.court_id == court.id:
            continue
        changes.append(Change(m, (m.starts_at, m.court), (when, court.name)))
        m.starts_at, m.venue_id, m.court_id, m.court = when, court.venue_id, court.id, court.name
    db.session.flush()
    return changes
