"""Fixtures of the service tests: new empty databases for a restore to fill."""

from __future__ import annotations

import os
import uuid

import pytest
from sqlalchemy import create_engine, make_url, text

from app import normalise_database_url


@pytest.fixture
def empty_postgres():
    """New empty PostgreSQL databases beside TEST_DATABASE_URL's (dropped afterwards)."""
    if not os.environ.get("TEST_DATABASE_URL"):
        pytest.skip("needs a PostgreSQL server: set TEST_DATABASE_URL (CI does)")
    main = make_url(normalise_database_url(os.environ["TEST_DATABASE_URL"]))
    made = []

    def new() -> str:
        name = f"{main.database}_restore_{uuid.uuid4().hex[:8]}"
        engine = create_engine(main, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        engine.dispose()
        made.append(name)
        return main.set(database=name).render_as_string(hide_password=False)

    yield new
    engine = create_engine(main, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        names = set(conn.execute(text("SELECT datname FROM pg_database")).scalars())
        for name in sorted(n for n in names if any(n.startswith(m) for m in made)):  # and what a restore kept
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


@pytest.fixture
def empty_postgres_or_sqlite(request, tmp_path):
    """An empty database of the suite's kind: a new SQLite file, or a new PostgreSQL database."""
    if os.environ.get("TEST_DATABASE_URL"):
        return request.getfixturevalue("empty_postgres")
    return lambda: f"sqlite:///{tmp_path / 'restored.sqlite'}"
