"""A person's fields, described once: the key (a column of ``Person`` and a field of
``PersonData``), the translated label, what is typed, whether it is required, the Excel
template's column, and how it reads back.

Read by the person form (blueprints/units/forms.py), the input checks
(services/registration/inputs.py, services/inputs.py's labels), the Excel template and
import (roster_template.py, roster_import.py), the exports (exports.py: headers in the
user's language) and the person's page. Adding a field = one entry here, a column of
``Person`` (and its migration) and a field of ``PersonData``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum

from flask_babel import lazy_gettext as _l

from models import Gender, Person, PersonRole
from services.labels import label


@dataclass(frozen=True)
class PersonField:
    key: str
    label: object  # lazy: translated where shown (form, page, export header, messages)
    header: str  # the Excel template's column, in Vietnamese: the file units fill and send back
    input: str = "text"  # "text", "date", or "choice" (one of ``choices``)
    choices: type[Enum] | None = None
    required: bool = False
    width: int = 16  # the template's column width
    inputmode: str | None = None  # the phone keyboard the form asks for ("numeric", "tel")
    as_text: bool = False  # kept as text in Excel (leading zeros of a card number stay)
    default: str | None = None  # a choice the form starts on; None: the person must choose


PERSON_FIELDS: tuple[PersonField, ...] = (
    PersonField("full_name", _l("Họ và tên"), "Họ và tên", required=True, width=28),
    PersonField("gender", _l("Giới tính"), "Giới tính", "choice", Gender, required=True, width=9),
    PersonField("birth_date", _l("Ngày sinh"), "Ngày sinh (dd/mm/yyyy)", "date", width=14),
    PersonField("union_card_no", _l("Số thẻ đoàn viên"), "Số thẻ đoàn viên", inputmode="numeric", as_text=True),
    PersonField("workplace", _l("CĐCS / nơi làm việc"), "CĐCS / nơi làm việc", width=30),
    PersonField("phone", _l("Điện thoại"), "Điện thoại", width=14, inputmode="tel"),
    PersonField("role", _l("Vai trò"), "Vai trò", "choice", PersonRole, required=True, default="athlete"),
)
FIELDS = {f.key: f for f in PERSON_FIELDS}
TEXT_FIELDS = tuple(f for f in PERSON_FIELDS if f.input == "text")
REQUIRED = tuple(f.key for f in PERSON_FIELDS if f.required)


def cell_value(field: PersonField, person: Person):
    """The field's value for a spreadsheet cell: a date stays a date, a choice is its label."""
    value = getattr(person, field.key)
    if field.input == "choice" and value is not None:
        return label(value)
    return value if value is not None else ""


def text_value(field: PersonField, person: Person) -> str:
    """The field's value as text (an export, the person's page): dates dd/mm/yyyy."""
    value = cell_value(field, person)
    return value.strftime("%d/%m/%Y") if isinstance(value, date) else str(value)
