"""The official printables' contents, worded and translated here and handed to
printables/reports.py as plain data: the schedule, a competition's result sheet (biên bản
kết quả) and the medal table with the overall ranking, all read from the board's model."""

from __future__ import annotations

import re

from flask_babel import gettext as _

from models import utcnow
from printables.reports import Report, Section
from services.i18n import format_datetime, to_local
from services.labels import label, place_label
from services.results import heats
from services.results.board import CompetitionResults, EventResults
from services.results.display import match_title, score_text


def report(title: str, subtitle: str, sections: list[Section], landscape: bool = False, **extra) -> Report:
    """A report printed now: "In lúc …", and "Không có." in a section with no rows."""
    for section in sections:
        section.empty = section.empty or _("Không có.")
    printed = _("In lúc %(t)s", t=format_datetime(utcnow()))
    return Report(title, subtitle, printed, sections, landscape, **extra)


def schedule(view: EventResults, rows, title: str) -> Report:
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
    header = [_("Giờ"), _("Địa điểm"), _("Nội dung"), _("Trận"), _("Đội 1"), _("Tỉ số"), _("Đội 2")]
    table = Section("", header, body, widths=[22, 45, 50, 28, 48, 30, 48], empty=_("Chưa có trận nào được xếp lịch."))
    return report(_("Lịch thi đấu"), title, [table], landscape=True)


def _natural(name: str) -> list:
    """ "Sân 2" before "Sân 10"."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", name)]


ORDER_OF_PLAY_SIZE = 14  # points: read on the notice board from a step back


def order_of_play(view: EventResults, rows, title: str) -> Report:
    """Thứ tự thi đấu for the notice board: a page for each venue and day, a table for each
    court, in big type. ``rows``: view.schedule() — (match, competition results) in time order."""
    by_page: dict = {}
    for m, cr in rows:
        key = (to_local(m.starts_at).date(), view.venues[m.venue_id].name if m.venue_id in view.venues else "")
        by_page.setdefault(key, {}).setdefault(m.court or "—", []).append((m, cr))
    sections = []
    for (day, venue), courts in sorted(by_page.items()):
        for i, (court, matches) in enumerate(sorted(courts.items(), key=lambda kv: _natural(kv[0]))):
            body = [
                [to_local(m.starts_at).strftime("%H:%M"), f"{cr.competition.name} – {match_title(m, cr.rounds)}",
                 view.side(m, True), view.side(m, False)]
                for m, cr in matches
            ]  # fmt: skip
            sections.append(
                Section(
                    f"{venue} – {day:%d/%m/%Y} – {court}",
                    [_("Giờ"), _("Trận"), _("Đội 1"), _("Đội 2")],
                    body,
                    size=ORDER_OF_PLAY_SIZE,
                    new_page=i == 0,
                )
            )
    if not sections:
        sections = [
            Section("", [_("Giờ"), _("Trận"), _("Đội 1"), _("Đội 2")], [], empty=_("Chưa có trận nào được xếp lịch."))
        ]
    return report(_("Thứ tự thi đấu"), title, sections, landscape=True)


def result_sheet(view: EventResults, cr: CompetitionResults) -> Report:
    """Biên bản kết quả: places, each group's table, every match with its score and status."""
    sections: list[Section] = []
    if cr.places:
        rows = [[place_label(pl.place), view.label(pl.entry_id)] for pl in cr.places]
        sections.append(Section(_("Xếp hạng"), [_("Giải"), _("Vận động viên / đội")], rows, widths=[30, 150]))
    for group_no, standing in cr.tables.items():
        rows = [
            [row.rank, view.label(row.entry), row.played, row.won, row.lost, f"{row.score_for}–{row.score_against}"]
            + [row.points]
            for row in standing
        ]
        header = ["#", _("Đội"), _("Trận"), _("Thắng"), _("Thua"), _("Ván / bàn"), _("Điểm")]
        title = _("Bảng %(g)s", g="ABCDEFGHIJKLMNOP"[group_no - 1])
        sections.append(Section(title, header, rows, widths=[10, 80, 15, 15, 15, 25, 20]))
    if cr.matches:
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
        sections.append(Section(_("Các trận đấu"), header, rows, widths=[32, 52, 34, 52, 16]))
    if cr.performances and heats.has_heats(cr.performances):
        sections += _heat_sections(view, cr)
    elif cr.performances:
        rows = [[rank, view.label(perf.entry_id), str(perf.value)] for perf, rank in cr.ranked]
        header = ["#", _("Vận động viên / đội"), _("Thành tích")]
        sections.append(Section(_("Thành tích"), header, rows, widths=[12, 130, 40]))
    if teams := view.team_scores(cr):
        rows = [[t.rank, view.units[t.unit_id].name, ", ".join(map(str, t.places)), t.points] for t in teams]
        header = ["#", _("Đơn vị"), _("Các hạng tính điểm"), _("Điểm")]
        title = _("Xếp hạng đồng đội (cộng hạng %(n)d người tốt nhất)", n=cr.plan.team_best)
        sections.append(Section(title, header, rows, widths=[12, 100, 50, 20]))
    subtitle = f"{cr.competition.name} – {view.event.name}"
    if cr.plan:
        subtitle += f" ({label(cr.plan.format)})"
    return report(
        _("Biên bản kết quả"),
        subtitle,
        sections,
        signatures=[_("Trọng tài chính"), _("Thư ký"), _("Trưởng ban tổ chức")],
        signature_hint=_("(ký, ghi rõ họ tên)"),
    )


