"""Configuration from the environment, and refusing an unsafe production start."""

import gc
import secrets
from pathlib import Path

import pytest

from app import DEFAULT_SECRET, ConfigError, create_app


@pytest.fixture(autouse=True)
def unfreeze():
    """Apps built here freeze what is alive (see the last test); the suite lives on after them."""
    yield
    gc.unfreeze()


def test_production_refuses_the_default_secret(monkeypatch):
    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app()
    monkeypatch.setenv("SECRET_KEY", DEFAULT_SECRET)
    with pytest.raises(ConfigError):
        create_app()


@pytest.mark.parametrize("secret", [" ", "x", "a-long-random-secret", " " * 40, "s" * 31])
def test_production_refuses_a_short_secret(monkeypatch, secret):
    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", secret)
    with pytest.raises(ConfigError, match="32"):
        create_app()


@pytest.mark.parametrize("secret", ["a" * 32, "ab" * 20, "abcd" * 16, "0123456789" * 4])
def test_production_refuses_a_guessable_secret(monkeypatch, secret):
    """Long enough but repeated: few distinct characters, or under 128 bits (issue 29)."""
    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", secret)
    with pytest.raises(ConfigError, match="dễ đoán"):
        create_app()


def test_production_starts_with_its_own_secret(monkeypatch):
    monkeypatch.setenv("APP_ENV", " Production ")  # case and spaces do not matter
    monkeypatch.setenv("SECRET_KEY", secrets.token_hex(32))
    app = create_app()
    assert app.config["ENV_NAME"] == "production"
    assert app.config["SESSION_COOKIE_SECURE"] is True
    response = app.test_client().get("/login")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


@pytest.mark.parametrize("name", ["prod", "staging", "PRODUCTIONS"])
def test_an_unknown_environment_is_refused(monkeypatch, name):
    monkeypatch.setenv("APP_ENV", name)
    with pytest.raises(ConfigError, match="APP_ENV"):
        create_app()


def test_every_answer_carries_the_security_headers(fresh_app):
    http = fresh_app.test_client()
    for path in ("/login", "/static/css/app.css", "/no-such-page", "/api/v1/no-such-thing"):
        response = http.get(path)
        csp = response.headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp, path
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp, path
        assert "worker-src 'self'" in csp, path  # the scanner's service worker
        assert response.headers["X-Content-Type-Options"] == "nosniff", path
        assert response.headers["Referrer-Policy"] == "same-origin", path
        assert response.headers["Permissions-Policy"].startswith("camera=(self)"), path
        assert "Strict-Transport-Security" not in response.headers, path  # development, plain HTTP


def test_no_template_has_inline_script_or_style():
    """The CSP allows neither: data for scripts goes in <script type="application/json">."""
    import re

    offenders = []
    for path in Path("templates").rglob("*.html"):
        text = path.read_text()
        for match in re.finditer(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", text):
            offenders.append(f"{path}: {match.group(0)}")
        offenders += [f"{path}: style=" for _ in re.finditer(r"\sstyle=", text)]
        offenders += [f"{path}: {m.group(0)}" for m in re.finditer(r"\son[a-z]+=", text)]
    assert offenders == []


def test_database_url_defaults_to_sqlite_in_instance_folder(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    app = create_app()
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    assert uri.startswith("sqlite:///")
    assert Path(uri.removeprefix("sqlite:///")).parent == Path(app.instance_path)


@pytest.mark.parametrize("given", ["postgres://u@h/db", "postgresql://u@h/db"])
def test_postgres_urls_use_psycopg3(monkeypatch, given):
    monkeypatch.setenv("DATABASE_URL", given)
    assert create_app().config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@h/db"


def test_500_page_is_vietnamese(fresh_app):
    fresh_app.config["PROPAGATE_EXCEPTIONS"] = False

    @fresh_app.route("/boom")
    def boom():
        raise RuntimeError("boom")

    response = fresh_app.test_client().get("/boom")
    assert response.status_code == 500
    assert "Lỗi hệ thống" in response.get_data(as_text=True)


def test_a_served_app_takes_its_startup_objects_out_of_garbage_collection(monkeypatch):
    # gunicorn builds one app per worker: its objects live as long as the worker, and full
    # collections that walk them again were the scan API's slowest answers.
    gc.unfreeze()
    create_app({"TESTING": True})
    assert gc.get_freeze_count() == 0
    create_app()
    assert gc.get_freeze_count() > 10_000


def test_errors_under_the_api_are_json_and_the_500_page_needs_no_session(fresh_app):
    import contextlib

    from sqlalchemy import text

    from extensions import db

    fresh_app.config["PROPAGATE_EXCEPTIONS"] = False

    @fresh_app.route("/api/v1/boom")
    def api_boom():
        raise RuntimeError("boom")

    @fresh_app.route("/broken-transaction")
    def broken():
        with contextlib.suppress(Exception):  # the session is now in a failed transaction, as in the issue
            db.session.execute(text("SELECT * FROM no_such_table"))
        raise RuntimeError("after a failed statement")

    http = fresh_app.test_client()
    api = http.get("/api/v1/boom")
    assert api.status_code == 500 and api.is_json and "Lỗi hệ thống" in api.get_json()["error"]
    missing = http.get("/api/v1/no-such-thing")
    assert missing.status_code == 404 and missing.get_json() == {"error": "Không tìm thấy."}
    wrong_method = http.delete("/api/v1/scans")
    assert wrong_method.status_code == 405 and wrong_method.is_json
    page = http.get("/broken-transaction")
    assert page.status_code == 500 and "Lỗi hệ thống" in page.get_data(as_text=True)
    assert http.delete("/board/").status_code == 405  # HTML pages keep their plain answer
