"""Badges: the printed card whose QR carries a signed token (see services/badges/tokens.py)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.accounts import User
from models.base import Base, UTCDateTime, utcnow
from models.registration import Person


class Badge(Base):
    """One issued badge. A lost badge is revoked and a new one issued (same number, next version)."""

    __tablename__ = "badge"
    __table_args__ = (
        UniqueConstraint("event_id", "short_code"),
        UniqueConstraint("event_id", "number", "version"),
        # At most one badge in force per person.
        Index(
            "uq_badge_person_id_active",
            "person_id",
            unique=True,
            sqlite_where=text("revoked_at IS NULL"),
            postgresql_where=text("revoked_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    version: Mapped[int] = mapped_column(default=1)
    token_id: Mapped[str] = mapped_column(String(32), unique=True)  # the random part of the token
    short_code: Mapped[str] = mapped_column(String(8))
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))

    person: Mapped[Person] = relationship()
    revoked_by: Mapped[User | None] = relationship()

    @property
    def label(self) -> str:
        """The number printed on the card: 0042, or 0042-2 for a reissue."""
        return f"{self.number:04d}" + (f"-{self.version}" if self.version > 1 else "")
