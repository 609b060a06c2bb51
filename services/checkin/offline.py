"""What a gate needs when the network or a badge fails: the offline list a phone keeps to
judge badges by itself (hashes only, with this checkpoint's verdict per person), and the
people search for a badge that will not scan."""

from __future__ import annotations

import base64
import hashlib
import json
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from extensions import db
from models import (
    Badge,
    CheckIn,
    Checkpoint,
    Competition,
    Entry,
    EntryMember,
    Frequency,
    Person,
    Registration,
    Scan,
    utcnow,
)
from services.badges import tokens
from services.checkin import outcomes
from services.checkin.figures import checkpoint_json
from services.checkin.rules import person_refusal, rules_values, slot_for, window_reason
from services.checkin.store import person_json
from services.i18n import to_local
from services.labels import label
from services.registration import persons
from services.text import name_sort_key

HASH_BYTES = 9  # 72 bits of SHA-256, base64url: 12 characters a hash
OVERLAP = timedelta(seconds=10)
FORMAT = 3  # the phone fetches the whole list again when it holds another format


def short_hash(text: str) -> str:
    """What the list carries for a token or a short code (the phone hashes what it scans the
    same way): never the token itself, and 12 characters instead of 64."""
    return base64.urlsafe_b64encode(hashlib.sha256(text.encode()).digest()[:HASH_BYTES]).decode()


def _rules_key(checkpoint: Checkpoint, statuses: dict, locale: str) -> str:
    """Changes whenever a verdict of the list may change otherwise than by a badge issued,
    revoked or admitted: the checkpoint's rules, a registration decided, the language of the
    texts. A phone holding another key gets the whole list again. Time is not in it: the
    list carries the checkpoint's hours and the phone applies them at each scan."""
    rules = [
        *rules_values(checkpoint),  # every rule declared (services/checkin/rules.RuleSet)
        sorted((unit_id, status.value) for unit_id, status in statuses.items()),
        locale,
    ]
    return hashlib.sha256(json.dumps(rules, default=str).encode()).hexdigest()[:16]


def _window(checkpoint: Checkpoint, now: datetime) -> dict:
    """The time rules as the phone applies them at each scan (rules.is_open): active, opens,
    closes (UTC), the refusal's words, and the event's offset from UTC for its daily slots
    (Vietnam keeps one offset all year)."""
    offset = to_local(now).utcoffset()
    return {
        "active": checkpoint.active,
        "opens_at": checkpoint.opens_at.isoformat() if checkpoint.opens_at else None,
        "closes_at": checkpoint.closes_at.isoformat() if checkpoint.closes_at else None,
        "reason": list(window_reason(checkpoint)),
        "utc_offset_minutes": int(offset.total_seconds() // 60) if offset else 0,
    }


def _parse_since(since: str | None) -> datetime | None:
    if not since:
        return None
    try:
        moment = datetime.fromisoformat(since)
    except ValueError:
        return None
    return moment if moment.tzinfo else None


def _parse_sequence(after: str | None) -> int | None:
    return int(after) if after and after.isascii() and after.isdigit() and len(after) < 19 else None


def offline_list(
    checkpoint, since: str | None = None, key: str | None = None, locale: str = "vi", after: str | None = None
) -> dict:
    """What a phone keeps to judge badges without the network, compact (format 3):

    - ``badges``: ``[token hash, short-code hash, name, unit index, role index, reason index
      (-1: not refused for who they are), the latest slot admitted here ("" if none)]``, the
      texts once each in ``units``, ``roles`` and ``reasons`` (``[outcome, why]``);
    - ``window``: the checkpoint's hours; the phone judges them at the moment of each scan by
      its clock corrected with ``generated_at`` (so does the daily slot: its local date);
    - ``since``/``after``/``key`` (what the phone got last: ``version``, ``sequence`` and
      ``key``): when the key is the same, only the badges issued or revoked (``removed``)
      since ``version`` and the people admitted here after ``sequence``, the server's own
      order of arrival, so a scan made offline and synced late reaches every phone
      (``full`` false); otherwise, or without them, the whole list (``full`` true).
    """
    now = utcnow()
    statuses = dict(
        db.session.execute(
            select(Registration.unit_id, Registration.status).where(Registration.event_id == checkpoint.event_id)
        ).all()
    )
    rules_key = _rules_key(checkpoint, statuses, locale)
    after_time = _parse_since(since) if key == rules_key else None
    after_sequence = _parse_sequence(after) if after_time is not None else None
    if after_sequence is None:
        after_time = None
    query = (
        select(Badge, Person)
        .join(Person, Badge.person_id == Person.id)
        .where(Badge.event_id == checkpoint.event_id, Badge.revoked_at.is_(None))
        .options(joinedload(Person.unit))
    )
    admissions = select(CheckIn.person_id, func.max(CheckIn.slot)).where(CheckIn.checkpoint_id == checkpoint.id)
    if checkpoint.frequency == Frequency.DAILY:  # earlier days' admissions do not count today
        admissions = admissions.where(CheckIn.slot >= slot_for(checkpoint, now, ""))
    removed: list[str] = []
    if after_time is not None:
        admitted_since = select(CheckIn.person_id).where(
            CheckIn.checkpoint_id == checkpoint.id, CheckIn.id > after_sequence
        )
        query = query.where((Badge.issued_at > after_time) | Person.id.in_(admitted_since))
        removed = [
            short_hash(tokens.token_for(badge))
            for badge in db.session.scalars(
                select(Badge).where(Badge.event_id == checkpoint.event_id, Badge.revoked_at > after_time)
            )
        ]
    rows = db.session.execute(query).all()
    admitted: dict[int, str] = (
        {}
        if checkpoint.frequency == Frequency.UNLIMITED
        else dict(db.session.execute(admissions.group_by(CheckIn.person_id)).all())
    )
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
        refused = person_refusal(checkpoint, holder, lambda: entered.get(person.id, set()))  # noqa: B023
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
                admitted.get(person.id, ""),
            ]
        )
    return {
        "format": FORMAT,
        "checkpoint": checkpoint_json(checkpoint),
        "window": _window(checkpoint, now),
        "generated_at": now.isoformat(),
        # A little before now: what was being written while the list was read comes again next time.
        "version": (now - OVERLAP).isoformat(),
        "sequence": _settled_sequence(checkpoint, now, after_sequence or 0),
        "key": rules_key,
        "full": after_time is None,
        "outcomes": outcomes.for_client(),
        "units": list(units),
        "roles": list(roles),
        "reasons": [list(r) for r in reasons],
        "badges": badges,
        "removed": removed,
    }


def _settled_sequence(checkpoint: Checkpoint, now: datetime, floor: int) -> int:
    """The highest admission here whose scan reached the server more than ``OVERLAP`` ago: every
    admission numbered below it has been committed (a scan's write lasts milliseconds), so the
    next increment asks for those after it; newer ones come again, which is harmless."""
    settled = db.session.scalar(
        select(func.max(CheckIn.id))
        .join(Scan, Scan.id == CheckIn.scan_id)
        .where(CheckIn.checkpoint_id == checkpoint.id, Scan.received_at <= now - OVERLAP)
    )
    return max(settled or 0, floor)


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
