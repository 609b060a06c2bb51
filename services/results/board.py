"""An event's results at a glance: schedule, results, standings, places, medal table and
overall ranking, loaded in a fixed number of queries whatever the number of matches (the
public board and the large screen refresh every few seconds at the venue).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.attributes import set_committed_value

from extensions import db
from models import (
    Competition,
    Entry,
    EntryMember,
    Event,
    Match,
    MatchStage,
    Performance,
    Person,
    ResultFormat,
    Unit,
    Venue,
)
from services.i18n import to_local
from services.results import display, finish, placements, swiss_table, tally
from services.results.swiss import tiebreaks
from services.text import text_sort_key


@dataclass
class CompetitionResults:
    competition: Competition
    plan: object | None
    matches: list[Match]
    performances: list[Performance]
    tables: dict[int, list] = field(default_factory=dict)
    places: list[placements.Placement] = field(default_factory=list)
    undecided: list[int] = field(default_factory=list)  # entries whose place waits for the drawing of lots
    rounds: int = 0

    @property
    def published(self) -> bool:
        return bool(self.plan and self.plan.published_at)

    @property
    def has_ties(self) -> bool:
        """Entries still level after every tie-breaker: the admin records a drawing of lots."""
        return any(row.tied for rows in self.tables.values() for row in rows) or (self.swiss and bool(self.undecided))

    @property
    def group_matches(self) -> dict[int, list[Match]]:
        grouped: dict[int, list[Match]] = defaultdict(list)
        for m in self.matches:
            if m.stage == MatchStage.GROUP:
                grouped[m.group_no].append(m)
        return dict(grouped)

    @property
    def knockout_rounds(self) -> list[tuple[str, list[Match]]]:
        rounds: dict[int, list[Match]] = defaultdict(list)
        third = []
        for m in self.matches:
            if m.stage == MatchStage.KNOCKOUT:
                rounds[m.round_no].append(m)
            elif m.stage == MatchStage.THIRD_PLACE:
                third.append(m)
        named = [(display.round_name(r, self.rounds), ms) for r, ms in sorted(rounds.items())]
        return named + ([(display.match_title(third[0], self.rounds), third)] if third else [])

    @property
    def ranked(self) -> list[tuple[Performance, int]]:
        return placements.performance_ranks(self.plan, self.performances) if self.plan else []

    @property
    def swiss(self) -> bool:
        return bool(self.plan and self.plan.format == ResultFormat.SWISS)

    @property
    def swiss_rounds(self) -> list[tuple[int, list[Match]]]:
        """A Swiss competition's rounds, latest first, each game's board in order (the bye last)."""
        rounds: dict[int, list[Match]] = defaultdict(list)
        for m in swiss_table.games(self.matches):
            rounds[m.round_no].append(m)
        return sorted(rounds.items(), reverse=True)

    @property
    def swiss_standings(self) -> list:
        """Points then the plan's tie-breaks, over the rounds whose every game is confirmed."""
        return swiss_table.standings(self.plan, self.matches, swiss_table.order(self.plan)) if self.swiss else []

    @property
    def swiss_codes(self) -> list[str]:
        return [c for c in self.plan.tie_breakers if c in tiebreaks.CATALOGUE] if self.swiss else []

    def team_scores(self, unit_of: dict[int, int]) -> list[finish.TeamScore]:
        """Units on their best runners' places, where the plan scores teams (a race)."""
        best = getattr(self.plan, "team_best", 0) if self.plan else 0
        return finish.team_scores(self.ranked, unit_of, best) if best else []


SCREEN_ROWS = 15  # rows in a column of the big screen at its type size (1920×1080, read from 10 m)


@dataclass
class Slide:
    kind: str  # "medals", "overall" or "latest"
    columns: list[list]  # the rows shown side by side
    number: int  # its page among the pages of its kind
    pages: int


