"""Check-in: judging a scan at a checkpoint, recording it once, and the figures it feeds.

One mechanism for every checkpoint: a gate, a sports hall and a gift booth differ only by
their rules (who may pass, how often, when). The rules are in ``refusal`` and
``slot_for``; everything a scan needs to be judged again is stored with it.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from extensions import db
from models import (
    Badge,
    CheckIn,
    Checkpoint,
    CheckpointKind,
    Device,
    Entry,
    EntryMember,
    Frequency,
    Person,
    Scan,
    User,
    utcnow,
)
from services import tokens
from services.i18n import to_local
from services.labels import label

UUID_RE = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
CLOCK_SKEW = timedelta(minutes=5)

GREEN, AMBER, RED = "green", "amber", "red"
COLOURS = {"admitted": GREEN, "repeat": AMBER}  # everything else is red


# --- devices ----------------------------------------------------------------------------


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_device(
    checkpoint: Checkpoint, actor: User, *, user: User | None = None, name: str = ""
) -> tuple[Device, str]:
    """A device signed in to one checkpoint; returns it and its bearer token (shown once)."""
    token = secrets.token_urlsafe(32)
    device = Device(
        checkpoint=checkpoint,
        user=user,
        name=name or (user.username if user else ""),
        token_hash=_hash(token),
        created_by_id=actor.id if actor else None,
    )
    db.session.add(device)
    db.session.flush()
    return device, token


def device_for_token(token: str | None) -> Device | None:
    """The device this bearer token signs in, unless unknown or revoked."""
    if not token:
        return None
    device = db.session.scalar(
        select(Device).where(Device.token_hash == _hash(token)).options(joinedload(Device.checkpoint))
    )
    if device is None or device.revoked_at is not None:
        return None
    return device


def revoke_device(device: Device) -> None:
    device.revoked_at = utcnow()
    db.session.flush()


# --- the rules ---------------------------------------------------------------------------


def refusal(
    checkpoint: Checkpoint, person: Person, at: datetime, entered: set[int] | None = None
) -> tuple[str, str] | None:
    """(outcome, reason) when the checkpoint's rules refuse this person at this time, else None.

    ``entered``: the person's competition ids, when the caller has them already.
    """
    if (
        not checkpoint.active
        or (checkpoint.opens_at and at < checkpoint.opens_at)
        or (checkpoint.closes_at and at > checkpoint.closes_at)
    ):
        window = " – ".join(
            to_local(t).strftime("%d/%m %H:%M") for t in (checkpoint.opens_at, checkpoint.closes_at) if t
        )
        reason = _("Ngoài giờ mở của %(cp)s", cp=checkpoint.name) + (f" ({window})" if window else "")
        return "outside_window", reason
    if checkpoint.allowed_roles and person.role.value not in checkpoint.allowed_roles:
        return "not_allowed", _("%(role)s không được vào %(cp)s", role=label(person.role), cp=checkpoint.name)
    if checkpoint.allowed_unit_ids and person.unit_id not in checkpoint.allowed_unit_ids:
        return "not_allowed", _("Đơn vị %(unit)s không thuộc %(cp)s", unit=person.unit.name, cp=checkpoint.name)
    if checkpoint.allowed_competition_ids:
        if entered is None:
            entered = set(
                db.session.scalars(
                    select(Entry.competition_id).join(EntryMember).where(EntryMember.person_id == person.id)
                )
            )
        if not entered & set(checkpoint.allowed_competition_ids):
            return "not_allowed", _("Không thi đấu nội dung nào tại %(cp)s", cp=checkpoint.name)
    return None


def slot_for(checkpoint: Checkpoint, at: datetime, client_scan_id: str) -> str:
    """Admissions share a slot when only one is allowed: once ever, once a local day."""
    if checkpoint.frequency == Frequency.ONCE:
        return "once"
    if checkpoint.frequency == Frequency.DAILY:
        return to_local(at).date().isoformat()
    return client_scan_id


# --- recording a scan ------------------------------------------------------------------


@dataclass
class ScanInput:
    code: str
    client_scan_id: str
    scanned_at: datetime | None = None
    offline_outcome: str | None = None


def _person_json(person: Person | None) -> dict | None:
    if person is None:
        return None
    return {
        "id": person.id,
        "full_name": person.full_name,
        "unit": person.unit.name,
        "unit_code": person.unit.code,
        "role": person.role.value,
        "role_label": label(person.role),
    }


def _repeat_message(checkpoint: Checkpoint, first: CheckIn) -> str:
    when = to_local(first.at).strftime("%H:%M")
    day = to_local(first.at).strftime("%d/%m")
    by = first.scan.device.name if first.scan and first.scan.device and first.scan.device.name else "?"
    if checkpoint.kind == CheckpointKind.BOOTH:
        return _(
            "Đã nhận lúc %(t)s ngày %(d)s tại %(cp)s (bởi %(by)s): mỗi người chỉ một lần.",
            t=when,
            d=day,
            cp=first.checkpoint.name,
            by=by,
        )
    return _("Đã vào lúc %(t)s ngày %(d)s tại %(cp)s (bởi %(by)s).", t=when, d=day, cp=first.checkpoint.name, by=by)


def _message(outcome: str, check: tokens.Check) -> str:
    return {
        "admitted": _("Hợp lệ – mời vào."),
        "forged": _("Mã không hợp lệ hoặc bị làm giả."),
        "unknown": _("Không có thẻ này trong hệ thống."),
        "revoked": _("Thẻ đã bị huỷ (báo mất); người này đã được cấp thẻ khác."),
        "other_event": _("Thẻ của sự kiện khác: %(e)s.", e=check.badge.person.event.name if check.badge else "?"),
    }[outcome]


def record_scan(device: Device, data: ScanInput) -> dict:
    """Judge and store one scan; the same client_scan_id again returns the first answer.

    Admissions are rows with a unique (checkpoint, person, slot): of two devices scanning one
    badge at the same instant at a once-only checkpoint, exactly one insert wins, the other
    is a repeat. The caller commits.
    """
    stored = db.session.scalar(select(Scan).where(Scan.client_scan_id == data.client_scan_id))
    if stored is not None:
        return stored.response
    now = utcnow()
    at = data.scanned_at or now
    at = min(at, now + CLOCK_SKEW)  # a phone's clock ahead of time cannot pre-date the future
    checkpoint = device.checkpoint
    check = tokens.check(data.code, checkpoint.event)
    person = check.badge.person if check.badge is not None else None  # also who a refused badge was
    outcome, message, first = check.outcome.value, None, None
    if check.ok:
        refused = refusal(checkpoint, person, at)
        outcome, message = refused if refused else ("admitted", _message("admitted", check))
    scan = Scan(
        client_scan_id=data.client_scan_id,
        checkpoint=checkpoint,
        device=device,
        person=person,
        code=tokens.normalise(data.code)[:64],
        outcome=outcome,
        scanned_at=at,
        received_at=now,
        offline=data.offline_outcome is not None,
        offline_outcome=data.offline_outcome,
        response={},
    )
    try:
        with db.session.begin_nested():
            db.session.add(scan)
    except IntegrityError:  # the same client_scan_id, sent twice at once: the first one answers
        return db.session.scalar(select(Scan).where(Scan.client_scan_id == data.client_scan_id)).response
    if outcome == "admitted":
        slot = slot_for(checkpoint, at, data.client_scan_id)
        try:
            with db.session.begin_nested():
                db.session.add(CheckIn(checkpoint=checkpoint, person=person, slot=slot, scan=scan, at=at))
        except IntegrityError:
            first = db.session.scalar(
                select(CheckIn).where(
                    CheckIn.checkpoint_id == checkpoint.id, CheckIn.person_id == person.id, CheckIn.slot == slot
                )
            )
            outcome = "limit_reached" if checkpoint.kind == CheckpointKind.BOOTH else "repeat"
            message = _repeat_message(checkpoint, first)
    if message is None:
        message = _message(outcome, check)
    scan.outcome = outcome
    scan.response = {
        "client_scan_id": data.client_scan_id,
        "outcome": outcome,
        "colour": COLOURS.get(outcome, RED),
        "message": message,
        "scanned_at": at.isoformat(),
        "checkpoint": {"id": checkpoint.id, "name": checkpoint.name},
        "person": _person_json(person),
        "first_check_in": {"at": first.at.isoformat(), "checkpoint": first.checkpoint.name} if first else None,
    }
    device.last_seen_at = now
    db.session.flush()
    return scan.response


# --- figures -------------------------------------------------------------------------------


def checkpoint_status(checkpoint: Checkpoint) -> dict:
    today = to_local(utcnow()).date().isoformat()
    admitted = db.session.scalar(
        select(func.count(func.distinct(CheckIn.person_id))).where(CheckIn.checkpoint_id == checkpoint.id)
    )
    rows = dict(
        db.session.execute(
            select(Scan.outcome, func.count()).where(Scan.checkpoint_id == checkpoint.id).group_by(Scan.outcome)
        ).all()
    )
    today_count = (
        db.session.scalar(
            select(func.count())
            .select_from(CheckIn)
            .where(CheckIn.checkpoint_id == checkpoint.id, CheckIn.slot == today)
        )
        if checkpoint.frequency == Frequency.DAILY
        else None
    )
    return {
        "checkpoint": {
            "id": checkpoint.id,
            "name": checkpoint.name,
            "kind": checkpoint.kind.value,
            "frequency": checkpoint.frequency.value,
        },
        "people_admitted": admitted,
        "admitted_today": today_count,
        "scans": sum(rows.values()),
        "outcomes": rows,
    }


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
    entered: dict[int, set[int]] = {}
    for person_id, competition_id in db.session.execute(
        select(EntryMember.person_id, Entry.competition_id).join(Entry).where(Entry.unit_id.is_not(None))
    ):
        entered.setdefault(person_id, set()).add(competition_id)
    badges = []
    for badge, person in rows:
        refused = refusal(checkpoint, person, now, entered.get(person.id, set()))
        badges.append(
            {
                "t": hashlib.sha256(tokens.token_for(badge).encode()).hexdigest(),
                "c": hashlib.sha256(badge.short_code.encode()).hexdigest(),
                "name": person.full_name,
                "unit": person.unit.name,
                "role": label(person.role),
                "refused": refused[1] if refused else None,
                "admitted": person.id in admitted,
            }
        )
    return {
        "checkpoint": {
            "id": checkpoint.id,
            "name": checkpoint.name,
            "kind": checkpoint.kind.value,
            "frequency": checkpoint.frequency.value,
        },
        "generated_at": now.isoformat(),
        "badges": badges,
    }


def search_people(checkpoint: Checkpoint, query: str, limit: int = 20) -> list[dict]:
    """The last resort when a badge will not scan: people of the event by name or card number."""
    from services.text import name_key, name_sort_key

    query = (query or "").strip()
    if len(query) < 2:
        return []
    stmt = (
        select(Person, Badge)
        .join(Badge, (Badge.person_id == Person.id) & Badge.revoked_at.is_(None))
        .where(Person.event_id == checkpoint.event_id)
        .where(Person.name_key.contains(name_key(query)) | (Person.union_card_no == query.replace(" ", "")))
        .options(joinedload(Person.unit))
        .limit(limit)
    )
    rows = sorted(db.session.execute(stmt).all(), key=lambda r: name_sort_key(r.Person.full_name))
    return [_person_json(person) | {"short_code": badge.short_code} for person, badge in rows]
