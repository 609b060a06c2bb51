"""A unit's post-event media: upload (form, or in resumable chunks), caption and credit,
delete; thumbnails and originals of its own items only (routes on the units blueprint)."""

from __future__ import annotations

from pathlib import Path

from flask import flash, jsonify, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from blueprints.bodies import json_object, takes_body
from blueprints.forms import run_action
from blueprints.units.forms import MediaEditForm, MediaUploadForm
from blueprints.units.views import _unit_event, bp
from extensions import db
from services.errors import DiskFull, DomainError
from services.media import files as media_files
from services.media import items as media_items
from services.media import uploads as media_uploads

CHUNK_MAX = 8 * 1024 * 1024


def _page_url(unit, event) -> str:
    return url_for("units.media_page", code=unit.code, slug=event.slug)


@bp.route("/<code>/events/<slug>/media", methods=["GET", "POST"])
def media_page(code: str, slug: str):
    unit, event = _unit_event(code, slug)
    form = MediaUploadForm()
    status = 200
    if form.validate_on_submit():
        try:
            sent = [(u.stream, u.filename) for u in request.files.getlist(form.files.name) if u.filename]
            incoming = media_items.receive(sent, form.caption.data, form.credit.data)
            if not incoming:
                form.files.errors = [_("Hãy chọn tệp ảnh hoặc video.")]
            else:
                media_items.add_files(event, unit, current_user, incoming)
        except DomainError as error:  # add_files removes every file it was given, whatever happens
            db.session.rollback()
            form.apply_error(error)
            status = 507 if isinstance(error, DiskFull) else 200
        else:
            if incoming:
                db.session.commit()
                flash(_("Đã nhận %(n)d tệp.", n=len(incoming)), "success")
                return redirect(_page_url(unit, event))
    items = media_items.items_of(event, unit)
    return render_template(
        "units/media.html",
        unit=unit,
        event=event,
        items=items,
        form=form,
        edit_forms={i.id: MediaEditForm(obj=i, prefix=f"m{i.id}") for i in items},
        limits=media_items,
        seconds=sum((i.duration or 0) for i in items),
        accept=",".join(media_files.accepted_extensions()),
    ), status


@bp.route("/<code>/events/<slug>/media/<int:item_id>/edit", methods=["POST"])
def media_edit(code: str, slug: str, item_id: int):
    unit, event = _unit_event(code, slug)
    item = media_items.item_of(event, item_id, unit)
    form = MediaEditForm(prefix=f"m{item.id}")
    return run_action(
        lambda: media_items.update(item, form.caption.data or "", form.credit.data or ""),
        _("Đã lưu chú thích."),
        _page_url(unit, event),
    )


@bp.route("/<code>/events/<slug>/media/<int:item_id>/delete", methods=["POST"])
def media_delete(code: str, slug: str, item_id: int):
    unit, event = _unit_event(code, slug)
    item = media_items.item_of(event, item_id, unit)
    return run_action(lambda: media_items.delete(item), _("Đã xoá tệp."), _page_url(unit, event))


@bp.route("/<code>/events/<slug>/media/<int:item_id>/<any(thumb, original):variant>")
def media_file(code: str, slug: str, item_id: int, variant: str):
    unit, event = _unit_event(code, slug)
    return send_media(media_items.item_of(event, item_id, unit), variant)


def send_media(item, variant: str):
    """A thumbnail (JPEG) or the original as stored, named by the app, never by the uploader."""
    if variant == "thumb":
        path = media_files.thumb_path(item)
        if not path.exists():
            return redirect(url_for("static", filename="icons/video.svg"))
        return send_file(path, mimetype="image/jpeg", max_age=3600)
    return send_file(
        media_files.original_path(item),
        mimetype=item.content_type,
        as_attachment=True,
        download_name=f"{item.unit.code}-{item.id}{Path(item.storage_name).suffix}",
    )


# --- resumable uploads (JSON, used by static/js/media-upload.js) ----------------------------------


def _error(error: DomainError, status: int = 400):
    return jsonify({"error": error.message}), status


@bp.route("/<code>/events/<slug>/media/uploads", methods=["POST"])
@takes_body("application/json")
def media_upload_start(code: str, slug: str):
    unit, event = _unit_event(code, slug)
    body = json_object()
    try:
        size = int(body.get("size", 0))
        upload = media_uploads.start_upload(
            event,
            unit,
            current_user,
            str(body.get("name", "")),
            size,
            str(body.get("caption", "")),
            str(body.get("credit", "")),
        )
    except (TypeError, ValueError, OverflowError):
        return jsonify({"error": _("Kích thước tệp không hợp lệ.")}), 400
    except DomainError as error:
        db.session.rollback()
        return _error(error)
    db.session.commit()
    return jsonify({"id": upload.id, "received": 0, "size": upload.size}), 201


@bp.route("/<code>/events/<slug>/media/uploads/<upload_id>", methods=["GET", "PUT", "DELETE"])
@takes_body("*")
def media_upload_chunk(code: str, slug: str, upload_id: str):
    """GET: how much the server has (to resume). PUT ?offset=N: the next chunk. DELETE: give up."""
    unit, event = _unit_event(code, slug)
    upload = media_uploads.upload_of(unit, upload_id, lock=request.method != "GET")
    if request.method == "GET":
        return jsonify({"id": upload.id, "received": upload.received, "size": upload.size})
    if request.method == "DELETE":
        media_uploads.cancel_upload(upload)
        db.session.commit()
        return "", 204
    data = request.get_data(cache=False)
    if len(data) > CHUNK_MAX:
        return jsonify({"error": _("Mỗi phần tối đa %(n)d MB.", n=CHUNK_MAX // 1024**2)}), 413
    try:
        media_uploads.append_chunk(upload, request.args.get("offset", type=int, default=-1), data)
    except media_uploads.OffsetMismatch as error:
        db.session.rollback()
        return jsonify({"error": error.message, "received": error.received}), 409
    except media_uploads.WriteFailed as error:
        db.session.rollback()
        return jsonify({"error": error.message, "received": upload.received}), 507
    except DomainError as error:
        db.session.rollback()
        return _error(error)
    if upload.received < upload.size:
        db.session.commit()
        return jsonify({"id": upload.id, "received": upload.received, "size": upload.size})
    try:
        item = media_uploads.finish_upload(upload, event, unit, current_user)
    except DomainError as error:
        db.session.rollback()
        # The file was checked and refused: nothing is kept, the upload is gone too.
        media_uploads.cancel_upload(media_uploads.upload_of(unit, upload_id))
        db.session.commit()
        return _error(error, 422)
    db.session.commit()
    return jsonify({"id": upload_id, "received": upload.size, "size": upload.size, "item": item.id, "done": True})
