"""An event's results as one table (Excel for the federation's archive): every match, every
performance and every place, with who entered and who confirmed each result."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from extensions import db
from models import Event, User
from services.i18n import format_datetime
from services.labels import label, place_label
from services.results import board, display


def rows(event: Event) -> tuple[list[str], list[list]]:
    view = board.event_results(event)
    users = {u.id: u.username for u in db.session.scalars(select(User).where(User.role.in_(["admin", "official"])))}
    headers = [
        _("Nội dung"),
        _("Loại"),
        _("Trận / hạng"),
        _("Giờ"),
        _("Địa điểm"),
        _("Đội 1 / VĐV"),
        _("Tỉ số / thành tích"),
        _("Đội 2"),
        _("Trạng thái"),
        _("Người nhập"),
        _("Người xác nhận"),
    ]
    out: list[list] = []
    for cr in view.competitions:
        name = cr.competition.name
        for m in cr.matches:
            if "BYE" in (m.home_source, m.away_source):
                continue
            status = _("Đã xác nhận") if m.confirmed else _("Chờ xác nhận") if m.has_result else _("Chưa đấu")
            out.append(
                [
                    name,
                    label(m.stage),
                    display.match_title(m, cr.rounds),
                    format_datetime(m.starts_at),
                    view.venues[m.venue_id].name if m.venue_id else "",
                    view.side(m, True),
                    display.score_text(m),
                    view.side(m, False),
                    status,
                    users.get(m.entered_by_id, ""),
                    users.get(m.confirmed_by_id, ""),
                ]
            )
        for p in cr.performances:
            status = _("Đã xác nhận") if p.confirmed else _("Chờ xác nhận") if p.entered_at else _("Chưa đấu")
            value = _("Không hoàn thành / vắng") if p.did_not_finish else (str(p.value) if p.value is not None else "")
            out.append(
                [name, _("Thành tích"), "", "", "", view.label(p.entry_id), value, "", status]
                + [users.get(p.entered_by_id, ""), users.get(p.confirmed_by_id, "")]
            )
        for place in cr.places:
            out.append([name, _("Xếp hạng"), place_label(place.place), "", "", view.label(place.entry_id)] + [""] * 5)
    return headers, out
