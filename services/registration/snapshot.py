"""What a roster check reads, as one digest.

An import is checked and planned outside SQLite's one write lock (which the scans need), in
the confirmation's reading transaction, and the digest of everything that check read is
taken then. Under the lock only the digest is taken again: equal, the plan still holds and
is written; different (someone changed a person, a competition's rules, a unit's name in
between), the whole check runs again under the lock, as it would without a plan
(services/registration/roster_import.save_import).

Every column of those rows counts, not only the ones today's rules read, so a rule that
reads one more column cannot make a stale plan look current.
"""

from __future__ import annotations

import hashlib

from sqlalchemy import select

from extensions import db
from models import Competition, Event, Person, Unit


def roster_digest(event_id: int) -> str:
    """The event's row, its competitions, every unit's name and the event's people (every
    unit's: the same person may not be registered twice; the unit's own, matched by the plan)."""
    events, competitions, units, people = Event.__table__, Competition.__table__, Unit.__table__, Person.__table__
    digest = hashlib.blake2b(digest_size=16)
    for statement in (
        select(events).where(events.c.id == event_id),
        select(competitions).where(competitions.c.event_id == event_id).order_by(competitions.c.id),
        select(units.c.id, units.c.name).order_by(units.c.id),
        select(people).where(people.c.event_id == event_id).order_by(people.c.id),
    ):
        for row in db.session.execute(statement):
            digest.update(repr(tuple(row)).encode())
        digest.update(b"\x00")
    return digest.hexdigest()
