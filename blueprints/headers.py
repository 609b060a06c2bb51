"""Security headers on every response: what the browser may load, frame or send along.

Everything the app serves is its own (vendored assets, no CDN), so the policy is "self"
only: no inline script or style (pages keep data in ``<script type="application/json">``),
the scanner's service worker from our origin, the camera for our origin only, and no page
framed by another site. HSTS only in production behind HTTPS.

``Cache-Control: no-store`` (nothing kept by the browser, a shared computer's back button or
a proxy) on what holds personal data: every answer to a logged-in session, every document
(PDF, spreadsheet, CSV, zip, whatever caching ``send_file`` gave it) and the certificate
check; any other answer that set its own caching (static files, thumbnails) keeps it."""

from __future__ import annotations

from flask import Flask, request, session

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data: blob:",  # Bootstrap's icons are data: SVGs; the scanner's frames
        "media-src 'self' blob: mediastream:",  # the camera preview
        "connect-src 'self'",
        "worker-src 'self'",
        "manifest-src 'self'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",  # frame-ancestors for older browsers
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(self), microphone=(), geolocation=()",
}
HSTS = "max-age=31536000; includeSubDomains"
DOCUMENTS = frozenset(
    {
        "application/pdf",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "text/csv",
        "application/zip",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    }
)
PERSONAL_PATHS = ("/verify/",)


def _personal() -> bool:
    if request.path.startswith("/static/"):
        return False
    return bool(request.path.startswith(PERSONAL_PATHS) or session.get("_user_id"))


def security_headers_of(app: Flask) -> dict[str, str]:
    """The headers every answer of ``app`` carries (HSTS only in production behind HTTPS)."""
    strict_transport = app.config["ENV_NAME"] == "production" and app.config.get("SESSION_COOKIE_SECURE")
    return HEADERS | ({"Strict-Transport-Security": HSTS} if strict_transport else {})


def init_app(app: Flask) -> None:
    every_answer = security_headers_of(app)

    @app.after_request
    def security_headers(response):
        for name, value in every_answer.items():
            response.headers.setdefault(name, value)
        document = response.mimetype in DOCUMENTS and not request.path.startswith("/static/")
        if document or ("Cache-Control" not in response.headers and _personal()):
            response.headers["Cache-Control"] = "no-store"
        return response
