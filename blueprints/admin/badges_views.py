"""Admin screens for badges: the print page, PDFs, people search and lost badges (routes on the admin blueprint)."""

from __future__ import annotations

from flask import render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from blueprints.admin.views import bp
from blueprints.badges_view import badge_pdf_response
from blueprints.forms import id_arg, run_action
from extensions import writes_on_get
from models import PersonRole
from printables.badges import LAYOUTS
from services.badges import selection as badges
from services.badges import tokens
from services.participation import reports as event_report
from services.participation import rules as participation_rules
from services.registration import persons, roster
from services.season import events, units


@bp.route("/events/<slug>/badges")
def badge_page(slug: str):
    event = events.event_or_not_found(slug)
    part = participation_rules.event_participation(event)
    return render_template(
        "admin/badges.html",
        event=event,
        left_out=badges.left_out_text(badges.left_out(badges.Selection(event))),
        states={line.unit.id: event_report.state_label(line.state) for line in part.counting + part.others},
        units=units.list_units(),
        competitions=[line.competition for line in roster.competition_entries(event)],
        roles=list(PersonRole),
        layouts=LAYOUTS,
    )


@bp.route("/events/<slug>/badges.pdf")
@writes_on_get
def badge_pdf(slug: str):
    """The whole event's badges, or one unit's (?unit=CODE), one competition's, one role's."""
    event = events.event_or_not_found(slug)
    args = request.args
    selection = badges.selection_of(
        event,
        unit=units.unit_or_not_found(args["unit"]) if args.get("unit") else None,
        competition_id=id_arg(args, "competition"),
        role=args.get("role"),
        include_unapproved=args.get("include_unapproved") == "1",
    )
    return badge_pdf_response(selection, args.get("layout", "a6"), url_for("admin.badge_page", slug=event.slug))


@bp.route("/events/<slug>/people")
def people_search(slug: str):
    """Anyone registered for the event, by name (accents aside) or card number, whatever the unit."""
    event = events.event_or_not_found(slug)
    query = request.args.get("q", "")
    found = persons.find_people(event, query)
    badges_of = {b.person_id: b for b in tokens.active_badges([p.id for p in found])}
    return render_template(
        "admin/people.html",
        event=event,
        query=query,
        people=found,
        badges_of=badges_of,
        searched=len(query.strip()) >= 2,
    )


@bp.route("/events/<slug>/people/<int:person_id>/badge.pdf")
@writes_on_get
def person_badge_pdf(slug: str, person_id: int):
    """One person's badge (a lost one, reissued): no need to reprint the whole unit."""
    event = events.event_or_not_found(slug)
    person = persons.person_of_event(event, person_id)
    selection = badges.Selection(event, person=person, include_unapproved=request.args.get("include_unapproved") == "1")
    back = url_for("units.person", code=person.unit.code, person_id=person.id)
    return badge_pdf_response(selection, request.args.get("layout", "a6"), back)


@bp.route("/events/<slug>/people/<int:person_id>/reissue-badge", methods=["POST"])
def reissue_badge(slug: str, person_id: int):
    """A lost badge: revoke it (it will scan as revoked) and issue a new one to print."""
    event = events.event_or_not_found(slug)
    person = persons.person_of_event(event, person_id)
    back = url_for("units.person", code=person.unit.code, person_id=person.id)
    seen = id_arg(request.form, "badge")  # the badge the page showed: a second report of it is refused
    return run_action(lambda: tokens.reissue(person, current_user, seen), _("Đã huỷ thẻ cũ và cấp thẻ mới."), back)
