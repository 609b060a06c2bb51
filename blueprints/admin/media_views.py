"""The federation's gallery of units' post-event media: view, choose for publication, and
download the originals with their credits as a zip (routes on the admin blueprint)."""

from __future__ import annotations

from flask import Response, render_template, request, url_for
from flask_babel import gettext as _

from blueprints.admin.views import bp
from blueprints.forms import run_action
from blueprints.units.media_views import send_media
from services.media import items as media_items
from services.season import events, units


@bp.route("/events/<slug>/media")
def media_gallery(slug: str):
    event = events.event_or_not_found(slug)
    items = media_items.items_of(event)
    by_unit: dict = {}
    for item in items:
        by_unit.setdefault(item.unit, []).append(item)
    return render_template("admin/media.html", event=event, by_unit=by_unit, chosen=sum(i.chosen for i in items))


@bp.route("/events/<slug>/media/<int:item_id>/choose", methods=["POST"])
def media_choose(slug: str, item_id: int):
    event = events.event_or_not_found(slug)
    item = media_items.item_of(event, item_id)
    chosen = request.form.get("chosen") == "1"
    message = _("Đã chọn để đăng.") if chosen else _("Đã bỏ chọn.")
    return run_action(
        lambda: media_items.set_chosen(item, chosen), message, url_for("admin.media_gallery", slug=event.slug)
    )


@bp.route("/events/<slug>/media/<int:item_id>/<any(thumb, original):variant>")
def media_item_file(slug: str, item_id: int, variant: str):
    event = events.event_or_not_found(slug)
    return send_media(media_items.item_of(event, item_id), variant)


@bp.route("/events/<slug>/media.zip")
def media_zip(slug: str):
    """Every original of the event (or of one unit: ?unit=CODE; only the chosen: ?chosen=1)."""
    event = events.event_or_not_found(slug)
    unit = units.unit_or_not_found(request.args["unit"]) if request.args.get("unit") else None
    items = media_items.items_of(event, unit)
    if request.args.get("chosen") == "1":
        items = [i for i in items if i.chosen]
    name = "-".join(["anh-video", event.slug] + ([unit.code] if unit else [])) + ".zip"
    response = Response(media_items.zip_stream(media_items.zip_members(items)), mimetype="application/zip")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
