"""A venue's courts and hours as the admin types them: one court a line, "Sân cầu lông 1:
cầu lông" (the sports it hosts after a colon, any when none), and "07:00-11:30, 13:30-17:30".
Courts keep their ids by name, so the matches placed on them stay placed."""

from __future__ import annotations

from flask_babel import gettext as _

from extensions import db
from models import Court, Venue
from services.errors import DomainError
from services.results import sports
from services.schedule.event import DEFAULT_HOURS, parse_hours
from services.text import name_key, nfc

MAX_COURTS = 60


def _sport_codes() -> dict[str, str]:
    """Every way to name a sport kind (its code, its label, its Vietnamese names) → its code."""
    codes = {}
    for code, kind in sports.KINDS.items():
        for name in (code, str(kind.label), *kind.names):
            codes[name_key(name)] = code
    return codes


def parse_courts(text: str) -> list[tuple[str, list[str]]]:
    lines = (text or "").splitlines()
    if sum(1 for line in lines if line.strip()) > MAX_COURTS:  # the limit before the work
        raise DomainError(_("Mỗi địa điểm tối đa %(n)d sân.", n=MAX_COURTS), field="courts")
    codes = _sport_codes()
    courts: list[tuple[str, list[str]]] = []
    for number, line in enumerate(lines, start=1):
        line = nfc(line)
        if not line:
            continue
        name, _sep, kinds = line.partition(":")
        name = name.strip()[:60]
        chosen = []
        for word in (w.strip() for w in kinds.split(",")):
            if not word:
                continue
            if name_key(word) not in codes:
                raise DomainError(
                    _(
                        "Dòng %(n)d: không biết môn “%(s)s” (ghi tên môn như Cầu lông, Bóng bàn, Cờ tướng).",
                        n=number,
                        s=word,
                    ),
                    field="courts",
                )
            chosen.append(codes[name_key(word)])
        if not name:
            raise DomainError(_("Dòng %(n)d: thiếu tên sân.", n=number), field="courts")
        if name_key(name) in {name_key(c) for c, _k in courts}:
            raise DomainError(_("Dòng %(n)d: sân “%(c)s” ghi hai lần.", n=number, c=name), field="courts")
        courts.append((name, sorted(set(chosen))))
    return courts


def courts_text(venue: Venue | None) -> str:
    if venue is None:
        return ""
    labels = {code: str(kind.label) for code, kind in sports.KINDS.items()}
    return "\n".join(
        c.name + (": " + ", ".join(labels.get(k, k) for k in c.sports) if c.sports else "") for c in venue.courts
    )


def hours_text(venue: Venue | None) -> str:
    hours = (venue.hours if venue is not None else None) or DEFAULT_HOURS
    return ", ".join(f"{a}-{b}" for a, b in hours)


def save_courts_and_hours(venue: Venue, courts: str, hours: str) -> None:
    """The venue's hours and courts as typed (DomainError naming the line, nothing saved)."""
    spans = parse_hours(hours)
    wanted = parse_courts(courts)
    venue.hours = spans
    existing = {name_key(c.name): c for c in venue.courts}
    kept = []
    for position, (name, kinds) in enumerate(wanted):
        court = existing.pop(name_key(name), None) or Court(venue=venue)
        court.name, court.sports, court.position = name, kinds, position
        kept.append(court)
    for gone in existing.values():
        db.session.delete(gone)
    venue.courts = kept
    db.session.flush()
