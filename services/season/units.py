"""Member units: create, edit and import from a CSV or Excel list (all or nothing)."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from flask_babel import gettext as _
from openpyxl.utils import get_column_letter
from sqlalchemy import select

from extensions import db
from models import Unit, UnitKind
from services.errors import DomainError, RecordNotFound, ValidationErrors
from services.spreadsheets import FORMULA, formula_refused, open_xlsx, read_rows
from services.text import nfc, text_sort_key

CODE_RE = re.compile(r"^[A-Z0-9_-]{1,20}$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

# Header spellings accepted in an imported list (lower-cased, NFC).
HEADERS = {
    "code": ("mã", "mã đơn vị", "code"),
    "name": ("tên", "tên đơn vị", "name"),
    "kind": ("loại", "loại đơn vị", "kind"),
    "counts_for_participation": ("tính vào 100%", "tính 100%", "counts", "counts_for_participation"),
    "contact_name": ("người liên hệ", "contact", "contact_name"),
    "phone": ("điện thoại", "số điện thoại", "phone"),
    "email": ("email", "thư điện tử"),
}
KIND_WORDS = {
    UnitKind.DISTRICT: ("district", "lđlđ huyện", "lđlđ huyện, thị xã, thành phố", "huyện"),
    UnitKind.SECTORAL: ("sectoral", "công đoàn ngành", "cđ ngành", "ngành"),
    UnitKind.GRASSROOTS: ("grassroots", "cđcs trực thuộc", "cđcs trực thuộc tỉnh", "cđcs"),
}
YES = ("có", "x", "1", "yes", "true", "c")
NO = ("không", "0", "no", "false", "k", "")


@dataclass
class UnitData:
    code: str
    name: str
    kind: UnitKind
    counts_for_participation: bool
    contact_name: str = ""
    phone: str = ""
    email: str = ""
    active: bool = True


def default_counts(kind: UnitKind) -> bool:
    """Upper-level unions count toward 100%; grassroots unions under the province do not."""
    return kind != UnitKind.GRASSROOTS


def check_unit_data(data: UnitData) -> list[tuple[str, str]]:
    """Problems as (field, message); empty when the data can be saved."""
    problems = []
    if not CODE_RE.match(data.code):
        problems.append(("code", _("Mã đơn vị chỉ gồm chữ in hoa không dấu, số, “-” hoặc “_” (tối đa 20 ký tự).")))
    if not data.name:
        problems.append(("name", _("Tên đơn vị không được để trống.")))
    if data.email and not EMAIL_RE.match(data.email):
        problems.append(("email", _("Địa chỉ email “%(v)s” không hợp lệ.", v=data.email)))
    return problems


def normalise_code(code: str) -> str:
    """A unit code as stored: NFC, no surrounding spaces, upper case ("bmt " → "BMT")."""
    return nfc(code or "").strip().upper()


def unit_by_code(code: str) -> Unit | None:
    """The one lookup of a unit by its code (URLs, forms, files, the command line)."""
    return db.session.scalar(select(Unit).where(Unit.code == normalise_code(code)))


def unit_or_not_found(code: str) -> Unit:
    """The unit a URL names, or RecordNotFound (answered 404)."""
    unit = unit_by_code(code)
    if unit is None:
        raise RecordNotFound()
    return unit


def save_unit(unit: Unit | None, data: UnitData) -> Unit:
    data.code = normalise_code(data.code)
    problems = check_unit_data(data)
    if problems:
        field, message = problems[0]
        raise DomainError(message, field=field)
    clash = db.session.scalar(select(Unit).where(Unit.code == data.code))
    if clash is not None and clash is not unit:
        raise DomainError(_("Mã đơn vị “%(c)s” đã có.", c=data.code), field="code")
    if unit is None:
        unit = Unit(code=data.code)
        db.session.add(unit)
    _apply(unit, data)
    db.session.flush()
    return unit


def _apply(unit: Unit, data: UnitData) -> None:
    unit.code = data.code
    unit.name = nfc(data.name)
    unit.kind = data.kind
    unit.counts_for_participation = data.counts_for_participation
    unit.contact_name = nfc(data.contact_name)
    unit.phone = nfc(data.phone)
    unit.email = nfc(data.email).lower()
    unit.active = data.active


def list_units() -> list[Unit]:
    units = db.session.scalars(select(Unit)).all()
    return sorted(units, key=lambda u: (not u.counts_for_participation, u.kind.value, text_sort_key(u.name)))


# --- import -------------------------------------------------------------------------


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return nfc(str(value))


def _read_rows(filename: str, content: bytes) -> list[list[str]]:
    name = filename.lower()
    if name.endswith(".xlsx"):
        wb = open_xlsx(filename, content, formulas=True)
        rows = []
        for row_no, row in enumerate(read_rows(wb.worksheets[0], filename), start=1):
            for col, c in enumerate(row, start=1):
                if c.data_type == FORMULA:
                    where = _("Dòng %(r)s, cột %(c)s", r=row_no, c=get_column_letter(col))
                    raise DomainError(formula_refused(where, c.value), field="file")
            rows.append([_cell_text(c.value) for c in row])
        wb.close()
        return rows
    if name.endswith(".csv"):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise DomainError(_("Tệp CSV “%(f)s” phải lưu bằng bảng mã UTF-8.", f=filename)) from exc
        dialect = csv.Sniffer().sniff(text[:2048], delimiters=",;\t") if text.strip() else csv.excel
        return [[_cell_text(v) for v in row] for row in csv.reader(io.StringIO(text), dialect)]
    raise DomainError(_("Chỉ nhận tệp .xlsx hoặc .csv (tệp đã gửi: “%(f)s”).", f=filename), field="file")


def _header_map(header: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for idx, title in enumerate(header):
        title = title.lower()
        for field, spellings in HEADERS.items():
            if title in spellings:
                found[field] = idx
    missing = [HEADERS[f][1] for f in ("code", "name", "kind") if f not in found]
    if missing:
        raise DomainError(
            _("Dòng tiêu đề (dòng 1) thiếu cột: %(cols)s.", cols=", ".join(f"“{m}”" for m in missing)),
            field="file",
        )
    return found


def _parse_kind(text: str) -> UnitKind | None:
    text = text.lower()
    for kind, words in KIND_WORDS.items():
        if text in words:
            return kind
    return None


def import_units(filename: str, content: bytes) -> tuple[int, int]:
    """Create or update units from a list; returns (created, updated). All rows or none."""
    rows = _read_rows(filename, content)
    while rows and not any(rows[-1]):
        rows.pop()
    if not rows:
        raise DomainError(_("Tệp “%(f)s” không có dữ liệu.", f=filename), field="file")
    cols = _header_map(rows[0])
    problems: list[str] = []
    parsed: list[UnitData] = []
    seen: dict[str, int] = {}

    def where(row_no: int, field: str) -> str:
        return _(
            "Dòng %(r)s, cột %(c)s (%(h)s)", r=row_no, c=get_column_letter(cols[field] + 1), h=rows[0][cols[field]]
        )

    for row_no, row in enumerate(rows[1:], start=2):
        if not any(row):
            continue

        def cell(field: str, row=row) -> str:
            idx = cols.get(field)
            return row[idx] if idx is not None and idx < len(row) else ""

        kind = _parse_kind(cell("kind"))
        if kind is None:
            problems.append(
                where(row_no, "kind")
                + ": "
                + _(
                    "loại đơn vị “%(v)s” không hợp lệ; ghi “LĐLĐ huyện”, “Công đoàn ngành” hoặc “CĐCS trực thuộc”.",
                    v=cell("kind"),
                )
            )
            continue
        counts_text = cell("counts_for_participation").lower()
        if "counts_for_participation" not in cols or counts_text == "":
            counts = default_counts(kind)
        elif counts_text in YES:
            counts = True
        elif counts_text in NO:
            counts = False
        else:
            problems.append(
                where(row_no, "counts_for_participation")
                + ": "
                + _("ghi “có” hoặc “không” (đã ghi “%(v)s”).", v=cell("counts_for_participation"))
            )
            continue
        data = UnitData(
            code=cell("code").upper(),
            name=cell("name"),
            kind=kind,
            counts_for_participation=counts,
            contact_name=cell("contact_name"),
            phone=cell("phone"),
            email=cell("email"),
        )
        row_problems = check_unit_data(data)
        for field, message in row_problems:
            problems.append(where(row_no, field) + ": " + message)
        if data.code in seen:
            problems.append(
                where(row_no, "code") + ": " + _("mã “%(c)s” trùng với dòng %(r)d.", c=data.code, r=seen[data.code])
            )
        seen.setdefault(data.code, row_no)
        if not row_problems:
            parsed.append(data)
    if problems:
        raise ValidationErrors(_("Chưa nhập đơn vị nào vì tệp có lỗi:"), problems)
    existing = {u.code: u for u in db.session.scalars(select(Unit).where(Unit.code.in_(list(seen))))}
    created = updated = 0
    for data in parsed:
        unit = existing.get(data.code)
        if unit is None:
            unit = Unit(code=data.code)
            db.session.add(unit)
            created += 1
        else:
            updated += 1
        _apply(unit, data)
    db.session.flush()
    return created, updated
