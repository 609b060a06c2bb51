"""The language of a request (the user's, the session's, else Vietnamese) and the template
filters and globals for dates and labels."""

from __future__ import annotations

from flask import Flask, current_app, has_request_context, request, session
from flask_login import current_user
from werkzeug.datastructures import LanguageAccept

from services.i18n import format_date, format_datetime, format_duration, format_size
from services.results.display import points_text


def device_locale(accepted: LanguageAccept) -> str:
    """A scanning device's language: the scanner sends its page's (Accept-Language)."""
    return accepted.best_match(current_app.config["LANGUAGES"]) or current_app.config["BABEL_DEFAULT_LOCALE"]


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # the command line: Vietnamese
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    if request.blueprint == "api":
        return device_locale(request.accept_languages)
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    chosen = session.get("lang")
    if chosen in languages:
        return chosen
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def select_timezone() -> str:
    return current_app.config["BABEL_DEFAULT_TIMEZONE"]


def init_app(app: Flask) -> None:
    app.add_template_filter(format_date, "vndate")
    app.add_template_filter(format_datetime, "vndatetime")
    app.add_template_filter(format_size, "filesize")
    app.add_template_filter(format_duration, "duration")
    app.add_template_filter(points_text, "points")  # chess points: "2½"
    from models import PersonRole
    from services.labels import label

    app.add_template_global(label, "label")
    app.add_template_filter(lambda role: label(PersonRole(role)), "role_label")

    @app.context_processor
    def inject_locale():
        from flask_babel import get_locale

        return {"current_locale": str(get_locale()), "request_path": request.path}
