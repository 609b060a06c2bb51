"""The award decision (quyết định khen thưởng) of an event: its wording, edited by the admin,
and once issued, the appendix as it was issued (what a later correction is compared with)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, UTCDateTime
from models.organisation import Event


class AwardDecision(Base):
    __tablename__ = "award_decision"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), unique=True)
    parent_body: Mapped[str] = mapped_column(String(200), default="")  # "TỔNG LĐLĐ VIỆT NAM"
    issuing_body: Mapped[str] = mapped_column(String(200), default="")  # "LIÊN ĐOÀN LAO ĐỘNG TỈNH ĐẮK LẮK"
    number: Mapped[str] = mapped_column(String(20), default="")  # "125" ("" prints "…" to fill in by hand)
    symbol: Mapped[str] = mapped_column(String(40), default="QĐ-LĐLĐ")
    place: Mapped[str] = mapped_column(String(80), default="")
    issued_on: Mapped[date | None] = mapped_column(Date)
    subject: Mapped[str] = mapped_column(String(300), default="")  # trích yếu: "Về việc khen thưởng …"
    authority: Mapped[str] = mapped_column(String(200), default="")  # "BAN THƯỜNG VỤ LIÊN ĐOÀN LAO ĐỘNG TỈNH …"
    grounds: Mapped[str] = mapped_column(Text, default="")  # "Căn cứ …", one a line
    budget: Mapped[str] = mapped_column(Text, default="")  # Điều 2
    executors: Mapped[str] = mapped_column(Text, default="")  # Điều 3
    recipients: Mapped[str] = mapped_column(Text, default="")  # Nơi nhận, one a line
    signer_on_behalf: Mapped[str] = mapped_column(String(120), default="")  # "TM. BAN THƯỜNG VỤ"
    signer_title: Mapped[str] = mapped_column(String(120), default="")  # "CHỦ TỊCH"
    signer_name: Mapped[str] = mapped_column(String(120), default="")
    # Issued: the appendix as issued (services/papers/decision.py), compared with the results after.
    issued_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    appendix: Mapped[dict] = mapped_column(JSON, default=dict, server_default="{}")
    version: Mapped[int] = mapped_column(default=0, server_default="0")  # every save or issue adds one

    event: Mapped[Event] = relationship()
