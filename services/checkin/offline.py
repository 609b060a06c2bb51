"""What a gate needs when the network or a badge fails: the offline list a phone keeps to
judge badges by itself (hashes only, with this checkpoint's verdict per person), and the
people search for a badge that will not scan."""

from __future__ import annotations

import hashlib

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from extensions import db
from models import Badge, CheckIn, Checkpoint, Competition, Entry, EntryMember, Person, Registration, utcnow
from services.badges import tokens
from services.checkin import outcomes
from services.checkin.figures import checkpoint_json
from services.checkin.rules import refusal, slot_for
from services.checkin.store import person_json
from services.labels import label
from services.registration import persons
from services.text import name_sort_key


def offline_list(checkpoint: Checkpoint) -> dict:
    """What a phone keeps to judge badges without the network: hashes of valid tokens and
    short codes with the person's name, unit, role and this checkpoint's verdict."""
    rows = db.session.execute(
        select(Badge, Person)
        .join(Person, Badge.person_id == Person.id)
        .where(Badge.event_id == checkpoint.event_id, Badge.revoked_at.is_(None))
        .options(joinedload(Person.unit))
    ).all()
    now = utcnow()
    slot = slot_for(checkpoint, now, "")
    admitted = (
        set(
            db.session.scalars(
                select(CheckIn.person_id).where(CheckIn.checkpoint_id == checkpoint.id, CheckIn.slot == slot)
            )
        )
        if slot
        else set()
    )
    statuses = dict(
        db.session.execute(
            select(Registration.unit_id, Registration.status).where(Registration.event_id == checkpoint.event_id)
        ).all()
    )
    entered: dict[int, set[int]] = {}
    for person_id, competition_id in db.session.execute(
        select(EntryMember.person_id, Entry.competition_id)
        .join(Entry)
        .join(Competition, Competition.id == Entry.competition_id)
        .where(Competition.event_id == checkpoint.event_id)
    ):
        entered.setdefault(person_id, set()).add(competition_id)
    badges = []
    for badge, person in rows:
        status = statuses.get(person.unit_id)
        holder = tokens.holder_of(badge, person, status.value if status else None)
        refused = refusal(checkpoint, holder, now, lambda: entered.get(person.id, set()))  # noqa: B023
        badges.append(
            {
                "t": hashlib.sha256(tokens.token_for(badge).encode()).hexdigest(),
                "c": hashlib.sha256(badge.short_code.encode()).hexdigest(),
                "name": person.full_name,
                "unit": person.unit.name,
                "role": label(person.role),
                "refused": refused[1] if refused else None,
                "refused_outcome": refused[0].value if refused else None,
                "admitted": person.id in admitted,
            }
        )
    return {
        "checkpoint": checkpoint_json(checkpoint),
        "generated_at": now.isoformat(),
        "outcomes": outcomes.for_client(),
        "badges": badges,
    }


def search_people(checkpoint: Checkpoint, query: str, limit: int = 20) -> list[dict]:
    """The last resort when a badge will not scan: people of the event by name (accents, tones
    and case aside: "hung" finds Hùng) or card number."""
    condition = persons.matching(query)
    if condition is None:
        return []
    stmt = (
        select(Person, Badge)
        .join(Badge, (Badge.person_id == Person.id) & Badge.revoked_at.is_(None))
        .where(Person.event_id == checkpoint.event_id)
        .where(condition)
        .options(joinedload(Person.unit))
        .limit(limit)
    )
    rows = sorted(db.session.execute(stmt).all(), key=lambda r: name_sort_key(r.Person.full_name))
    return [person_json(tokens.holder_of(badge, person)) | {"short_code": badge.short_code} for person, badge in rows]
