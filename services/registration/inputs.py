"""What a unit types about a person before it is saved, and a broken rule found in it."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date

from flask_babel import gettext as _

from models import (
    Competition,
    Gender,
    Person,
    PersonRole,
)
from services import inputs as checks
from services.registration.fields import FIELDS, PERSON_FIELDS, TEXT_FIELDS
from services.text import name_key, nfc, search_key


@dataclass
class PersonData:
    """A person as typed in a form or a spreadsheet row, before it is saved."""

    full_name: str
    gender: Gender
    birth_date: date | None = None
    union_card_no: str = ""
    workplace: str = ""
    phone: str = ""
    role: PersonRole = PersonRole.ATHLETE
    unit_id: int | None = None
    name_key: str = field(default="", compare=False)
    search_key: str = field(default="", compare=False)

    def __post_init__(self):
        for f in TEXT_FIELDS:  # as typed: invisible characters out, NFC
            setattr(self, f.key, nfc(checks.without_invisible(getattr(self, f.key) or "")))
        for f in PERSON_FIELDS:
            if f.input == "choice" and f.choices is not None:
                setattr(self, f.key, f.choices(getattr(self, f.key)))
        self.union_card_no = "".join(self.union_card_no.split())
        # Keys derived from the name fit their columns whatever it folds to ("ß" → "ss").
        self.name_key = name_key(self.full_name)[: checks.max_length_of(Person.name_key)]
        self.search_key = search_key(self.full_name)[: checks.max_length_of(Person.search_key)]

    def input_problems(self, card_digits: int | None, today: date) -> list[tuple[str, str]]:
        """(field, message) for each value that cannot be kept as typed (services/inputs.py's
        rules, the event's card length); the message starts with the field's label."""
        problems = []
        if not self.full_name:
            problems.append(("full_name", _("Họ và tên không được để trống.")))
        for f in TEXT_FIELDS:
            problem = checks.text_problem(getattr(self, f.key), checks.max_length_of(getattr(Person, f.key)))
            if problem:
                problems.append((f.key, f"{f.label}: {problem}"))
        card = self.union_card_no
        if card and card_digits and not (len(card) == card_digits and card.isdigit()):
            problems.append(
                ("union_card_no", _("Số thẻ đoàn viên “%(c)s” phải gồm đúng %(n)d chữ số.", c=card, n=card_digits))
            )
        if self.phone and not all(ch.isdigit() or ch in " +-.()" for ch in self.phone):
            problems.append(("phone", _("Điện thoại “%(p)s” chỉ gồm chữ số (và + - . ( )).", p=self.phone)))
        birth = checks.birth_date_problem(self.birth_date, today)
        if birth:
            problems.append(("birth_date", f"{FIELDS['birth_date'].label}: {birth}"))
        return problems

    def values(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name not in ("unit_id",)}


@dataclass
class Problem:
    """A broken rule, with the people and competition it concerns (to point at rows/columns)."""

    message: str
    people: tuple = ()
    competition: Competition | None = None
    field: str | None = None  # the person's field at fault, when not a competition
    whole_entry: bool = False  # about the team as a whole (its size, its men and women), not one member
