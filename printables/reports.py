"""Official printables as tables: the schedule (lịch thi đấu), a competition's result sheet
(biên bản kết quả, with signature lines), the medal table and overall ranking, the 100%
reports. Plain data in (``Report`` of ``Section``s: strings and numbers, every text already
worded and translated by services/results/sheets.py or services/participation/reports.py),
PDF bytes out. Nothing here reads the database or the request.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from printables import fonts


@dataclass
class Section:
    """One titled table: headers and rows of strings and numbers; widths in mm (None: by text)."""

    title: str
    headers: list[str]
    rows: list[list]
    note: str = ""
    widths: list[float] | None = None
    empty: str = ""  # the row shown when there are none


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


def p(value, style: str = "body") -> Paragraph:
    fonts.register()  # once per process
    return Paragraph(escape(fonts.text(str(value))), STYLES[style])


def table(header: list[str], rows: list[list], widths: list[float]) -> Table:
    data = [[p(h, "head") for h in header]] + [[c if isinstance(c, Paragraph) else p(c) for c in row] for row in rows]
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


def _signatures(names: list[str], hint: str) -> Table:
    t = Table(
        [[p(n, "centre") for n in names], [p(hint, "centre")] * len(names), [""] * len(names)],
        colWidths=[180 * mm / len(names)] * len(names),
        rowHeights=[None, None, 22 * mm],
    )
    t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return t


def _widths(section: Section, total: float) -> list[float]:
    """Column widths by how long their texts are (capped), filling ``total``."""
    if section.widths:
        return [w * mm for w in section.widths]
    columns = (
        list(zip(section.headers, *section.rows, strict=False)) if section.rows else [[h] for h in section.headers]
    )
    weights = [min(max(len(str(v)) for v in column), 60) + 4 for column in columns]
    return [total * w / sum(weights) for w in weights]


def report_pdf(report: Report) -> bytes:
    width = (landscape(A4)[0] if report.landscape else A4[0]) - 24 * mm
    flow: list = []
    for section in report.sections:
        if section.title:
            flow.append(p(section.title, "h2"))
        if section.note:
            flow.append(p(section.note))
            flow.append(Spacer(1, 2 * mm))
        rows = section.rows or [[section.empty] + [""] * (len(section.headers) - 1)]
        flow.append(table(section.headers, rows, _widths(section, width)))
    if report.footnote:
        flow.append(p(report.footnote, "small"))
    if report.signatures:
        flow += [Spacer(1, 10 * mm), _signatures(report.signatures, report.signature_hint)]
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
