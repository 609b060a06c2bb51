"""Running a competition: its format and draw, its matches and their results, performances
(ranked events), the officials who enter results, and the history of every result change.

Standings, placements, the medal table and the overall ranking are not stored: they are
computed from confirmed results (services/results/standings.py, services/results/placements.py), so a
corrected score can never leave a stale table behind.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import JSON, Column, Float, ForeignKey, Index, Numeric, String, Table, UniqueConstraint
from sqlalchemy import false as sa_false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.accounts import User
from models.base import Base, UTCDateTime, utcnow
from models.enums import MatchStage, ResultFormat, ScoringPreset, ThirdPlace
from models.organisation import Venue
from models.registration import Competition, Entry
from models.types import enum_column_type

competition_official = Table(
    "competition_official",
    Base.metadata,
    Column("user_id", ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True),
    Column("competition_id", ForeignKey("competition.id", ondelete="CASCADE"), primary_key=True),
)


class CompetitionPlan(Base):
    """How a competition is played and scored, and its draw (made once, with a recorded seed).

    ``tie_breakers`` are names from services.standings.TIE_BREAKERS in the order applied;
    ``lots`` is the drawing of lots the admin recorded: {entry id: place}.
    """

    __tablename__ = "competition_plan"

    id: Mapped[int] = mapped_column(primary_key=True)
    competition_id: Mapped[int] = mapped_column(ForeignKey("competition.id", ondelete="CASCADE"), unique=True)
    format: Mapped[ResultFormat] = mapped_column(enum_column_type(ResultFormat, "result_format"))
    preset: Mapped[ScoringPreset] = mapped_column(enum_column_type(ScoringPreset, "scoring_preset"))
    best_of: Mapped[int] = mapped_column(default=3)  # sets (or pulls) in a match
    groups: Mapped[int] = mapped_column(default=1)
    advance_per_group: Mapped[int] = mapped_column(default=2)
    third_place: Mapped[ThirdPlace] = mapped_column(
        enum_column_type(ThirdPlace, "third_place"), default=ThirdPlace.SHARED
    )
    consolation: Mapped[bool] = mapped_column(default=False)  # Khuyến khích: 4th / quarter-final losers
    points_win: Mapped[int] = mapped_column(default=3)
    points_draw: Mapped[int] = mapped_column(default=1)
    points_loss: Mapped[int] = mapped_column(default=0)
    points_forfeit: Mapped[int] = mapped_column(default=0)
    tie_breakers: Mapped[list] = mapped_column(JSON, default=list)
    # points per result instead of per win/loss: [[sets won, sets lost, winner's, loser's], …] (volleyball)
    points_by_score: Mapped[list] = mapped_column(JSON, default=list, server_default="[]")
    higher_is_better: Mapped[bool] = mapped_column(default=True)  # ranked: distance yes, time no
    # Ranked events run in heats then a final when lanes is set (services/results/heats.py): the
    # first qualify_place of each heat go through, then the next qualify_time best marks.
    lanes: Mapped[int] = mapped_column(default=0, server_default="0")
    qualify_place: Mapped[int] = mapped_column(default=0, server_default="0")
    qualify_time: Mapped[int] = mapped_column(default=0, server_default="0")
    # A race read at its finish line (services/results/finish.py): the checkpoint whose scans are
    # the arrivals, the start; and a unit's team score, the sum of its best ``team_best`` places.
    finish_checkpoint_id: Mapped[int | None] = mapped_column(ForeignKey("checkpoint.id", ondelete="SET NULL"))
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    team_best: Mapped[int] = mapped_column(default=0, server_default="0")
    # The Swiss system (services/results/swiss_rounds.py): rounds to play, the pairing bye's
    # points (1, ½ or 0), and who is not paired in a round: {"round": [entry ids]}.
    rounds: Mapped[int] = mapped_column(default=0, server_default="0")
    bye_points: Mapped[Decimal] = mapped_column(Numeric(2, 1), default=Decimal(1), server_default="1")
    absent: Mapped[dict] = mapped_column(JSON, default=dict, server_default="{}")
    lots: Mapped[dict] = mapped_column(JSON, default=dict)
    seeds: Mapped[list] = mapped_column(JSON, default=list)  # entry ids, best first
    # The draw: {"groups": [[entry ids of A], [of B], …]} or {"bracket": [[id, id|null], …]}
    # (first-round pairs); matches are built from it, so a swap before publishing redraws nothing.
    # A Swiss draw: {"swiss": [entry ids by pairing number], "initial": "w" or "b"}.
    draw: Mapped[dict] = mapped_column(JSON, default=dict)
    seed: Mapped[int | None]  # the random seed the draw used
    drawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    drawn_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    competition: Mapped[Competition] = relationship(back_populates="plan")


class Match(Base):
    """One fixture. Knockout slots not yet known name where they come from: ``A1`` (winner of
    group A), ``W1.2`` / ``L2.1`` (winner / loser of knockout round 1, match 2), ``BYE``.

    A result counts once ``confirmed_at`` is set, by a second official.
    """

    __tablename__ = "match"
    __table_args__ = (
        UniqueConstraint("competition_id", "stage", "group_no", "round_no", "position"),
        Index("ix_match_starts_at", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    competition_id: Mapped[int] = mapped_column(ForeignKey("competition.id", ondelete="CASCADE"), index=True)
    stage: Mapped[MatchStage] = mapped_column(enum_column_type(MatchStage, "match_stage"))
    group_no: Mapped[int] = mapped_column(default=0)  # 1 = group A; 0 outside groups
    round_no: Mapped[int]
    position: Mapped[int]
    home_entry_id: Mapped[int | None] = mapped_column(ForeignKey("entry.id", ondelete="RESTRICT"))
    away_entry_id: Mapped[int | None] = mapped_column(ForeignKey("entry.id", ondelete="RESTRICT"))
    home_source: Mapped[str] = mapped_column(String(10), default="")
    away_source: Mapped[str] = mapped_column(String(10), default="")
    venue_id: Mapped[int | None] = mapped_column(ForeignKey("venue.id", ondelete="SET NULL"), index=True)
    court: Mapped[str] = mapped_column(String(60), default="")
    court_id: Mapped[int | None] = mapped_column(ForeignKey("court.id", ondelete="SET NULL"), index=True)
    pinned: Mapped[bool] = mapped_column(default=False, server_default=sa_false())  # the scheduler never moves it
    starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The result: sets (or pulls) as [[home, away], ...]; scores are sets won or goals.
    sets: Mapped[list] = mapped_column(JSON, default=list)
    home_score: Mapped[int | None]
    away_score: Mapped[int | None]
    shootout: Mapped[str] = mapped_column(String(4), default="")  # knockout draw: "home"/"away" won on penalties
    forfeited_by: Mapped[str] = mapped_column(String(4), default="")  # walkover: "home"/"away" did not play
    winner_entry_id: Mapped[int | None] = mapped_column(ForeignKey("entry.id", ondelete="RESTRICT"))
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    entered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Every change of the result adds one: a form carries the version it showed, and a POST
    # made from an older page is refused (services/results/recording.py).
    version: Mapped[int] = mapped_column(default=0, server_default="0")
    # An official asked to clear a confirmed result: it no longer counts, and is cleared when a
    # second official confirms (a clear is a correction).
    clear_requested: Mapped[bool] = mapped_column(default=False, server_default=sa_false())

    competition: Mapped[Competition] = relationship()
    home: Mapped[Entry | None] = relationship(foreign_keys=[home_entry_id])
    away: Mapped[Entry | None] = relationship(foreign_keys=[away_entry_id])
    venue: Mapped[Venue | None] = relationship()
    entered_by: Mapped[User | None] = relationship(foreign_keys=[entered_by_id])
    confirmed_by: Mapped[User | None] = relationship(foreign_keys=[confirmed_by_id])

    @property
    def has_result(self) -> bool:
        return self.entered_at is not None

    @property
    def confirmed(self) -> bool:
        return self.confirmed_at is not None


class Performance(Base):
    """A ranked event's result for one entry (a time, a distance, judges' points)."""

    __tablename__ = "performance"
    __table_args__ = (UniqueConstraint("competition_id", "entry_id", "round_no"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    competition_id: Mapped[int] = mapped_column(ForeignKey("competition.id", ondelete="CASCADE"), index=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("entry.id", ondelete="CASCADE"))
    # Heats and a final (services/results/heats.py): round 1 the heats, round 2 the final, each
    # performance in a heat and a lane; without heats (no lanes set) one list, round 1, no heat.
    round_no: Mapped[int] = mapped_column(default=1, server_default="1")
    heat_no: Mapped[int | None]
    lane: Mapped[int | None]
    value: Mapped[Decimal | None] = mapped_column(Numeric(12, 3))
    did_not_finish: Mapped[bool] = mapped_column(default=False)  # no mark: did not start, finish, or disqualified
    status: Mapped[str] = mapped_column(String(3), default="", server_default="")  # "", "dns", "dnf", "dq"
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    entered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(default=0, server_default="0")  # as Match.version

    entry: Mapped[Entry] = relationship()

    @property
    def confirmed(self) -> bool:
        return self.confirmed_at is not None


class ResultChange(Base):
    """Every entry, confirmation and correction of a result: who, when, old → new."""

    __tablename__ = "result_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    competition_id: Mapped[int] = mapped_column(ForeignKey("competition.id", ondelete="CASCADE"), index=True)
    match_id: Mapped[int | None] = mapped_column(ForeignKey("match.id", ondelete="CASCADE"), index=True)
    performance_id: Mapped[int | None] = mapped_column(ForeignKey("performance.id", ondelete="CASCADE"))
    action: Mapped[str] = mapped_column(String(20))  # enter, confirm, correct, clear, draw, publish, lots
    old: Mapped[dict] = mapped_column(JSON, default=dict)
    new: Mapped[dict] = mapped_column(JSON, default=dict)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User | None] = relationship()


class CourtClosure(Base):
    """A court (or every court of a venue) unavailable for a while: running late, rain, a
    repair. The scheduler keeps matches off it (services/schedule)."""

    __tablename__ = "court_closure"

    id: Mapped[int] = mapped_column(primary_key=True)
    venue_id: Mapped[int] = mapped_column(ForeignKey("venue.id", ondelete="CASCADE"), index=True)
    court_id: Mapped[int | None] = mapped_column(ForeignKey("court.id", ondelete="CASCADE"))  # None: all
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    reason: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    venue: Mapped[Venue] = relationship()


class ScheduleDraft(Base):
    """A plan the admin sees before publishing it: the placements the solver found, from the
    schedule as it stood (``basis``: a fingerprint of every match's time, court and result).
    Publishing writes it only if the schedule is still that one."""

    __tablename__ = "schedule_draft"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    basis: Mapped[str] = mapped_column(String(64))
    placements: Mapped[dict] = mapped_column(JSON, default=dict)  # match id → [start minute, court id]
    solve_s: Mapped[float] = mapped_column(Float, default=0.0)

    created_by: Mapped[User | None] = relationship()
