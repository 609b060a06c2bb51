"""Fetching one record that must belong to the caller's scope (an event, a unit)."""

from __future__ import annotations

from sqlalchemy import select

from extensions import db
from services.errors import RecordNotFound


def one_or_not_found(model, *conditions):
    """The record matching every condition, or RecordNotFound (answered 404): an id from
    another unit or event is treated as if it did not exist."""
    record = db.session.scalar(select(model).where(*conditions))
    if record is None:
        raise RecordNotFound()
    return record
