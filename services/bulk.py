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


def insert_rows(model, rows: list[dict], returning: bool = False, checked: bool = False) -> list[int]:
    """Insert ``rows`` (the caller commits); with ``returning``, their ids in the rows' order.
    ``checked``: the caller passed them through ``check_rows`` already (outside the write lock)."""
    if not checked:
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
        _sqlite_executemany(connection, table, rows)
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


def _sqlite_executemany(connection, table, rows: list[dict]) -> None:
    """One executemany of plain tuples. SQLAlchemy's own prepares every row's parameters in
    Python, one dictionary and type conversion at a time, and spent more time on 15,000 rows
    of an import than SQLite spent inserting them, all of it under the write lock. Here each
    column's conversion and Python-side default are looked up once; the values are what
    SQLAlchemy would send (tests/service/test_bulk.py compares the stored rows)."""
    dialect = connection.dialect
    given = [table.c[key] for key in rows[0]]
    defaulted = [c for c in table.c if c.key not in rows[0] and c.default is not None]
    if any(not (c.default.is_scalar or c.default.is_callable) for c in defaulted):
        connection.execute(insert(table), rows)  # a SQL expression default: SQLAlchemy's way
        return
    columns = given + defaulted
    values = [[row[c.key] for row in rows] for c in given]
    values += [
        [c.default.arg] * len(rows) if c.default.is_scalar else [c.default.arg(None) for _row in rows]
        for c in defaulted
    ]
    for i, column in enumerate(columns):  # a column at a time: map() keeps the loop in C
        if convert := column.type.dialect_impl(dialect).bind_processor(dialect):
            values[i] = list(map(convert, values[i]))
    prepare = dialect.identifier_preparer
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        prepare.format_table(table), ", ".join(prepare.format_column(c) for c in columns), ", ".join("?" * len(columns))
    )
    connection.exec_driver_sql(sql, list(zip(*values, strict=True)))