@dataclass
class EventResults:
    event: Event
    competitions: list[CompetitionResults]
    entries: dict[int, Entry]
    units: dict[int, Unit]
    names: dict[int, list[str]]  # entry id → its members' names (singles and pairs)
    venues: dict[int, Venue]
    medal_table: list[placements.UnitTally]
    overall: list[placements.UnitTally]
    overall_left_out: list[str]  # competitions left out of the overall ranking

    @property
    def awaiting_decision(self) -> list[CompetitionResults]:
        """Competitions whose places wait for the organiser's drawing of lots."""
        return [cr for cr in self.competitions if cr.undecided]

    def competition(self, competition_id: int) -> CompetitionResults | None:
        return next((c for c in self.competitions if c.competition.id == competition_id), None)

    def team_scores(self, cr: CompetitionResults) -> list[finish.TeamScore]:
        return cr.team_scores({e.id: e.unit_id for e in self.entries.values()})

    def label(self, entry_id: int | None, fallback: str = "") -> str:
        """ "Nguyễn Văn An (BMT)" for singles and pairs; the unit's name for teams (Đội 2 if more)."""
        entry = self.entries.get(entry_id) if entry_id else None
        if entry is None:
            return fallback
        return display.entry_label(entry, self.names.get(entry.id))

    def side(self, match: Match, home: bool) -> str:
        entry_id = match.home_entry_id if home else match.away_entry_id
        cr = self.competition(match.competition_id)
        code = match.home_source if home else match.away_source
        return self.label(entry_id, display.source_label(code, cr.rounds if cr else 0))

    def schedule(self, day: date | None = None, venue_id: int | None = None, unit_id: int | None = None):
        """Scheduled matches in time order, optionally of one day, venue or unit."""
        rows = []
        for cr in self.competitions:
            if not cr.published:
                continue
            for m in cr.matches:
                if m.starts_at is None or "BYE" in (m.home_source, m.away_source):
                    continue
                if day and to_local(m.starts_at).date() != day:
                    continue
                if venue_id and m.venue_id != venue_id:
                    continue
                if unit_id and unit_id not in {
                    self.entries[e].unit_id for e in (m.home_entry_id, m.away_entry_id) if e in self.entries
                }:
                    continue
                rows.append((m, cr))
        rows.sort(key=lambda r: (r[0].starts_at, r[0].venue_id or 0, r[0].court))
        return rows

    def days(self) -> list[date]:
        return sorted({to_local(m.starts_at).date() for cr in self.competitions for m in cr.matches if m.starts_at})

    def screen_slides(self, latest: int = 8) -> list[Slide]:
        """What the venue's big screen shows in turn (templates/board/screen.html): the whole
        medal table, then the overall ranking, in pages of two columns of ``SCREEN_ROWS``,
        then the latest results."""
        slides = []
        for kind, rows in (("medals", self.medal_table), ("overall", self.overall)):
            pages = [rows[i : i + SCREEN_ROWS * 2] for i in range(0, len(rows), SCREEN_ROWS * 2)] or [[]]
            for number, page in enumerate(pages, start=1):
                columns = [page[:SCREEN_ROWS], page[SCREEN_ROWS:]] if len(page) > SCREEN_ROWS else [page]
                slides.append(Slide(kind, columns, number, len(pages)))
        slides.append(Slide("latest", [self.latest(latest)], 1, 1))
        return slides

    def latest(self, limit: int = 10) -> list[tuple[Match, CompetitionResults]]:
        done = [(m, cr) for cr in self.competitions for m in cr.matches if m.confirmed]
        done.sort(key=lambda r: r[0].confirmed_at, reverse=True)
        return done[:limit]


def event_results(event: Event) -> EventResults:
    """Everything the board shows, in six queries."""
    comps = list(
        db.session.scalars(
            select(Competition)
            .where(Competition.event_id == event.id)
            .options(joinedload(Competition.sport), joinedload(Competition.plan))
        )
    )
    return _results(event, comps)


def competition_results(comp: Competition) -> EventResults:
    """What one competition's pages need (the results desk's competition, match, heat and
    Swiss pages, and the redirect after each save): the same view, loaded and tallied for
    this competition alone, so its cost does not grow with the event. Its medal table and
    overall ranking are this competition's only: for the event's, ``event_results``."""
    return _results(comp.event, [comp])


def _results(event: Event, comps: list[Competition]) -> EventResults:
    comps.sort(key=lambda c: text_sort_key(c.name))
    ids = [c.id for c in comps] or [-1]
    matches = list(
        db.session.scalars(
            select(Match)
            .where(Match.competition_id.in_(ids))
            .order_by(Match.stage, Match.group_no, Match.round_no, Match.position)
        )
    )
    perfs = list(db.session.scalars(select(Performance).where(Performance.competition_id.in_(ids))))
    entries = {
        e.id: e
        for e in db.session.scalars(select(Entry).where(Entry.competition_id.in_(ids)).options(joinedload(Entry.unit)))
    }
    comp_by_id = {c.id: c for c in comps}
    for e in entries.values():  # the competition is loaded already: no lazy load per entry
        set_committed_value(e, "competition", comp_by_id[e.competition_id])
    names: dict[int, list[str]] = defaultdict(list)
    for entry_id, full_name in db.session.execute(
        select(EntryMember.entry_id, Person.full_name)
        .join(Person, Person.id == EntryMember.person_id)
        .join(Entry, Entry.id == EntryMember.entry_id)
        .where(Entry.competition_id.in_(ids))
        .order_by(EntryMember.id)
    ):
        names[entry_id].append(full_name)
    venues = {v.id: v for v in event.venues}

    by_comp: dict[int, list[Match]] = defaultdict(list)
    for m in matches:
        by_comp[m.competition_id].append(m)
    perfs_by_comp: dict[int, list[Performance]] = defaultdict(list)
    for p in perfs:
        perfs_by_comp[p.competition_id].append(p)

    tallied = tally.tally(event, comps, entries, by_comp, perfs_by_comp)
    comp_results = []
    for comp in comps:
        plan = comp.plan
        cr = CompetitionResults(comp, plan, by_comp[comp.id], perfs_by_comp[comp.id])
        if plan is not None and plan.drawn_at is not None:
            cr.tables = tallied.tables[comp.id]
            cr.rounds = max((m.round_no for m in cr.matches if m.stage == MatchStage.KNOCKOUT), default=0)
            cr.places = tallied.places[comp.id]
            cr.undecided = tallied.undecided.get(comp.id, [])
        comp_results.append(cr)
    return EventResults(
        event=event,
        competitions=comp_results,
        entries=entries,
        units=tallied.units,
        names=dict(names),
        venues=venues,
        medal_table=tallied.medal_table,
        overall=tallied.overall,
        overall_left_out=tallied.overall_left_out,
    )
