"""Seasons, events, venues and member units."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, CheckConstraint, Date, ForeignKey, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, UTCDateTime, utcnow
from models.enums import EventKind, OverallRule, UnitKind
from models.types import enum_column_type


class Season(Base):
    __tablename__ = "season"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    year: Mapped[int]
    description: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    events: Mapped[list[Event]] = relationship(
        back_populates="season", order_by="Event.starts_on", cascade="all, delete-orphan"
    )


class Event(Base):
    __tablename__ = "event"
    __table_args__ = (
        CheckConstraint("ends_on >= starts_on", name="dates_in_order"),
        CheckConstraint(
            "registration_closes_at IS NULL OR registration_opens_at IS NULL"
            " OR registration_closes_at > registration_opens_at",
            name="registration_window_in_order",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    season_id: Mapped[int] = mapped_column(ForeignKey("season.id", ondelete="CASCADE"), index=True)
    kind: Mapped[EventKind] = mapped_column(enum_column_type(EventKind, "event_kind"))
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    registration_opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    registration_closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    description: Mapped[str] = mapped_column(Text, default="")
    # Registration rules (data, not code): see services/registration/eligibility.py.
    max_individual_per_athlete: Mapped[int | None] = mapped_column(default=2)
    team_competitions_count: Mapped[bool] = mapped_column(Boolean, default=False)
    union_card_required: Mapped[bool] = mapped_column(Boolean, default=True)
    # Digits of a union card number, to restore leading zeros Excel dropped (None: unknown).
    union_card_digits: Mapped[int | None]
    # Overall ranking (xếp hạng toàn đoàn): by the medal table, or by points per placement
    # ({"1": 7, "2": 5, "3": 3, "kk": 1}); competitions with fewer units entered than
    # overall_min_units are left out of it.
    overall_rule: Mapped[OverallRule] = mapped_column(
        enum_column_type(OverallRule, "overall_rule"), default=OverallRule.MEDALS, server_default="medals"
    )
    overall_points: Mapped[dict] = mapped_column(JSON, default=dict, server_default="{}")
    overall_min_units: Mapped[int] = mapped_column(default=0, server_default="0")
    # Prize money (đồng) per overall rank ({"1": 5000000, …}); a place two share (two bronzes)
    # gives each its full amount unless shared_prize_split (services/papers/awards.py).
    overall_prizes: Mapped[dict] = mapped_column(JSON, default=dict, server_default="{}")
    shared_prize_split: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Copied from last season (services/season/copying.py): closed to units until an admin has
    # reviewed its dates, competitions, checkpoints and prizes and opened it.
    review_pending: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Scheduling (services/schedule): the least time between one person's two matches at
    # different venues (travelling, warming up), besides each competition's own rest.
    travel_minutes: Mapped[int] = mapped_column(default=30, server_default="30")

    season: Mapped[Season] = relationship(back_populates="events")
    venues: Mapped[list[Venue]] = relationship(
        back_populates="event", order_by="Venue.name", cascade="all, delete-orphan"
    )


class Venue(Base):
    __tablename__ = "venue"
    __table_args__ = (UniqueConstraint("event_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(300), default="")
    # Opening hours on each day of the event, Vietnam time, breaks between: [["07:00", "11:30"], …]
    # (services/schedule reads them; empty: 07:00–11:30 and 13:30–17:30).
    hours: Mapped[list] = mapped_column(JSON, default=list, server_default="[]")

    event: Mapped[Event] = relationship(back_populates="venues")
    courts: Mapped[list[Court]] = relationship(
        back_populates="venue", order_by="Court.position", cascade="all, delete-orphan"
    )


class Court(Base):
    """A court, field or table of a venue (Sân 1, Bàn 3): one match at a time."""

    __tablename__ = "court"
    __table_args__ = (UniqueConstraint("venue_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    venue_id: Mapped[int] = mapped_column(ForeignKey("venue.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(60))
    position: Mapped[int] = mapped_column(default=0)
    # The sports it hosts, by kind (services/results/sports.KINDS); empty: any.
    sports: Mapped[list] = mapped_column(JSON, default=list, server_default="[]")

    venue: Mapped[Venue] = relationship(back_populates="courts")


class Unit(Base):
    """A member union that sends people (Đơn vị)."""

    __tablename__ = "unit"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    kind: Mapped[UnitKind] = mapped_column(enum_column_type(UnitKind, "unit_kind"))
    counts_for_participation: Mapped[bool] = mapped_column(Boolean, default=True)
    contact_name: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
