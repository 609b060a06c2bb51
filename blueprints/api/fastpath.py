"""The usual scan answered outside Flask's request machinery.

A scan is the request a venue sends hundreds of times a second, and Flask's request context,
routing, hooks and response objects cost nearly as much as the scan's own work (in-process,
0.86–1.0 ms a scan through Flask, 0.66 ms here, the floor app's SQL alone 0.44–0.54 ms;
docs/benchmarks.md).

``ScanFastPath`` wraps the app's WSGI callable and answers POST /api/v1/scans itself when
it is the usual one:
- a JSON object of at most ``MAX_BODY`` bytes,
- the bearer token of a device that is still signed in,
- a body the view accepts (``views.accept_scan``: the contract, a believable time, the
  device's own checkpoint).

Its answer is the view's: the same services (``store.record_scan``), the phone's language,
the same JSON, the same headers (security headers, ``X-Request-ID``) and the same log line.
Anything else goes to Flask with its body put back, before anything is written, so every
refusal, error page and 503 stays the view's. A write that fails (the database gone) goes
to Flask as well: it records the scan again, and the client_scan_id makes that happen at
most once.
"""

from __future__ import annotations

import io
import json
import time

from babel import Locale
from blinker import Namespace
from flask import Flask
from flask_babel import force_locale
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header

from blueprints import headers, request_log
from blueprints.api.views import Refusal, accept_scan, bearer_token
from blueprints.i18n import device_locale
from services.checkin import devices, store
from services.checkin.rawdb import RawConnection

# Sent for each scan answered here, as Flask's request_started is for the others.
scan_answered = Namespace().signal("scan-answered")
PATH = "/api/v1/scans"
MAX_BODY = 4096  # a scan is ~150 bytes; anything longer is Flask's to judge
MAX_LOCALES = 64


class ScanFastPath:
    def __init__(self, app: Flask, wsgi_app):
        self.app, self.wsgi_app = app, wsgi_app
        self.headers = list(headers.security_headers_of(app).items())
        self.locales: dict[str, Locale] = {}  # Accept-Language as sent → the device's language

    def _locale(self, header: str) -> Locale:
        """The device's language (i18n.device_locale), kept per header: a venue's phones send
        a few, and reading one costs as much as a tenth of a scan's work."""
        locale = self.locales.get(header)
        if locale is None:
            if len(self.locales) >= MAX_LOCALES:  # headers chosen by a sender: a bounded memory
                self.locales.clear()
            locale = self.locales[header] = Locale.parse(device_locale(parse_accept_header(header, LanguageAccept)))
        return locale

    def __call__(self, environ, start_response):
        if environ.get("PATH_INFO") != PATH or environ.get("REQUEST_METHOD") != "POST":
            return self.wsgi_app(environ, start_response)
        started = time.perf_counter()
        body = _small_json_body(environ)
        answer = self._answer(environ, body) if body is not None else None
        if answer is None:
            return self.wsgi_app(environ, start_response)
        payload, device_id = answer
        rid = request_log.request_id_for(environ.get("HTTP_X_REQUEST_ID", ""))
        start_response(
            "200 OK",
            [
                ("Content-Type", "application/json"),
                ("Content-Length", str(len(payload))),
                ("X-Request-ID", rid),
                *self.headers,
            ],
        )
        if request_log.logs_every_request(self.app):
            with self.app.app_context():  # the line in the app's LOG_FORMAT
                request_log.log_request("POST", PATH, 200, started, None, device_id, rid)
        scan_answered.send(self.app)
        return [payload]

    def _answer(self, environ, body: bytes) -> tuple[bytes, int] | None:
        """The answer's bytes and the device's id, or None: Flask answers."""
        try:
            data = json.loads(body)
        except (ValueError, RecursionError):  # RecursionError: nested deeper than json reads
            return None
        token = bearer_token(environ.get("HTTP_AUTHORIZATION", ""))
        if not isinstance(data, dict) or not token:
            return None
        with self.app.app_context():
            raw = None
            try:
                raw = RawConnection()  # the database unreachable: the view's 503
                device = devices.device_context(raw, token)
                if device is None:
                    return None
                with force_locale(self._locale(environ.get("HTTP_ACCEPT_LANGUAGE", ""))):
                    scan = accept_scan(data, device)
                    if isinstance(scan, Refusal):
                        return None
                    result = store.record_scan(raw, device, scan)
            except Exception:  # noqa: BLE001 - Flask answers it (503, 500 and its log), once
                return None
            finally:
                if raw is not None:
                    raw.close()
            return _jsonify_bytes(self.app, result), device.id


def _small_json_body(environ) -> bytes | None:
    """The body, read and put back for Flask, when it is JSON of a known length up to
    MAX_BODY; otherwise None, unread."""
    content_type = environ.get("CONTENT_TYPE", "").split(";")[0].strip().lower()
    try:
        length = int(environ.get("CONTENT_LENGTH") or "")
    except ValueError:
        return None
    if content_type != "application/json" or not 0 < length <= MAX_BODY:
        return None
    body = environ["wsgi.input"].read(length)
    environ["wsgi.input"] = io.BytesIO(body)
    environ["CONTENT_LENGTH"] = str(len(body))
    return body


def _jsonify_bytes(app, obj) -> bytes:
    """``jsonify(obj)``'s very bytes (Flask's DefaultJSONProvider.response), without building
    the Response object that the fast path would only read them back from."""
    provider = app.json
    compact = getattr(provider, "compact", None)
    layout = {"indent": 2} if (compact is None and app.debug) or compact is False else {"separators": (",", ":")}
    return f"{provider.dumps(obj, **layout)}\n".encode()
