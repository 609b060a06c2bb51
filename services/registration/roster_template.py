"""A unit's roster as an Excel template: instructions sheet, drop-downs for gender, role and
competitions, card column formatted as text; empty, or filled with what is registered (so
export → import gives back the same data). The column layout is shared with roster_import."""

from __future__ import annotations

import io
import re

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from sqlalchemy import select

from extensions import db
from models import Competition, Event, Gender, PersonRole, Unit
from services.labels import label
from services.registration import fields, roster
from services.registration.fields import PERSON_FIELDS
from services.spreadsheets import put
from services.text import nfc, text_sort_key

SHEET = "Danh sách"
LISTS_SHEET = "Danh mục"
META_SHEET = "_meta"
HEADER_ROW = 3
FIRST_ROW = HEADER_ROW + 1
COMPETITION_SLOTS = 4  # "Nội dung k" / "Đội k" column pairs in a new template
VALIDATED_ROWS = 3000

# (key, header) of the fixed columns, in order: a row number, then a person's fields
# (services/registration/fields.py).
PERSON_COLUMNS = [("stt", "STT")] + [(f.key, f.header) for f in PERSON_FIELDS]
REQUIRED = fields.REQUIRED
GENDER_WORDS = {Gender.MALE: ("nam", "male", "m"), Gender.FEMALE: ("nữ", "nu", "female", "f")}


def header_key(text) -> str:
    """Header comparison: NFC, case-folded, without a trailing "(hint)"."""
    return re.sub(r"\s*\(.*\)\s*$", "", nfc(str(text or ""))).casefold()


def _comp_headers(k: int) -> tuple[str, str]:
    return f"Nội dung {k}", f"Đội {k}"


# --- template / export of one unit ------------------------------------------------------


def event_competitions(event: Event) -> list[Competition]:
    comps = db.session.scalars(select(Competition).where(Competition.event_id == event.id)).all()
    return sorted(comps, key=lambda c: text_sort_key(c.name))


