"""Admin screen for the event's schedule: its venues' courts and hours, and planning every
drawn competition at once (services/schedule) (routes on the admin blueprint)."""

from __future__ import annotations

from flask import render_template, url_for
from flask_babel import gettext as _

from blueprints.admin.views import bp
from blueprints.forms import run_action
from services.i18n import format_datetime
from services.schedule import event as schedule
from services.season import events


@bp.route("/events/<slug>/schedule")
def schedule_page(slug: str):
    event = events.event_or_not_found(slug)
    return render_template("admin/schedule.html", event=event, overview=schedule.overview(event))


@bp.route("/events/<slug>/schedule/plan", methods=["POST"])
def schedule_plan(slug: str):
    event = events.event_or_not_found(slug)

    def done(result) -> str:
        outcome, changes = result
        last = max((c.new[0] for c in changes), default=None)
        return _(
            "Đã xếp lịch: %(n)d trận đổi giờ hoặc sân (tìm trong %(s).1f giây); trận cuối lúc %(t)s.",
            n=len(changes),
            s=outcome.solve_s,
            t=format_datetime(last) if last else "—",
        )

    return run_action(lambda: schedule.plan_event(event), done, url_for("admin.schedule_page", slug=event.slug))
