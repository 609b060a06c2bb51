"""JSON API for scanning devices: /api/v1 (OpenAPI document at /api/v1/openapi.json)."""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass

from flask import Blueprint, current_app, g, jsonify, request
from flask_babel import get_locale
from flask_babel import gettext as _
from pydantic import ValidationError

from blueprints.api.openapi import openapi_document
from blueprints.api.schemas import ScanRequest, first_problem
from blueprints.bodies import json_body
from models import utcnow
from services.checkin import devices, figures, offline, rules, store
from services.checkin.rawdb import RawConnection
from services.checkin.store import ScanInput

bp = Blueprint("api", __name__)


def _error(status: int, message: str, field: str | None = None):
    body = {"error": message}
    if field:
        body["field"] = field
    return jsonify(body), status


def bearer_token(header: str) -> str | None:
    """The device's token from an ``Authorization: Bearer …`` header."""
    return header[7:].strip() if header[:7].lower() == "bearer " else None


def _device():
    g.raw = RawConnection()
    return devices.device_context(g.raw, bearer_token(request.headers.get("Authorization", "")))


@bp.before_request
def require_device():
    if request.endpoint == "api.openapi":
        return None
    device = _device()
    if device is None:
        return _error(401, _("Thiết bị chưa đăng nhập hoặc đã bị thu hồi. Hãy quét lại mã QR của điểm quét."))
    request.device = device  # type: ignore[attr-defined]
    return None


@bp.teardown_request
def close_raw_connection(error=None):
    raw = g.pop("raw", None)
    if raw is not None:
        raw.close()


@bp.route("/openapi.json")
def openapi():
    return jsonify(openapi_document())


@dataclass
class Refusal:
    status: int
    message: str
    field: str | None = None


def accept_scan(body, device: devices.DeviceContext) -> ScanInput | Refusal:
    """A scan's body checked against the contract and the device: what to record, or why not
    (the view's answer; blueprints/api/fastpath.py takes only what this accepts)."""
    if not isinstance(body, dict):
        return Refusal(400, _("Cần gửi JSON."))
    try:
        scan = ScanRequest.model_validate(body)  # the contract (blueprints/api/schemas.py)
    except ValidationError as error:
        field, message = first_problem(error)
        return Refusal(400, message, field)
    scanned_at = scan.scanned_at
    if scanned_at is not None and not rules.believable_scan_time(scanned_at, *device.event_days, utcnow()):
        first, last = device.event_days
        return Refusal(
            400,
            _(
                "scanned_at (%(t)s) nằm ngoài các ngày của sự kiện (%(a)s – %(b)s): hãy chỉnh đồng hồ của máy.",
                t=body.get("scanned_at"),
                a=first.strftime("%d/%m/%Y"),
                b=last.strftime("%d/%m/%Y"),
            ),
            "scanned_at",
        )
    if scan.checkpoint_id is not None and scan.checkpoint_id != device.checkpoint_id:
        return Refusal(403, _("Thiết bị này chỉ quét cho điểm %(cp)s.", cp=device.checkpoint.name), "checkpoint_id")
    return ScanInput(scan.code, scan.client_scan_id, scanned_at, scan.offline_outcome)


@bp.route("/scans", methods=["POST"])
def post_scan():
    """Record one scan; the same client_scan_id again returns the first answer."""
    scan = accept_scan(json_body(), request.device)
    if isinstance(scan, Refusal):
        return _error(scan.status, scan.message, scan.field)
    return jsonify(store.record_scan(g.raw, request.device, scan)), 200


@bp.route("/checkpoint")
def checkpoint_status():
    """The signed-in device's checkpoint and its counts."""
    result = figures.checkpoint_status(request.device.checkpoint)
    return jsonify(result)


@bp.route("/checkpoint/offline-list")
def offline_list():
    """The phone's offline list (services/checkin/offline.py), gzip'd when the phone takes it;
    ``?since=<version>&after=<sequence>&key=<key>`` asks only for what changed since the last one."""
    data = offline.offline_list(
        request.device.checkpoint,
        since=request.args.get("since"),
        after=request.args.get("after"),
        key=request.args.get("key"),
        locale=str(get_locale()),
    )
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    response = current_app.response_class(body, mimetype="application/json")
    if "gzip" in request.headers.get("Accept-Encoding", ""):
        response.set_data(gzip.compress(body, compresslevel=6))
        response.headers["Content-Encoding"] = "gzip"
    response.headers["Vary"] = "Accept-Encoding"
    return response


@bp.route("/people")
def people():
    """People of the event by name or union card number (a badge that will not scan)."""
    query = "".join(ch for ch in request.args.get("q", "") if ord(ch) >= 32)
    return jsonify({"people": offline.search_people(request.device.checkpoint, query)})
