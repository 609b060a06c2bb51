"""Application factory: config, extensions, blueprints, CLI and error pages."""

from __future__ import annotations

import gc
import os
from pathlib import Path

from flask import Flask, current_app, g, has_app_context, has_request_context, request
from flask.sessions import SecureCookieSessionInterface
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.pool import Pool
from werkzeug.middleware.proxy_fix import ProxyFix

from extensions import babel, csrf, db, login_manager, migrate
from services.checkin import dbwrite
from services.operations import keys
from services.operations.keys import DEFAULT_SECRET

ENVIRONMENTS = ("development", "production")


class ConfigError(RuntimeError):
    """The app is configured unsafely (e.g. production with the default secret)."""


def _database_url(app: Flask) -> str:
    url = os.environ.get("DATABASE_URL")
    if not url:
        return "sqlite:///" + str(Path(app.instance_path) / "workers_games.sqlite")
    return normalise_database_url(url)


def normalise_database_url(url: str) -> str:
    """Heroku-style postgres:// and plain postgresql:// URLs go through psycopg 3."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def _environment() -> str:
    """APP_ENV, case and spaces aside; a value we do not know is refused, not run as development."""
    name = os.environ.get("APP_ENV", "development").strip().lower()
    if name not in ENVIRONMENTS:
        raise ConfigError(f"APP_ENV={name!r} không hợp lệ: dùng một trong {', '.join(ENVIRONMENTS)}.")
    return name


def load_config(app: Flask, test_config: dict | None) -> None:
    app.config.from_mapping(
        SECRET_KEY=os.environ.get("SECRET_KEY", DEFAULT_SECRET),
        SQLALCHEMY_DATABASE_URI=_database_url(app),
        SQLALCHEMY_ENGINE_OPTIONS={},
        BABEL_DEFAULT_LOCALE="vi",
        BABEL_DEFAULT_TIMEZONE="Asia/Ho_Chi_Minh",
        LANGUAGES=("vi", "en"),
        LOGIN_MAX_FAILURES=int(os.environ.get("LOGIN_MAX_FAILURES", "5")),
        LOGIN_LOCKOUT_MINUTES=int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "15")),
        SET_PASSWORD_LINK_DAYS=7,
        PASSWORD_HASH_METHOD="scrypt",
        MAX_CONTENT_LENGTH=16 * 1024 * 1024,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        ENV_NAME=_environment(),
        # The address printed in certificates' QR codes (the public /verify page); empty: the
        # address the print was requested on (the command line falls back to localhost).
        PUBLIC_URL=os.environ.get("PUBLIC_URL", ""),
        # Reminders by email (services/participation/mailer.py): only when MAIL_SERVER is set.
        MAIL_SERVER=os.environ.get("MAIL_SERVER", ""),
        MAIL_PORT=int(os.environ.get("MAIL_PORT", "25")),
        MAIL_USE_TLS=os.environ.get("MAIL_USE_TLS", "0") == "1",
        MAIL_USERNAME=os.environ.get("MAIL_USERNAME", ""),
        MAIL_PASSWORD=os.environ.get("MAIL_PASSWORD", ""),
        MAIL_FROM=os.environ.get("MAIL_FROM", "bantochuc@localhost"),
        # Post-event media (services/media/): where originals are kept, and the largest file.
        MEDIA_ROOT=os.environ.get("MEDIA_ROOT", ""),
        MEDIA_MAX_BYTES=int(os.environ.get("MEDIA_MAX_MB", "2048")) * 1024 * 1024,
        # All of one unit's media together (stored and unfinished): MEDIA_UNIT_MAX_MB.
        MEDIA_UNIT_MAX_BYTES=int(os.environ.get("MEDIA_UNIT_MAX_MB", "5120")) * 1024 * 1024,
        # GET /healthz answers 503 when the media or database disk has less free space than this.
        HEALTH_MIN_FREE_MB=int(os.environ.get("HEALTH_MIN_FREE_MB", "1024")),
        # Its checks run at most this often (a process); its details only for an admin or this token.
        HEALTH_CHECK_SECONDS=float(os.environ.get("HEALTH_CHECK_SECONDS", "60")),
        HEALTH_TOKEN=os.environ.get("HEALTH_TOKEN", ""),
        # The key that signs backups (services/operations/backup.py): made on the first backup;
        # keep a copy away from the server and its backups (docs/deploying.md).
        BACKUP_KEY_FILE=os.environ.get("BACKUP_KEY_FILE", str(Path(app.instance_path) / "backup.key")),
        # One log line per request (blueprints/request_log.py): on in production, or LOG_REQUESTS=1;
        # LOG_FORMAT=json for a log collector.
        LOG_REQUESTS=os.environ.get("LOG_REQUESTS", "") == "1",
        LOG_FORMAT=os.environ.get("LOG_FORMAT", "text").strip().lower(),
    )
    if test_config:
        app.config.update(test_config)
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        # A server database may restart under us: test a pooled connection before use.
        app.config["SQLALCHEMY_ENGINE_OPTIONS"].setdefault("pool_pre_ping", True)
    if app.config["ENV_NAME"] == "production":
        if weak := keys.weakness(app.config["SECRET_KEY"]):
            raise ConfigError(
                f"APP_ENV=production cần SECRET_KEY riêng, ngẫu nhiên, ít nhất {keys.MIN_LENGTH} ký tự: {weak}"
                f" (ví dụ: {keys.ADVICE})."
            )
        # Behind the HTTPS reverse proxy; SESSION_COOKIE_SECURE=0 only for a plain-HTTP LAN at a venue.
        app.config["SESSION_COOKIE_SECURE"] = os.environ.get("SESSION_COOKIE_SECURE", "1") != "0"


# How long a SQLite writer waits for the lock before "database is locked": 10 s serves the
# venue; a test suite beside other work on a two-core machine sets more (tests/conftest.py).
SQLITE_BUSY_TIMEOUT_MS = int(os.environ.get("SQLITE_BUSY_TIMEOUT_MS", "10000"))


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _connection_record):
    """SQLite: foreign keys (cascades), WAL (readers beside a writer), and transactions we begin
    ourselves: pysqlite's own handling makes a savepoint the outer transaction, whose RELEASE
    commits half a use case (SQLAlchemy's documented recipe)."""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.close()


@event.listens_for(Engine, "begin")
def _sqlite_begin(connection):
    """A transaction that may write takes SQLite's write lock up front (BEGIN IMMEDIATE): a
    read followed by a write in a deferred transaction fails at once when another writer (a
    scan) holds the lock or got in between, instead of waiting its turn. Requests: every one
    that may write. Elsewhere (the command line): inside ``with writing():``."""
    if connection.dialect.name != "sqlite":
        return
    if not _may_write():
        connection.exec_driver_sql("BEGIN")
        return
    dbwrite.hold(connection)  # queued with the scans, not polling (services/checkin/dbwrite.py)
    try:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    except BaseException:
        dbwrite.release(connection.info)
        raise


@event.listens_for(Pool, "checkin")
def _sqlite_given_back(_dbapi_connection, record):
    """The next writer's turn, once the connection is back in the pool: after its COMMIT or
    ROLLBACK has finished (a session gives its connection back as it ends its transaction),
    whatever happened on the way. Not at SQLAlchemy's commit event, which comes just before
    the COMMIT: the next writer let in then met SQLite's lock while a big transaction was
    still writing its pages, and polled it (test_sqlite_writers.py)."""
    dbwrite.release(record.info)


def _may_write() -> bool:
    if not has_request_context():
        return bool(has_app_context() and g.get("writing"))
    if g.get("writes_done"):  # a print streaming after its writes were committed
        return False
    view = current_app.view_functions.get(request.endpoint)
    if getattr(view, "writes_on_get", False):
        return True
    return request.method not in ("GET", "HEAD", "OPTIONS") and bool(
        g.get("writing") or not getattr(view, "reads_first", False)  # extensions.reads_first
    )


class CookieSessions(SecureCookieSessionInterface):
    """The signed cookie session, except under /api/: devices sign in with a bearer token, and
    not signing and verifying a cookie on every scan is a measurable share of the hot path."""

    def open_session(self, app, request):
        if request.path.startswith("/api/"):
            return None  # Flask then uses a NullSession and saves nothing
        return super().open_session(app, request)


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    app.session_interface = CookieSessions()
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    load_config(app, test_config)

    proxies = int(os.environ.get("TRUSTED_PROXIES", "0"))
    if proxies:  # behind nginx/Caddy: take the client address and scheme from X-Forwarded-*
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(Path(__file__).parent / "migrations"))
    csrf.init_app(app)
    login_manager.init_app(app)

    from blueprints import i18n

    babel.init_app(app, locale_selector=i18n.select_locale, timezone_selector=i18n.select_timezone)
    i18n.init_app(app)

    import models  # noqa: F401  (register every table on the metadata)
    from blueprints import BoundedIntegerConverter, register_blueprints, request_log

    request_log.init_app(app)  # first: every request has its id before any other handler runs

    app.url_map.converters["int"] = BoundedIntegerConverter  # before any route is added
    from services.accounts import auth

    auth.init_login_manager(login_manager)
    register_blueprints(app)
    from blueprints import headers

    headers.init_app(app)

    from cli import register_cli

    register_cli(app)
    from services import inputs

    inputs.guard_session()  # every text written is checked against its column (services/inputs.py)
    from blueprints.api.fastpath import ScanFastPath

    app.wsgi_app = ScanFastPath(app, app.wsgi_app)  # the usual scan without Flask's request machinery
    if not app.testing:
        # What the app built lives as long as the process: the cyclic garbage collector need not
        # walk it again in every full collection. Those walks made the PostgreSQL scan path's
        # slowest 1% (p99 53-60 -> 41-48 ms in benchmarks/checkin_load.py's setup). Tests build
        # an app each and would keep them all.
        gc.freeze()
    return app
