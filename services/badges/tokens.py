"""Badge tokens and short codes: making, issuing, revoking and checking them. Nothing else does.

A token is 38 characters of one alphabet without look-alikes (no 0/O, 1/I/L), all
upper-case so the QR code uses its compact alphanumeric mode (version 2, 25×25 modules):

    token = id (26 characters, 128.8 random bits) + signature (12 characters, ~59 bits of
            HMAC-SHA256 over the id, keyed by the app's SECRET_KEY)

The signature lets a scan of a made-up or mistyped code be refused without trusting the
database; the id finds the badge, which says its event and whether it was revoked. The
short code (7 characters, same alphabet) is what a volunteer types when a camera fails; it
is unique within an event.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from functools import cache, lru_cache

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select, text

from extensions import db
from models import Badge, Event, Person, PersonRole, User, utcnow
from models.base import UTCDateTime
from services import audit, bulk
from services.errors import DomainError
from services.i18n import format_datetime
from services.lookup import lock_row, valid_id
from services.text import random_text

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
ID_LENGTH = 26  # 31**26 > 2**128
MAC_LENGTH = 12
TOKEN_LENGTH = ID_LENGTH + MAC_LENGTH
SHORT_CODE_LENGTH = 7
_INDEX = {ch: i for i, ch in enumerate(ALPHABET)}


class Outcome(StrEnum):
    VALID = "valid"
    FORGED = "forged"  # not a token this app signed (made up, damaged, mistyped)
    UNKNOWN = "unknown"  # signed, but no such badge here
    REVOKED = "revoked"
    OTHER_EVENT = "other_event"


@dataclass
class Check:
    outcome: Outcome
    holder: Holder | None = None

    @property
    def ok(self) -> bool:
        return self.outcome == Outcome.VALID


def _random_text(length: int) -> str:
    return random_text(ALPHABET, length)


def _key() -> bytes:
    return _derive_key(str(current_app.config["SECRET_KEY"]))


@lru_cache(maxsize=4)
def _derive_key(secret: str) -> bytes:
    return hashlib.sha256(b"badge-token:" + secret.encode()).digest()


def signature(token_id: str) -> str:
    """The MAC that follows a badge's token id in its QR code (token_for)."""
    return _signature(token_id)


def _signature(token_id: str) -> str:
    number = int.from_bytes(hmac.new(_key(), token_id.encode(), hashlib.sha256).digest()[:8], "big")
    chars = []
    for _position in range(MAC_LENGTH):
        number, digit = divmod(number, len(ALPHABET))
        chars.append(ALPHABET[digit])
    return "".join(chars)


def token_for(badge: Badge) -> str:
    return badge.token_id + _signature(badge.token_id)


_SEPARATORS = str.maketrans("", "", " -\t\r\n")


def normalise(text: str) -> str:
    """What a scanner or a person typed, as stored: upper-case, no spaces or dashes."""
    return (text or "").upper().translate(_SEPARATORS)


def token_id_of(token: str) -> str | None:
    """The id inside a genuine token, or None for anything this app did not sign."""
    token = normalise(token)
    if len(token) != TOKEN_LENGTH or not _INDEX.keys() >= set(token):
        return None
    token_id, signature = token[:ID_LENGTH], token[ID_LENGTH:]
    return token_id if hmac.compare_digest(signature, _signature(token_id)) else None


@dataclass(frozen=True)
class Holder:
    """A badge and whom it was issued to, as one scan needs them (one query, no ORM objects)."""

    badge_id: int
    event_id: int
    event_name: str
    revoked_at: datetime | None
    person_id: int
    full_name: str
    role: PersonRole
    unit_id: int
    unit_name: str
    unit_code: str
    registration: str | None = None  # the unit's registration status for the badge's event (None: none)


_HOLDER_SQL = """
SELECT b.id, b.event_id, e.name, b.revoked_at, p.id, p.full_name, p.role, u.id, u.name, u.code, r.status
FROM badge b JOIN person p ON p.id = b.person_id JOIN unit u ON u.id = p.unit_id JOIN event e ON e.id = b.event_id
LEFT JOIN registration r ON r.event_id = b.event_id AND r.unit_id = p.unit_id
WHERE {where}
"""


def holder_of(badge: Badge, person: Person, registration: str | None = None) -> Holder:
    """The same view of a badge's holder from ORM objects (person.unit loaded); ``registration``
    the status of the unit's registration for the event, when the caller needs admission."""
    return Holder(
        badge.id,
        badge.event_id,
        "",
        badge.revoked_at,
        person.id,
        person.full_name,
        person.role,
        person.unit_id,
        person.unit.name,
        person.unit.code,
        registration,
    )


BY_TOKEN_SQL = _HOLDER_SQL.format(where="b.token_id = :token_id")
BY_SHORT_CODE_SQL = _HOLDER_SQL.format(where="b.event_id = :event_id AND b.short_code = :code")


@cache
def _typed(sql: str):
    return text(sql).columns(revoked_at=UTCDateTime())


def _session_fetch(sql: str, params: dict):
    return db.session.execute(_typed(sql), params).first()


