"""Flat exports of registrations (an event, a unit or a competition): headers and rows, written
as .xlsx or CSV by the one cell writer (services/spreadsheets.py)."""

from __future__ import annotations

from models import Competition, Event, Unit
from services.labels import label
from services.registration import persons, roster

# --- flat exports: xlsx and CSV -----------------------------------------------------------------


def export_headers() -> list[str]:
    return [
        "Mã đơn vị",
        "Đơn vị",
        "Nội dung",
        "Đội",
        "Họ và tên",
        "Giới tính",
        "Ngày sinh",
        "Số thẻ đoàn viên",
        "CĐCS / nơi làm việc",
        "Điện thoại",
        "Vai trò",
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
    return [
        unit.code,
        unit.name,
        comp_name,
        team_no,
        person.full_name,
        label(person.gender),
        person.birth_date.strftime("%d/%m/%Y") if person.birth_date else "",
        person.union_card_no,
        person.workplace,
        person.phone,
        label(person.role),
    ]
