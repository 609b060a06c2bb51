"""The audit trail: who changed which person, entry or registration, when, old → new."""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from extensions import db
from models import AuditLog, Entry, Person, Registration, User

ENTITIES = {Person: "person", Entry: "entry", Registration: "registration"}


def _plain(value):
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def changes(obj, new_values: dict) -> dict:
    """{field: [old, new]} for the fields whose value differs (JSON-ready)."""
    diff = {}
    for field, new in new_values.items():
        old = getattr(obj, field, None) if obj is not None else None
        if _plain(old) != _plain(new):
            diff[field] = [_plain(old), _plain(new)]
    return diff


def record(actor: User | None, obj, action: str, summary: str = "", diff: dict | None = None) -> None:
    """Log a change to a person, an entry or a registration (its event and unit come from it)."""
    event_id = obj.competition.event_id if isinstance(obj, Entry) else obj.event_id
    _add(actor, event_id, obj.unit_id, ENTITIES[type(obj)], obj.id, action, summary, diff)


def record_import(actor: User | None, event, unit, summary: str) -> None:
    _add(actor, event.id, unit.id, "import", None, "import", summary, None)


def _add(actor, event_id, unit_id, entity, entity_id, action, summary, diff) -> None:
    db.session.add(
        AuditLog(
            user_id=actor.id if actor is not None else None,
            event_id=event_id,
            unit_id=unit_id,
            entity=entity,
            entity_id=entity_id,
            action=action,
            summary=summary[:300],
            changes=diff or {},
        )
    )


def for_event(event_id: int, unit_id: int | None = None, limit: int = 500) -> list[AuditLog]:
    stmt = (
        select(AuditLog)
        .where(AuditLog.event_id == event_id)
        .options(joinedload(AuditLog.user), joinedload(AuditLog.unit))
        .order_by(AuditLog.at.desc(), AuditLog.id.desc())
        .limit(limit)
    )
    if unit_id is not None:
        stmt = stmt.where(AuditLog.unit_id == unit_id)
    return db.session.scalars(stmt).all()
