"""Reading a unit's roster file back (roster_template.py's layout), strict and all-or-nothing:
every problem comes back as "Dòng r, cột C (header): message" and nothing is saved while any
remains."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import gettext as _
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel

from models import Competition, CompetitionFormat, Event, PersonRole, Unit
from services.errors import DomainError, ValidationErrors
from services.i18n import local_today
from services.inputs import parse_date
from services.labels import label
from services.registration import inputs, registrations, roster, snapshot
from services.registration.fields import TEXT_FIELDS
from services.registration.inputs import PersonData
from services.registration.roster import RosterEntry
from services.registration.roster_template import (
    GENDER_WORDS,
    META_SHEET,
    PERSON_COLUMNS,
    REQUIRED,
    SHEET,
    event_competitions,
    header_key,
)
from services.spreadsheets import FORMULA, formula_refused, open_xlsx, read_rows
from services.text import nfc, text_sort_key

# --- reading a file back ------------------------------------------------------------------


@dataclass
class ParsedRoster:
    people: list[PersonData] = field(default_factory=list)
    entries: list[RosterEntry] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)  # (Excel row, message)
    row_of: dict[int, int] = field(default_factory=dict)  # id(PersonData) → Excel row
    headers: dict[str, tuple[int, str]] = field(default_factory=dict)  # key → (column, header text)
    comp_cells: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, competition id) → column letter
    # Competitions a row left out (its cells have problems) was entered in: their teams and
    # counts are not what the unit meant, so what is wrong with them waits for a fixed file.
    incomplete: set[int] = field(default_factory=set)


def _check_meta(wb, filename: str, event: Event, unit: Unit) -> None:
    if META_SHEET not in wb.sheetnames:
        return
    meta = {row[0]: row[1] for row in read_rows(wb[META_SHEET], filename, values_only=True) if row and row[0]}
    if meta.get("event") not in (None, event.slug):
        raise DomainError(
            _("Tệp này là mẫu của sự kiện khác (“%(s)s”). Hãy tải mẫu của sự kiện này.", s=meta.get("event")),
            field="file",
        )
    if meta.get("unit") not in (None, unit.code):
        raise DomainError(
            _("Tệp này là danh sách của đơn vị %(c)s, không phải %(u)s.", c=meta.get("unit"), u=unit.code), field="file"
        )


def _find_header(ws, filename: str) -> tuple[int, dict[str, tuple[int, str]]]:
    wanted = {header_key(h): k for k, h in PERSON_COLUMNS}
    for row_no, row in enumerate(read_rows(ws, filename, min_row=1, max_row=10, values_only=True), start=1):
        keys = [header_key(v) for v in row]
        if header_key("Họ và tên") not in keys:
            continue
        found: dict[str, tuple[int, str]] = {}
        for col, (k, raw) in enumerate(zip(keys, row, strict=True), start=1):
            if k in wanted:
                found[wanted[k]] = (col, str(raw))
            elif m := re.match(r"^(nội dung|đội) (\d+)$", k):
                found[f"{'comp' if m.group(1) == 'nội dung' else 'team'}{m.group(2)}"] = (col, str(raw))
        return row_no, found
    raise DomainError(
        _(
            "Không tìm thấy dòng tiêu đề có cột “Họ và tên” trong 10 dòng đầu của trang “%(s)s”. "
            "Hãy dùng tệp mẫu, không đổi tên các cột.",
            s=ws.title,
        ),
        field="file",
    )


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return nfc(str(value))


def _parse_date(value) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if float(value).is_integer() and 1_011_900 <= value <= 31_129_999:  # no date serial is that big
            return parse_date(f"{int(value):08d}")  # 20111990 typed into a number cell (01011990 loses its 0)
        return from_excel(value).date()  # a date serial in a General-formatted cell
    return parse_date(_text(value))


def _parse_card(cell, digits: int | None) -> tuple[str, str | None]:
    """(card number as text, problem or None). Numbers lose leading zeros in Excel."""
    value = cell.value
    if value is None:
        return "", None
    if isinstance(value, int | float) and not isinstance(value, bool):
        if isinstance(value, float) and not value.is_integer():
            return "", _("số thẻ “%(v)s” không hợp lệ.", v=value)
        text = str(int(value))
        width = len(cell.number_format) if set(cell.number_format) == {"0"} else digits
        if width and len(text) <= width:
            return text.zfill(width), None
        if width is None:
            return text, _(
                "số thẻ %(v)s được lưu dạng số nên có thể đã mất số 0 ở đầu; hãy định dạng cột là "
                "Văn bản (Text) và nhập lại đúng số thẻ.",
                v=text,
            )
        return text, None
    return "".join(_text(value).split()), None


def _choice(text: str, words: dict):
    key = text.casefold()
    for value, accepted in words.items():
        if key in accepted:
            return value
    return None


def read_roster(event: Event, unit: Unit, filename: str, content: bytes) -> ParsedRoster:
    """Parse the file into people and entries; cell problems are collected, not raised."""
    wb = open_xlsx(filename, content, formulas=True)
    _check_meta(wb, filename, event, unit)
    ws = wb[SHEET] if SHEET in wb.sheetnames else wb.worksheets[0]
    header_row, headers = _find_header(ws, filename)
    missing = [h for k, h in PERSON_COLUMNS if k in REQUIRED and k not in headers]
    if missing:
        raise DomainError(
            _(
                "Dòng tiêu đề (dòng %(r)d) thiếu cột: %(cols)s.",
                r=header_row,
                cols=", ".join(f"“{m}”" for m in missing),
            ),
            field="file",
        )
    parsed = ParsedRoster(headers=headers)
    comps = {header_key(c.name): c for c in event_competitions(event)}
    roles = {header_key(label(r)): r for r in PersonRole} | {r.value: r for r in PersonRole}
    slot_numbers = sorted(int(k[4:]) for k in headers if k.startswith("comp"))
    groups: dict[tuple[int, int], RosterEntry] = {}
    unnumbered: list[tuple[Competition, PersonData]] = []

    def where(row_no: int, key: str) -> str:
        col, title = headers[key]
        return _("Dòng %(r)s, cột %(c)s (%(h)s)", r=row_no, c=get_column_letter(col), h=title)

    for row_no, cells in enumerate(read_rows(ws, filename, min_row=header_row + 1), start=header_row + 1):

        def cell(key: str, cells=cells):
            col = headers.get(key, (None,))[0]
            return cells[col - 1] if col is not None and col <= len(cells) else None

        def value(key: str) -> str:
            c = cell(key)
            return _text(c.value) if c is not None else ""

        keys = [k for k in headers if k != "stt"]
        if not any(cell(k) is not None and cell(k).value not in (None, "") for k in keys):
            continue
        formulas = [k for k in keys if getattr(cell(k), "data_type", None) == FORMULA]
        if formulas:  # a number (stt) may be a formula; what is read never is
            parsed.problems += [(row_no, formula_refused(where(row_no, k), cell(k).value)) for k in formulas]
            continue
        problems: list[str] = []
        full_name = value("full_name")
        if not full_name:
            problems.append(where(row_no, "full_name") + ": " + _("họ và tên không được để trống."))
        gender = _choice(value("gender"), GENDER_WORDS)
        if gender is None:
            problems.append(
                where(row_no, "gender") + ": " + _("ghi “Nam” hoặc “Nữ” (đã ghi “%(v)s”).", v=value("gender"))
            )
        role = roles.get(header_key(value("role")))
        if role is None:
            problems.append(
                where(row_no, "role") + ": " + _("vai trò “%(v)s” không có trong danh sách.", v=value("role"))
            )
        birth = None
        if "birth_date" in headers and cell("birth_date") is not None and cell("birth_date").value not in (None, ""):
            try:
                birth = _parse_date(cell("birth_date").value)
            except (ValueError, OverflowError):
                problems.append(
                    where(row_no, "birth_date")
                    + ": "
                    + _(
                        "ngày sinh “%(v)s” không hợp lệ; ghi dạng ngày/tháng/năm, ví dụ 05/09/1985.",
                        v=value("birth_date"),
                    )
                )
        card = ""
        if "union_card_no" in headers and cell("union_card_no") is not None:
            card, card_problem = _parse_card(cell("union_card_no"), event.union_card_digits)
            if card_problem:
                problems.append(where(row_no, "union_card_no") + ": " + card_problem)
        entered: list[tuple[Competition, int, str]] = []
        for k in slot_numbers:
            comp_text = value(f"comp{k}")
            team_text = value(f"team{k}") if f"team{k}" in headers else ""
            if not comp_text:
                if team_text:
                    problems.append(where(row_no, f"team{k}") + ": " + _("có số đội nhưng chưa chọn nội dung."))
                continue
            comp = comps.get(header_key(comp_text))
            if comp is None:
                problems.append(
                    where(row_no, f"comp{k}") + ": " + _("không có nội dung “%(v)s” trong sự kiện này.", v=comp_text)
                )
                continue
            try:
                # No number: a team/pair is no. 1; a single athlete is an entry of their own.
                team_no = int(team_text) if team_text else (None if comp.format == CompetitionFormat.SINGLE else 1)
                if team_no is not None and team_no < 1:
                    raise ValueError
            except ValueError:
                problems.append(where(row_no, f"team{k}") + ": " + _("số đội phải là số nguyên dương."))
                continue
            if any(c is comp for c, _t, _l in entered):
                problems.append(where(row_no, f"comp{k}") + ": " + _("nội dung “%(v)s” ghi hai lần.", v=comp.name))
                continue
            entered.append((comp, team_no, get_column_letter(headers[f"comp{k}"][0])))
        if problems:
            parsed.problems += [(row_no, p) for p in problems]
            parsed.incomplete.update(comp.id for comp, _n, _l in entered)
            continue
        plain = {f.key: value(f.key) for f in TEXT_FIELDS if not f.as_text}  # any other text field as typed
        person = PersonData(
            **plain | {"full_name": full_name},
            gender=gender,
            birth_date=birth,
            union_card_no=card,
            role=role,
            unit_id=unit.id,
        )
        typed = person.input_problems(event.union_card_digits, local_today())
        if typed:
            parsed.problems += [
                (row_no, where(row_no, f if f in headers else "full_name") + ": " + m) for f, m in typed
            ]
            parsed.incomplete.update(comp.id for comp, _n, _l in entered)
            continue
        parsed.people.append(person)
        parsed.row_of[id(person)] = row_no
        for comp, team_no, letter in entered:
            if team_no is None:
                unnumbered.append((comp, person))
            else:
                groups.setdefault((comp.id, team_no), RosterEntry(comp, team_no)).members.append(person)
            parsed.comp_cells[(row_no, comp.id)] = letter
    for comp, person in unnumbered:  # numbered after the numbers the file uses
        team_no = 1 + max((n for c, n in groups if c == comp.id), default=0)
        groups[(comp.id, team_no)] = RosterEntry(comp, team_no, [person])
    wb.close()  # read-only workbooks keep the file open until closed
    if not parsed.people and not parsed.problems:
        raise DomainError(
            _("Trang “%(s)s” không có dòng dữ liệu nào (dữ liệu bắt đầu từ dòng %(r)d).", s=ws.title, r=header_row + 1),
            field="file",
        )
    parsed.entries = sorted(groups.values(), key=lambda e: (text_sort_key(e.competition.name), e.team_no))
    return parsed


def _locate(parsed: ParsedRoster, problem: inputs.Problem) -> str:
    """'Dòng r, cột C (header)' for a rule broken in the file."""
    people = problem.people
    if not people and problem.competition is not None:
        people = tuple(m for e in parsed.entries if e.competition is problem.competition for m in e.members)
    rows = sorted({parsed.row_of[id(p)] for p in people if id(p) in parsed.row_of})
    if not rows:
        return ""
    if problem.competition is not None:
        letters = sorted({parsed.comp_cells.get((r, problem.competition.id), "") for r in rows} - {""})
        column = ", ".join(letters)
        header = "Nội dung"
    else:
        key = problem.field if problem.field in parsed.headers else "full_name"
        col, header = parsed.headers.get(key, parsed.headers["full_name"])
        column = get_column_letter(col)
    if problem.field == "competitions":
        header = "Nội dung"
        column = ", ".join(sorted({v for (r, _c), v in parsed.comp_cells.items() if r in rows}))
    return _("Dòng %(r)s, cột %(c)s (%(h)s)", r=", ".join(map(str, rows)), c=column, h=header)


def check_import(event: Event, unit: Unit, parsed: ParsedRoster) -> roster.RosterPlan:
    """What the parsed file would change, or ValidationErrors: every problem of the file in one
    pass, sorted by row (cells that cannot be read and rules the readable rows break). Writes
    nothing."""
    result = roster.plan_roster(event, unit, parsed.people, parsed.entries, check_only=bool(parsed.problems))
    problems = list(parsed.problems)
    if isinstance(result, list):
        problems += [
            (_first_row(parsed, p), f"{_locate(parsed, p)}: {p.message}".lstrip(": "))
            for p in result
            if not _waits_for_fixed_rows(parsed, p)
        ]
    if problems:
        messages = [m for _row, m in sorted(problems, key=lambda rm: rm[0])]
        raise ValidationErrors(_("Chưa nhập gì vì tệp có %(n)d lỗi:", n=len(messages)), messages)
    assert isinstance(result, roster.RosterPlan)
    return result


def preview_import(event: Event, unit: Unit, filename: str, content: bytes) -> tuple[ParsedRoster, roster.RosterPlan]:
    """The file read and checked, and what it would change; writes nothing (so on SQLite it
    holds no write lock while a 5,000-row file is read)."""
    registrations.check_open(event, unit)
    parsed = read_roster(event, unit, filename, content)
    return parsed, check_import(event, unit, parsed)


@dataclass
class PlannedImport:
    plan: roster.RosterPlan
    digest: str  # of what the check read (services/registration/snapshot.py)


def plan_import(event: Event, unit: Unit, parsed: ParsedRoster) -> PlannedImport:
    """``check_import`` in a reading transaction, with the digest of what it read: taken
    first, so a change committed while the check runs makes the digests differ."""
    digest = snapshot.roster_digest(event.id)
    return PlannedImport(check_import(event, unit, parsed), digest)


def save_import(
    event: Event, unit: Unit, parsed: ParsedRoster, actor, planned: PlannedImport | None = None
) -> roster.RosterChange:
    """Replace the unit's roster with a file read beforehand, under the registration's lock:
    written as ``planned`` when nothing that plan's check read has changed since, else checked
    again against the database as it is now; nothing is written if any row fails."""
    registrations.ensure_open(event, unit)
    if planned is not None and snapshot.roster_digest(event.id) == planned.digest:
        plan = roster.reload_plan(planned.plan)
    else:
        plan = check_import(event, unit, parsed)
    return roster.apply_roster(plan, actor)


def import_roster(event: Event, unit: Unit, filename: str, content: bytes, actor) -> roster.RosterChange:
    """Read the file and replace the unit's roster with it in one go."""
    return save_import(event, unit, read_roster(event, unit, filename, content), actor)


def _waits_for_fixed_rows(parsed: ParsedRoster, problem: inputs.Problem) -> bool:
    """A team's size or a unit's count in a competition some unreadable row was entered in."""
    if problem.competition is None or problem.competition.id not in parsed.incomplete:
        return False
    return problem.whole_entry or not problem.people


def _first_row(parsed: ParsedRoster, problem: inputs.Problem) -> int:
    people = problem.people or tuple(
        m for e in parsed.entries if e.competition is problem.competition for m in e.members
    )
    return min((parsed.row_of[id(p)] for p in people if id(p) in parsed.row_of), default=0)
