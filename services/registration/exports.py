"""Flat exports of registrations (an event, a unit or a competition) as .xlsx and CSV."""

from __future__ import annotations

import csv
import io

from openpyxl import Workbook

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


def to_xlsx(title: str, headers: list[str], rows: list[list], sheet: str = "Đăng ký") -> bytes:
    """Row 1 the title, row 2 the headers, then the rows."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet)
    ws.append([title])
    ws.append(headers)
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def to_csv(headers: list[str], rows: list[list]) -> bytes:
    """UTF-8 with a BOM, so Excel opens Vietnamese text correctly."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(headers)
    writer.writerows(rows)
    return ("\ufeff" + buf.getvalue()).encode("utf-8")
