from flask import Blueprint, redirect, render_template, request, url_for
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
