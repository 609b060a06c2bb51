"""Certificates (giấy chứng nhận), A4 landscape. Data in, PDF out.

The background (an uploaded image, or a drawn double border) is a form XObject drawn once
per document and placed on every page, not drawn again per page. Documents are made in
parts of ``PART_PAGES`` pages joined by printables/pdfjoin.py, so memory stays flat.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from itertools import islice

from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from printables import fonts, qr
from printables.pdfjoin import join_stream

PART_PAGES = 250
FIRST_PART_PAGES = 10
PAGE_W, PAGE_H = landscape(A4)
RED = HexColor("#B3261E")
NAVY = HexColor("#0B3A6F")
GOLD = HexColor("#B8860B")
NATIONAL = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")


def _background(c: Canvas, image: bytes | None) -> None:
    """Define the page background once, as the form "bg"."""
    c.beginForm("bg")
    if image:
        c.drawImage(ImageReader(io.BytesIO(image)), 0, 0, PAGE_W, PAGE_H, preserveAspectRatio=False)
    else:
        c.setStrokeColor(GOLD)
        c.setLineWidth(3)
        c.rect(10 * mm, 10 * mm, PAGE_W - 20 * mm, PAGE_H - 20 * mm)
        c.setLineWidth(0.8)
        c.rect(13 * mm, 13 * mm, PAGE_W - 26 * mm, PAGE_H - 26 * mm)
    c.endForm()


def _centred(c: Canvas, text: str, font: str, largest: float, smallest: float, y: float, width: float, lines=2):
    """``text`` centred from baseline ``y`` down, wrapped to fit; returns the y below it."""
    parts, size = fonts.split_lines(text, font, width, largest, smallest, lines)
    c.setFont(font, size)
    for part in parts:
        c.drawCentredString(PAGE_W / 2, y, part)
        y -= size * 1.25
    return y


def draw(c: Canvas, cert) -> None:
    """One certificate on the current page (``cert``: services.certificates.issue.CertificateData)."""
    c.doForm("bg")
    margin = 24 * mm
    top = PAGE_H - 26 * mm
    c.setFillColor(NAVY)
    if cert.national_header:
        c.setFont(fonts.BOLD, 12)
        c.drawCentredString(PAGE_W * 0.68, top, NATIONAL[0])
        c.setFont(fonts.SEMIBOLD, 12)
        c.drawCentredString(PAGE_W * 0.68, top - 15, NATIONAL[1])
        width = fonts.width(NATIONAL[1], fonts.SEMIBOLD, 12)
        c.setStrokeColor(NAVY)
        c.setLineWidth(0.6)
        c.line(PAGE_W * 0.68 - width / 2, top - 19, PAGE_W * 0.68 + width / 2, top - 19)
    org_lines, org_size = fonts.split_lines(cert.organisation, fonts.BOLD, 95 * mm, 12, 8, 3)
    c.setFont(fonts.BOLD, org_size)
    for i, line in enumerate(org_lines):
        c.drawCentredString(margin + 47 * mm, top - i * org_size * 1.25, line)

    c.setFillColor(RED)
    y = _centred(c, cert.title, fonts.BOLD, 40, 24, PAGE_H - 68 * mm, PAGE_W - 2 * margin, 1)
    c.setFillColor(NAVY)
    y = _centred(c, cert.holder, fonts.BOLD, 28, 14, y - 14, PAGE_W - 2 * margin - 20 * mm, 2)
    if cert.unit_name:
        y = _centred(c, cert.unit_name, fonts.SEMIBOLD, 16, 10, y - 2, PAGE_W - 2 * margin - 20 * mm, 2)
    c.setFillColorRGB(0.1, 0.1, 0.1)
    _centred(c, cert.text, fonts.REGULAR, 16, 10, y - 8, PAGE_W - 2 * margin - 30 * mm, 3)

    # Issuer block, bottom right: place and date, signer's title, room to sign, name.
    x = PAGE_W * 0.72
    y = 62 * mm
    c.setFont(fonts.REGULAR, 12)
    c.drawCentredString(x, y, fonts.text(cert.place_date))
    c.setFont(fonts.BOLD, 12)
    for line in fonts.text(cert.signer_title).splitlines():
        y -= 16
        c.drawCentredString(x, y, line)
    if cert.signer_name:
        c.drawCentredString(x, 24 * mm, fonts.text(cert.signer_name))

    # Serial and verification QR, bottom left.
    side = 24 * mm
    qx, qy = margin, 20 * mm
    c.setFillColorRGB(1, 1, 1)
    c.rect(qx, qy, side, side, stroke=0, fill=1)
    c.setFillColorRGB(0, 0, 0)
    quiet = side * 4 / 37
    qr.draw(c, cert.verify_url, qx + quiet, qy + quiet, side - 2 * quiet)
    c.setFont(fonts.SEMIBOLD, 9)
    c.drawString(qx + side + 3 * mm, qy + side - 9, f"Số: {cert.serial}")
    c.setFont(fonts.REGULAR, 7)
    c.drawString(qx + side + 3 * mm, qy + side - 20, "Kiểm tra tại:")
    c.drawString(qx + side + 3 * mm, qy + side - 29, cert.verify_url)


def _part(certs: list, background: bytes | None) -> bytes:
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=(PAGE_W, PAGE_H), invariant=1, pageCompression=1)
    c.setTitle("Giấy chứng nhận")
    _background(c, background)
    for cert in certs:
        draw(c, cert)
        c.showPage()
    c.save()
    return buf.getvalue()


def _parts(certs: Iterable, background: bytes | None) -> Iterator[bytes]:
    fonts.register()
    iterator = iter(certs)
    size = FIRST_PART_PAGES  # a small first part: the first pages arrive at once
    while part := list(islice(iterator, size)):
        yield _part(part, background)
        size = PART_PAGES


def certificate_pdf_stream(certs: Iterable, background: bytes | None = None) -> Iterator[bytes]:
    """The PDF in pieces, as each part is drawn (a streamed download or a file)."""
    return join_stream(_parts(certs, background))


def certificate_pdf(certs: Iterable, background: bytes | None = None) -> bytes:
    return b"".join(certificate_pdf_stream(certs, background))
