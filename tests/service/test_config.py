"""Configuration from the environment, and refusing an unsafe production start."""

import gc
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


def test_production_starts_with_its_own_secret(monkeypatch):
    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "a-long-random-secret")
    app = create_app()
    assert app.config["SESSION_COOKIE_SECURE"] is True


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
