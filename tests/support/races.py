"""Two people at once, for real: the app served by Werkzeug on a free port (threaded), people
with their own HTTP sessions (cookies, CSRF token) and requests released together by a barrier.

On PostgreSQL the requests really run in parallel (row locks decide who goes first); on
SQLite a writing request holds the write lock from its first statement, so they queue: the
same invariants must hold on both.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from contextlib import contextmanager

import pytest
import requests
from werkzeug.serving import make_server

from extensions import db

CSRF_RE = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


@contextmanager
def serving(app):
    """The app on 127.0.0.1 on a free port, in a thread; yields its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)


@pytest.fixture
def served(app):
    """The test app served for real requests (not a browser test: see live_server)."""
    with serving(app) as base:
        yield base


class Person:
    """Someone logged in with a browser-less session of their own."""

    def __init__(self, base: str, username: str, password: str):
        self.base, self.http = base, requests.Session()
        self.token = self._token("/login")
        answer = self.http.post(
            base + "/login",
            data={"username": username, "password": password, "csrf_token": self.token},
            allow_redirects=False,
        )
        assert answer.status_code == 302, f"{username} could not log in"
        self.token = self._token("/")

    def _token(self, path: str) -> str:
        page = self.http.get(self.base + path).text
        match = CSRF_RE.search(page)
        return match.group(1) if match else getattr(self, "token", "")

    def post(self, path: str, data: dict | None = None) -> requests.Response:
        """A form's POST (with this session's CSRF token); the redirect is not followed, and the
        flashed message is read from the page it leads to."""
        return self.http.post(self.base + path, data={"csrf_token": self.token, **(data or {})}, allow_redirects=False)

    def put(self, path: str, body: bytes) -> requests.Response:
        return self.http.put(self.base + path, data=body, headers={"X-CSRFToken": self.token})

    def json(self, path: str, body: dict) -> requests.Response:
        return self.http.post(self.base + path, json=body, headers={"X-CSRFToken": self.token})

    def flashes(self, response: requests.Response) -> str:
        """The page a POST redirected to, as the person then sees it (its flashed messages)."""
        return self.http.get(self.base + response.headers["Location"]).text if response.is_redirect else response.text


def at_once(*calls: Callable[[], object]) -> list:
    """Run every call in its own thread, released together; their results (or exceptions) in order."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(i: int, call: Callable[[], object]) -> None:
        barrier.wait()
        try:
            results[i] = call()
        except Exception as error:  # noqa: BLE001 - handed back to the test to assert on
            results[i] = error

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    db.session.commit()  # end the test's own snapshot: see what the requests wrote
    return results
