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

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, insert, select

from extensions import db
from services.inputs import check_rows

BATCH = 1000


@dataclass
class Prepared:
    """Rows checked, and on SQLite already in the driver's form (``prepare``): what remains to
    do under the write lock is to number them and send them."""

    rows: list[dict]
    columns: list | None = None  # SQLite: the columns of ``values``, in order
    values: list[tuple] | None = None  # SQLite: each row's values as the driver takes them

    def __len__(self) -> int:
        return len(self.rows)


def prepare(model, rows: list[dict]) -> Prepared:
    """``rows`` checked and, on SQLite, converted (each column's conversion and Python-side
    default): work done before the write lock is taken (a 5,000-row import: ~30 ms)."""
    check_rows(model, rows)
    prepared = Prepared(rows)
    dialect = db.session.get_bind().dialect
    if rows and dialect.name == "sqlite":
        converted = _sqlite_values(dialect, model.__table__, rows)
        if converted is not None:
            prepared.columns, prepared.values = converted
    return prepared


def insert_rows(model, rows: list[dict] | Prepared, returning: bool = False) -> list[int]:
    """Insert ``rows`` (the caller commits); with ``returning``, their ids in the rows' order.
    Rows given as ``Prepared`` were checked and converted by ``prepare``."""
    prepared = rows if isinstance(rows, Prepared) else prepare(model, rows)
    if not prepared.rows:
        return []
    table = model.__table__
    connection = db.session.connection()
    if connection.dialect.name == "sqlite":
        ids: list[int] = []
        if returning:
            first = (connection.execute(select(func.max(table.c.id))).scalar() or 0) + 1
            ids = list(range(first, first + len(prepared)))
        if prepared.columns is None or prepared.values is None:  # a SQL expression default: SQLAlchemy's way
            numbered = [{**row, "id": i} for row, i in zip(prepared.rows, ids, strict=True)] if ids else None
            connection.execute(insert(table), numbered or prepared.rows)
            return ids
        columns, values = prepared.columns, prepared.values
        if ids:
            columns = [table.c.id, *columns]
            values = [(row_id, *row) for row_id, row in zip(ids, values, strict=True)]
        _sqlite_executemany(connection, table, columns, values)
        return ids
    rows = prepared.rows
    ids = []
    for start in range(0, len(rows), BATCH):
        batch = rows[start : start + BATCH]
        if returning:
            statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
            ids += connection.execute(statement, batch).scalars().all()
        else:
            connection.execute(insert(table), batch)
    return ids


def _sqlite_values(dialect, table, rows: list[dict]) -> tuple[list, list[tuple]] | None:
    """The columns and each row's values as SQLAlchemy would send them to sqlite3, or None
    when a column's default is a SQL expression. SQLAlchemy's own executemany prepares every
    row's parameters in Python, one dictionary and type conversion at a time, and spent more
    time on 15,000 rows of an import than SQLite spent inserting them, all of it under the
    write lock. Here each column's conversion and Python-side default are looked up once
    (tests/service/test_bulk.py compares the stored rows with the ORM's). A default that
    gives a time is taken once for all the rows, as a SQL ``DEFAULT CURRENT_TIMESTAMP``
    would be (PostgreSQL's ``now()`` is even the transaction's)."""
    given = [table.c[key] for key in rows[0]]
    defaulted = [c for c in table.c if c.key not in rows[0] and c.default is not None]
    if any(not (c.default.is_scalar or c.default.is_callable) for c in defaulted):
        return None
    columns = given + defaulted
    values = []
    for i, column in enumerate(columns):  # a column at a time: map() keeps the loop in C
        convert = column.type.dialect_impl(dialect).bind_processor(dialect)
        if i < len(given):
            column_values = [row[column.key] for row in rows]
        else:
            first = column.default.arg if column.default.is_scalar else column.default.arg(None)
            if column.default.is_scalar or isinstance(first, datetime):
                values.append([convert(first) if convert else first] * len(rows))  # one value, converted once
                continue
            column_values = [first, *(column.default.arg(None) for _row in rows[1:])]
        values.append(list(map(convert, column_values)) if convert else column_values)
    return columns, list(zip(*values, strict=True))


def _sqlite_executemany(connection, table, columns: list, values: list[tuple]) -> None:
    """One executemany of plain tuples."""
    prepare = connection.dialect.identifier_preparer
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        prepare.format_table(table), ", ".join(prepare.format_column(c) for c in columns), ", ".join("?" * len(columns))
    )
    connection.exec_driver_sql(sql, values)
