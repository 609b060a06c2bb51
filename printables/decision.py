"""The award decision (quyết định khen thưởng) and its appendix, as .docx and as PDF, in the
layout of the union's documents (Quy định ban hành kèm Quyết định 933/QĐ-TLĐ ngày 14/5/2024
of the Tổng Liên đoàn, which follows Nghị định 30/2020/NĐ-CP, Phụ lục I): A4; margins top
and bottom 20 mm, left 30 mm, right 15 mm; the issuing body under its parent at top left
with the number and symbol below, the national title and motto at top right with the place
and date below; the kind of document and its subject centred; the grounds in italics; the
articles; recipients at bottom left and the signer at bottom right. The .docx is set in
Times New Roman 14 as the rules ask (Word and LibreOffice have it or its metric twin); the
PDF in Be Vietnam Pro, the Vietnamese font every other paper here embeds (no freely licensed
Times-like font with Vietnamese and static bold and italic files ships on PyPI).

Plain data in (``Decision``: every text already worded by services/papers/decision.py),
bytes out. Nothing here reads the database or the request.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import HRFlowable, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from printables import fonts

NATIONAL = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
RULE = "\u2500" * 12  # the short line under a heading
FONT = "Times New Roman"


@dataclass
class AppendixRow:
    no: int
    place: str
    kind: str  # "Tập thể" / "Cá nhân"
    recipient: str
    unit: str
    amount: str  # "1.500.000"


@dataclass
class AppendixGroup:
    title: str  # the competition, or "Toàn đoàn"
    rows: list[AppendixRow]
    total: str


@dataclass
class Decision:
    parent_body: str
    issuing_body: str
    number_line: str  # "Số: 125/QĐ-LĐLĐ"
    place_date: str  # "Đắk Lắk, ngày 30 tháng 8 năm 2024"
    subject: str  # "Về việc khen thưởng …"
    authority: str  # "BAN THƯỜNG VỤ LIÊN ĐOÀN LAO ĐỘNG TỈNH ĐẮK LẮK"
    grounds: list[str]
    articles: list[tuple[str, str]]  # ("Điều 1.", text)
    recipients: list[str]
    signer_on_behalf: str
    signer_title: str
    signer_name: str
    appendix_note: str  # "(Kèm theo Quyết định số …)"
    headers: list[str]  # the appendix table's
    groups: list[AppendixGroup]
    total_line: str  # "Tổng cộng: … đồng (bằng chữ: …)."
    title: str = "QUYẾT ĐỊNH"
    appendix_title: str = "PHỤ LỤC"
    appendix_subtitle: str = "DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC KHEN THƯỞNG"
    amendments: list[str] = field(default_factory=list)  # what changed since it was issued (an amended appendix)


# --- .docx -----------------------------------------------------------------------------------


def _run(paragraph, text: str, size: float = 14, bold=False, italic=False):
    run = paragraph.add_run(fonts.text(text))
    run.font.name, run.font.size, run.bold, run.italic = FONT, Pt(size), bold, italic
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)  # Word's fallback slot
    return run


def _para(container, text: str = "", size: float = 14, bold=False, italic=False, align="center", indent=False):
    paragraph = container.add_paragraph()
    paragraph.alignment = {
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "left": WD_ALIGN_PARAGRAPH.LEFT,
        "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
    }[align]
    fmt = paragraph.paragraph_format
    fmt.space_before, fmt.space_after = Pt(0), Pt(3)
    if indent:
        fmt.first_line_indent = Cm(1)
    if text:
        _run(paragraph, text, size, bold, italic)
    return paragraph


def _no_borders(table) -> None:
    borders = table._tbl.tblPr.first_child_found_in("w:tblBorders")
    if borders is not None:
        table._tbl.tblPr.remove(borders)


def _first_paragraph(cell, text, size, bold=False, italic=False):
    paragraph = cell.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(paragraph, text, size, bold, italic)
    return paragraph


def decision_docx(d: Decision) -> bytes:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin = section.bottom_margin = Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(14)

    head = doc.add_table(rows=1, cols=2)
    _no_borders(head)
    left, right = head.rows[0].cells
    left.width, right.width = Cm(6.5), Cm(10)
    _first_paragraph(left, d.parent_body, 13)
    _para(left, d.issuing_body, 13, bold=True)
    _para(left, RULE, 8)
    _para(left, d.number_line, 13)
    _first_paragraph(right, NATIONAL[0], 13, bold=True)
    _para(right, NATIONAL[1], 14, bold=True)
    _para(right, RULE, 8)
    _para(right, d.place_date, 14, italic=True)

    _para(doc)
    _para(doc, d.title, 14, bold=True)
    _para(doc, d.subject, 14, bold=True)
    _para(doc, RULE, 8)
    _para(doc, d.authority, 14, bold=True)
    for line in d.grounds:
        _para(doc, line, 14, italic=True, align="justify", indent=True)
    _para(doc, d.title + ":", 14, bold=True)
    for heading, text in d.articles:
        paragraph = _para(doc, "", align="justify", indent=True)
        _run(paragraph, heading + " ", 14, bold=True)
        _run(paragraph, text, 14)

    foot = doc.add_table(rows=1, cols=2)
    _no_borders(foot)
    left, right = foot.rows[0].cells
    left.width, right.width = Cm(7.5), Cm(9)
    received = left.paragraphs[0]
    _run(received, "Nơi nhận:", 12, bold=True, italic=True)
    for line in d.recipients:
        _para(left, line, 11, align="left")
    _first_paragraph(right, d.signer_on_behalf, 14, bold=True)
    _para(right, d.signer_title, 14, bold=True)
    for _ in range(4):
        _para(right)
    _para(right, d.signer_name, 14, bold=True)

    doc.add_page_break()
    _para(doc, d.appendix_title, 14, bold=True)
    _para(doc, d.appendix_subtitle, 14, bold=True)
    _para(doc, d.appendix_note, 13, italic=True)
    for line in d.amendments:
        _para(doc, line, 12, italic=True, align="left")
    _appendix_table(doc, d)
    _para(doc, d.total_line, 13, bold=True, align="left")
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _appendix_table(doc, d: Decision) -> None:
    table = doc.add_table(rows=1, cols=len(d.headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, d.headers, strict=True):
        _run(cell.paragraphs[0], text, 12, bold=True)
    for group in d.groups:
        title = table.add_row().cells
        merged = title[0].merge(title[-1])
        _run(merged.paragraphs[0], group.title, 12, bold=True)
        for row in group.rows:
            cells = table.add_row().cells
            values = [str(row.no), row.place, row.kind, row.recipient, row.unit, row.amount]
            for cell, value in zip(cells, values, strict=True):
                _run(cell.paragraphs[0], value, 12)
            cells[-1].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        total = table.add_row().cells
        label = total[0].merge(total[-2])
        _run(label.paragraphs[0], "Cộng", 12, bold=True)
        _run(total[-1].paragraphs[0], group.total, 12, bold=True)
        total[-1].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT


# --- PDF -------------------------------------------------------------------------------------


def _style(name: str, size: float = 13, bold=False, italic=False, align=1, indent=0) -> ParagraphStyle:
    font = fonts.BOLD if bold else fonts.REGULAR
    return ParagraphStyle(
        name, fontName=font, fontSize=size, leading=size * 1.3, alignment=align, firstLineIndent=indent
    )


def _p(text: str, style: ParagraphStyle, italic=False) -> Paragraph:
    body = escape(fonts.text(text))
    return Paragraph(f"<i>{body}</i>" if italic else body, style)


def _rule() -> HRFlowable:
    return HRFlowable(width=30 * mm, thickness=0.6, color=colors.black, spaceBefore=1 * mm, spaceAfter=2 * mm)


def decision_pdf(d: Decision) -> bytes:
    fonts.register()
    centre, bold = _style("c", 12), _style("b", 12, bold=True)
    body = _style("body", 12, align=4, indent=10 * mm)
    width = A4[0] - 45 * mm
    head = Table(
        [
            [_p(d.parent_body, centre), _p(NATIONAL[0], bold)],
            [_p(d.issuing_body, bold), _p(NATIONAL[1], bold)],
            [_rule(), _rule()],
            [_p(d.number_line, centre), _p(d.place_date, centre, italic=True)],
        ],
        colWidths=[width * 0.42, width * 0.58],
    )
    head.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("TOPPADDING", (0, 0), (-1, -1), 0)]))
    flow: list = [head, Spacer(1, 6 * mm), _p(d.title, _style("t", 14, bold=True)), _p(d.subject, bold)]
    flow += [_rule(), Spacer(1, 2 * mm), _p(d.authority, bold), Spacer(1, 2 * mm)]
    flow += [_p(line, body, italic=True) for line in d.grounds]
    flow += [Spacer(1, 2 * mm), _p(d.title + ":", bold), Spacer(1, 2 * mm)]
    for heading, text in d.articles:
        flow.append(Paragraph(f"<b>{escape(fonts.text(heading))}</b> {escape(fonts.text(text))}", body))
    left = [_p("Nơi nhận:", _style("r", 11, bold=True, align=0), italic=True)] + [
        _p(line, _style("rl", 10, align=0)) for line in d.recipients
    ]
    right = [_p(d.signer_on_behalf, bold), _p(d.signer_title, bold), Spacer(1, 22 * mm), _p(d.signer_name, bold)]
    foot = Table([[left, right]], colWidths=[width * 0.45, width * 0.55])
    foot.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    flow += [Spacer(1, 6 * mm), foot, PageBreak()]
    flow += [_p(d.appendix_title, bold), _p(d.appendix_subtitle, bold), _p(d.appendix_note, centre, italic=True)]
    flow += [_p(line, _style("a", 10, align=0), italic=True) for line in d.amendments]
    flow += [
        Spacer(1, 3 * mm),
        _appendix_pdf(d, width),
        Spacer(1, 3 * mm),
        _p(d.total_line, _style("tl", 11, bold=True, align=0)),
    ]
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=30 * mm,
        rightMargin=15 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title=fonts.text(f"{d.title} {d.number_line}"),
    )
    doc.build(flow)
    return buffer.getvalue()


def _appendix_pdf(d: Decision, width: float) -> Table:
    cell, head = _style("cell", 9, align=0), _style("head", 9, bold=True, align=0)
    money = _style("money", 9, align=2)
    data: list[list] = [[_p(h, head) for h in d.headers]]
    spans, bolds = [], []
    for group in d.groups:
        spans.append(len(data))
        data.append([_p(group.title, head)] + [""] * (len(d.headers) - 1))
        for row in group.rows:
            values = [str(row.no), row.place, row.kind, row.recipient, row.unit]
            data.append([_p(v, cell) for v in values] + [_p(row.amount, money)])
        bolds.append(len(data))
        data.append(
            [_p("Cộng", head)] + [""] * (len(d.headers) - 2) + [_p(group.total, _style("mb", 9, bold=True, align=2))]
        )
    table = Table(data, colWidths=[w * width for w in (0.07, 0.12, 0.13, 0.28, 0.22, 0.18)], repeatRows=1)
    style = [
        ("GRID", (0, 0), (-1, -1), 0.4, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.92, 0.92, 0.92)),
    ]
    style += [("SPAN", (0, r), (-1, r)) for r in spans]
    style += [("SPAN", (0, r), (-2, r)) for r in bolds]
    table.setStyle(TableStyle(style))
    return table
