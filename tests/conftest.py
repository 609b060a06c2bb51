"""The test suite's app and database, on SQLite or (TEST_DATABASE_URL) PostgreSQL.

The app and the schema are built once per session, not once per test:
- SQLite: a template database file is made once; after each test the test database file is
  replaced by a copy of it, so every test starts from an empty database;
- PostgreSQL: the schema is made once in TEST_DATABASE_URL's database (one database per
  xdist worker); after each test every table is emptied in one statement.
A test that rebuilds the schema itself (migrations, the demo command) is marked
``rebuilds_schema``; after it the schema is made again (on SQLite the template's copy does it).

Layers (a marker each, given by the folder, and the folder checked against what the test
does as it runs): ``unit`` pure rules, no app database; ``service`` use cases on the real
database; ``http`` real requests through the Flask test client (a test there that sends
none fails, asking to be moved); ``browser`` Debian's Chromium driven by Playwright.
"""

from __future__ import annotations

import os
import re
import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask import request_started
from sqlalchemy import create_engine, event, inspect, make_url, text

# Sized for a loaded machine (a second suite beside this one on two cores): a SQLite writer
# waits a minute for the lock rather than failing with "database is locked" (read by app.py).
os.environ.setdefault("SQLITE_BUSY_TIMEOUT_MS", "60000")

from app import create_app, normalise_database_url  # noqa: E402
from blueprints.api.fastpath import scan_answered  # noqa: E402
from extensions import db  # noqa: E402
from models import Base, UserRole  # noqa: E402
from services.checkin import rawdb  # noqa: E402
from tests.support import factories  # noqa: E402
from tests.support.proxy import FORWARDED  # noqa: E402

pytest_plugins = [
    "tests.support.races",
    "tests.support.browser",
    "tests.support.mail",
]  # live_server, launch, browser, phone; served

CSRF_RE = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')
LAYERS = ("unit", "service", "http", "browser")
BROWSER_FIXTURES = {"launch", "browser", "phone", "live_server"}


DATABASE_FIXTURES = {"app", "fresh_app"}  # bare_app has no database: translations only


def pytest_collection_modifyitems(config, items):
    """A test's marker is its folder's, and the folder is what the test does (checked by
    ``_the_right_layer`` as it runs); a test that drives Chromium is also ``browser``."""
    for item in items:
        layer = Path(str(item.fspath)).parent.name
        if layer in LAYERS:
            item.add_marker(getattr(pytest.mark, layer))
        if BROWSER_FIXTURES & set(item.fixturenames):
            item.add_marker(pytest.mark.browser)


_requests = {"count": 0}


def _count_request(sender, **extra):
    _requests["count"] += 1


request_started.connect(_count_request)
scan_answered.connect(_count_request)  # the usual scan, answered outside Flask's request machinery


@pytest.fixture(autouse=True)
def _the_right_layer(request):
    """A test lives in the folder of what it does: tests/http sends requests (through the
    test client or to a served app), tests/unit touches no app or database; a test that
    does otherwise is moved, so ``-m unit`` and the folders tell the truth."""
    folder = Path(str(request.node.fspath)).parent.name
    if folder == "unit" and DATABASE_FIXTURES & set(request.node.fixturenames):
        pytest.fail("a unit test uses the app or the database: move it to tests/service")
    before = _requests["count"] + FORWARDED["count"]
    yield
    ran = getattr(request.node, "call_report", None)
    if folder == "http" and ran is not None and ran.passed and _requests["count"] + FORWARDED["count"] == before:
        pytest.fail("this test sends no request: move it to tests/service (or tests/unit)")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Keeps the call's report on the item (the layer check reads whether the test ran)."""
    outcome = yield
    report = outcome.get_result()
    if report.when == "call":
        item.call_report = report


def _postgres_url() -> str | None:
    """TEST_DATABASE_URL, or under pytest-xdist a database of this worker's own beside it
    (``…_gw0``, made here on the same server)."""
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        return None
    url = make_url(normalise_database_url(url))
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker:
        own = url.set(database=f"{url.database}_{worker}")
        engine = create_engine(url, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{own.database}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{own.database}"'))
        engine.dispose()
        url = own
    return url.render_as_string(hide_password=False)


def _drop_worker_database(url: str) -> None:
    """At the end of an xdist worker's session: its own database goes."""
    own = make_url(url)
    main = make_url(normalise_database_url(os.environ["TEST_DATABASE_URL"]))
    if own.database == main.database:
        return
    engine = create_engine(main, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{own.database}" WITH (FORCE)'))
    engine.dispose()


def _build_schema(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":  # whatever a test left: tables, alembic_version
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        Base.metadata.drop_all(conn)
        Base.metadata.create_all(conn)
    engine.dispose()


@pytest.fixture(scope="session")
def _database(tmp_path_factory):
    """Builds the schema once; returns (the URL every test uses, how a test's database is
    made empty again)."""
    url = _postgres_url()
    if url:
        _build_schema(url)
        names = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)

        def empty(engine) -> None:
            with engine.begin() as conn:
                conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))

        yield url, empty
        _drop_worker_database(url)
        return
    folder = tmp_path_factory.mktemp("db")
    template, target = folder / "template.sqlite", folder / "test.sqlite"
    _build_schema(f"sqlite:///{template}")

    def copy(engine) -> None:  # the engine is disposed: no connection holds the old file
        scans = Path(f"{target}-scans.sqlite")  # the scan journal (services/checkin/journal.py)
        for leftover in (
            target,
            Path(f"{target}-wal"),
            Path(f"{target}-shm"),
            scans,
            Path(f"{scans}-wal"),
            Path(f"{scans}-shm"),
        ):
            leftover.unlink(missing_ok=True)
        shutil.copyfile(template, target)

    copy(None)
    yield f"sqlite:///{target}", copy


