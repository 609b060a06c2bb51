"""Time zone and display formats (dd/mm/yyyy, Asia/Ho_Chi_Minh; sizes and durations in the
reader's language). Choosing the language of a request is the web's business:
blueprints/i18n.py."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask_babel import format_decimal, gettext

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


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


def format_size(size: int) -> str:
    """A file's size as people read it: "350 KB", "12,3 MB" (never "0.0 MB" for a small photo)."""
    if size < 1024 * 1024:
        return f"{format_decimal(max(1, round(size / 1024)))} KB"
    return f"{format_decimal(round(size / 1024**2, 1), format='#,##0.#')} MB"


def format_duration(seconds) -> str:
    """A video's length: "45 giây", "2 phút 10 giây" (never "130.00 giây")."""
    whole = int(round(float(seconds or 0)))
    minutes, rest = divmod(whole, 60)
    if not minutes:
        return gettext("%(s)d giây", s=rest)
    if not rest:
        return gettext("%(m)d phút", m=minutes)
    return gettext("%(m)d phút %(s)d giây", m=minutes, s=rest)


def local_today() -> date:
    """Today in Vietnam (what "today" means for a date of birth or an event's day)."""
    return datetime.now(LOCAL_TZ).date()
