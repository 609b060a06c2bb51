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
from models import Checkpoint, CheckpointKind, Device, Frequency, User, utcnow
from services.checkin.rawdb import RawConnection
from services.checkin.rules import CheckpointRules

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


_DEVICE_SQL = """
    SELECT d.id, d.name, d.last_seen_at, c.id, c.event_id, e.name, c.name, c.kind, c.frequency,
           c.allowed_roles, c.allowed_unit_ids, c.allowed_competition_ids, c.opens_at, c.closes_at, c.active,
           e.starts_on, e.ends_on, c.admit_unapproved
    FROM device d JOIN checkpoint c ON c.id = d.checkpoint_id JOIN event e ON e.id = c.event_id
    WHERE d.token_hash = :token_hash AND d.revoked_at IS NULL
"""


def device_context(raw: RawConnection, token: str | None) -> DeviceContext | None:
    """The API's signed-in device (None: unknown or revoked), with its checkpoint's rules."""
    if not token:
        return None
    row = raw.one(_DEVICE_SQL, {"token_hash": _hash(token)})
    if row is None:
        return None
    rules = CheckpointRules(
        row[3],
        row[4],
        row[5],
        row[6],
        CheckpointKind(row[7]),
        Frequency(row[8]),
        raw.json(row[9]) or [],
        raw.json(row[10]) or [],
        raw.json(row[11]) or [],
        raw.datetime(row[12]),
        raw.datetime(row[13]),
        bool(row[14]),
        bool(row[17]),
    )
    return DeviceContext(row[0], row[1], raw.datetime(row[2]), rules, (raw.date(row[15]), raw.date(row[16])))


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
