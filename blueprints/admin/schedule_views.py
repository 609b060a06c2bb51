"""Admin screen for the event's schedule: its courts' closures, a new plan seen as a draft
(old → new, units affected) and published, and the units emailed (services/schedule) (routes
on the admin blueprint)."""

from __future__ import annotations

from flask import flash, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from blueprints.admin.forms import ClosureForm
from blueprints.admin.views import bp
from blueprints.forms import run_action, submit_form
from services.schedule import event as schedule
from services.schedule import replan
from services.season import events


def _closure_form(event) -> ClosureForm:
    form = ClosureForm()
    choices = []
    for venue in event.venues:
        choices.append(SelectChoice(f"{venue.id}:0", _("%(v)s: mọi sân", v=venue.name)))
        choices += [SelectChoice(f"{venue.id}:{c.id}", f"{venue.name}: {c.name}") for c in venue.courts]
    form.where.choices = choices
    return form


@bp.route("/events/<slug>/schedule", methods=["GET", "POST"])
def schedule_page(slug: str):
    """GET: the overview, the closures and the draft; POST: a closure added."""
    event = events.event_or_not_found(slug)
    form = _closure_form(event)
    here = url_for("admin.schedule_page", slug=event.slug)

    def close():
        venue_id, court_id = (int(x) for x in form.where.data.split(":"))  # one of the choices offered
        return replan.add_closure(
            event, venue_id, court_id or None, form.starts_at.data, form.ends_at.data, form.reason.data or ""
        )

    done = submit_form(form, close, _("Đã ghi sân đóng. Bấm “Xếp lịch toàn sự kiện” để xem lịch mới."), here)
    if done:
        return done
    draft, built = replan.draft_of(event), schedule.build(event)  # built once for both
    return render_template(
        "admin/schedule.html",
        event=event,
        overview=schedule.overview(event, built),
        closures=replan.closures(event),
        form=form,
        draft=draft,
        moved=replan.preview(event, draft, built) if draft else [],
    )


@bp.route("/events/<slug>/schedule/closures/<int:closure_id>/delete", methods=["POST"])
def schedule_closure_delete(slug: str, closure_id: int):
    event = events.event_or_not_found(slug)
    return run_action(
        lambda: replan.remove_closure(event, closure_id), _("Đã mở lại sân."), url_for("admin.schedule_page", slug=slug)
    )


@bp.route("/events/<slug>/schedule/plan", methods=["POST"])
def schedule_plan(slug: str):
    """A new plan, kept as a draft to read before publishing."""
    event = events.event_or_not_found(slug)
    return run_action(
        lambda: replan.propose(event, current_user),
        lambda draft: _(
            "Đã có bản xem trước (tìm trong %(s).1f giây): xem các thay đổi rồi bấm Công bố.", s=draft.solve_s
        ),
        url_for("admin.schedule_page", slug=event.slug),
    )


@bp.route("/events/<slug>/schedule/drafts/<int:draft_id>/<any(publish, discard):action>", methods=["POST"])
def schedule_draft(slug: str, draft_id: int, action: str):
    event = events.event_or_not_found(slug)
    back = url_for("admin.schedule_page", slug=event.slug)
    if action == "discard":
        return run_action(lambda: replan.discard(event, draft_id), _("Đã bỏ bản xem trước."), back)
    published: list = []
    response = run_action(
        lambda: published.append(replan.publish(event, draft_id)),
        lambda _r: _("Đã công bố lịch mới: %(n)d trận đổi giờ hoặc sân.", n=len(published[0][0])),
        back,
    )
    if published:
        emailed = replan.notify_units(event, published[0][1])
        if emailed:
            flash(_("Đã gửi email báo lịch mới cho: %(u)s.", u=", ".join(emailed)), "info")
    return response
