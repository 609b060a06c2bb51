"""What a gate needs when the network or a badge fails: the offline list a phone keeps to
judge badges by itself (hashes only, with this checkpoint's verdict per person), and the
people search for a badge that will not scan."""

from __future__ import annotations

import base64
import hashlib
import json
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from extensions import db
from models import Badge, CheckIn, Checkpoint, Competition, Entry, EntryMember, Person, Registration, utcnow
from services.badges import tokens
from services.checkin import outcomes
from services.checkin.figures import checkpoint_json
from services.checkin.rules import refusal, rules_values, slot_for
from services.checkin.store import person_json
from services.labels import label
from services.registration import persons
from services.text import name_sort_key

HASH_BYTES = 9  # 72 bits of SHA-256, base64url: 12 characters a hash
OVERLAP = timedelta(seconds=10)


def short_hash(text: str) -> str:
    """What the list carries for a token or a short code (the phone hashes what it scans the
    same way): never the token itself, and 12 characters instead of 64."""
    return base64.urlsafe_b64encode(hashlib.sha256(text.encode()).digest()[:HASH_BYTES]).decode()


def _rules_key(checkpoint: Checkpoint, statuses: dict, slot: str | None, locale: str) -> str:
    """Changes whenever a verdict of the list may change otherwise than by a badge issued,
    revoked or admitted: the checkpoint's rules, a registration decided, a new day's slot, the
    language of the texts. A phone holding another key gets the whole list again."""
    rules = [
        *rules_values(checkpoint),  # every rule declared (services/checkin/rules.RuleSet)
        sorted((unit_id, status.value) for unit_id, status in statuses.items()),
        slot or "",
        locale,
    ]
    return hashlib.sha256(json.dumps(rules, default=str).encode()).hexdigest()[:16]


def offline_list(checkpoint, since: str | None = None, key: str | None = None, locale: str = "vi") -> dict:
    """What a phone keeps to judge badges without the network, compact (format 2):

    - ``badges``: ``[token hash, short-code hash, name, unit index, role index, reason index
      (-1: admitted here), admitted already (0/1)]``, the texts once each in ``units``,
      ``roles`` and ``reasons`` (``[outcome, why]``);
    - ``since``/``key`` (what the phone got last: ``version`` and ``key``): when the key is
      the same, only the badges issued, revoked (``removed``) or admitted here since then
      (``full`` false); otherwise, or without them, the whole list (``full`` true).
    """
    now = utcnow()
    slot = slot_for(checkpoint, now, "") if checkpoint.frequency.value != "unlimited" else None
    statuses = dict(
        db.session.execute(
            select(Registration.unit_id, Registration.status).where(Registration.event_id == checkpoint.event_id)
        ).all()
    )
    rules_key = _rules_key(checkpoint, statuses, slot, locale)
    after = _parse_since(since) if key == rules_key else None
    query = (
        select(Badge, Person)
        .join(Person, Badge.person_id == Person.id)
        .where(Badge.event_id == checkpoint.event_id, Badge.revoked_at.is_(None))
        .options(joinedload(Person.unit))
    )
    admitted_query = select(CheckIn.person_id).where(CheckIn.checkpoint_id == checkpoint.id, CheckIn.slot == slot)
    removed: list[str] = []
    if after is not None:
        admitted_since = admitted_query.where(CheckIn.at > after)
        query = query.where((Badge.issued_at > after) | Person.id.in_(admitted_since))
        removed = [
            short_hash(tokens.token_for(badge))
            for badge in db.session.scalars(
                select(Badge).where(Badge.event_id == checkpoint.event_id, Badge.revoked_at > after)
            )
        ]
    rows = db.session.execute(query).all()
    admitted = set(db.session.scalars(admitted_query)) if slot else set()
    entered: dict[int, set[int]] = {}
    if checkpoint.allowed_competition_ids:
        for person_id, competition_id in db.session.execute(
            select(EntryMember.person_id, Entry.competition_id)
            .join(Entry)
            .join(Competition, Competition.id == Entry.competition_id)
            .where(Competition.event_id == checkpoint.event_id)
        ):
            entered.setdefault(person_id, set()).add(competition_id)
    units: dict[str, int] = {}
    roles: dict[str, int] = {}
    reasons: dict[tuple[str, str], int] = {}
    badges = []
    for badge, person in rows:
        status = statuses.get(person.unit_id)
        holder = tokens.holder_of(badge, person, status.value if status else None)
        refused = refusal(checkpoint, holder, now, lambda: entered.get(person.id, set()))  # noqa: B023
        reason = -1
        if refused:
            reason = reasons.setdefault((refused[0].value, refused[1]), len(reasons))
        badges.append(
            [
                short_hash(tokens.token_for(badge)),
                short_hash(badge.short_code),
                person.full_name,
                units.setdefault(person.unit.name, len(units)),
                roles.setdefault(label(person.role), len(roles)),
                reason,
                int(person.id in admitted),
            ]
        )
    return {
        "format": 2,
        "checkpoint": checkpoint_json(checkpoint),
        "generated_at": now.isoformat(),
        # A little before now: what was being written while the list was read comes again next time.
        "version": (now - OVERLAP).isoformat(),
        "key": rules_key,
        "full": after is None,
        "outcomes": outcomes.for_client(),
        "units": list(units),
        "roles": list(roles),
        "reasons": [list(r) for r in reasons],
        "badges": badges,
        "removed": removed,
    }


def _parse_since(since: str | None):
    if not since:
        return None
    try:
        moment = datetime.fromisoformat(since)
    except ValueError:
        return None
    return moment if moment.tzinfo else None


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
