"""Spreadsheets in and out. In: opening an uploaded .xlsx safely, one place that says what is
wrong with a file. Out: the one cell writer every .xlsx and .csv the app produces goes
through (``cells``, ``put``, ``table_xlsx``, ``table_csv``, ``workbook``): text typed by users
is written as text, never as a formula, whatever it starts with (OWASP CSV injection: in CSV
a text starting with = + - @, tab or CR gets a leading '), numbers and dates stay what they
are, and characters a workbook cannot hold (control characters) are left out instead of
failing the whole export.
"""

from __future__ import annotations

import csv
import io
import zipfile

from flask_babel import gettext as _
from openpyxl import load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell, WriteOnlyCell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from services import sheetwriter
from services.errors import DomainError

MAX_BYTES = 5 * 1024 * 1024
MAX_UNPACKED_BYTES = 100 * 1024 * 1024  # what the zip says it holds: a "zip bomb" is refused unread
MAX_ROWS = 10_000


def open_xlsx(filename: str, content: bytes, formulas: bool = False):
    """A read-only workbook, or a DomainError: too large, not .xlsx, renamed, or damaged.
    ``formulas``: a formula cell keeps its formula (data type ``FORMULA``) so that an import
    can refuse it by cell (its cached value would silently become the data: "=1+1" as the
    name "2"); otherwise cells hold the values Excel last computed."""
    if len(content) > MAX_BYTES:
        raise DomainError(
            _(
                "Tệp “%(f)s” lớn %(s).1f MB, vượt giới hạn %(m)d MB.",
                f=filename,
                s=len(content) / 1048576,
                m=MAX_BYTES // 1048576,
            ),
            field="file",
        )
    if not filename.lower().endswith(".xlsx"):
        raise DomainError(
            _("Chỉ nhận tệp Excel .xlsx (tệp đã gửi: “%(f)s”). Hãy dùng tệp mẫu tải về từ trang này.", f=filename),
            field="file",
        )
    if not zipfile.is_zipfile(io.BytesIO(content)):
        raise DomainError(
            _("Tệp “%(f)s” không phải tệp Excel .xlsx thật (có thể là tệp khác được đổi tên).", f=filename),
            field="file",
        )
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        if sum(member.file_size for member in archive.infolist()) > MAX_UNPACKED_BYTES:
            raise _damaged(filename)
    try:
        # XML with a DOCTYPE or entities (XXE, "billion laughs") is refused by defusedxml,
        # which openpyxl uses once it is installed (requirements.txt).
        return load_workbook(io.BytesIO(content), data_only=not formulas, read_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise _damaged(filename) from exc


def _damaged(filename: str) -> DomainError:
    return DomainError(_("Không đọc được tệp Excel “%(f)s”: tệp hỏng hoặc không phải .xlsx.", f=filename), field="file")


def read_rows(ws, filename: str, **kw) -> list[tuple]:
    """A read-only sheet's rows (``iter_rows`` arguments), read now: the XML of a read-only
    workbook is parsed while rows are read, so a damaged or hostile file (entities, a date
    serial no calendar has) fails here with the import's message, not later with a 500."""
    rows = []
    try:
        for row in ws.iter_rows(**kw):
            rows.append(row)
            if len(rows) > MAX_ROWS:
                raise DomainError(
                    _("Tệp “%(f)s” có hơn %(n)d dòng: hãy chia nhỏ.", f=filename, n=MAX_ROWS), field="file"
                )
    except DomainError:
        raise
    except Exception as exc:  # defusedxml's refusals, ParseError, OverflowError of a date serial, …
        raise _damaged(filename) from exc
    return rows


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
FORMULA = "f"  # a cell's data type when it holds a formula (open_xlsx(formulas=True))


def formula_refused(where: str, formula: str) -> str:
    """The one message for a formula where a value must be typed."""
    return _(
        "%(w)s: ô có công thức “%(f)s”; hãy dán giá trị thay cho công thức (Dán đặc biệt → Giá trị).",
        w=where,
        f=str(formula)[:40],
    )


def _text(value: str) -> str:
    return ILLEGAL_CHARACTERS_RE.sub("", value)


def _inert(cell, value):
    """A cell holding ``value``; a text is a text (data type "s"), never read as a formula."""
    if isinstance(value, str):
        cell.value = _text(value)
        cell.data_type = "s"
    else:
        cell.value = value
    return cell


def cells(ws, values) -> list:
    """A row for ``ws.append``: every value written by the one cell writer."""
    make = (lambda: WriteOnlyCell(ws)) if isinstance(ws, WriteOnlyWorksheet) else (lambda: Cell(ws))
    return [_inert(make(), value) for value in values]


def put(ws, row: int, column: int, value):
    """``ws.cell(row, column, value)`` through the one cell writer; returns the cell."""
    return _inert(ws.cell(row=row, column=column), value)


def csv_value(value):
    """A CSV field that no spreadsheet will run: texts starting like a formula get a leading '."""
    if isinstance(value, str):
        value = _text(value)
        return "'" + value if value.startswith(FORMULA_START) else value
    return "" if value is None else value


def table_xlsx(title: str, headers: list[str], rows: list[list], sheet: str = "Đăng ký") -> bytes:
    """Row 1 the title, row 2 the headers, then the rows (services/sheetwriter.py: every text an
    inline string, never a formula; 10,000 people in a fraction of a second)."""
    return sheetwriter.write([(_sheet_name(sheet), [[title], headers, *rows], {1, 2})])


def rows_xlsx(sheet: str, rows: list[list], bold: set[int]) -> bytes:
    """Rows laid out by the caller (a payout list's subtotals), ``bold``: their numbers from 1."""
    return sheetwriter.write([(_sheet_name(sheet), rows, bold)])


def table_csv(headers: list[str], rows: list[list]) -> bytes:
    """UTF-8 with a BOM, so Excel opens Vietnamese text correctly."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow([csv_value(v) for v in headers])
    writer.writerows([csv_value(v) for v in row] for row in rows)
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def workbook(sheets: list[tuple[str, list]]) -> bytes:
    """Sheets of report sections (printables.reports.Section): each section its title (bold),
    its note, its header row (bold) and rows, a blank row between sections."""
    out = []
    for name, sections in sheets:
        rows: list[list] = []
        bold: set[int] = set()
        for section in sections:
            rows.append([section.title])
            bold.add(len(rows))
            if section.note:
                rows.append([section.note])
            rows.append(list(section.headers))
            bold.add(len(rows))
            rows += [list(row) for row in section.rows]
            rows.append([])
        out.append((_sheet_name(name), rows, bold))
    return sheetwriter.write(out)


def _sheet_name(name: str) -> str:
    """Excel refuses : \\ / ? * [ ] in sheet names and more than 31 characters."""
    return "".join(" " if ch in ":\\/?*[]" else ch for ch in str(name))[:31]
