"""``GET /healthz``: 200 when the app can serve, 503 with the failing checks otherwise
(services/operations/health.py). JSON, no login, no personal data, never cached."""

from __future__ import annotations

from flask import Blueprint, jsonify

from services.operations import health

bp = Blueprint("health", __name__)


@bp.route("/healthz")
def healthz():
    checks = health.checks()
    ok = all(c.ok for c in checks)
    body = {
        "status": "ok" if ok else "fail",
        "checks": {c.name: ("ok" if c.ok else "fail") + (f": {c.detail}" if c.detail else "") for c in checks},
    }
    response = jsonify(body)
    response.status_code = 200 if ok else 503
    response.headers["Cache-Control"] = "no-store"
    return response
