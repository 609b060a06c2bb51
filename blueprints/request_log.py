"""Request ids and logs.

Every request gets an id: the proxy's ``X-Request-ID`` when it is a plain token, else a new
one. It goes back in the ``X-Request-ID`` header, into every log line of the request, and on
the error page ("Mã lỗi"), so a volunteer can read it out and the log line be found.

In production (or with LOG_REQUESTS=1) one line per request goes to stderr (systemd's
journal under gunicorn): method, path, status, milliseconds, user id or device id, request id.
The path never carries a secret: route arguments named ``token`` are replaced by ``…`` and
the query string (a search may hold a name) is left out. ``LOG_FORMAT=json`` writes one JSON
object a line for a log collector. Unhandled errors are logged with their traceback and the
same id. Successful health checks (``/healthz``) are not logged: a monitor asks every minute.
"""

from __future__ import annotations

import json
import logging
import re
import secrets
import sys
import time
from datetime import UTC, datetime

from flask import Flask, current_app, g, has_app_context, has_request_context, request

ID_RE = re.compile(r"[A-Za-z0-9._-]{8,64}")
logger = logging.getLogger("workers_games")


def request_id() -> str | None:
    return g.get("request_id") if has_request_context() else None


def safe_path() -> str:
    """The path with route arguments named like a token masked; no query string."""
    path = request.path
    for name, value in (request.view_args or {}).items():
        if "token" in name and isinstance(value, str) and value:
            path = path.replace(value, "…")
    return path


class Formatter(logging.Formatter):
    """A line of text, or of JSON when the app's LOG_FORMAT is "json"."""

    def format(self, record: logging.LogRecord) -> str:
        fields = dict(getattr(record, "fields", {}))
        fields.setdefault("request_id", request_id())
        moment = datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds")
        if has_app_context() and current_app.config.get("LOG_FORMAT") == "json":
            body = {"time": moment, "level": record.levelname, "message": record.getMessage(), **fields}
            if record.exc_info:
                body["exception"] = self.formatException(record.exc_info)
            return json.dumps(body, ensure_ascii=False, default=str)
        text = f"{moment} {record.levelname} {record.getMessage()}"
        text += "".join(f" {k}={v}" for k, v in fields.items() if v is not None)
        if record.exc_info:
            text += "\n" + self.formatException(record.exc_info)
        return text


def request_id_for(given: str) -> str:
    """The proxy's ``X-Request-ID`` when it is a plain token, else a new one."""
    return given if ID_RE.fullmatch(given) else secrets.token_hex(8)


def logs_every_request(app: Flask) -> bool:
    return app.config["ENV_NAME"] == "production" or bool(app.config.get("LOG_REQUESTS"))


def log_request(
    method: str, path: str, status: int, started: float, user: int | None, device: int | None, rid: str | None = None
) -> None:
    """The one line a request writes (``started``: its ``time.perf_counter()`` at the start;
    ``rid``: its id, when it is not served in Flask's request context)."""
    fields = {
        "method": method,
        "path": path,
        "status": status,
        "ms": round((time.perf_counter() - started) * 1000, 1),
        "user": user,
        "device": device,
    }
    if rid:
        fields["request_id"] = rid
    logger.info("request", extra={"fields": fields})


def init_app(app: Flask) -> None:
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(Formatter())
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False

    @app.before_request
    def start():
        g.request_id = request_id_for(request.headers.get("X-Request-ID", ""))
        g.request_started = time.perf_counter()

    @app.after_request
    def finish(response):
        rid = g.get("request_id")
        if rid:
            response.headers["X-Request-ID"] = rid
        if logs_every_request(app) and not (request.path == "/healthz" and response.status_code == 200):
            user = g.get("_login_user")
            device = getattr(request, "device", None)
            started = g.get("request_started", time.perf_counter())
            log_request(
                request.method,
                safe_path(),
                response.status_code,
                started,
                getattr(user, "id", None),
                getattr(device, "id", None),
            )
        return response

    def log_exception(exc_info) -> None:
        """Flask's, without the raw path (it may hold a token), with the request id."""
        fields = {"method": request.method, "path": safe_path()} if has_request_context() else {}
        logger.error("unhandled error", exc_info=exc_info, extra={"fields": fields})

    app.log_exception = log_exception  # type: ignore[method-assign]