def _holder(row) -> Holder | None:
    if row is None:
        return None
    return Holder(row[0], row[1], row[2], row[3], row[4], row[5], PersonRole(row[6]), row[7], row[8], row[9], row[10])


def _judge(holder: Holder | None, event_id: int) -> Check:
    if holder is None:
        return Check(Outcome.UNKNOWN)
    if holder.event_id != event_id:
        return Check(Outcome.OTHER_EVENT, holder)
    if holder.revoked_at is not None:
        return Check(Outcome.REVOKED, holder)
    return Check(Outcome.VALID, holder)


def check(text_or_code: str, event: Event | int, fetch=None) -> Check:
    """A scanned token or a typed short code, whichever it is, judged for one event.

    ``fetch(sql, params)`` runs a holder query and returns its row (with revoked_at as an
    aware datetime or None); by default the ORM session does. The scan hot path passes
    its DB-API connection (services/checkin/rawdb.py).
    """
    event_id = event if isinstance(event, int) else event.id
    fetch = fetch or _session_fetch
    code = normalise(text_or_code)
    if len(code) <= SHORT_CODE_LENGTH:
        if len(code) != SHORT_CODE_LENGTH or any(ch not in _INDEX for ch in code):
            return Check(Outcome.FORGED)
        return _judge(_holder(fetch(BY_SHORT_CODE_SQL, {"event_id": event_id, "code": code})), event_id)
    token_id = token_id_of(code)
    if token_id is None:
        return Check(Outcome.FORGED)
    return _judge(_holder(fetch(BY_TOKEN_SQL, {"token_id": token_id})), event_id)


# --- issuing --------------------------------------------------------------------------


def _new_short_code(taken: set[str]) -> str:
    while True:
        code = _random_text(SHORT_CODE_LENGTH)
        if code not in taken:
            taken.add(code)
            return code


def issue_missing(event: Event, person_ids: list[int]) -> int:
    """Give every listed person without a badge in force a new one; returns how many."""
    if not person_ids:
        return 0
    lock_row(Event, event.id)  # two prints at once: badges and their numbers issued once
    have = set(
        db.session.scalars(select(Badge.person_id).where(Badge.event_id == event.id, Badge.revoked_at.is_(None)))
    )
    missing = [pid for pid in person_ids if pid not in have]
    if not missing:
        return 0
    taken = set(db.session.scalars(select(Badge.short_code).where(Badge.event_id == event.id)))
    number = db.session.scalar(select(func.max(Badge.number)).where(Badge.event_id == event.id)) or 0
    now = utcnow()
    rows = [
        {
            "event_id": event.id,
            "person_id": person_id,
            "number": number + i,
            "version": 1,
            "token_id": _random_text(ID_LENGTH),
            "short_code": _new_short_code(taken),
            "issued_at": now,
        }
        for i, person_id in enumerate(missing, start=1)
    ]
    db.session.flush()
    bulk.insert_rows(Badge, rows)
    return len(missing)


def active_badge(person: Person) -> Badge | None:
    return db.session.scalar(select(Badge).where(Badge.person_id == person.id, Badge.revoked_at.is_(None)))


def active_badges(person_ids: list[int]) -> list[Badge]:
    """The badges in force of these people, in one query."""
    return list(
        db.session.scalars(select(Badge).where(Badge.person_id.in_(person_ids or [-1]), Badge.revoked_at.is_(None)))
    )


def reissue(person: Person, actor: User, seen_badge_id: int | None = None) -> Badge:
    """A lost badge: the one in force is revoked (it will scan as revoked) and a new one made,
    with an audit row. Under the person's row lock: two people reporting it at once do it one
    after the other, and the second, whose page showed the badge the first already revoked
    (``seen_badge_id``), is told who did it and when instead of revoking the new one too."""
    lock_row(Person, person.id)
    old = active_badge(person)
    if seen_badge_id is not None and (old is None or old.id != seen_badge_id):
        seen = db.session.get(Badge, seen_badge_id, populate_existing=True) if valid_id(seen_badge_id) else None
        if seen is not None and seen.person_id == person.id and seen.revoked_at is not None:
            raise DomainError(
                _(
                    "Thẻ %(label)s đã được báo mất lúc %(at)s bởi %(who)s; thẻ đang dùng: %(now)s.",
                    label=seen.label,
                    at=format_datetime(seen.revoked_at),
                    who=seen.revoked_by.username if seen.revoked_by else "?",
                    now=old.label if old else "—",
                )
            )
    if old is None:
        raise DomainError(_("Người này chưa có thẻ để cấp lại."))
    old.revoked_at, old.revoked_by = utcnow(), actor
    db.session.flush()
    taken = set(db.session.scalars(select(Badge.short_code).where(Badge.event_id == old.event_id)))
    new = Badge(
        event_id=old.event_id,
        person_id=person.id,
        number=old.number,
        version=old.version + 1,
        token_id=_random_text(ID_LENGTH),
        short_code=_new_short_code(taken),
    )
    db.session.add(new)
    db.session.flush()
    audit.record(actor, person, "badge_reissue", person.full_name, {"badge": [old.label, new.label]})
    return new
