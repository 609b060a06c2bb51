"""Sending generated files (Excel, CSV) with a Vietnamese file name that every browser takes."""

from __future__ import annotations

import io

from flask import send_file

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def send_bytes(content: bytes, filename: str, mimetype: str):
    return send_file(io.BytesIO(content), mimetype=mimetype, as_attachment=True, download_name=filename, max_age=0)


def send_table(kind: str, stem: str, title: str, headers: list[str], rows: list[list], sheet: str = "Đăng ký"):
    """``kind`` is "xlsx" or "csv" (UTF-8 with BOM, for Excel)."""
    from services.spreadsheets import table_csv, table_xlsx

    if kind == "csv":
        return send_bytes(table_csv(headers, rows), f"{stem}.csv", CSV)
    return send_bytes(table_xlsx(title, headers, rows, sheet), f"{stem}.xlsx", XLSX)


def send_pdf(content: bytes, filename: str, as_attachment: bool = False):
    """A PDF shown in the browser (to print) unless ``as_attachment``."""
    return send_file(
        io.BytesIO(content), mimetype="application/pdf", as_attachment=as_attachment, download_name=filename, max_age=0
    )
