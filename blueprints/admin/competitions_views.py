"""Admin screens for an event's competitions (routes on the admin blueprint)."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from wtforms.fields.choices import SelectChoice

from blueprints.admin.forms import CompetitionForm, OfficialsAssignForm
from blueprints.admin.views import bp
from blueprints.forms import form_data, run_action, submit_form
from services.accounts import auth
from services.registration import roster
from services.results import planning
from services.season import competitions, events


def _assign_form(comps) -> OfficialsAssignForm:
    form = OfficialsAssignForm()
    form.competition_ids.choices = [SelectChoice(comp.id, comp.name) for comp in comps]
    form.official_ids.choices = [SelectChoice(u.id, u.full_name or u.username) for u in auth.officials()]
    return form


@bp.route("/events/<slug>/competitions")
def competition_list(slug: str):
    event = events.event_or_not_found(slug)
    lines = roster.competition_entries(event)
    return render_template(
        "admin/competitions.html", event=event, lines=lines, assign=_assign_form(line.competition for line in lines)
    )


@bp.route("/events/<slug>/competitions/officials", methods=["POST"])
def competitions_officials(slug: str):
    """The ticked officials for the ticked competitions, added or instead (planning.assign_officials)."""
    event = events.event_or_not_found(slug)
    form = _assign_form(competitions.list_competitions(event))
    back = url_for("admin.competition_list", slug=event.slug)
    if not form.validate_on_submit():
        for field in (form.competition_ids, form.official_ids, form.mode):
            for error in field.errors:
                flash(f"{field.label.text}: {error}", "danger")
        return redirect(back)
    return run_action(
        lambda: planning.assign_officials(
            event, form.competition_ids.data or [], form.official_ids.data or [], replace=form.mode.data == "replace"
        ),
        lambda changed: _("Đã phân công trọng tài cho %(n)d nội dung.", n=changed),
        back,
    )


@bp.route("/events/<slug>/competitions/new", methods=["GET", "POST"], defaults={"competition_id": None})
@bp.route("/events/<slug>/competitions/<int:competition_id>/edit", methods=["GET", "POST"])
def competition_form(slug: str, competition_id: int | None):
    event = events.event_or_not_found(slug)
    comp = competitions.competition_of_event(event, competition_id) if competition_id else None
    form = CompetitionForm(obj=comp)
    form.sport_id.choices = [SelectChoice(0, "—")] + [SelectChoice(s.id, s.name) for s in competitions.list_sports()]
    form.official_ids.choices = [SelectChoice(u.id, u.full_name or u.username) for u in auth.officials()]
    if comp is not None and not form.is_submitted():
        form.official_ids.data = [u.id for u in comp.officials]

    def save():
        sport_id = form.sport_id.data
        if form.new_sport.data:
            sport_id = competitions.sport_named(form.new_sport.data, form.new_sport_kind.data or None).id
        data = form_data(form, competitions.CompetitionData, sport_id=sport_id)
        saved = competitions.save_competition(event, comp, data)
        planning.set_officials(saved, form.official_ids.data or [])
        return saved

    back = url_for("admin.competition_list", slug=event.slug)
    done = submit_form(form, save, _("Đã lưu nội dung thi đấu."), back)
    title = (_("Sửa nội dung") if comp else _("Thêm nội dung")) + " – " + event.name
    return done or render_template("form_page.html", form=form, title=title, back=back)
