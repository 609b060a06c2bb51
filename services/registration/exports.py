"""Flat exports of registrations (an event, a unit or a competition): headers and rows, written
as .xlsx or CSV by the one cell writer (services/spreadsheets.py)."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import pgettext

from models import Competition, Event, Unit
from services.registration import persons, roster
from services.registration.fields import PERSON_FIELDS, text_value

# --- flat exports: xlsx and CSV -----------------------------------------------------------------


def export_headers() -> list[str]:
    """In the reader's language: the entry's columns, then a person's fields (fields.py)."""
    return [_("Mã đơn vị"), pgettext("export column", "Đơn vị"), _("Nội dung"), _("Đội")] + [
        str(f.label) for f in PERSON_FIELDS
    ]


def export_rows(event: Event, unit: Unit | None = None, competition: Competition | None = None) -> list[list]:
    """One row per entry member (and one per person with no entry, unless per competition)."""
    rows = []
    lines = roster.competition_entries(event)
    in_entry: set[int] = set()
    for line in lines:
        if competition is not None and line.competition.id != competition.id:
            continue
        for entry in line.entries:
            if unit is not None and entry.unit_id != unit.id:
                continue
            for member in entry.members:
                in_entry.add(member.person_id)
                rows.append(_row(entry.unit, line.competition.name, entry.team_no, member.person))
    if competition is None:
        for person in persons.event_people(event, unit):
            if person.id not in in_entry:
                rows.append(_row(person.unit, "", "", person))
    return rows


def _row(unit: Unit, comp_name: str, team_no, person) -> list:
    return [unit.code, unit.name, comp_name, team_no] + [text_value(f, person) for f in PERSON_FIELDS]
