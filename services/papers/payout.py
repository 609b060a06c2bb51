"""The payout lists (danh sách nhận thưởng): every award with prize money, per unit (the
unit's representative signs each line) and for the whole event (the accountant's), with the
amounts in figures and in words. Their sums are the decision appendix's exactly: both are
``awards.event_awards``'s amounts."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import force_locale
from flask_babel import gettext as _

from models import Event, utcnow
from printables.reports import Report, Section, report_pdf
from services import spreadsheets
from services.i18n import format_datetime
from services.papers import money
from services.papers.awards import Award, event_awards
from services.text import text_sort_key


@dataclass
class UnitPayout:
    unit_id: int
    unit: str
    awards: list[Award]

    @property
    def total(self) -> int:
        return sum(a.amount for a in self.awards)


def unit_payouts(event: Event, unit_id: int | None = None) -> list[UnitPayout]:
    """The awards with money, by unit (by name; ``unit_id``: that unit's only), each unit's in
    the order of the appendix (competition, then place)."""
    by_unit: dict[int, UnitPayout] = {}
    for group in event_awards(event):
        for award in group.awards:
            if award.amount > 0 and unit_id in (None, award.unit_id):
                by_unit.setdefault(award.unit_id, UnitPayout(award.unit_id, award.unit, [])).awards.append(award)
    return sorted(by_unit.values(), key=lambda u: text_sort_key(u.unit))


def _headers(with_unit: bool) -> list[str]:
    headers = [_("STT"), _("Nội dung"), _("Giải"), _("Tập thể / cá nhân"), _("Người / đội nhận")]
    return headers + ([_("Đơn vị")] if with_unit else []) + [_("Số tiền (đồng)"), _("Bằng chữ")]


def _row(n: int, award: Award, with_unit: bool) -> list:
    row = [n, award.competition, award.place_text, award.kind, award.recipient]
    return row + ([award.unit] if with_unit else []) + [award.amount, money.in_words(award.amount)]


def total_line(amount: int) -> str:
    return _("Tổng cộng: %(f)s đồng (bằng chữ: %(w)s).", f=money.figures(amount), w=money.in_words(amount))


def pdf_report(event: Event, payouts: list[UnitPayout]) -> Report:
    """One page (or more) per unit: its lines with a signature column, the total in words, and
    the receiver's, the preparer's and the head's signatures."""
    sections = []
    for payout in payouts:
        rows = [
            [n, a.competition, a.place_text, a.recipient, money.figures(a.amount), money.in_words(a.amount), ""]
            for n, a in enumerate(payout.awards, start=1)
        ]
        headers = [
            _("STT"),
            _("Nội dung"),
            _("Giải"),
            _("Người / đội nhận"),
            _("Số tiền (đồng)"),
            _("Bằng chữ"),
            _("Ký nhận"),
        ]
        sections.append(
            Section(
                payout.unit,
                headers,
                rows,
                widths=[12, 50, 18, 55, 25, 73, 28],
                new_page=True,
                after=total_line(payout.total),
                signatures=[_("Người nhận"), _("Người lập danh sách"), _("Thủ trưởng đơn vị")],
            )
        )
    return Report(
        _("Danh sách nhận thưởng"),
        event.name,
        _("In lúc %(t)s", t=format_datetime(utcnow())),
        sections
        or [Section("", [_("Đơn vị")], [], empty=_("Chưa có giải nào có tiền thưởng (hãy đặt tiền thưởng trước)."))],
        landscape=True,
        signature_hint=_("(ký, ghi rõ họ tên)"),
    )


def sheet_rows(event: Event, payouts: list[UnitPayout]) -> tuple[list[list], set[int]]:
    """The accountant's sheet: every line with its unit, a subtotal per unit, the total in
    figures and in words; (rows, the bold rows' indexes)."""
    rows: list[list] = [[_("Danh sách nhận thưởng") + " – " + event.name], [], _headers(True)]
    bold = {1, 3}  # row numbers as the sheet counts them, from 1
    n = 0
    for payout in payouts:
        for award in payout.awards:
            n += 1
            rows.append(_row(n, award, True))
        rows.append(["", _("Cộng %(u)s", u=payout.unit), "", "", "", "", payout.total, money.in_words(payout.total)])
        bold.add(len(rows))
    grand = sum(p.total for p in payouts)
    rows.append(["", _("Tổng cộng"), "", "", "", "", grand, money.in_words(grand)])
    bold.add(len(rows))
    return rows, bold


def payout_pdf(event: Event, unit_id: int | None = None) -> bytes:
    """The lists as PDF, in Vietnamese whoever prints them (a federation's paper)."""
    with force_locale("vi"):
        return report_pdf(pdf_report(event, unit_payouts(event, unit_id)))


def payout_xlsx(event: Event, unit_id: int | None = None) -> bytes:
    with force_locale("vi"):
        rows, bold = sheet_rows(event, unit_payouts(event, unit_id))
        return spreadsheets.rows_xlsx(_("Nhận thưởng"), rows, bold)
