"""The volunteer's scanner (a PWA under /scan/): device links, checkpoint choice, the page."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from flask import (
    Blueprint,
    current_app,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required

from extensions import db
from services import policy as may
from services.checkin import checkpoints, devices, outcomes

bp = Blueprint("scanner", __name__)

COOKIE = "wg_device"
ONE_YEAR = 365 * 24 * 3600


def _with_device_cookie(response, token: str):
    response.set_cookie(
        COOKIE,
        token,
        max_age=ONE_YEAR,
        httponly=True,
        samesite="Strict",
        secure=current_app.config.get("SESSION_COOKIE_SECURE", False),
        path="/scan",
    )
    return response


@bp.route("/link/<token>")
def link(token: str):
    """Opened by scanning the checkpoint's QR code: this phone now scans for that checkpoint."""
    device = devices.device_for_token(token)
    if device is None:
        return render_template("scanner/refused.html"), 403
    return _with_device_cookie(redirect(url_for("scanner.page")), token)


@bp.route("/")
def page():
    token = request.cookies.get(COOKIE)
    device = devices.device_for_token(token)
    if device is None:
        if may.choose_checkpoint(current_user):
            return redirect(url_for("scanner.choose"))
        return render_template("scanner/refused.html"), 403
    response = make_response(
        render_template(
            "scanner/page.html",
            device=device,
            token=token,
            checkpoint=device.checkpoint,
            event=device.checkpoint.event,
            outcomes=outcomes.for_client(),
        )
    )
    response.headers["Cache-Control"] = "no-cache"  # the service worker keeps its own copy for offline use
    return response


@bp.route("/choose", methods=["GET", "POST"])
@login_required
def choose():
    """A volunteer signed in with a password picks one of the checkpoints assigned to them."""
    if not may.choose_checkpoint(current_user):
        return render_template("scanner/refused.html"), 403
    mine = checkpoints.checkpoints_for_volunteer(current_user)
    chosen = request.form.get("checkpoint_id", type=int)
    if request.method == "POST" and chosen in {c.id for c in mine}:
        checkpoint = next(c for c in mine if c.id == chosen)
        _device, token = devices.create_device(checkpoint, current_user, user=current_user)
        db.session.commit()
        return _with_device_cookie(redirect(url_for("scanner.page")), token)
    return render_template("scanner/choose.html", checkpoints=mine)


@bp.route("/forget", methods=["POST"])
def forget():
    response = redirect(url_for("main.index"))
    response.delete_cookie(COOKIE, path="/scan")
    return response


SW_ASSETS = ("js/scanner-sw.js", "js/scanner.js", "js/confirm.js", "css/scanner.css", "vendor/jsqr-1.4.0/jsQR.js")


@cache
def _service_worker_source(static_folder: str) -> str:
    """The service worker with a version made of its cached files: change one, phones update."""
    digest = hashlib.sha256()
    for name in SW_ASSETS:
        digest.update((Path(static_folder) / name).read_bytes())
    source = (Path(static_folder) / "js/scanner-sw.js").read_text(encoding="utf-8")
    return source.replace("__VERSION__", digest.hexdigest()[:12])


@bp.route("/sw.js")
def service_worker():
    response = current_app.response_class(_service_worker_source(current_app.static_folder), mimetype="text/javascript")
    response.headers["Cache-Control"] = "no-cache"
    response.headers["Service-Worker-Allowed"] = "/scan/"
    return response


@bp.route("/manifest.webmanifest")
def manifest():
    response = current_app.response_class(
        render_template("scanner/manifest.json"), mimetype="application/manifest+json"
    )
    return response
