"""Sports, competitions, people and the entries team registration fills."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, UTCDateTime, utcnow
from models.enums import Category, CompetitionFormat, Gender, PersonRole
from models.organisation import Event, Unit
from models.types import enum_column_type


class Sport(Base):
    __tablename__ = "sport"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(30), unique=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)


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

    event: Mapped[Event] = relationship()
    sport: Mapped[Sport] = relationship()


class Person(Base):
    """A person registered by a unit for an event, with a role."""

    __tablename__ = "person"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="RESTRICT"), index=True)
    full_name: Mapped[str] = mapped_column(String(200))
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
    """One unit's entry in one competition: a team, a pair or a single athlete."""

    __tablename__ = "entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    competition_id: Mapped[int] = mapped_column(ForeignKey("competition.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="RESTRICT"), index=True)
    label: Mapped[str] = mapped_column(String(120), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    competition: Mapped[Competition] = relationship()
    unit: Mapped[Unit] = relationship()
    members: Mapped[list[EntryMember]] = relationship(back_populates="entry", cascade="all, delete-orphan")


class EntryMember(Base):
    __tablename__ = "entry_member"
    __table_args__ = (UniqueConstraint("entry_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("entry.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)

    entry: Mapped[Entry] = relationship(back_populates="members")
    person: Mapped[Person] = relationship()
