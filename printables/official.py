"""What every paper the federation signs shares, in .docx and in PDF: the letterhead (the
issuing body under its parent at top left with the number and symbol below; the national
title and motto at top right with the place and date below), tables, and the foot
(recipients at bottom left, the signer at bottom right).

The layout follows the union's rules on documents (Quy định ban hành kèm Quyết định
933/QĐ-TLĐ ngày 14/5/2024 of the Tổng Liên đoàn, after Nghị định 30/2020/NĐ-CP, Phụ lục I):
A4; margins top and bottom 20 mm, left 30 mm, right 15 mm; the .docx in Times New Roman 14
as the rules ask (Word and LibreOffice have it or its metric twin); the PDF in Be Vietnam
Pro, the Vietnamese font every other paper here embeds (no freely licensed Times-like font
with Vietnamese and static bold and italic files ships on PyPI). Plain data in, bytes out.
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
from reportlab.platypus import HRFlowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from printables import fonts

NATIONAL = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
RULE = "\u2500" * 12  # the short line under a heading (.docx)
FONT = "Times New Roman"
PDF_WIDTH = A4[0] - 45 * mm  # between the margins
TEXT_WIDTH_CM = 16.5


@dataclass
class Letterhead:
    parent_body: str  # "TỔNG LĐLĐ VIỆT NAM"
    issuing_body: str  # "LIÊN ĐOÀN LAO ĐỘNG TỈNH ĐẮK LẮK"
    number_line: str  # "Số: 125/QĐ-LĐLĐ"
    place_date: str  # "Đắk Lắk, ngày 30 tháng 8 năm 2024"


@dataclass
class Signature:
    on_behalf: str  # "TM. BAN THƯỜNG VỤ"
    title: str  # "CHỦ TỊCH"
    name: str
    recipients: list[str] = field(default_factory=list)  # "- Như Điều 3;"


@dataclass
class Grouped:
    """A table of rows in groups: a group's title on a row of its own, then its rows, then a
    total row ("Cộng") when it has one; ``right``: the columns set flush right (amounts)."""

    headers: list[str]
    groups: list[tuple[str, list[list[str]], str]]  # (title, rows, total or "")
    widths: tuple[float, ...]  # fractions of the width between the margins
    right: tuple[int, ...] = ()


# --- .docx -----------------------------------------------------------------------------------


class Docx:
    def __init__(self):
        self.doc = Document()
        section = self.doc.sections[0]
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.top_margin = section.bottom_margin = Cm(2)
        section.left_margin, section.right_margin = Cm(3), Cm(1.5)
        normal = self.doc.styles["Normal"]
        normal.font.name, normal.font.size = FONT, Pt(14)

    @staticmethod
    def run(paragraph, text: str, size: float = 14, bold=False, italic=False):
        run = paragraph.add_run(fonts.text(text))
        run.font.name, run.font.size, run.bold, run.italic = FONT, Pt(size), bold, italic
        run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)  # Word's fallback slot
        return run

    def para(self, text="", size: float = 14, bold=False, italic=False, align="center", indent=False, into=None):
        paragraph = (into if into is not None else self.doc).add_paragraph()
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
            self.run(paragraph, text, size, bold, italic)
        return paragraph

    def _two_cells(self, left_cm: float, right_cm: float):
        table = self.doc.add_table(rows=1, cols=2)
        borders = table._tbl.tblPr.first_child_found_in("w:tblBorders")
        if borders is not None:
            table._tbl.tblPr.remove(borders)
        table.autofit = False
        for column, width in zip(table.columns, (left_cm, right_cm), strict=True):
            column.width = Cm(width)  # the grid, which LibreOffice follows
        left, right = table.rows[0].cells
        left.width, right.width = Cm(left_cm), Cm(right_cm)  # and each cell, which Word follows
        return left, right

    def _first(self, cell, text: str, size: float, bold=False, italic=False, align=WD_ALIGN_PARAGRAPH.CENTER):
        paragraph = cell.paragraphs[0]
        paragraph.alignment = align
        self.run(paragraph, text, size, bold, italic)

    def letterhead(self, head: Letterhead) -> None:
        left, right = self._two_cells(6, 10.5)  # 16.5 cm between the margins
        self._first(left, head.parent_body, 13)
        self.para(head.issuing_body, 13, bold=True, into=left)
        self.para(RULE, 8, into=left)
        self.para(head.number_line, 13, into=left)
        self._first(right, NATIONAL[0], 12, bold=True)  # 12–13 pt: at 12 it holds one line
        self.para(NATIONAL[1], 14, bold=True, into=right)
        self.para(RULE, 8, into=right)
        self.para(head.place_date, 14, italic=True, into=right)
        self.para()

    def heading(self, title: str, subject: str) -> None:
        """The kind of paper and its subject, centred, and the short line under them."""
        self.para(title, 14, bold=True)
        self.para(subject, 14, bold=True)
        self.para(RULE, 8)

    def signature(self, sign: Signature) -> None:
        left, right = self._two_cells(7.5, 9)
        self._first(left, "Nơi nhận:", 12, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT)
        for line in sign.recipients:
            self.para(line, 11, align="left", into=left)
        self._first(right, sign.on_behalf, 14, bold=True)
        self.para(sign.title, 14, bold=True, into=right)
        for _ in range(4):
            self.para(into=right)
        self.para(sign.name, 14, bold=True, into=right)

    def grouped(self, table_data: Grouped) -> None:
        table = self.doc.add_table(rows=1, cols=len(table_data.headers))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        widths = [Cm(TEXT_WIDTH_CM * w) for w in table_data.widths]
        for column, width in zip(table.columns, widths, strict=True):
            column.width = width
        for cell, text in zip(table.rows[0].cells, table_data.headers, strict=True):
            self.run(cell.paragraphs[0], text, 12, bold=True)
        for title, rows, total in table_data.groups:
            if title:
                cells = table.add_row().cells
                self.run(cells[0].merge(cells[-1]).paragraphs[0], title, 12, bold=True)
            for row in rows:
                cells = table.add_row().cells
                for cell, width in zip(cells, widths, strict=True):
                    cell.width = width  # Word reads each cell's
                for i, (cell, value) in enumerate(zip(cells, row, strict=True)):
                    self.run(cell.paragraphs[0], value, 12)
                    if i in table_data.right:
                        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
            if total:
                cells = table.add_row().cells
                self.run(cells[0].merge(cells[-2]).paragraphs[0], "Cộng", 12, bold=True)
                self.run(cells[-1].paragraphs[0], total, 12, bold=True)
                cells[-1].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT

    def bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()


# --- PDF -------------------------------------------------------------------------------------


def style(name: str, size: float = 12, bold=False, align=1, indent=0) -> ParagraphStyle:
    """align: 0 left, 1 centre, 2 right, 4 justified."""
    font = fonts.BOLD if bold else fonts.REGULAR
    return ParagraphStyle(
        name, fontName=font, fontSize=size, leading=size * 1.3, alignment=align, firstLineIndent=indent
    )


def p(text: str, paragraph_style: ParagraphStyle, italic=False, lead: str = "") -> Paragraph:
    """A paragraph of plain text (``lead``: a bold start, "Điều 1.")."""
    body = escape(fonts.text(text))
    body = f"<i>{body}</i>" if italic else body
    return Paragraph(f"<b>{escape(fonts.text(lead))}</b> {body}" if lead else body, paragraph_style)


def rule() -> HRFlowable:
    return HRFlowable(width=30 * mm, thickness=0.6, color=colors.black, spaceBefore=1 * mm, spaceAfter=2 * mm)


CENTRE, BOLD, BODY = style("c"), style("b", bold=True), style("body", align=4, indent=10 * mm)


def letterhead_pdf(head: Letterhead) -> list:
    fonts.register()
    table = Table(
        [
            [p(head.parent_body, CENTRE), p(NATIONAL[0], BOLD)],
            [p(head.issuing_body, BOLD), p(NATIONAL[1], BOLD)],
            [rule(), rule()],
            [p(head.number_line, CENTRE), p(head.place_date, CENTRE, italic=True)],
        ],
        colWidths=[PDF_WIDTH * 0.42, PDF_WIDTH * 0.58],
    )
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("TOPPADDING", (0, 0), (-1, -1), 0)]))
    return [table, Spacer(1, 6 * mm)]


def heading_pdf(title: str, subject: str) -> list:
    return [p(title, style("t", 14, bold=True)), p(subject, BOLD), rule(), Spacer(1, 2 * mm)]


def signature_pdf(sign: Signature) -> list:
    left = [p("Nơi nhận:", style("r", 11, bold=True, align=0), italic=True)] + [
        p(line, style("rl", 10, align=0)) for line in sign.recipients
    ]
    right = [p(sign.on_behalf, BOLD), p(sign.title, BOLD), Spacer(1, 22 * mm), p(sign.name, BOLD)]
    table = Table([[left, right]], colWidths=[PDF_WIDTH * 0.45, PDF_WIDTH * 0.55])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return [Spacer(1, 6 * mm), table]


def grouped_pdf(table_data: Grouped) -> Table:
    cell, head = style("cell", 9, align=0), style("head", 9, bold=True, align=0)
    right, right_bold = style("money", 9, align=2), style("mb", 9, bold=True, align=2)
    data: list[list] = [[p(h, head) for h in table_data.headers]]
    spans: list[tuple] = []
    width = len(table_data.headers)
    for title, rows, total in table_data.groups:
        if title:
            spans.append(("SPAN", (0, len(data)), (-1, len(data))))
            data.append([p(title, head)] + [""] * (width - 1))
        for row in rows:
            data.append([p(v, right if i in table_data.right else cell) for i, v in enumerate(row)])
        if total:
            spans.append(("SPAN", (0, len(data)), (-2, len(data))))
            data.append([p("Cộng", head)] + [""] * (width - 2) + [p(total, right_bold)])
    table = Table(data, colWidths=[w * PDF_WIDTH for w in table_data.widths], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.92, 0.92, 0.92)),
                *spans,
            ]
        )
    )
    return table


def build_pdf(flow: list, title: str) -> bytes:
    buffer = io.BytesIO()
    SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=30 * mm,
        rightMargin=15 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title=fonts.text(title),
    ).build(flow)
    return buffer.getvalue()
