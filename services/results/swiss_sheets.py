"""A Swiss competition's papers, worded here and drawn by printables/reports.py: a round's
pairing sheet (board, Red — who moves first —, points, Black, points, result, the bye) with
the arbiters' signatures, and the crosstable (bảng tổng hợp): every player's rounds
(opponent's pairing number, colour, result), points and every tie-break column."""

from __future__ import annotations

from decimal import Decimal

from flask_babel import gettext as _

from printables.reports import Report, Section
from services.results import sports, swiss_rounds, swiss_table
from services.results.board import EventResults
from services.results.display import chess_text, points_text
from services.results.sheets import report
from services.results.swiss import tiebreaks


def colour_names(comp) -> tuple[str, str]:
    """Red and Black in Chinese chess (Red moves first), White and Black in chess."""
    if sports.kind_of(comp.sport.kind) is sports.KINDS["chess"]:
        return _("Đỏ"), _("Đen")
    return _("Trắng"), _("Đen")


def pairing_sheet(comp, view: EventResults, summary: swiss_rounds.Summary, round_no: int) -> Report:
    state = summary.rounds[round_no - 1]
    before = swiss_table.pasts(comp.plan, summary.games, summary.entry_ids, round_no - 1)
    score = {e: sum((g.points for g in games), Decimal(0)) for e, games in before.items()}
    number = {e: n for n, e in enumerate(summary.entry_ids, start=1)}
    white, black = colour_names(comp)
    rows, bye = [], None
    for m in state.games:
        if m.away_entry_id is None:
            bye = m
            continue
        result = chess_text(m.home_score, m.away_score or 0, m.forfeited_by) if m.home_score is not None else ""
        white_id, black_id = m.home_entry_id or 0, m.away_entry_id
        rows.append([m.position, number[white_id], view.label(white_id), points_text(score[white_id]), result,
                     points_text(score[black_id]), view.label(black_id), number[black_id]])  # fmt: skip
    header = [_("Bàn"), _("STT"), white + " " + _("(đi trước)"), _("Điểm"), _("Kết quả"), _("Điểm"), black, _("STT")]
    sections = [Section("", header, rows, widths=[12, 12, 62, 14, 20, 14, 62, 12])]
    absent = sorted(swiss_rounds.absent_in(comp.plan, round_no), key=lambda e: number.get(e, 0))
    notes = []
    if bye is not None:
        notes.append(_("Miễn đấu (được %(p)s điểm): %(n)s", p=points_text(Decimal(bye.home_score or 0) / 2),
                       n=view.label(bye.home_entry_id)))  # fmt: skip
    if absent:
        notes.append(_("Vắng (0 điểm): %(n)s", n=", ".join(view.label(e) for e in absent)))
    sections[0].note = " · ".join(notes)
    subtitle = _("Vòng %(r)d / %(n)d – bảng ghép cặp", r=round_no, n=comp.plan.rounds)
    return report(comp.name, subtitle, sections, signatures=[_("Trọng tài"), _("Tổng trọng tài")],
                  signature_hint=_("(ký, ghi rõ họ tên)"))  # fmt: skip


def crosstable(comp, view: EventResults, summary: swiss_rounds.Summary) -> Report:
    done = swiss_table.complete_rounds(summary.games)
    games = swiss_table.pasts(comp.plan, summary.games, summary.entry_ids, done)
    number = {e: n for n, e in enumerate(summary.entry_ids, start=1)}
    white, black = colour_names(comp)
    codes = [c for c in comp.plan.tie_breakers if c in tiebreaks.CATALOGUE]
    rows = []
    for row in summary.standings:
        cells = []
        for g in games[row.number]:
            if g.opponent is None:
                cells.append(_("miễn") + " " + points_text(g.points) if g.paired else "–")
                continue
            colour = (white if g.colour == "w" else black)[:2] if g.colour else ""
            mark = points_text(g.points) if g.played else ("+" if g.points else "−")
            cells.append(f"{number[g.opponent]} {colour} {mark}".replace("  ", " "))
        rows.append([row.place, number[row.number], view.label(row.number), *cells, points_text(row.points),
                     *(points_text(row.values.get(c, Decimal(0))) for c in codes)])  # fmt: skip
    header = [_("Hạng"), _("STT"), _("Đấu thủ")] + [_("V%(r)d", r=r) for r in range(1, done + 1)]
    header += [_("Điểm")] + codes
    legend = "; ".join(f"{c}: {tiebreaks.CATALOGUE[c]}" for c in codes)
    section = Section("", header, rows, note=_("Sau %(r)d vòng. Chỉ số phụ: %(l)s.", r=done, l=legend))
    return report(comp.name, _("Bảng tổng hợp (hệ Thụy Sĩ, %(n)d vòng)", n=comp.plan.rounds), [section], landscape=True,
                  signatures=[_("Trọng tài"), _("Tổng trọng tài")], signature_hint=_("(ký, ghi rõ họ tên)"))  # fmt: skip
