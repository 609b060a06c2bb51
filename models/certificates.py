"""Certificates: an event's wording and signer, and every certificate issued with its serial."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, UTCDateTime, utcnow
from models.enums import CertificateKind, ParticipationRule
from models.organisation import Event, Unit
from models.registration import Competition, Person
from models.types import enum_column_type


class CertificateStyle(Base):
    """What an event's certificates say and who signs them (edited by the admin).

    ``{event}``, ``{competition}``, ``{place}`` and ``{unit}`` in the wording are filled in.
    """

    __tablename__ = "certificate_style"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), unique=True)
    national_header: Mapped[bool] = mapped_column(Boolean, default=True)
    organisation: Mapped[str] = mapped_column(String(200), default="")
    participation_title: Mapped[str] = mapped_column(String(120), default="")
    participation_text: Mapped[str] = mapped_column(Text, default="")
    award_title: Mapped[str] = mapped_column(String(120), default="")
    award_text: Mapped[str] = mapped_column(Text, default="")
    overall_text: Mapped[str] = mapped_column(Text, default="")
    place: Mapped[str] = mapped_column(String(80), default="")  # "Đắk Lắk"
    issued_on: Mapped[date | None] = mapped_column(Date)
    signer_title: Mapped[str] = mapped_column(String(120), default="")
    signer_name: Mapped[str] = mapped_column(String(120), default="")
    participation_rule: Mapped[ParticipationRule] = mapped_column(
        enum_column_type(ParticipationRule, "participation_rule"), default=ParticipationRule.CHECKED_IN
    )
    background: Mapped[bytes | None] = mapped_column(LargeBinary)  # PNG or JPEG, drawn behind every page

    event: Mapped[Event] = relationship()


class Certificate(Base):
    """One certificate. Reprinting keeps its serial; revoking (a result corrected) shows on
    the public verification page. ``key`` names what it is for, so it is issued once."""

    __tablename__ = "certificate"
    __table_args__ = (
        UniqueConstraint("event_id", "key"),
        Index("ix_certificate_event_id_unit_id", "event_id", "unit_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    serial: Mapped[str] = mapped_column(String(20), unique=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"))
    kind: Mapped[CertificateKind] = mapped_column(enum_column_type(CertificateKind, "certificate_kind"))
    key: Mapped[str] = mapped_column(String(80))  # e.g. "participation:12", "award:5:31:12"
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    competition_id: Mapped[int | None] = mapped_column(ForeignKey("competition.id", ondelete="CASCADE"))
    entry_id: Mapped[int | None]  # the team an award is for (kept as a number: entries may be re-made)
    place: Mapped[int | None]  # 1, 2, 3, 4 (consolation)
    holder: Mapped[str] = mapped_column(String(300))  # the name printed: a person, or a team/unit
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_reason: Mapped[str] = mapped_column(String(300), default="")

    event: Mapped[Event] = relationship()
    unit: Mapped[Unit] = relationship()
    person: Mapped[Person | None] = relationship()
    competition: Mapped[Competition | None] = relationship()
