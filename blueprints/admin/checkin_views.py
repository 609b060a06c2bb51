"""Admin screens for venue check-in: checkpoints, their devices, attendance and offline conflicts (routes on the admin blueprint)."""

from __future__ import annotations

from flask import render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from blueprints.admin.forms import (
    CheckpointForm,
    DeviceLinkForm,
)
from blueprints.admin.views import bp
from blueprints.forms import form_data, run_action, submit_form
from extensions import db
from printables.qr import link_qr_svg
from services.accounts import auth
from services.checkin import attendance, checkpoints, devices
from services.errors import DomainError
from services.registration import roster
from services.season import events, units


@bp.route("/events/<slug>/checkpoints")
def checkpoint_list(slug: str):
    event = events.event_or_not_found(slug)
    return render_template("admin/checkpoints.html", event=event, lines=attendance.attendance(event).checkpoints)


@bp.route("/events/<slug>/checkpoints/new", methods=["GET", "POST"], defaults={"checkpoint_id": None})
@bp.route("/events/<slug>/checkpoints/<int:checkpoint_id>/edit", methods=["GET", "POST"])
def checkpoint_form(slug: str, checkpoint_id: int | None):
    event = events.event_or_not_found(slug)
    point = checkpoints.checkpoint_of_event(event, checkpoint_id) if checkpoint_id else None
    form = CheckpointForm(obj=point)
    form.venue_id.choices = [SelectChoice(0, "—")] + [SelectChoice(v.id, v.name) for v in event.venues]
    form.allowed_unit_ids.choices = [SelectChoice(u.id, f"{u.code} – {u.name}") for u in units.list_units()]
    form.allowed_competition_ids.choices = [
        SelectChoice(line.competition.id, line.competition.name) for line in roster.competition_entries(event)
    ]
    form.volunteer_ids.choices = [SelectChoice(u.id, u.full_name or u.username) for u in auth.volunteers()]
    if point is not None and not form.is_submitted():
        form.venue_id.data = point.venue_id or 0
        form.volunteer_ids.data = [v.id for v in point.volunteers]

    def save():
        data = form_data(form, checkpoints.CheckpointData)
        return checkpoints.save_checkpoint(event, point, data)

    back = url_for("admin.checkpoint_list", slug=event.slug)
    done = submit_form(form, save, _("Đã lưu điểm quét."), back)
    title = (_("Sửa điểm quét") if point else _("Thêm điểm quét")) + " – " + event.name
    return done or render_template("form_page.html", form=form, title=title, back=back)


@bp.route("/events/<slug>/checkpoints/<int:checkpoint_id>/devices", methods=["GET", "POST"])
def device_list(slug: str, checkpoint_id: int):
    """Device links: a QR the volunteer scans with the phone to scan for this checkpoint only."""
    event = events.event_or_not_found(slug)
    point = checkpoints.checkpoint_of_event(event, checkpoint_id)
    form = DeviceLinkForm()
    new_link = None
    if form.validate_on_submit():
        try:
            _device, token = devices.create_device(point, current_user, name=form.name.data)
        except DomainError as error:  # the flush guard: a control character, too long
            db.session.rollback()
            form.apply_error(error)
        else:
            db.session.commit()
            new_link = url_for("scanner.link", token=token, _external=True)
            form = DeviceLinkForm(formdata=None)
    return render_template(
        "admin/devices.html",
        event=event,
        checkpoint=point,
        form=form,
        new_link=new_link,
        qr_svg=link_qr_svg(new_link) if new_link else None,
        devices=checkpoints.devices_of(point),
    )


@bp.route("/events/<slug>/devices/<int:device_id>/revoke", methods=["POST"])
def device_revoke(slug: str, device_id: int):
    event = events.event_or_not_found(slug)
    device = checkpoints.device_of_event(event, device_id)
    back = url_for("admin.device_list", slug=event.slug, checkpoint_id=device.checkpoint_id)
    return run_action(
        lambda: devices.revoke_device(device), _("Đã thu hồi thiết bị; máy đó không quét được nữa."), back
    )


@bp.route("/events/<slug>/attendance")
def attendance_page(slug: str):
    event = events.event_or_not_found(slug)
    return render_template("attendance.html", event=event, data=attendance.attendance(event), unit=None)


@bp.route("/events/<slug>/scan-conflicts")
def scan_conflicts(slug: str):
    event = events.event_or_not_found(slug)
    return render_template("admin/conflicts.html", event=event, conflicts=attendance.conflicts(event))
