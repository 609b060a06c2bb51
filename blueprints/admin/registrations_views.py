"""Admin screens for units' registrations: approve, return, reopen; the event's exports and audit log (routes on the admin blueprint)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from blueprints.admin.forms import (
    ReturnForm,
)
from blueprints.admin.views import bp
from blueprints.downloads import send_table
from blueprints.forms import id_arg, run_action
from blueprints.policy import local_target
from extensions import db
from models import utcnow
from services import audit
from services.errors import DomainError
from services.inputs import parse_date
from services.participation import reports as event_report
from services.participation import rules as participation_rules
from services.registration import exports, statuses
from services.season import competitions, events, units


@bp.route("/events/<slug>/registrations")
def registration_list(slug: str):
    event = events.event_or_not_found(slug)
    overview = events.event_overview(event)
    part = overview.participation
    states = {line.unit.id: line.state for line in part.counting + part.others}
    wanted = request.args.get("state")
    rows = [r for r in overview.rows if not wanted or states[r.unit.id].value == wanted]
    reopen_default = statuses.default_reopen_until(event, utcnow())
    return render_template(
        "admin/registrations.html",
        event=event,
        rows=rows,
        states=states,
        state_label=event_report.state_label,
        all_states=participation_rules.STATES,
        wanted=wanted,
        deadline_passed=reopen_default is not None,  # the one rule: statuses.default_reopen_until
        reopen_default=reopen_default,
    )


@bp.route("/events/<slug>/registrations/approve", methods=["POST"])
def registrations_approve(slug: str):
    """Approve the ticked submitted registrations at once (each on its own: see approve_many)."""
    event = events.event_or_not_found(slug)
    chosen = [units.unit_or_not_found(code) for code in dict.fromkeys(request.form.getlist("units"))]  # each once
    back = local_target(request.form.get("next")) or url_for("admin.registration_list", slug=event.slug)
    approved, refused = statuses.approve_many(event, chosen, current_user)
    db.session.commit()
    if approved:
        flash(
            _("Đã duyệt %(n)d đăng ký: %(u)s.", n=len(approved), u=", ".join(r.unit.code for r in approved)), "success"
        )
    for unit, message in refused:
        flash(f"{unit.code}: {message}", "warning")
    if not chosen:
        flash(_("Hãy chọn đơn vị để duyệt."), "warning")
    for reg in approved:
        _tell_the_unit(reg)
    return redirect(back)


@bp.route("/events/<slug>/registrations/<code>/<action>", methods=["POST"])
def registration_action(slug: str, code: str, action: str):
    event, unit = events.event_or_not_found(slug), units.unit_or_not_found(code)
    back = url_for("admin.registration_list", slug=event.slug)
    form = ReturnForm()
    actions = {
        "approve": (lambda: statuses.approve(event, unit, current_user), _("Đã duyệt đăng ký của %(u)s.")),
        "return": (lambda: _return(event, unit, form), _("Đã trả lại đăng ký của %(u)s.")),
        "reopen": (
            lambda: statuses.set_reopened(event, unit, current_user, True),
            _("Đã mở lại đăng ký cho %(u)s sau hạn chót."),
        ),
        "close": (
            lambda: statuses.set_reopened(event, unit, current_user, False),
            _("Đã đóng lại đăng ký của %(u)s."),
        ),
    }
    if action not in actions:  # CSRF is checked for every POST by CSRFProtect
        abort(404)
    do, message = actions[action]
    decided = []
    response = run_action(lambda: decided.append(do()), message % {"u": unit.name}, back)
    if decided and action in ("approve", "return"):
        _tell_the_unit(decided[0])
    return response


def _return(event, unit, form: ReturnForm):
    if form.reopen_until.process_errors:  # typed, but not a date
        raise DomainError(
            f"{form.reopen_until.label.text}: {form.reopen_until.process_errors[0]}", field="reopen_until"
        )
    return statuses.return_for_changes(event, unit, current_user, form.comment.data or "", form.reopen_until.data)


def _tell_the_unit(reg) -> None:
    """After the decision is committed: the unit's email, when mail is set up."""
    try:
        sent_to = statuses.notify_decision(reg)
    except OSError as error:  # the SMTP server refused or is unreachable: the decision stands
        flash(_("Không gửi được thư báo cho đơn vị: %(e)s", e=str(error)), "warning")
        return
    if sent_to:
        flash(_("Đã gửi thư báo cho đơn vị (%(to)s).", to=sent_to), "info")


@bp.route("/events/<slug>/export.<any(xlsx, csv):kind>")
def event_export(slug: str, kind: str):
    """Registrations of the whole event, one unit (?unit=CODE) or one competition (?competition=ID)."""
    event = events.event_or_not_found(slug)
    unit = units.unit_or_not_found(request.args["unit"]) if request.args.get("unit") else None
    comp = None
    if competition_id := id_arg(request.args, "competition"):
        comp = competitions.competition_of_event(event, competition_id)
    stem = "-".join(filter(None, ["dang-ky", event.slug, unit.code if unit else "", f"nd{comp.id}" if comp else ""]))
    title = " – ".join(filter(None, [event.name, unit.name if unit else "", comp.name if comp else ""]))
    rows = exports.export_rows(event, unit=unit, competition=comp)
    return send_table(kind, stem, title, exports.export_headers(), rows)


@bp.route("/events/<slug>/audit")
def audit_log(slug: str):
    event = events.event_or_not_found(slug)
    args = request.args
    filters = audit.Filters(
        unit_id=units.unit_or_not_found(args["unit"]).id if args.get("unit") else None,
        user_id=id_arg(args, "user"),
        kind=args.get("kind") or None,
        day_from=_day(args.get("from")),
        day_to=_day(args.get("to")),
    )
    users, audit_units = audit.who_and_where(event.id)
    return render_template(
        "admin/audit.html",
        event=event,
        lines=[audit.describe(row) for row in audit.for_event(event.id, filters=filters)],
        users=users,
        units=audit_units,
        kinds=audit.KINDS,
        args=args,
    )


def _day(text: str | None):
    """A filter's date as typed (services/inputs.parse_date); ignored when it is not one."""
    try:
        return parse_date(text) if text else None
    except ValueError:
        return None