@pytest.fixture(scope="session")
def _shared_app(_database, tmp_path_factory):
    """One app for the session: building one costs ~50 ms (Werkzeug compiles every route),
    which every test used to pay. Each test gets its config back as it was (see ``app``)."""
    url, _empty = _database
    return create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "SQLALCHEMY_DATABASE_URI": url,
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",  # fast in tests; scrypt in the app
            "SERVER_NAME": None,
            "BACKUP_KEY_FILE": str(tmp_path_factory.mktemp("keys") / "backup.key"),
        }
    )


@pytest.fixture
def app(request, _shared_app, _database):
    """The app with an empty database of the full schema; its config is restored afterwards."""
    app, (_url, empty) = _shared_app, _database
    config = dict(app.config)
    with app.app_context():
        yield app
        db.session.remove()
        rawdb.dispose(app)
        if db.engine.dialect.name == "sqlite":
            db.engine.dispose()  # the template's copy replaces the file, whatever the test left in it
        elif request.node.get_closest_marker("rebuilds_schema") or not _schema_intact(db.engine):
            db.engine.dispose()
            _build_schema(app.config["SQLALCHEMY_DATABASE_URI"])
        empty(db.engine)
    app.config.clear()
    app.config.update(config)
    app.extensions.pop("health", None)  # the last /healthz result, kept for a minute


@pytest.fixture
def fresh_app(app):
    """An app of its own (same settings and database) for a test that adds routes to it."""
    own = create_app({k: app.config[k] for k in ("TESTING", "SECRET_KEY", "SQLALCHEMY_DATABASE_URI", "SERVER_NAME")})
    yield own
    with own.app_context():
        rawdb.dispose(own)  # its scan pool and checkpoint thread use the same database file
        db.engine.dispose()


def _schema_intact(engine) -> bool:
    """Cheap check on PostgreSQL only (a SQLite test's copy is thrown away anyway)."""
    if engine.dialect.name != "postgresql":
        return True
    return set(Base.metadata.tables) <= set(inspect(engine).get_table_names())


@pytest.fixture(scope="session")
def bare_app():
    """An app with no database, for pure rules that only need translations."""
    return create_app({"TESTING": True, "SECRET_KEY": "test-secret", "SQLALCHEMY_DATABASE_URI": "sqlite://"})


class Client:
    """The Flask test client, plus form posts that carry the page's CSRF token.

    Each request runs in its own app context, as in production: its own ``g`` (logged-in
    user, CSRF token) and its own database session, apart from the test's session.
    """

    def __init__(self, flask_app):
        self.app = flask_app
        self.http = flask_app.test_client()
        self.token: str | None = None

    def _request(self, method, url, **kw):
        # The test's own session ends its transaction around each request, as another user's
        # would: the request sees what the test wrote, and the test then sees what it wrote
        # (SQLite keeps a transaction's snapshot until it ends).
        db.session.commit()
        with self.app.app_context():
            response = getattr(self.http, method)(url, **kw)
        db.session.commit()
        self._remember_token(response)
        return response

    def get(self, url, **kw):
        return self._request("get", url, **kw)

    def _remember_token(self, response):
        match = CSRF_RE.search(response.get_data(as_text=True)) if response.mimetype == "text/html" else None
        if match:
            self.token = match.group(1)

    def post(self, url, data=None, csrf=True, **kw):
        data = dict(data or {})
        if csrf:
            if self.token is None:
                self.get("/login")
            data.setdefault("csrf_token", self.token)
        return self._request("post", url, data=data, **kw)

    def request(self, method, url, **kw):
        return self._request(method, url, **kw)

    def api(self, method, url, bearer=None, **kw):
        """A JSON API call with a device's bearer token (no CSRF token: bearer auth)."""
        headers = ({"Authorization": f"Bearer {bearer}"} if bearer else {}) | kw.pop("headers", {})
        return self._request(method, url, headers=headers, **kw)

    def login(self, username, password="secret-pass"):
        self.get("/login")
        return self.post("/login", {"username": username, "password": password})


@pytest.fixture
def client(app):
    return Client(app)


@pytest.fixture
def make_client(app):
    return lambda: Client(app)


@pytest.fixture
def officials(app):
    """Two officials, tt1 and tt2: one enters a result, the other confirms it."""
    return factories.user("tt1", UserRole.OFFICIAL), factories.user("tt2", UserRole.OFFICIAL)


@pytest.fixture
def count_queries(app):
    """``with count_queries() as q: ...`` then ``q.count`` is the number of SQL statements run."""

    @contextmanager
    def counter():
        class Q:
            count = 0
            statements: list[str] = []

        def before(conn, cursor, statement, *args):
            Q.count += 1
            Q.statements.append(statement)

        event.listen(db.engine, "before_cursor_execute", before)
        try:
            yield Q
        finally:
            event.remove(db.engine, "before_cursor_execute", before)

    return counter
