"""Official printables as tables: the schedule (lịch thi đấu), a competition's result sheet
(biên bản kết quả, with signature lines), the medal table and overall ranking. Data in, PDF out.

``view`` is services.board.EventResults: everything here is read from it, nothing queried.
"""

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
from services.labels import label, place_label
from services.results import match_title, score_text

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


def build(title: str, subtitle: str, flowables: list, landscape_page: bool = False) -> bytes:
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4) if landscape_page else A4,
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=12 * mm,
        bottomMargin=12 * mm,
        title=fonts.text(f"{title} – {subtitle}"),
    )
    printed = _("In lúc %(t)s", t=format_datetime(utcnow()))
    doc.build([p(title, "title"), p(subtitle, "head"), p(printed, "small"), Spacer(1, 4 * mm), *flowables])
    return buffer.getvalue()


# --- schedule ----------------------------------------------------------------------------------


def schedule_pdf(view, rows, title: str) -> bytes:
    """``rows``: view.schedule() — (match, competition results) in time order."""
    body = []
    for m, cr in rows:
        venue = view.venues[m.venue_id].name if m.venue_id else ""
        if m.court:
            venue += f", {_('sân')} {m.court}"
        body.append(
            [
                to_local(m.starts_at).strftime("%d/%m %H:%M"),
                venue,
                cr.competition.name,
                match_title(m, cr.rounds),
                view.side(m, True),
                score_text(m) if m.confirmed else "",
                view.side(m, False),
            ]
        )
    if not body:
        body.append([_("Chưa có trận nào được xếp lịch."), "", "", "", "", "", ""])
    header = [_("Giờ"), _("Địa điểm"), _("Nội dung"), _("Trận"), _("Đội 1"), _("Tỉ số"), _("Đội 2")]
    widths = [22 * mm, 45 * mm, 50 * mm, 28 * mm, 48 * mm, 30 * mm, 48 * mm]
    return build(_("Lịch thi đấu"), title, [table(header, body, widths)], landscape_page=True)


# --- a competition's result sheet ---------------------------------------------------------------


def _signatures() -> Table:
    names = [_("Trọng tài chính"), _("Thư ký"), _("Trưởng ban tổ chức")]
    t = Table(
        [[p(n, "centre") for n in names], [p(_("(ký, ghi rõ họ tên)"), "centre")] * 3, [""] * 3],
        colWidths=[60 * mm] * 3,
        rowHeights=[None, None, 22 * mm],
    )
    t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return t


def result_sheet_pdf(view, cr) -> bytes:
    """Biên bản kết quả: places, each group's table, every match with its score and status."""
    flow: list = []
    if cr.places:
        flow.append(p(_("Xếp hạng"), "h2"))
        rows = [[place_label(pl.place), view.label(pl.entry_id)] for pl in cr.places]
        flow.append(table([_("Giải"), _("Vận động viên / đội")], rows, [30 * mm, 150 * mm]))
    for group_no, standing in cr.tables.items():
        flow.append(p(_("Bảng %(g)s", g="ABCDEFGHIJKLMNOP"[group_no - 1]), "h2"))
        rows = [
            [
                row.rank,
                view.label(row.entry),
                row.played,
                row.won,
                row.lost,
                f"{row.score_for}–{row.score_against}",
                row.points,
            ]
            for row in standing
        ]
        header = ["#", _("Đội"), _("Trận"), _("Thắng"), _("Thua"), _("Ván / bàn"), _("Điểm")]
        flow.append(table(header, rows, [10 * mm, 80 * mm, 15 * mm, 15 * mm, 15 * mm, 25 * mm, 20 * mm]))
    if cr.matches:
        flow.append(p(_("Các trận đấu"), "h2"))
        rows = [
            [
                match_title(m, cr.rounds),
                view.side(m, True),
                score_text(m) if m.confirmed else "",
                view.side(m, False),
                _("Đã xác nhận") if m.confirmed else "",
            ]
            for m in cr.matches
            if "BYE" not in (m.home_source, m.away_source)
        ]
        header = [_("Trận"), _("Đội 1"), _("Tỉ số"), _("Đội 2"), _("Trạng thái")]
        flow.append(table(header, rows, [32 * mm, 52 * mm, 34 * mm, 52 * mm, 16 * mm]))
    if cr.performances:
        flow.append(p(_("Thành tích"), "h2"))
        rows = [[rank, view.label(perf.entry_id), perf.value] for perf, rank in cr.ranked]
        flow.append(table(["#", _("Vận động viên / đội"), _("Thành tích")], rows, [12 * mm, 130 * mm, 40 * mm]))
    flow += [Spacer(1, 10 * mm), _signatures()]
    subtitle = f"{cr.competition.name} – {view.event.name}"
    if cr.plan:
        subtitle += f" ({label(cr.plan.format)})"
    return build(_("Biên bản kết quả"), subtitle, flow)


# --- medal table and overall ranking -------------------------------------------------------------


def medals_pdf(view) -> bytes:
    units = view.units
    medal_rows = [
        [t.rank, units[t.unit_id].code, units[t.unit_id].name, t.gold, t.silver, t.bronze, t.total]
        for t in view.medal_table
    ]
    header = ["#", _("Mã"), _("Đơn vị"), _("Vàng"), _("Bạc"), _("Đồng"), _("Tổng")]
    widths = [10 * mm, 20 * mm, 95 * mm, 15 * mm, 15 * mm, 15 * mm, 16 * mm]
    by_points = view.event.overall_rule.value == "points"
    overall_rows = [
        [
            t.rank,
            units[t.unit_id].code,
            units[t.unit_id].name,
            t.points if by_points else "",
            t.gold,
            t.silver,
            t.bronze,
        ]
        for t in view.overall
    ]
    overall_header = ["#", _("Mã"), _("Đơn vị"), _("Điểm"), _("Vàng"), _("Bạc"), _("Đồng")]
    flow = [
        p(_("Bảng tổng sắp huy chương"), "h2"),
        table(header, medal_rows, widths),
        p(_("Xếp hạng toàn đoàn"), "h2"),
        table(overall_header, overall_rows, widths),
    ]
    if view.overall_left_out:
        flow.append(p(_("Không tính vào toàn đoàn:") + " " + ", ".join(view.overall_left_out), "small"))
    return build(_("Bảng tổng sắp huy chương"), view.event.name, flow)


# --- reports made of sections (services/event_report.py) ------------------------------------------


def _widths(section, total: float) -> list[float]:
    """Column widths by how long their texts are (capped), filling ``total``."""
    columns = (
        list(zip(section.headers, *section.rows, strict=False)) if section.rows else [[h] for h in section.headers]
    )
    weights = [min(max(len(str(v)) for v in column), 60) + 4 for column in columns]
    return [total * w / sum(weights) for w in weights]


def sections_pdf(title: str, subtitle: str, sections: list, landscape_page: bool = False) -> bytes:
    width = (landscape(A4)[0] if landscape_page else A4[0]) - 24 * mm
    flow: list = []
    for section in sections:
        flow.append(p(section.title, "h2"))
        if section.note:
            flow.append(p(section.note))
            flow.append(Spacer(1, 2 * mm))
        rows = section.rows or [[_("Không có.")] + [""] * (len(section.headers) - 1)]
        flow.append(table(section.headers, rows, _widths(section, width)))
    return build(title, subtitle, flow, landscape_page)
