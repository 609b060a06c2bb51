"""Post-event media: the photos or videos a unit sends after an event, and uploads in progress."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import BigInteger, Boolean, ForeignKey, Index, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.accounts import User
from models.base import Base, UTCDateTime, utcnow
from models.enums import MediaKind
from models.organisation import Event, Unit
from models.types import enum_column_type


class MediaItem(Base):
    """One original file, stored untouched under a name the app chose (``storage_name``)."""

    __tablename__ = "media_item"
    __table_args__ = (Index("ix_media_item_event_id_unit_id", "event_id", "unit_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"))
    kind: Mapped[MediaKind] = mapped_column(enum_column_type(MediaKind, "media_kind"))
    storage_name: Mapped[str] = mapped_column(String(80), unique=True)  # e.g. "3f2a….jpg"
    original_name: Mapped[str] = mapped_column(String(255), default="")  # shown, never used as a path
    content_type: Mapped[str] = mapped_column(String(60))
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    width: Mapped[int | None]
    height: Mapped[int | None]
    duration: Mapped[Decimal | None] = mapped_column(Numeric(8, 2))  # seconds, read from the file
    caption: Mapped[str] = mapped_column(String(500), default="")
    credit: Mapped[str] = mapped_column(String(200), default="")
    chosen: Mapped[bool] = mapped_column(Boolean, default=False)  # picked for publication
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    event: Mapped[Event] = relationship()
    unit: Mapped[Unit] = relationship()
    uploaded_by: Mapped[User | None] = relationship()


class MediaUpload(Base):
    """A file arriving in chunks; ``received`` bytes are on disk, so a dropped connection resumes."""

    __tablename__ = "media_upload"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)  # random, also the temporary file's name
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"), index=True)
    original_name: Mapped[str] = mapped_column(String(255), default="")
    size: Mapped[int] = mapped_column(BigInteger)
    received: Mapped[int] = mapped_column(BigInteger, default=0)
    caption: Mapped[str] = mapped_column(String(500), default="")
    credit: Mapped[str] = mapped_column(String(200), default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)  # the last chunk's time
