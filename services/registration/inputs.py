"""What a unit types about a person before it is saved, and a broken rule found in it."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date

from models import (
    Competition,
    Gender,
    PersonRole,
)
from services.text import name_key, nfc


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

    def __post_init__(self):
        self.full_name = nfc(self.full_name)
        self.union_card_no = "".join(nfc(self.union_card_no).split())
        self.workplace = nfc(self.workplace)
        self.phone = nfc(self.phone)
        self.gender = Gender(self.gender)
        self.role = PersonRole(self.role)
        self.name_key = name_key(self.full_name)

    def values(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name not in ("unit_id",)}


@dataclass
class Problem:
    """A broken rule, with the people and competition it concerns (to point at rows/columns)."""

    message: str
    people: tuple = ()
    competition: Competition | None = None
    field: str | None = None  # the person's field at fault, when not a competition
