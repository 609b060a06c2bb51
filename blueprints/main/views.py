from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user

from blueprints import policy
from services.certificates import issue as certificates

bp = Blueprint("main", __name__)


@bp.route("/")
def index():
    if current_user.is_authenticated:
        endpoint, args = policy.home_endpoint(current_user)
        if endpoint != "main.index":
            return redirect(url_for(endpoint, **args))
    return render_template("main/index.html")


@bp.route("/verify/<serial>")
def verify(serial: str):
    """Public: is this certificate real, and still valid? (The QR printed on it opens this page.)"""
    cert = certificates.by_serial(serial)
    if cert is None:
        return render_template("main/verify.html", cert=None, serial=serial), 404
    return render_template("main/verify.html", cert=cert, serial=cert.serial, text=certificates.verify_text(cert))
