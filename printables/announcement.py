"""The results announcement (thông báo kết quả) as .docx and PDF, laid out as the union's
documents are (printables/official.py): the letterhead, "THÔNG BÁO" and its subject, the
opening paragraphs (the event's days, the participation line), the medal table, the overall
ranking and every competition's winners, then recipients and signer. Plain data in."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from printables.official import (
    BODY,
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


@dataclass
class Announcement:
    head: Letterhead
    subject: str  # "Kết quả Hội thao …"
    opening: list[str]
    sections: list[tuple[str, Grouped]]  # ("I. BẢNG TỔNG SẮP HUY CHƯƠNG", its table)
    closing: str
    sign: Signature
    title: str = "THÔNG BÁO"


def announcement_docx(a: Announcement) -> bytes:
    out = Docx()
    out.letterhead(a.head)
    out.heading(a.title, a.subject)
    for line in a.opening:
        out.para(line, 14, align="justify", indent=True)
    for heading, table in a.sections:
        out.para(heading, 14, bold=True, align="left")
        out.grouped(table)
    out.para(a.closing, 14, align="justify", indent=True)
    out.signature(a.sign)
    return out.bytes()


def announcement_pdf(a: Announcement) -> bytes:
    flow: list = letterhead_pdf(a.head)
    flow += heading_pdf(a.title, a.subject)
    flow += [p(line, BODY) for line in a.opening]
    for heading, table in a.sections:
        flow += [Spacer(1, 3 * mm), p(heading, style("h", 12, bold=True, align=0)), Spacer(1, 2 * mm)]
        flow.append(grouped_pdf(table))
    flow += [Spacer(1, 3 * mm), p(a.closing, BODY)]
    flow += signature_pdf(a.sign)
    return build_pdf(flow, f"{a.title} {a.subject}")
