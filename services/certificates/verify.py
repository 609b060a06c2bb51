"""The public verification of a certificate: the serial as typed from the paper, and what
the page shows (the text and the date printed on the paper)."""

from __future__ import annotations

from datetime import date

from flask_babel import force_locale
from sqlalchemy import select

from extensions import db
from models import Certificate
from services.certificates.issue import certificate_data, style_of


def normalise_serial(typed: str) -> str:
    """A serial as typed from the paper: case, spaces and dashes aside ("ab12cd34ef" →
    "AB12-CD34-EF")."""
    raw = "".join(ch for ch in (typed or "").upper() if ch.isalnum())
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}" if len(raw) == 10 else (typed or "").strip().upper()


def by_serial(serial: str) -> Certificate | None:
    return db.session.scalar(select(Certificate).where(Certificate.serial == normalise_serial(serial)))


def paper_date(cert: Certificate) -> date:
    """The date printed on the paper (the wording's "issued on", else the day it was made)."""
    return style_of(cert.event).issued_on or cert.issued_at.date()


def verify_text(cert: Certificate) -> str:
    """What the certificate says it is for, as printed."""
    style = style_of(cert.event)
    names = {cert.competition_id: cert.competition.name} if cert.competition else {}
    with force_locale("vi"):
        return certificate_data(cert, style, cert.event, cert.unit, names, "").text
