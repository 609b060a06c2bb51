"""Many rows of a model in few statements (imports, a whole event's badges or certificates),
bypassing the ORM's unit of work, which made one object and one statement each (10,000
badges or certificates took ~1.2 s, 5,000 imported people ~1.5 s).

PostgreSQL: an INSERT of up to ``BATCH`` rows at a time, ``RETURNING`` the ids in the rows'
order. SQLite cannot promise that order in one statement, so SQLAlchemy sent a statement a
row (5,000 people and their 5,000 entries: ~0.4 s, all of it holding SQLite's only write
lock while the scans waited); there the ids are given here instead, after the largest one,
and the rows go in one ``executemany``. That is safe only while this transaction holds the
write lock, which every request that writes takes up front (app.py ``_sqlite_begin``); a
deferred transaction that lost the race fails with "database is locked" rather than reusing
an id.

The rows pass the flush guard's check here first (services/inputs.check_rows): nothing
reaches the database that a form could not write.
"""

from __future__ import annotations

from sqlalchemy import func, insert, select

from extensions import db
from services.inputs import check_rows

BATCH = 1000


def insert_rows(model, rows: list[dict], returning: bool = False) -> list[int]:
    """Insert ``rows`` (the caller commits); with ``returning``, their ids in the rows' order."""
    check_rows(model, rows)
    if not rows:
        return []
    table = model.__table__
    connection = db.session.connection()
    if connection.dialect.name == "sqlite":
        ids: list[int] = []
        if returning:
            first = (connection.execute(select(func.max(table.c.id))).scalar() or 0) + 1
            ids = list(range(first, first + len(rows)))
            rows = [{**row, "id": row_id} for row, row_id in zip(rows, ids, strict=True)]
        connection.execute(insert(table), rows)
        return ids
    ids = []
    for start in range(0, len(rows), BATCH):
        batch = rows[start : start + BATCH]
        if returning:
            statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
            ids += connection.execute(statement, batch).scalars().all()
        else:
            connection.execute(insert(table), batch)
    return ids
