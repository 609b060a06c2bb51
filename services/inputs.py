"""What anyone types, checked in one place before it is kept: forms, Excel/CSV imports and
the scan API call these; a flush guard (``guard_session``) checks every text column of every
row written, whatever path it came by.

- text: NFC; invisible zero-width characters (pasted from chat apps) are removed; other
  control and format characters are refused with a message naming the field; lengths are the
  columns' own (``max_length_of``: the models are the one source);
- dates as people type them (``parse_date``): 20/11/1990, 20-11-1990, 20.11.1990, 20111990
  (a phone's numeric keypad has no "/"), 1990-11-20;
- dates of birth within ``EARLIEST_BIRTH`` … ``MIN_AGE`` years before today.
Results' numbers are read in services/results/recording.parse_value (finite, not negative).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import String, event, inspect
from sqlalchemy.orm import Session

from services.errors import DomainError
from services.registration.fields import PERSON_FIELDS

# Invisible and harmless: removed rather than refused (a name pasted from Zalo often has them).
ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
LINE_BREAKS = frozenset("\n\r\t")
EARLIEST_BIRTH = date(1940, 1, 1)
MIN_AGE = 14

# Field names as users see them, for messages from the flush guard (any model's column); a
# person's come from their one description (services/registration/fields.py).
LABELS = {f.key: f.label for f in PERSON_FIELDS} | {
    "username": _l("Tên đăng nhập"),
    "name": _l("Tên"),
    "code": _l("Mã"),
    "address": _l("Địa chỉ"),
    "caption": _l("Chú thích"),
    "credit": _l("Người chụp / quay"),
    "description": _l("Mô tả"),
    "email": _l("Email"),
    "holder": _l("Tên in trên giấy chứng nhận"),
}


DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})[/.\-\s](\d{1,2})[/.\-\s](\d{4})$")
DIGITS_ONLY = re.compile(r"^(\d{2})(\d{2})(\d{4})$")  # ddmmyyyy
ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def parse_date(text: str) -> date:
    """A date as typed in Vietnam (day first); ValueError when it is not one."""
    text = " ".join(str(text).split())
    if m := DAY_MONTH_YEAR.match(text) or DIGITS_ONLY.match(text):
        day, month, year = (int(g) for g in m.groups())
    elif m := ISO_DATE.match(text):
        year, month, day = (int(g) for g in m.groups())
    else:
        raise ValueError(text)
    return date(year, month, day)


def _forbidden_class(allowed: str) -> re.Pattern:
    """A regex class of the control (Cc), format (Cf), surrogate (Cs) and private-use (Co)
    characters, less ``allowed``; Cf is read from the Unicode database (where it has any)."""
    fmt = [chr(c) for r in (range(0x30000), range(0xE0000, 0xE0080)) for c in r if unicodedata.category(chr(c)) == "Cf"]
    ranges = "\x00-\x1f\x7f-\x9f\ud800-\udfff\ue000-\uf8ff\U000f0000-\U0010ffff"
    body = ranges + "".join(re.escape(ch) for ch in fmt)
    return re.compile(f"(?![{re.escape(allowed)}])[{body}]" if allowed else f"[{body}]")


_FORBIDDEN = _forbidden_class("")
_FORBIDDEN_MULTILINE = _forbidden_class("".join(sorted(LINE_BREAKS)))


def max_length_of(column_attribute) -> int | None:
    """The length a model's String column holds, e.g. ``max_length_of(Person.full_name)``."""
    return getattr(column_attribute.property.columns[0].type, "length", None)


def without_invisible(value: str) -> str:
    return value.translate(ZERO_WIDTH)


def text_problem(value: str, max_length: int | None = None, multiline: bool = False) -> str | None:
    """Why this text cannot be kept (in the user's language), or None."""
    # Printable text has none of them (str.isprintable is false for every "Other" character):
    # the class search only for the rest, ~10× slower (a 5,000-row import checks 40,000 values).
    found = None if value.isprintable() else (_FORBIDDEN_MULTILINE if multiline else _FORBIDDEN).search(value)
    if found:
        return _(
            "có ký tự điều khiển hoặc ký tự ẩn (U+%(code)04X, vị trí %(pos)d); hãy gõ lại ô này.",
            code=ord(found.group()),
            pos=found.start() + 1,
        )
    if max_length is not None and len(value) > max_length:
        return _("dài %(n)d ký tự, tối đa %(m)d.", n=len(value), m=max_length)
    return None


def birth_date_problem(value: date | None, today: date) -> str | None:
    if value is None:
        return None
    latest = date(today.year - MIN_AGE, today.month, min(today.day, 28))
    if EARLIEST_BIRTH <= value <= latest:
        return None
    return _(
        "ngày sinh %(d)s không hợp lý: phải từ %(a)s đến %(b)s (ít nhất %(n)d tuổi).",
        d=value.strftime("%d/%m/%Y") if value.year >= 1000 else value.isoformat(),
        a=EARLIEST_BIRTH.strftime("%d/%m/%Y"),
        b=latest.strftime("%d/%m/%Y"),
        n=MIN_AGE,
    )


class InputError(DomainError):
    """A value that cannot be kept as typed; ``field`` names it."""


def column_problem(column, value) -> str | None:
    """Why ``value`` cannot be written in ``column`` (a String column: control characters, its
    length), as "Label: why", or None. Line breaks are kept where typed (a signer's title on
    two lines); single-line inputs lose them on the way in (services/text.nfc)."""
    if not isinstance(column.type, String) or not isinstance(value, str) or not value:
        return None
    problem = text_problem(value, column.type.length, multiline=True)
    return f"{LABELS.get(column.key, column.key)}: {problem}" if problem else None


def _guard(session: Session, _context, _instances) -> None:
    """Every String column of every row about to be written: no control characters, not
    longer than the column (PostgreSQL would refuse it with an unhandled error; SQLite would
    keep 20,000 characters)."""
    for obj in list(session.new) + list(session.dirty):
        state = inspect(obj)
        for attr in state.mapper.column_attrs:
            problem = column_problem(attr.columns[0], state.dict.get(attr.key))
            if problem:
                raise InputError(problem, field=attr.key)


def check_rows(model, rows: list[dict]) -> None:
    """The flush guard's check for rows written without the ORM's objects (bulk inserts:
    services/bulk.py); InputError at the first value that cannot be kept."""
    columns = [c for c in inspect(model).columns if isinstance(c.type, String)]
    for row in rows:
        for column in columns:
            problem = column_problem(column, row.get(column.key))
            if problem:
                raise InputError(problem, field=column.key)


def guard_session(session_class=Session) -> None:
    if not event.contains(session_class, "before_flush", _guard):
        event.listen(session_class, "before_flush", _guard)
