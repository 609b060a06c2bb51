"""Fetching one record that must belong to the caller's scope (an event, a unit)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from extensions import db
from services.errors import RecordNotFound

MAX_ID = 2**31 - 1  # the largest id a table holds (PostgreSQL's INTEGER)


def valid_id(value) -> bool:
    """An id a table can hold: anything else (0, negative, 2**63) names no record."""
    return isinstance(value, int) and 0 < value <= MAX_ID


def locked(query):
    """``query`` taking its rows' locks until the transaction ends and reading what they hold
    now (not what the session loaded before the lock was granted)."""
    return query.with_for_update().execution_options(populate_existing=True)


def create_once(model, keys: list[str], values: dict) -> None:
    """Insert the row unless one with the same ``keys`` (a unique constraint) exists: two
    first visits at once make one row, the second waiting for the first's and inserting
    nothing (a plain INSERT made the second fail on the key). The caller then reads it."""
    dialect = {"postgresql": postgresql, "sqlite": sqlite}[db.session.get_bind().dialect.name]
    db.session.execute(dialect.insert(model).values(**values).on_conflict_do_nothing(index_elements=keys))


def one_made_once(model, where: dict, defaults):
    """The row with these values (its unique key), made with ``defaults()`` the first time:
    two first visits at once make one row (``create_once``)."""
    query = select(model).filter_by(**where)
    row = db.session.scalar(query)
    if row is None:
        create_once(model, list(where), where | defaults())
        row = db.session.scalar(query)
    return row


def lock_row(model, record_id: int) -> None:
    """Hold the row's lock until the transaction ends (``SELECT … FOR UPDATE`` on PostgreSQL;
    on SQLite a writing request holds the database's write lock already): two people doing
    the same thing to it at once do it one after the other."""
    db.session.execute(select(model.id).where(model.id == record_id).with_for_update())


def by_id(model, record_id: int):
    """The record with this id, or RecordNotFound (answered 404)."""
    record = db.session.get(model, record_id) if valid_id(record_id) else None
    if record is None:
        raise RecordNotFound()
    return record


def one_or_not_found(model, *conditions):
    """The record matching every condition, or RecordNotFound (answered 404): an id from
    another unit or event is treated as if it did not exist."""
    record = db.session.scalar(select(model).where(*conditions))
    if record is None:
        raise RecordNotFound()
    return record