def unit_workbook(event: Event, unit: Unit, with_data: bool) -> bytes:
    """The unit's template, empty or filled with its current roster."""
    comps = event_competitions(event)
    people, entries = roster.unit_roster(event, unit) if with_data else ([], [])
    slots_of: dict[int, list[tuple[str, int]]] = {}
    for entry in entries:
        for member in entry.members:
            slots_of.setdefault(member.id, []).append((entry.competition.name, entry.team_no))
    slots = max([COMPETITION_SLOTS, *(len(v) for v in slots_of.values())])

    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    headers = [h for _k, h in PERSON_COLUMNS]
    for k in range(1, slots + 1):
        headers += list(_comp_headers(k))
    put(ws, 1, 1, f"DANH SÁCH ĐĂNG KÝ – {event.name}")
    ws["A1"].font = Font(bold=True, size=13)
    put(ws, 2, 1, f"Đơn vị: {unit.code} – {unit.name}")
    for col, title in enumerate(headers, start=1):
        cell = put(ws, HEADER_ROW, col, title)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    widths = [5] + [f.width for f in PERSON_FIELDS] + [34, 6] * slots
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = ws.cell(row=FIRST_ROW, column=3)

    last_row = FIRST_ROW + max(VALIDATED_ROWS, len(people) + 500)
    # Column styles: card numbers are text (leading zeros stay), birth dates show dd/mm/yyyy.
    formats = {
        col: "@" if f.as_text else "DD/MM/YYYY"
        for col, f in enumerate(PERSON_FIELDS, start=2)
        if f.as_text or f.input == "date"
    }
    for col, number_format in formats.items():
        ws.column_dimensions[get_column_letter(col)].number_format = number_format
    for n, person in enumerate(people, start=1):
        row = FIRST_ROW + n - 1
        values = [n] + [fields.cell_value(f, person) for f in PERSON_FIELDS]
        for name, team_no in slots_of.get(person.id, []):
            values += [name, team_no]
        for col, value in enumerate(values, start=1):
            put(ws, row, col, value)
        for col, number_format in formats.items():
            ws.cell(row=row, column=col).number_format = number_format

    lists = wb.create_sheet(LISTS_SHEET)
    columns = {"A": [label(g) for g in Gender], "B": [label(r) for r in PersonRole], "C": [c.name for c in comps]}
    for letter, values in columns.items():
        for i, value in enumerate(values, start=1):
            put(lists, i, ord(letter) - ord("A") + 1, value)
    lists.sheet_state = "hidden"

    def dropdown(letter: str, n: int, cols: list[int], error: str) -> None:
        if n == 0:
            return
        dv = DataValidation(
            type="list",
            formula1=f"='{LISTS_SHEET}'!${letter}$1:${letter}${n}",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Giá trị không hợp lệ",
            error=error,
        )
        ws.add_data_validation(dv)
        for col in cols:
            dv.add(f"{get_column_letter(col)}{FIRST_ROW}:{get_column_letter(col)}{last_row}")

    column_of = {key: col for col, (key, _header) in enumerate(PERSON_COLUMNS, start=1)}
    dropdown("A", len(columns["A"]), [column_of["gender"]], "Chọn Nam hoặc Nữ.")
    dropdown("B", len(columns["B"]), [column_of["role"]], "Chọn vai trò trong danh sách.")
    dropdown(
        "C",
        len(columns["C"]),
        [len(PERSON_COLUMNS) + 2 * k - 1 for k in range(1, slots + 1)],
        "Chọn nội dung thi đấu trong danh sách.",
    )

    meta = wb.create_sheet(META_SHEET)
    for row, (key, value) in enumerate((("event", event.slug), ("unit", unit.code)), start=1):
        put(meta, row, 1, key)
        put(meta, row, 2, value)
    meta.sheet_state = "veryHidden"

    _instructions(wb.create_sheet("Hướng dẫn", 0), event, unit, comps)
    wb.active = 1
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _instructions(ws, event: Event, unit: Unit, comps: list[Competition]) -> None:
    lines = [
        f"HƯỚNG DẪN ĐIỀN DANH SÁCH – {event.name}",
        f"Đơn vị: {unit.code} – {unit.name}",
        "",
        "1. Điền mỗi người một dòng ở trang “Danh sách”, từ dòng 4. Không đổi tên hay thứ tự các cột.",
        "2. Bắt buộc: Họ và tên, Giới tính (Nam/Nữ), Vai trò (chọn trong danh sách).",
        "3. Ngày sinh ghi dạng ngày/tháng/năm, ví dụ 05/09/1985.",
        "4. Số thẻ đoàn viên ghi đủ các số 0 ở đầu (cột đã định dạng Văn bản).",
        "5. Nội dung 1, 2, …: chọn nội dung thi đấu; Đội: số thứ tự đội/cặp của đơn vị trong nội dung đó "
        "(để trống: đội 1; ở nội dung đơn mỗi VĐV tự là một lượt). Hai người cùng nội dung đôi và cùng số đội là một cặp.",
        "6. Tệp là danh sách ĐẦY ĐỦ của đơn vị: khi nhập, người không có trong tệp sẽ bị xoá khỏi đăng ký.",
        "7. Nếu tệp có lỗi, hệ thống không lưu gì và liệt kê mọi lỗi theo dòng, cột.",
        "",
        "Các nội dung thi đấu:",
    ]
    for comp in comps:
        rule = [label(comp.category), label(comp.format)]
        if comp.min_age is not None or comp.max_age is not None:
            rule.append(f"tuổi {comp.min_age or ''}–{comp.max_age or ''}")
        if comp.team_max > 1:
            rule.append(f"{comp.team_min}–{comp.team_max} người")
        lines.append(f"  • {comp.name} ({', '.join(rule)})")
    for row, text in enumerate(lines, start=1):
        put(ws, row, 1, text)
    ws["A1"].font = Font(bold=True, size=13)
    ws.column_dimensions["A"].width = 120
