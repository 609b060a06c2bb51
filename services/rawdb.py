"""A DB-API connection from SQLAlchemy's pool, for the one hot path: recording a scan.

The ORM session costs ~0.1 ms a statement in Python; a scan needs five statements on every
request of the check-in rush. Here the same SQL runs on the pooled driver connection
(sqlite3 or psycopg), with the few conversions the column types would otherwise do:
aware-UTC datetimes (SQLite keeps naive UTC text, as models.base.UTCDateTime writes it),
JSON, booleans. Everything else in the app uses the session.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from functools import cache

from extensions import db

_SQLITE_DATETIME = "%Y-%m-%d %H:%M:%S.%f"  # SQLAlchemy's storage format for DateTime on SQLite


@cache
def _pyformat(sql: str) -> str:
    """:name placeholders (sqlite3) as %(name)s (psycopg)."""
    return re.sub(r"(?<![:\w]):(\w+)", r"%(\1)s", sql.replace("%", "%%"))


class RawConnection:
    def __init__(self):
        self.sqlite = db.engine.dialect.name == "sqlite"
        self._conn = db.engine.raw_connection()  # returned to the pool by close()

    def _cursor(self, sql: str, params: dict):
        cursor = self._conn.cursor()
        cursor.execute(sql if self.sqlite else _pyformat(sql), {k: self.to_db(v) for k, v in params.items()})
        return cursor

    def one(self, sql: str, params: dict) -> tuple | None:
        cursor = self._cursor(sql, params)
        try:
            return cursor.fetchone()
        finally:
            cursor.close()

    def run(self, sql: str, params: dict) -> None:
        self._cursor(sql, params).close()

    def end_reads(self) -> None:
        """Before a write: SQLite must not upgrade a read snapshot to a write (it fails at once
        when another writer got in between), so the reads end here; PostgreSQL just goes on in
        the same transaction (one commit, one WAL flush)."""
        if self.sqlite:
            self.commit()

    def begin(self) -> None:
        if self.sqlite:  # sqlite3 runs in autocommit mode here (app._sqlite_pragmas): begin ourselves
            self.run("BEGIN", {})

    def commit(self) -> None:
        if self.sqlite:
            if self._conn.in_transaction:
                self.run("COMMIT", {})
        else:
            self._conn.commit()

    def close(self) -> None:
        self._conn.close()  # the pool rolls back anything left open

    # --- values in and out -------------------------------------------------------------

    def to_db(self, value):
        if isinstance(value, datetime):
            return value.astimezone(UTC).replace(tzinfo=None).strftime(_SQLITE_DATETIME) if self.sqlite else value
        if isinstance(value, dict | list):
            if self.sqlite:
                return json.dumps(value)
            from psycopg.types.json import Json

            return Json(value)
        return value

    def datetime(self, value) -> datetime | None:
        if value is None or isinstance(value, datetime):
            return value if value is None or value.tzinfo else value.replace(tzinfo=UTC)
        return datetime.fromisoformat(value).replace(tzinfo=UTC)

    def json(self, value):
        return json.loads(value) if isinstance(value, str) else value
