"""The admin blueprint and its home: federation staff only. Each area's screens live in
a module of their own beside this one (``*_views.py``: seasons and events, units, accounts,
competitions, registrations, badges, check-in, certificates, participation, media), all
imported by ``blueprints.register_blueprints``."""

from __future__ import annotations

from flask import Blueprint, render_template

from blueprints.policy import admin_required
from services.participation import reports as event_report
from services.season import events
from services.worklists import admin as admin_work

bp = Blueprint("admin", __name__)


@bp.before_request
@admin_required
def require_admin():
    """Every admin screen is for federation staff only."""


@bp.route("/")
def home():
    """The dashboard of pending work, then the seasons and their events."""
    return render_template(
        "admin/home.html",
        seasons=events.list_seasons(),
        work=admin_work.dashboard(),
        participation_summary=event_report.summary,
    )
