"""Opening an uploaded .xlsx safely: one place that says what is wrong with a file."""

from __future__ import annotations

import io
import zipfile

from flask_babel import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from services.errors import DomainError

MAX_BYTES = 5 * 1024 * 1024


def open_xlsx(filename: str, content: bytes):
    """A read-only workbook, or a DomainError: too large, not .xlsx, renamed, or damaged."""
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
    try:
        return load_workbook(io.BytesIO(content), data_only=True, read_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise DomainError(
            _("Không đọc được tệp Excel “%(f)s”: tệp hỏng hoặc không phải .xlsx.", f=filename), field="file"
        ) from exc


def workbook(sheets: list[tuple[str, list]]) -> bytes:
    """Sheets of report sections (printables.reports.Section): each section its title, its
    note, its header row and rows, a blank row between sections."""
    wb = Workbook()
    wb.remove(wb.active)
    for name, sections in sheets:
        ws = wb.create_sheet(_sheet_name(name))
        for section in sections:
            ws.append([section.title])
            ws.cell(ws.max_row, 1).font = Font(bold=True)
            if section.note:
                ws.append([section.note])
            ws.append(section.headers)
            for cell in ws[ws.max_row]:
                cell.font = Font(bold=True)
            for row in section.rows:
                ws.append(row)
            ws.append([])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _sheet_name(name: str) -> str:
    """Excel refuses : \\ / ? * [ ] in sheet names and more than 31 characters."""
    return "".join(" " if ch in ":\\/?*[]" else ch for ch in name)[:31]
