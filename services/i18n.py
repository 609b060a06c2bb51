"""Language, time zone and display formats (dd/mm/yyyy, Asia/Ho_Chi_Minh)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask import Flask, current_app, has_request_context, request, session
from flask_login import current_user

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    if not has_request_context() or request.blueprint == "api":  # CLI and scanning devices: Vietnamese
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    chosen = session.get("lang")
    if chosen in languages:
        return chosen
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def select_timezone() -> str:
    return current_app.config["BABEL_DEFAULT_TIMEZONE"]


def to_local(value: datetime) -> datetime:
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(LOCAL_TZ)


def local_to_utc(value: datetime) -> datetime:
    """A naive wall-clock time typed in Vietnam, as aware UTC for storage."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=LOCAL_TZ)
    return value.astimezone(UTC)


def format_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = to_local(value)
    return value.strftime("%d/%m/%Y")


def format_datetime(value: datetime | None) -> str:
    if value is None:
        return ""
    return to_local(value).strftime("%d/%m/%Y %H:%M")


def init_app(app: Flask) -> None:
    app.add_template_filter(format_date, "vndate")
    app.add_template_filter(format_datetime, "vndatetime")
    from models import PersonRole
    from services.labels import label

    app.add_template_global(label, "label")
    app.add_template_filter(lambda role: label(PersonRole(role)), "role_label")

    @app.context_processor
    def inject_locale():
        from flask_babel import get_locale

        return {"current_locale": str(get_locale()), "request_path": request.path}
