"""Admin screens for seasons, events and their venues (routes on the admin blueprint)."""

from __future__ import annotations

from flask import render_template, request, url_for
from flask_babel import gettext as _
from markupsafe import Markup
from wtforms.fields.choices import SelectChoice

from blueprints.admin.forms import (
    EventForm,
    SeasonCopyForm,
    SeasonForm,
    VenueForm,
)
from blueprints.admin.views import bp
from blueprints.forms import form_data, run_action, submit_form
from models import Season
from printables import charts
from services import lookup
from services.participation import charts as event_charts
from services.participation import reports as event_report
from services.schedule import venues
from services.season import copying, events


@bp.route("/seasons/new", methods=["GET", "POST"], defaults={"season_id": None})
@bp.route("/seasons/<int:season_id>/edit", methods=["GET", "POST"])
def season_form(season_id: int | None):
    season = lookup.by_id(Season, season_id) if season_id else None
    form = SeasonForm(obj=season)
    done = submit_form(
        form,
        lambda: events.save_season(
            season, name=form.name.data, year=form.year.data, description=form.description.data or ""
        ),
        _("Đã lưu mùa."),
        url_for("admin.home"),
    )
    title = _("Sửa mùa") if season else _("Thêm mùa")
    return done or render_template("form_page.html", form=form, title=title, back=url_for("admin.home"))


def _event_data(form: EventForm) -> events.EventData:
    return form_data(form, events.EventData)


@bp.route("/events/new", methods=["GET", "POST"], defaults={"slug": None})
@bp.route("/events/<slug>/edit", methods=["GET", "POST"])
def event_form(slug: str | None):
    event = events.event_or_not_found(slug) if slug else None
    form = EventForm(obj=event)
    form.season_id.choices = [SelectChoice(s.id, s.name) for s in events.list_seasons()]
    if event is not None and not form.is_submitted():
        form.overall_points.data = events.format_overall_points(event.overall_points)
    done = submit_form(
        form,
        lambda: events.save_event(event, _event_data(form)),
        _("Đã lưu sự kiện."),
        lambda saved: url_for("admin.event_overview", slug=saved.slug),
    )
    title = _("Sửa sự kiện") if event else _("Thêm sự kiện")
    return done or render_template("form_page.html", form=form, title=title, back=url_for("admin.home"))


@bp.route("/events/<slug>")
def event_overview(slug: str):
    """The event's dashboard: figures, the pictures (each with its numbers), venues, units."""
    overview = events.event_overview(events.event_or_not_found(slug))
    pictures = [
        (block, Markup(charts.svg(block.chart, block.title, block.key)))  # noqa: S704 - drawn here from numbers, texts escaped
        for block in event_charts.event_charts(overview.event, overview.participation)
    ]
    return render_template(
        "admin/event_overview.html",
        overview=overview,
        participation_summary=event_report.summary,
        pictures=pictures,
    )


@bp.route("/events/<slug>/venues/new", methods=["GET", "POST"], defaults={"venue_id": None})
@bp.route("/events/<slug>/venues/<int:venue_id>/edit", methods=["GET", "POST"])
def venue_form(slug: str, venue_id: int | None):
    event = events.event_or_not_found(slug)
    venue = events.venue_of_event(event, venue_id) if venue_id else None
    form = VenueForm(obj=venue)
    if not form.is_submitted():
        form.hours.data, form.courts.data = venues.hours_text(venue), venues.courts_text(venue)
    back = url_for("admin.event_overview", slug=event.slug)

    def save():
        saved = events.save_venue(venue, event, name=form.name.data, address=form.address.data or "")
        venues.save_courts_and_hours(saved, form.courts.data or "", form.hours.data or "")
        return saved

    done = submit_form(form, save, _("Đã lưu địa điểm."), back)
    title = (_("Sửa địa điểm") if venue else _("Thêm địa điểm")) + " – " + event.name
    return done or render_template("form_page.html", form=form, title=title, back=back)


@bp.route("/seasons/<int:season_id>/copy", methods=["GET", "POST"])
def season_copy(season_id: int):
    """Start next year's season from this one: everything set up, nothing that happened."""
    source = lookup.by_id(Season, season_id)
    form = SeasonCopyForm()
    if request.method == "GET":
        form.name.data, form.year.data = copying.name_year_hint(source)
    done = submit_form(
        form,
        lambda: copying.copy_season(source, form.name.data, form.year.data, form.first_starts_on.data),
        _("Đã chép mùa: các sự kiện mới đang chờ xem lại; đơn vị chưa đăng ký được cho đến khi mở."),
        url_for("admin.home"),
    )
    title = _("Bắt đầu mùa mới từ “%(s)s”", s=source.name)
    return done or render_template(
        "admin/season_copy.html", form=form, title=title, source=source, back=url_for("admin.home")
    )


@bp.route("/events/<slug>/open", methods=["POST"])
def event_open(slug: str):
    """The copied event reviewed: open it to units."""
    event = events.event_or_not_found(slug)
    return run_action(
        lambda: copying.open_after_review(event),
        _("Đã mở sự kiện: đơn vị đăng ký được trong thời gian đăng ký."),
        url_for("admin.event_overview", slug=event.slug),
    )