def _heat_sections(view: EventResults, cr: CompetitionResults) -> list[Section]:
    """Each heat lane by lane (mark or DNS/DNF/DQ, who went through: Q by place, q by mark),
    then the final with its places."""
    statuses = {"dns": "DNS", "dnf": "DNF", "dq": "DQ"}
    in_heats = [p for p in cr.performances if p.round_no == heats.HEATS]
    through = {q.entry_id: q.how for q in heats.qualifiers(cr.plan, in_heats) or []}
    sections = []
    for heat_no in sorted({p.heat_no for p in in_heats}):
        lanes = sorted((p for p in in_heats if p.heat_no == heat_no), key=lambda p: p.lane or 0)
        rows = [
            [p.lane, view.label(p.entry_id), statuses.get(p.status, str(p.value) if p.value is not None else ""),
             through.get(p.entry_id, "")]
            for p in lanes
        ]  # fmt: skip
        header = [_("Làn"), _("Vận động viên / đội"), _("Thành tích"), _("Vào chung kết")]
        sections.append(Section(_("Lượt %(n)d vòng loại", n=heat_no), header, rows, widths=[14, 110, 34, 24]))
    ranks = {p.id: rank for p, rank in cr.ranked}
    final = sorted(
        (p for p in cr.performances if p.round_no == heats.FINAL), key=lambda p: (ranks.get(p.id, 999), p.lane or 0)
    )
    rows = [
        [ranks.get(p.id, ""), p.lane, view.label(p.entry_id),
         statuses.get(p.status, str(p.value) if p.value is not None else "")]
        for p in final
    ]  # fmt: skip
    header = ["#", _("Làn"), _("Vận động viên / đội"), _("Thành tích")]
    sections.append(Section(_("Chung kết"), header, rows, widths=[12, 14, 120, 36]))
    return sections


def medals(view: EventResults) -> Report:
    units = view.units
    medal_rows = [
        [t.rank, units[t.unit_id].code, units[t.unit_id].name, t.gold, t.silver, t.bronze, t.total]
        for t in view.medal_table
    ]
    header = ["#", _("Mã"), _("Đơn vị"), _("Vàng"), _("Bạc"), _("Đồng"), _("Tổng")]
    # The points column only where the overall ranking is by points (under the medal rule it
    # would stand empty).
    by_points = view.event.overall_rule.value == "points"
    overall_rows = [
        [t.rank, units[t.unit_id].code, units[t.unit_id].name]
        + ([t.points] if by_points else [])
        + [t.gold, t.silver, t.bronze]
        for t in view.overall
    ]
    overall_header = ["#", _("Mã"), _("Đơn vị")] + ([_("Điểm")] if by_points else []) + [_("Vàng"), _("Bạc"), _("Đồng")]
    sections = [  # widths measured from the words (printables/reports.layout): a unit code is never broken
        Section(_("Bảng tổng sắp huy chương"), header, medal_rows),
        Section(_("Xếp hạng toàn đoàn"), overall_header, overall_rows),
    ]
    footnote = ""
    if view.overall_left_out:
        footnote = _("Không tính vào toàn đoàn:") + " " + ", ".join(view.overall_left_out)
    return report(_("Bảng tổng sắp huy chương"), view.event.name, sections, footnote=footnote)
