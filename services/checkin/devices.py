"""Scanning devices: a phone signed in to one checkpoint by a bearer token (stored hashed),
read in one query per API request with its checkpoint's rules; revoking one."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import joinedload

from extensions import db
from models import Checkpoint, Device, User, utcnow
from services.checkin.rawdb import RawConnection
from services.checkin.rules import RULES, CheckpointRules, Rule, kept

DEVICE_SEEN_EVERY = timedelta(minutes=1)  # "last seen" is written at most this often


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
    """The device this bearer token signs in (an ORM object, for pages), unless unknown or revoked."""
    if not token:
        return None
    device = db.session.scalar(
        select(Device)
        .where(Device.token_hash == _hash(token))
        .options(joinedload(Device.checkpoint).joinedload(Checkpoint.event))
    )
    if device is None or device.revoked_at is not None:
        return None
    return device


@dataclass(frozen=True)
class DeviceContext:
    """A signed-in scanning device and its checkpoint, read in one query per API request."""

    id: int
    name: str
    last_seen_at: datetime | None
    checkpoint: CheckpointRules
    event_days: tuple[date, date]  # the event's first and last day (a scan's time is believed near them)

    @property
    def checkpoint_id(self) -> int:
        return self.checkpoint.id


# What the scan API reads of a device, by name: the device, its checkpoint and event, and
# every rule the checkpoint declares (services/checkin/rules.RuleSet), in one query.
_DEVICE_COLUMNS = {
    "device_id": "d.id",
    "device_name": "d.name",
    "last_seen_at": "d.last_seen_at",
    "id": "c.id",
    "event_id": "c.event_id",
    "event_name": "e.name",
    "name": "c.name",
    "starts_on": "e.starts_on",
    "ends_on": "e.ends_on",
} | {key: f"c.{key}" for key in RULES}
_DEVICE_SQL = f"""
    SELECT {", ".join(_DEVICE_COLUMNS.values())}
    FROM device d JOIN checkpoint c ON c.id = d.checkpoint_id JOIN event e ON e.id = c.event_id
    WHERE d.token_hash = :token_hash AND d.revoked_at IS NULL
"""


def _rule_value(raw: RawConnection, rule: Rule, value):
    """A rule's column as the driver gives it (JSON as text on SQLite, naive times) → kept."""
    if rule.input in ("choices", "ids"):
        return raw.json(value) or []
    if rule.input == "moment":
        return raw.datetime(value)
    return kept(rule, value)


# The parsed rows, by the row as read: parsing a device's rules (JSON, times) cost a tenth of
# a scan's own work, and the row read on every scan is the same until an admin changes the
# checkpoint or the minute's "last seen" is written. Bounded: each row is one key.
_CONTEXTS: dict[object, DeviceContext] = {}
MAX_CONTEXTS = 256


def device_context(raw: RawConnection, token: str | None) -> DeviceContext | None:
    """The API's signed-in device (None: unknown or revoked), with its checkpoint's rules."""
    if not token:
        return None
    row = raw.one(_DEVICE_SQL, {"token_hash": _hash(token)})
    if row is None:
        return None
    try:
        key: object = tuple(row)
        context = _CONTEXTS.get(key)
    except TypeError:  # PostgreSQL gives JSON columns as lists
        key = repr(tuple(row))
        context = _CONTEXTS.get(key)
    if context is None:
        if len(_CONTEXTS) >= MAX_CONTEXTS:
            _CONTEXTS.clear()
        context = _CONTEXTS[key] = _parse_context(raw, row)
    return context


def _parse_context(raw: RawConnection, row) -> DeviceContext:
    got = dict(zip(_DEVICE_COLUMNS, row, strict=True))
    rules = CheckpointRules(
        id=got["id"],
        event_id=got["event_id"],
        event_name=got["event_name"],
        name=got["name"],
        **{key: _rule_value(raw, rule, got[key]) for key, rule in RULES.items()},
    )
    return DeviceContext(
        got["device_id"],
        got["device_name"],
        raw.datetime(got["last_seen_at"]),
        rules,
        (raw.date(got["starts_on"]), raw.date(got["ends_on"])),
    )


def revoke_device(device: Device) -> bool:
    """Revoke once: a second revocation (two admins at once) changes nothing. True if this one did."""
    done = db.session.execute(
        update(Device).where(Device.id == device.id, Device.revoked_at.is_(None)).values(revoked_at=utcnow())
    ).rowcount
    db.session.refresh(device)
    return bool(done)


def revoke_devices_of(user: User, checkpoint: Checkpoint | None = None) -> int:
    """A volunteer deactivated (or taken off a checkpoint) takes his phones with him: their
    tokens stop working at once (at that checkpoint only, when one is given). How many went."""
    query = update(Device).where(Device.user_id == user.id, Device.revoked_at.is_(None))
    if checkpoint is not None:
        query = query.where(Device.checkpoint_id == checkpoint.id)
    return db.session.execute(
        query.values(revoked_at=utcnow()), execution_options={"synchronize_session": False}
    ).rowcount
