"""A unit's registration for an event: found or made, and whether it can still be changed
(before the deadline, not submitted or approved, or reopened by the federation)."""

from __future__ import annotations

from sqlalchemy import select

from extensions import db
from models import (
    Event,
    Registration,
    RegistrationStatus,
    Unit,
    utcnow,
)
from services.errors import DomainError
from services.lookup import create_once, locked
from services.registration import eligibility


def _find_registration(event: Event, unit: Unit, lock: bool = False) -> Registration | None:
    query = select(Registration).where(Registration.event_id == event.id, Registration.unit_id == unit.id)
    if lock:  # until the transaction ends, with what the row holds now (SQLite: the write lock)
        query = locked(query)
    return db.session.scalar(query)


def registration_for(event: Event, unit: Unit, lock: bool = False) -> Registration:
    """The unit's registration for the event, created as a draft on first use; ``lock``: taken
    under a row lock, so that two people changing it at once do so one after the other."""
    reg = _find_registration(event, unit, lock)
    if reg is None:
        values = {"event_id": event.id, "unit_id": unit.id, "status": RegistrationStatus.DRAFT, "comment": ""}
        create_once(Registration, ["event_id", "unit_id"], values | {"reopened": False})
        reg = _find_registration(event, unit, lock)
        assert reg is not None  # inserted now, or by whoever was first
    return reg


def current_registration(event: Event, unit: Unit) -> Registration:
    """The unit's registration, or an unsaved draft to show (saved on the first change)."""
    return _find_registration(event, unit) or Registration(status=RegistrationStatus.DRAFT, comment="", reopened=False)


def ensure_open(event: Event, unit: Unit) -> Registration:
    """The unit's registration, if it may still be changed; otherwise DomainError saying why."""
    reg = registration_for(event, unit, lock=True)
    problems = eligibility.check_registration_open(event, reg, utcnow())
    if problems:
        raise DomainError(problems[0])
    return reg


def check_open(event: Event, unit: Unit) -> None:
    """ensure_open's question without its lock or a new draft: for a check that writes nothing."""
    problems = eligibility.check_registration_open(event, current_registration(event, unit), utcnow())
    if problems:
        raise DomainError(problems[0])


def closed_reason(event: Event, reg: Registration | None) -> str | None:
    """Why the unit cannot change its registration now (shown on its page), or None."""
    problems = eligibility.check_registration_open(event, reg, utcnow())
    return problems[0] if problems else None
