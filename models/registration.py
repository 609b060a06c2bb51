"""Sports, competitions, people and the entries team registration fills."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.accounts import User
from models.base import Base, UTCDateTime, utcnow
from models.enums import Category, CompetitionFormat, Gender, PersonRole, RegistrationStatus
from models.organisation import Event, Unit
from models.types import enum_column_type

if TYPE_CHECKING:
    from models.results import CompetitionPlan


class Sport(Base):
    __tablename__ = "sport"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(30), unique=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    # What it plays by default: a code of services/results/sports.KINDS ("badminton", "other").
    kind: Mapped[str] = mapped_column(String(30), default="other", server_default="other")


class Competition(Base):
    """One medal event of a sport in an event (Nội dung thi đấu)."""

    __tablename__ = "competition"
    __table_args__ = (UniqueConstraint("event_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    sport_id: Mapped[int] = mapped_column(ForeignKey("sport.id", ondelete="RESTRICT"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    category: Mapped[Category] = mapped_column(enum_column_type(Category, "competition_category"))
    format: Mapped[CompetitionFormat] = mapped_column(enum_column_type(CompetitionFormat, "competition_format"))
    # Rules (all optional): age on the reference date (default: the event's first day),
    # team size and make-up, entries per unit; see services/registration/eligibility.py.
    min_age: Mapped[int | None]
    max_age: Mapped[int | None]
    age_reference_date: Mapped[date | None] = mapped_column(Date)
    team_min: Mapped[int] = mapped_column(default=1)
    team_max: Mapped[int] = mapped_column(default=1)
    min_men: Mapped[int] = mapped_column(default=0)
    min_women: Mapped[int] = mapped_column(default=0)
    max_entries_per_unit: Mapped[int | None] = mapped_column(default=1)
    counts_for_overall: Mapped[bool] = mapped_column(Boolean, default=True)
    # Prize money (đồng) per place: {"1": 1500000, "2": 1000000, "3": 700000, "kk": 300000}.
    prizes: Mapped[dict] = mapped_column(JSON, default=dict, server_default="{}")
    # Scheduling (services/schedule): a match's length (None: the sport's default), the rest an
    # entry needs between two matches, and the session its final must be in ("": any, "day":
    # the event's last day, "morning" / "afternoon": that day's, services/schedule/problem.py).
    match_minutes: Mapped[int | None]
    rest_minutes: Mapped[int] = mapped_column(default=30, server_default="30")
    final_session: Mapped[str] = mapped_column(String(10), default="", server_default="")

    event: Mapped[Event] = relationship()
    sport: Mapped[Sport] = relationship()
    # Running it (models/results.py): its plan, and the officials who enter its results.
    plan: Mapped[CompetitionPlan | None] = relationship(back_populates="competition", uselist=False)
    officials: Mapped[list[User]] = relationship(secondary="competition_official", order_by="User.username")

    @property
    def reference_date(self) -> date:
        """The day ages are counted on: the competition's own, else the event's first day."""
        return self.age_reference_date or self.event.starts_on


class Person(Base):
    """A person registered by a unit for an event, with a role."""

    __tablename__ = "person"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="RESTRICT"), index=True)
    full_name: Mapped[str] = mapped_column(String(200))
    # NFC, case-folded, single-spaced name: compared to find the same person twice.
    name_key: Mapped[str] = mapped_column(String(200), index=True, default="")
    # Unaccented, case-folded name (services/text.py search_key): what searches compare. Not
    # indexed: a search matches a part of it (LIKE '%…%'), which no b-tree index serves.
    search_key: Mapped[str] = mapped_column(String(200), default="", server_default="")
    gender: Mapped[Gender] = mapped_column(enum_column_type(Gender, "person_gender"))
    birth_date: Mapped[date | None] = mapped_column(Date)
    union_card_no: Mapped[str] = mapped_column(String(40), default="")
    workplace: Mapped[str] = mapped_column(String(300), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    role: Mapped[PersonRole] = mapped_column(enum_column_type(PersonRole, "person_role"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    unit: Mapped[Unit] = relationship()
    event: Mapped[Event] = relationship()


class Entry(Base):
    """One unit's entry in one competition: a team, a pair or a single athlete.

    ``team_no`` tells a unit's entries in one competition apart (Đội 1, Đội 2).
    """

    __tablename__ = "entry"
    __table_args__ = (UniqueConstraint("competition_id", "unit_id", "team_no"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # Looked up through the unique constraint above, whose first column it is: no index of its own.
    competition_id: Mapped[int] = mapped_column(ForeignKey("competition.id", ondelete="CASCADE"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="RESTRICT"), index=True)
    team_no: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    competition: Mapped[Competition] = relationship()
    unit: Mapped[Unit] = relationship()
    members: Mapped[list[EntryMember]] = relationship(back_populates="entry", cascade="all, delete-orphan")


class EntryMember(Base):
    __tablename__ = "entry_member"
    __table_args__ = (UniqueConstraint("entry_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # Looked up through the unique constraint above, whose first column it is: no index of its own.
    entry_id: Mapped[int] = mapped_column(ForeignKey("entry.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)

    entry: Mapped[Entry] = relationship(back_populates="members")
    person: Mapped[Person] = relationship()


class Registration(Base):
    """A unit's registration for an event as a whole: draft → submitted → approved / returned."""

    __tablename__ = "registration"
    __table_args__ = (UniqueConstraint("event_id", "unit_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="RESTRICT"), index=True)
    status: Mapped[RegistrationStatus] = mapped_column(
        enum_column_type(RegistrationStatus, "registration_status"), default=RegistrationStatus.DRAFT
    )
    comment: Mapped[str] = mapped_column(Text, default="")
    # The admin may reopen a registration after the deadline, until a moment or open-ended (None).
    reopened: Mapped[bool] = mapped_column(Boolean, default=False)
    reopened_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Festival delegations: workers coming beside the named people (0: only the named people).
    head_count: Mapped[int] = mapped_column(default=0, server_default="0")
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))

    event: Mapped[Event] = relationship()
    unit: Mapped[Unit] = relationship()
    submitted_by: Mapped[User | None] = relationship(foreign_keys=[submitted_by_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])


class AuditLog(Base):
    """Who changed which person, entry or registration, when, old → new."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_event_id_at", "event_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id", ondelete="SET NULL"), index=True)
    entity: Mapped[str] = mapped_column(String(20))  # person, entry, registration, import
    entity_id: Mapped[int | None]
    action: Mapped[str] = mapped_column(String(20))  # create, update, delete, submit, approve, ...
    summary: Mapped[str] = mapped_column(String(300), default="")
    changes: Mapped[dict] = mapped_column(JSON, default=dict)  # field: [old, new]

    user: Mapped[User | None] = relationship()
    unit: Mapped[Unit | None] = relationship()
