"""A fresh app and database for every test, on SQLite or (TEST_DATABASE_URL) PostgreSQL."""

from __future__ import annotations

import os
import re
from contextlib import contextmanager

import pytest
from sqlalchemy import event

from app import create_app, normalise_database_url
from extensions import db
from models import Base
from services import rawdb

pytest_plugins = ["tests.browser"]  # live_server, launch, browser, phone fixtures

CSRF_RE = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


def database_url(tmp_path) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    return normalise_database_url(url) if url else f"sqlite:///{tmp_path / 'test.sqlite'}"


@pytest.fixture
def app(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "SQLALCHEMY_DATABASE_URI": database_url(tmp_path),
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",  # fast in tests; scrypt in the app
            "SERVER_NAME": None,
        }
    )
    with app.app_context():
        Base.metadata.drop_all(db.engine)
        Base.metadata.create_all(db.engine)
        yield app
        db.session.remove()
        rawdb.dispose(app)
        Base.metadata.drop_all(db.engine)
        db.engine.dispose()


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
        headers = {"Authorization": f"Bearer {bearer}"} if bearer else {}
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
