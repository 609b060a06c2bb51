"""Checkpoints, scanning devices, every scan, and the check-ins (admissions) they made."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, Column, ForeignKey, Index, String, Table, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.accounts import User
from models.base import Base, UTCDateTime, utcnow
from models.enums import CheckpointKind, Frequency
from models.organisation import Event, Venue
from models.registration import Person
from models.types import enum_column_type

volunteer_checkpoint = Table(
    "volunteer_checkpoint",
    Base.metadata,
    Column("user_id", ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True),
    Column("checkpoint_id", ForeignKey("checkpoint.id", ondelete="CASCADE"), primary_key=True),
)


class Checkpoint(Base):
    """Where volunteers scan: who may pass (empty list: everyone), how often, and when."""

    __tablename__ = "checkpoint"
    __table_args__ = (UniqueConstraint("event_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    venue_id: Mapped[int | None] = mapped_column(ForeignKey("venue.id", ondelete="SET NULL"))
    kind: Mapped[CheckpointKind] = mapped_column(enum_column_type(CheckpointKind, "checkpoint_kind"))
    name: Mapped[str] = mapped_column(String(200))
    allowed_roles: Mapped[list] = mapped_column(JSON, default=list)
    allowed_unit_ids: Mapped[list] = mapped_column(JSON, default=list)
    allowed_competition_ids: Mapped[list] = mapped_column(JSON, default=list)
    frequency: Mapped[Frequency] = mapped_column(enum_column_type(Frequency, "checkpoint_frequency"))
    opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # The admission policy: people of units whose registration is not approved are refused,
    # unless the checkpoint lets them in (a rehearsal, a festival booth open to all).
    admit_unapproved: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    event: Mapped[Event] = relationship()
    venue: Mapped[Venue | None] = relationship()
    volunteers: Mapped[list[User]] = relationship(secondary=volunteer_checkpoint)


class Device(Base):
    """A phone signed in to one checkpoint, by a device link or a volunteer's login."""

    __tablename__ = "device"

    id: Mapped[int] = mapped_column(primary_key=True)
    checkpoint_id: Mapped[int] = mapped_column(ForeignKey("checkpoint.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    name: Mapped[str] = mapped_column(String(120), default="")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 of the bearer token
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    checkpoint: Mapped[Checkpoint] = relationship()
    user: Mapped[User | None] = relationship(foreign_keys=[user_id])


class Scan(Base):
    """Every scan, accepted or refused, exactly once per client_scan_id, with its first answer."""

    __tablename__ = "scan"
    __table_args__ = (Index("ix_scan_checkpoint_id_scanned_at", "checkpoint_id", "scanned_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    client_scan_id: Mapped[str] = mapped_column(String(36), unique=True)
    checkpoint_id: Mapped[int] = mapped_column(ForeignKey("checkpoint.id", ondelete="CASCADE"))
    device_id: Mapped[int | None] = mapped_column(ForeignKey("device.id", ondelete="SET NULL"))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"), index=True)
    code: Mapped[str] = mapped_column(String(64), default="")
    outcome: Mapped[str] = mapped_column(String(20))
    scanned_at: Mapped[datetime] = mapped_column(UTCDateTime)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    offline: Mapped[bool] = mapped_column(Boolean, default=False)
    offline_outcome: Mapped[str | None] = mapped_column(String(20))  # the phone's own verdict, offline
    response: Mapped[dict] = mapped_column(JSON, default=dict)
    # When a scan made earlier offline, arriving later, took this one's admission (it became the repeat).
    superseded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    checkpoint: Mapped[Checkpoint] = relationship()
    device: Mapped[Device | None] = relationship()
    person: Mapped[Person | None] = relationship()


class CheckIn(Base):
    """An admission. The unique slot makes "once" and "once a day" hold under concurrent scans."""

    __tablename__ = "check_in"
    __table_args__ = (UniqueConstraint("checkpoint_id", "person_id", "slot"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    checkpoint_id: Mapped[int] = mapped_column(ForeignKey("checkpoint.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    slot: Mapped[str] = mapped_column(String(40))  # "once", a local date, or the scan's id (unlimited)
    scan_id: Mapped[int] = mapped_column(ForeignKey("scan.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(UTCDateTime)

    checkpoint: Mapped[Checkpoint] = relationship()
    person: Mapped[Person] = relationship()
    scan: Mapped[Scan] = relationship()
