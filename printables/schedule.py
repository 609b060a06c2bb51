"""Printable schedule (lịch thi đấu): per venue, per day or per unit. Data in, PDF bytes out."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from flask_babel import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from models import utcnow
from printables import fonts
from services.i18n import format_datetime, to_local
from services.results import match_title, score_text


def _styles():
    fonts.register()
    body = ParagraphStyle("body", fontName=fonts.REGULAR, fontSize=9, leading=11)
    return {
        "title": ParagraphStyle("title", fontName=fonts.BOLD, fontSize=14, leading=18, spaceAfter=4),
        "head": ParagraphStyle("head", parent=body, fontName=fonts.SEMIBOLD),
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=8, leading=10, textColor=colors.grey),
    }


def schedule_pdf(view, rows, title: str) -> bytes:
    """``view``: services.board.EventResults; ``rows``: its schedule() (match, competition results)."""
    styles = _styles()

    def p(value, style="body"):
        return Paragraph(escape(fonts.text(str(value))), styles[style])

    data = [
        [p(h, "head") for h in (_("Giờ"), _("Địa điểm"), _("Nội dung"), _("Trận"), _("Đội 1"), _("Tỉ số"), _("Đội 2"))]
    ]
    for m, cr in rows:
        venue = view.venues[m.venue_id].name if m.venue_id else ""
        if m.court:
            venue += f", {_('sân')} {m.court}"
        data.append(
            [
                p(to_local(m.starts_at).strftime("%d/%m %H:%M")),
                p(venue),
                p(cr.competition.name),
                p(match_title(m, cr.rounds)),
                p(view.side(m, True)),
                p(score_text(m) if m.confirmed else ""),
                p(view.side(m, False)),
            ]
        )
    if len(data) == 1:
        data.append([p(_("Chưa có trận nào được xếp lịch."))] + [p("")] * 6)
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=12 * mm,
        bottomMargin=12 * mm,
        title=fonts.text(title),
    )
    widths = [22 * mm, 45 * mm, 50 * mm, 28 * mm, 48 * mm, 30 * mm, 48 * mm]
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.9, 0.92, 0.96)),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    printed = _("In lúc %(t)s", t=format_datetime(utcnow()))
    doc.build([p(_("Lịch thi đấu"), "title"), p(title, "head"), p(printed, "small"), Spacer(1, 4 * mm), table])
    return buffer.getvalue()
