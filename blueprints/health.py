"""``GET /healthz``: 200 when the app can serve, 503 otherwise (services/operations/health.py),
checked at most once a minute. Anyone gets only ``{"status": "ok"|"fail"}``; which check
failed and why (free disk, a migration behind) is for a logged-in admin or a monitor that
sends ``Authorization: Bearer <HEALTH_TOKEN>``. JSON, never cached, no personal data."""

from __future__ import annotations

import hmac

from flask import Blueprint, current_app, jsonify, request
from flask_login import current_user

from services import policy as may
from services.operations import health

bp = Blueprint("health", __name__)


def _may_see_details() -> bool:
    token = current_app.config.get("HEALTH_TOKEN") or ""
    given = request.headers.get("Authorization", "")
    if token and given.startswith("Bearer ") and hmac.compare_digest(given[7:].strip().encode(), token.encode()):
        return True
    try:
        return bool(current_user.is_authenticated and may.administer(current_user))
    except Exception:  # noqa: BLE001 - the database is down: the public answer, which says so
        return False


@bp.route("/healthz")
def healthz():
    checks = health.checked(current_app.config["HEALTH_CHECK_SECONDS"])
    ok = all(c.ok for c in checks)
    body: dict = {"status": "ok" if ok else "fail"}
    if _may_see_details():
        body["checks"] = {c.name: ("ok" if c.ok else "fail") + (f": {c.detail}" if c.detail else "") for c in checks}
    response = jsonify(body)
    response.status_code = 200 if ok else 503
    response.headers["Cache-Control"] = "no-store"
    return response
