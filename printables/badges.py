"""Badges: A6 one per page, or A4 sheets of 8 (2 × 4) with cut marks. Data in, PDF out.

Drawn in parts of ``PART_PAGES`` pages joined by printables/pdfjoin.py, so a print of any
size uses the memory of one part, and a web download can start before the last page.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from reportlab.lib.colors import HexColor, white
from reportlab.lib.pagesizes import A4, A6
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from printables import fonts, qr
from printables.pdfjoin import join_stream

PART_PAGES = 200
FIRST_PART_PAGES = 10
LAYOUTS = ("a6", "a4-8")

# One colour band per role (print-safe, readable with white text).
ROLE_COLOURS = {
    "athlete": "#0B4F9C",
    "coach": "#1B7F3B",
    "team_leader": "#B3261E",
    "performer": "#7B1FA2",
    "worker": "#E65100",
    "guest": "#5F6368",
}


@dataclass
class BadgeData:
    event_name: str
    full_name: str
    unit_name: str
    role: str  # PersonRole value, picks the colour
    role_label: str
    token: str
    short_code: str
    number: str
    competitions: list[str] = field(default_factory=list)
    photo: bytes | None = None


# --- one badge -------------------------------------------------------------------------


def _lines(
    c: Canvas, lines: list[str], font: str, size: float, x: float, top: float, centred: bool, leading: float = 1.15
) -> float:
    """Draw lines from ``top`` down, centred on x or starting at x; returns the y below them."""
    c.setFont(font, size)
    draw = c.drawCentredString if centred else c.drawString
    y = top
    for line in lines:
        y -= size
        draw(x, y, line)
        y -= size * (leading - 1)
    return y


def _competition_text(names: list[str], font: str, size: float, max_width: float, max_lines: int) -> list[str]:
    """As many competitions as fit on ``max_lines`` lines, then “+N”."""
    lines: list[str] = []
    current = ""
    for i, name in enumerate(names):
        candidate = f"{current} · {name}" if current else name
        if fonts.width(candidate, font, size) <= max_width:
            current = candidate
            continue
        if current:
            lines.append(current)
        if len(lines) == max_lines:
            rest = len(names) - i
            lines[-1] = _with_suffix(lines[-1], f" +{rest}", font, size, max_width)
            return lines
        current = name if fonts.width(name, font, size) <= max_width else _with_suffix(name, "", font, size, max_width)
    if current:
        lines.append(current)
    return lines


def _with_suffix(text: str, suffix: str, font: str, size: float, max_width: float) -> str:
    while text and fonts.width(text + "…" + suffix, font, size) > max_width:
        text = text[:-1]
    return text + ("…" if suffix == "" else "") + suffix


def _role_band(c: Canvas, badge: BadgeData, x: float, y: float, w: float, h: float) -> None:
    c.setFillColor(HexColor(ROLE_COLOURS.get(badge.role, "#333333")))
    c.rect(x, y, w, h, stroke=0, fill=1)
    c.setFillColor(white)
    label = fonts.text(badge.role_label).upper()
    size = fonts.fit_size(label, fonts.BOLD, w - 6 * mm, h * 0.55, 6) or 6
    c.setFont(fonts.BOLD, size)
    c.drawCentredString(x + w / 2, y + (h - size * 0.72) / 2, label)


def _qr_block(c: Canvas, badge: BadgeData, x: float, y: float, side: float) -> None:
    """QR with its quiet zone inside the square (x, y, side)."""
    c.setFillColor(white)
    c.rect(x, y, side, side, stroke=0, fill=1)
    c.setFillColorRGB(0, 0, 0)
    quiet = side * 4 / 33  # a version-2 code is 25 modules + 2 × 4 quiet modules
    qr.draw(c, badge.token, x + quiet, y + quiet, side - 2 * quiet)


def _photo(c: Canvas, badge: BadgeData, x: float, y: float, w: float, h: float) -> None:
    if badge.photo:
        c.drawImage(ImageReader(io.BytesIO(badge.photo)), x, y, w, h, preserveAspectRatio=True, anchor="c")


def draw_portrait(c: Canvas, badge: BadgeData, x: float, y: float, w: float, h: float) -> None:
    """A6 and other tall cards: name across the top, QR below, role band at the foot."""
    pad = 6 * mm
    inner = w - 2 * pad
    cx = x + w / 2
    top = y + h - pad
    c.setFillColorRGB(0.25, 0.25, 0.25)
    lines, size = fonts.split_lines(badge.event_name, fonts.SEMIBOLD, inner, 9, 6, 2)
    top = _lines(c, lines, fonts.SEMIBOLD, size, cx, top, True) - 3 * mm
    c.setFillColorRGB(0, 0, 0)
    lines, size = fonts.split_lines(badge.full_name, fonts.BOLD, inner, 24, 12, 3)
    top = _lines(c, lines, fonts.BOLD, size, cx, top, True, 1.1) - 1.5 * mm
    lines, size = fonts.split_lines(badge.unit_name, fonts.SEMIBOLD, inner, 12, 7, 2)
    top = _lines(c, lines, fonts.SEMIBOLD, size, cx, top, True)
    if badge.competitions:
        lines = _competition_text([fonts.text(n) for n in badge.competitions], fonts.REGULAR, 8, inner, 2)
        top = _lines(c, lines, fonts.REGULAR, 8, cx, top - 1 * mm, True)
    band = 14 * mm
    code_h = 7 * mm
    room = top - (y + band + code_h) - 2 * mm
    side = min(55 * mm, room, inner)
    qr_x = cx - side / 2 if not badge.photo else x + w - pad - side
    qr_y = y + band + code_h + (room - side) / 2
    if badge.photo:
        _photo(c, badge, x + pad, qr_y, w - 2 * pad - side - 3 * mm, side)
    _qr_block(c, badge, qr_x, qr_y, side)
    c.setFillColorRGB(0, 0, 0)
    c.setFont(fonts.BOLD, 13)
    c.drawCentredString(qr_x + side / 2, y + band + 2 * mm, badge.short_code)
    c.setFont(fonts.REGULAR, 7)
    c.drawString(x + pad, y + band + 2 * mm, f"Số {badge.number}")
    _role_band(c, badge, x, y, w, band)


def draw_landscape(c: Canvas, badge: BadgeData, x: float, y: float, w: float, h: float) -> None:
    """Wide cards (8 to an A4 sheet): text on the left, QR on the right, role band at the foot."""
    pad = 4 * mm
    band = 9 * mm
    side = h - band - 2 * pad - 4 * mm
    text_w = w - side - 3 * pad
    left = x + pad
    top = y + h - pad
    c.setFillColorRGB(0.25, 0.25, 0.25)
    lines, size = fonts.split_lines(badge.event_name, fonts.SEMIBOLD, text_w, 7, 5, 2)
    top = _lines(c, lines, fonts.SEMIBOLD, size, left, top, False) - 2 * mm
    c.setFillColorRGB(0, 0, 0)
    lines, size = fonts.split_lines(badge.full_name, fonts.BOLD, text_w, 17, 9, 3)
    top = _lines(c, lines, fonts.BOLD, size, left, top, False, 1.1) - 1 * mm
    lines, size = fonts.split_lines(badge.unit_name, fonts.SEMIBOLD, text_w, 9, 6, 2)
    top = _lines(c, lines, fonts.SEMIBOLD, size, left, top, False)
    if badge.competitions:
        lines = _competition_text([fonts.text(n) for n in badge.competitions], fonts.REGULAR, 6.5, text_w, 2)
        _lines(c, lines, fonts.REGULAR, 6.5, left, top - 0.5 * mm, False)
    c.setFont(fonts.REGULAR, 6)
    c.drawString(left, y + band + 1.5 * mm, f"Số {badge.number}")
    qr_x = x + w - pad - side
    qr_y = y + band + 4 * mm + pad / 2
    _qr_block(c, badge, qr_x, qr_y, side)
    c.setFillColorRGB(0, 0, 0)
    c.setFont(fonts.BOLD, 10)
    c.drawCentredString(qr_x + side / 2, y + band + 1.5 * mm, badge.short_code)
    _role_band(c, badge, x, y, w, band)


# --- pages ---------------------------------------------------------------------------

SHEET_COLS, SHEET_ROWS = 2, 4
CARD_W, CARD_H, GUTTER = 95 * mm, 66 * mm, 6 * mm
CUT = 3 * mm


def _sheet_origin() -> tuple[float, float]:
    width, height = A4
    return (
        (width - SHEET_COLS * CARD_W - (SHEET_COLS - 1) * GUTTER) / 2,
        (height - SHEET_ROWS * CARD_H - (SHEET_ROWS - 1) * GUTTER) / 2,
    )


def _cut_marks(c: Canvas, x: float, y: float, w: float, h: float) -> None:
    """Short lines outside each corner, in the gutter, where the guillotine goes."""
    c.setLineWidth(0.3)
    c.setStrokeColorRGB(0, 0, 0)
    for cx, sx in ((x, -1), (x + w, 1)):
        for cy, sy in ((y, -1), (y + h, 1)):
            c.line(cx + sx * 1 * mm, cy, cx + sx * CUT, cy)
            c.line(cx, cy + sy * 1 * mm, cx, cy + sy * CUT)


def _draw_part(badges: list[BadgeData], layout: str) -> bytes:
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A6 if layout == "a6" else A4, invariant=1, pageCompression=1)
    c.setTitle("Thẻ")
    if layout == "a6":
        for badge in badges:
            draw_portrait(c, badge, 0, 0, *A6)
            c.showPage()
    else:
        x0, y0 = _sheet_origin()
        per_sheet = SHEET_COLS * SHEET_ROWS
        for start in range(0, len(badges), per_sheet):
            for i, badge in enumerate(badges[start : start + per_sheet]):
                col, row = i % SHEET_COLS, i // SHEET_COLS
                x = x0 + col * (CARD_W + GUTTER)
                y = y0 + (SHEET_ROWS - 1 - row) * (CARD_H + GUTTER)
                c.saveState()
                draw_landscape(c, badge, x, y, CARD_W, CARD_H)
                c.restoreState()
                _cut_marks(c, x, y, CARD_W, CARD_H)
            c.showPage()
    c.save()
    return buf.getvalue()


def _parts(badges: Iterable[BadgeData], layout: str) -> Iterator[bytes]:
    if layout not in LAYOUTS:
        raise ValueError(f"layout must be one of {LAYOUTS}")
    fonts.register()
    per_sheet = 1 if layout == "a6" else SHEET_COLS * SHEET_ROWS
    iterator = iter(badges)
    size = FIRST_PART_PAGES * per_sheet  # a small first part: the first pages arrive at once
    while part := list(islice(iterator, size)):
        yield _draw_part(part, layout)
        size = PART_PAGES * per_sheet


def badge_pdf_stream(badges: Iterable[BadgeData], layout: str = "a6") -> Iterator[bytes]:
    """The PDF in pieces, as soon as each part is drawn (for a streamed download or a file)."""
    return join_stream(_parts(badges, layout))


def badge_pdf(badges: Iterable[BadgeData], layout: str = "a6") -> bytes:
    return b"".join(badge_pdf_stream(badges, layout))
