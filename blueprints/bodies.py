"""One guard for what a request carries, before any view or form reads it (a hostile body
gets a 400 naming what was expected, never a 500):

- a page's POST takes a form: ``application/x-www-form-urlencoded`` or
  ``multipart/form-data`` (or nothing). A JSON, XML, text or other body is refused, so a JSON
  array, string or a deeply nested object never reaches Flask-WTF, which would read it as the
  form's data. The two views of the resumable upload, which take JSON and raw bytes, say so
  with ``takes_body``; the scan API (/api/) checks its own JSON (pydantic);
- a file part is taken only under a file field's name (``FILE_FIELDS``): a file where a text
  field is expected is refused with the field's name;
- no text may hold NUL (PostgreSQL refuses it even as a search parameter), in the query
  string or the form.
"""

from __future__ import annotations

from flask import Flask, current_app, render_template, request
from flask_babel import lazy_gettext as _l

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
# Every FileField / MultipleFileField of the forms (tests/http/test_bodies.py checks the list).
FILE_FIELDS = frozenset({"file", "files", "background"})
BODY_METHODS = ("POST", "PUT", "PATCH", "DELETE")


def takes_body(*mimetypes: str):
    """Marks a view that takes a body other than a form (e.g. ``application/json``; ``*``:
    raw bytes of any type)."""

    def mark(view):
        view.takes_body = mimetypes
        return view

    return mark


def json_body():
    """A view's JSON body as sent; None when it is not JSON, broken or nested past Python's
    recursion limit."""
    try:
        return request.get_json(silent=True)
    except RecursionError:
        return None


def json_object() -> dict:
    """A view's JSON body as an object; anything else (an array, a string, broken or nested
    past Python's recursion limit) is an empty one, which the view's checks then refuse."""
    body = json_body()
    return body if isinstance(body, dict) else {}


def _refused(message) -> tuple[str, int]:
    return render_template("errors/400.html", message=str(message)), 400


def _why_not(view) -> str | None:
    """Why this request's body is refused (Vietnamese), or None."""
    if request.method not in BODY_METHODS:
        return None
    mimetype = request.mimetype
    if mimetype not in ("", *FORM_TYPES):
        taken = getattr(view, "takes_body", ())
        if mimetype in taken or "*" in taken:
            return None
        return str(
            _l(
                "Trang này nhận dữ liệu của biểu mẫu (application/x-www-form-urlencoded hoặc"
                " multipart/form-data), không nhận “%(kind)s”.",
                kind=mimetype[:80],
            )
        )
    for name in request.files:
        if name not in FILE_FIELDS:
            return str(_l("Trường “%(name)s” nhận chữ, không nhận tệp.", name=name[:80]))
    return None


def guard(app: Flask) -> None:
    @app.before_request
    def malformed_bodies():
        if request.path.startswith("/api/"):
            return None
        view = current_app.view_functions.get(request.endpoint)
        if why := _why_not(view):
            return _refused(why)
        values = list(request.args.values())
        if request.mimetype in FORM_TYPES:
            values += list(request.form.values())
        if any("\x00" in v for v in values):
            return _refused(_l("Dữ liệu gửi lên có ký tự NUL (\\x00), không hợp lệ: hãy gõ lại."))
        return None
