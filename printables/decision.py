"""The award decision (quyết định khen thưởng) and its appendix, as .docx and as PDF, laid
out as the union's documents are (printables/official.py): the letterhead, the kind of
document and its subject centred, the authority, the grounds in italics, "QUYẾT ĐỊNH:", the
articles, recipients and signer; then the appendix: every award by competition with a total
per competition and the total in words.

Plain data in (``Decision``: every text already worded by services/papers/decision.py),
bytes out. Nothing here reads the database or the request.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Spacer

from printables.official import (
    BODY,
    BOLD,
    CENTRE,
    Docx,
    Grouped,
    Letterhead,
    Signature,
    build_pdf,
    grouped_pdf,
    heading_pdf,
    letterhead_pdf,
    p,
    signature_pdf,
    style,
)

APPENDIX_WIDTHS = (0.08, 0.1, 0.13, 0.29, 0.23, 0.17)


@dataclass
class Decision:
    head: Letterhead
    subject: str  # "Về việc khen thưởng …"
    authority: str  # "BAN THƯỜNG VỤ LIÊN ĐOÀN LAO ĐỘNG TỈNH ĐẮK LẮK"
    grounds: list[str]
    articles: list[tuple[str, str]]  # ("Điều 1.", text)
    sign: Signature
    appendix_note: str  # "(Kèm theo Quyết định số …)"
    appendix: Grouped
    total_line: str  # "Tổng cộng: … đồng (bằng chữ: …)."
    title: str = "QUYẾT ĐỊNH"
    appendix_title: str = "PHỤ LỤC"
    appendix_subtitle: str = "DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC KHEN THƯỞNG"
    amendments: list[str] = field(default_factory=list)  # what changed since it was issued (an amended appendix)


def decision_docx(d: Decision) -> bytes:
    out = Docx()
    out.letterhead(d.head)
    out.heading(d.title, d.subject)
    out.para(d.authority, 14, bold=True)
    for line in d.grounds:
        out.para(line, 14, italic=True, align="justify", indent=True)
    out.para(d.title + ":", 14, bold=True)
    for heading, text in d.articles:
        paragraph = out.para(align="justify", indent=True)
        out.run(paragraph, heading + " ", 14, bold=True)
        out.run(paragraph, text, 14)
    out.signature(d.sign)
    out.doc.add_page_break()
    out.para(d.appendix_title, 14, bold=True)
    out.para(d.appendix_subtitle, 14, bold=True)
    out.para(d.appendix_note, 13, italic=True)
    for line in d.amendments:
        out.para(line, 12, italic=True, align="left")
    out.grouped(d.appendix)
    out.para(d.total_line, 13, bold=True, align="left")
    return out.bytes()


def decision_pdf(d: Decision) -> bytes:
    flow: list = letterhead_pdf(d.head)
    flow += heading_pdf(d.title, d.subject)
    flow += [p(d.authority, BOLD), Spacer(1, 2 * mm)]
    flow += [p(line, BODY, italic=True) for line in d.grounds]
    flow += [Spacer(1, 2 * mm), p(d.title + ":", BOLD), Spacer(1, 2 * mm)]
    flow += [p(text, BODY, lead=heading) for heading, text in d.articles]
    flow += signature_pdf(d.sign) + [PageBreak()]
    flow += [p(d.appendix_title, BOLD), p(d.appendix_subtitle, BOLD), p(d.appendix_note, CENTRE, italic=True)]
    flow += [p(line, style("a", 10, align=0), italic=True) for line in d.amendments]
    flow += [Spacer(1, 3 * mm), grouped_pdf(d.appendix), Spacer(1, 3 * mm)]
    flow.append(p(d.total_line, style("tl", 11, bold=True, align=0)))
    return build_pdf(flow, f"{d.title} {d.head.number_line}")
