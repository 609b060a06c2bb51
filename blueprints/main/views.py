import json

from flask import Blueprint, current_app, redirect, render_template, request, send_from_directory, url_for
from flask_babel import gettext as _
from flask_login import current_user

from blueprints import policy
from services.certificates import verify as certificates

bp = Blueprint("main", __name__)


@bp.route("/")
def index():
    if current_user.is_authenticated:
        endpoint, args = policy.home_endpoint(current_user)
        if endpoint != "main.index":
            return redirect(url_for(endpoint, **args))
    return render_template("main/index.html")


@bp.route("/verify", defaults={"serial": None})
@bp.route("/verify/<serial>")
def verify(serial: str | None):
    """Public: is this certificate real, and still valid? (The QR printed on it opens this page.)"""
    if serial is None:  # the form: a serial typed from the paper
        typed = request.args.get("serial", "")
        if typed.strip():
            return redirect(url_for("main.verify", serial=certificates.normalise_serial(typed)))
        return render_template("main/verify.html", cert=None, serial=None)
    cert = certificates.by_serial(serial)
    if cert is None:
        return render_template("main/verify.html", cert=None, serial=serial), 404
    if cert.serial != serial:  # typed in lower case or without dashes: the page has one address
        return redirect(url_for("main.verify", serial=cert.serial))
    return render_template(
        "main/verify.html",
        cert=cert,
        serial=cert.serial,
        text=certificates.verify_text(cert),
        paper_date=certificates.paper_date(cert),
    )


@bp.route("/favicon.ico")
def favicon():
    """Browsers ask for it on every site, whatever the page links to."""
    response = send_from_directory(current_app.static_folder, "icons/favicon.ico", mimetype="image/vnd.microsoft.icon")
    response.headers["Cache-Control"] = "public, max-age=604800"
    return response


@bp.route("/manifest.webmanifest")
def manifest():
    """The web app manifest: the site added to a phone's home screen, with its icons."""
    body = {
        "name": _("Hội thao & Ngày hội CNVCLĐ"),
        "short_name": _("Tháng Công nhân"),
        "start_url": url_for("main.index"),
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0b4f9c",
        "lang": "vi",
        "icons": [
            {"src": url_for("static", filename="icons/scanner-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": url_for("static", filename="icons/scanner-512.png"), "sizes": "512x512", "type": "image/png"},
        ],
    }
    return current_app.response_class(json.dumps(body, ensure_ascii=False), mimetype="application/manifest+json")
