"""Official printables as tables: the schedule (lịch thi đấu), a competition's result sheet
(biên bản kết quả, with signature lines), the medal table and overall ranking, the 100%
reports. Plain data in (``Report`` of ``Section``s: strings and numbers, every text already
worded and translated by services/results/sheets.py or services/participation/reports.py),
PDF bytes out. Nothing here reads the database or the request.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from functools import lru_cache
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from printables import charts, fonts


@dataclass
class Section:
    """One titled table: headers and rows of strings and numbers; widths in mm (None: by text)."""

    title: str
    headers: list[str]
    rows: list[list]
    note: str = ""
    widths: list[float] | None = None
    empty: str = ""  # the row shown when there are none
    size: float | None = None  # the type size to start from (a notice board's order of play: big)
    new_page: bool = False  # begins a new page
    after: str = ""  # a line under the table (a total in words)
    chart: charts.Chart | None = None  # drawn above the table (the table is its numbers)
    signatures: list[str] = field(default_factory=list)  # signature lines under this table (a payout list's)


@dataclass
class Report:
    title: str
    subtitle: str
    printed: str  # "In lúc 30/08/2024 17:05"
    sections: list[Section]
    landscape: bool = False
    footnote: str = ""
    signatures: list[str] = field(default_factory=list)  # signature lines at the end (result sheets)
    signature_hint: str = ""  # "(ký, ghi rõ họ tên)"


_BODY = ParagraphStyle("body", fontName=fonts.REGULAR, fontSize=9, leading=11)
STYLES = {
    "title": ParagraphStyle("title", fontName=fonts.BOLD, fontSize=14, leading=18, spaceAfter=4),
    "h2": ParagraphStyle("h2", fontName=fonts.BOLD, fontSize=11, leading=14, spaceBefore=8, spaceAfter=4),
    "head": ParagraphStyle("head", parent=_BODY, fontName=fonts.SEMIBOLD),
    "body": _BODY,
    "small": ParagraphStyle("small", parent=_BODY, fontSize=8, leading=10, textColor=colors.grey),
    "centre": ParagraphStyle("centre", parent=_BODY, alignment=1),
}


def p(value, style: str = "body", size: float | None = None) -> Paragraph:
    fonts.register()  # once per process
    return Paragraph(escape(fonts.text(str(value))), _sized(style, size) if size else STYLES[style])


@lru_cache(maxsize=32)
def _sized(style: str, size: float) -> ParagraphStyle:
    """A table's style at a smaller size (a wide table shrinks rather than break a word)."""
    base = STYLES[style]
    return ParagraphStyle(f"{style}-{size}", parent=base, fontSize=size, leading=size * 1.22)


def table(header: list[str], rows: list[list], widths: list[float], size: float | None = None) -> Table:
    data = [[p(h, "head", size) for h in header]] + [
        [c if isinstance(c, Paragraph) else p(c, "body", size) for c in row] for row in rows
    ]
    t = Table(data, colWidths=widths, repeatRows=1)
    t.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.9, 0.92, 0.96)),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return t


def _signatures(names: list[str], hint: str, width: float) -> Table:
    t = Table(
        [[p(n, "centre") for n in names], [p(hint, "centre")] * len(names), [""] * len(names)],
        colWidths=[width / len(names)] * len(names),
        rowHeights=[None, None, 22 * mm],
    )
    t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return t


CELL_PADDING = 13  # points: reportlab's table cells keep 6 pt either side, and 1 pt against rounding
SIZES = (9, 8, 7.5, 7, 6.5, 6)  # a table too wide for its words shrinks, down to 6 pt
NATURAL_CAP = 220  # points: a long text wraps (between words) rather than take the page


def _words_width(text: str, font: str, size: float) -> float:
    return max((fonts.width(word, font, size) for word in fonts.text(text).split()), default=0)


def layout(section: Section, total: float) -> tuple[list[float], float]:
    """Column widths (points) and the font size: every column at least as wide as its longest
    word (measured in the font), so no word is ever broken ("BD/O", "Emai/l"); the room left
    goes to the columns whose texts are longer than that; a table whose words do not fit at
    9 pt is set smaller."""
    if section.widths:
        return [w * mm for w in section.widths], section.size or STYLES["body"].fontSize
    fonts.register()
    rows = section.rows or [[section.empty] + [""] * (len(section.headers) - 1)]
    columns = list(zip(section.headers, *rows, strict=False))
    for size in (section.size, *SIZES) if section.size else SIZES:
        least = [
            max(
                _words_width(str(col[0]), fonts.SEMIBOLD, size),
                *(_words_width(str(v), fonts.REGULAR, size) for v in col[1:]),
            )
            + CELL_PADDING
            for col in columns
        ]
        if sum(least) <= total:
            break
    natural = [
        min(
            max(
                fonts.width(fonts.text(str(col[0])), fonts.SEMIBOLD, size),
                *(fonts.width(fonts.text(str(v)), fonts.REGULAR, size) for v in col[1:]),
            )
            + CELL_PADDING,
            NATURAL_CAP,
        )
        for col in columns
    ]
    room = max(total - sum(least), 0)
    wants = [max(n - m, 0) for n, m in zip(natural, least, strict=True)]
    if sum(wants) == 0:
        return [m + room / len(least) for m in least], size
    given = [room * w / sum(wants) for w in wants] if sum(wants) > room else wants
    spare = (room - sum(given)) / len(least)
    return [m + g + spare for m, g in zip(least, given, strict=True)], size


def report_pdf(report: Report) -> bytes:
    width = (landscape(A4)[0] if report.landscape else A4[0]) - 24 * mm
    flow: list = []
    for section in report.sections:
        if section.new_page and flow:
            flow.append(PageBreak())
        if section.title:
            flow.append(p(section.title, "h2", section.size + 2 if section.size else None))
        if section.note:
            flow.append(p(section.note))
            flow.append(Spacer(1, 2 * mm))
        if section.chart is not None:
            flow += [charts.drawing(section.chart), Spacer(1, 2 * mm)]
        rows = section.rows or [[section.empty] + [""] * (len(section.headers) - 1)]
        widths, size = layout(section, width)
        flow.append(table(section.headers, rows, widths, size))
        if section.after:
            flow += [Spacer(1, 2 * mm), p(section.after, "head")]
        if section.signatures:
            flow += [Spacer(1, 6 * mm), _signatures(section.signatures, report.signature_hint, width)]
    if report.footnote:
        flow.append(p(report.footnote, "small"))
    if report.signatures:
        flow += [Spacer(1, 10 * mm), _signatures(report.signatures, report.signature_hint, 180 * mm)]
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4) if report.landscape else A4,
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=12 * mm,
        bottomMargin=12 * mm,
        title=fonts.text(f"{report.title} – {report.subtitle}"),
    )
    heading = [p(report.title, "title"), p(report.subtitle, "head"), p(report.printed, "small"), Spacer(1, 4 * mm)]
    doc.build(heading + flow)
    return buffer.getvalue()
