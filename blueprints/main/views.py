from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user

from services import policy

bp = Blueprint("main", __name__)


@bp.route("/")
def index():
    if current_user.is_authenticated:
        endpoint, args = policy.home_endpoint(current_user)
        if endpoint != "main.index":
            return redirect(url_for(endpoint, **args))
    return render_template("main/index.html")
