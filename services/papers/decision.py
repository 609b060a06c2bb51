"""The award decision (quyết định khen thưởng) of an event: its wording (made with defaults
the first time, edited by the admin) and the document built from it and from the awards
(``awards.event_awards``: the appendix, its totals and the payout lists' are the same sums).

Issuing it keeps the appendix as issued. From then on nothing is silently rewritten: the
decision prints as issued; a result corrected afterwards shows on the decision page as what
changed, place by place, and prints as an amended appendix (phụ lục điều chỉnh) beside it,
as a corrected certificate shows as revoked. Issuing again (the amended decision) is an
admin's act, one audit row with what changed.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import cast

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import update
from sqlalchemy.engine import CursorResult

from extensions import db
from models import AwardDecision, Event, utcnow
from printables.decision import APPENDIX_WIDTHS, Decision, decision_docx, decision_pdf
from printables.official import Grouped, Letterhead, Signature
from services import audit
from services.audit import record_decision
from services.certificates.issue import place_and_date, style_of
from services.errors import DomainError
from services.lookup import one_made_once
from services.papers import money
from services.papers.awards import Award, CompetitionAwards, event_awards, total
from services.text import nfc

APPENDIX_HEADERS = ["STT", "Giải", "Tập thể / cá nhân", "Họ và tên / tên đội", "Đơn vị", "Số tiền (đồng)"]


def _defaults(event: Event) -> dict:
    style = style_of(event)
    body = (style.organisation or "LIÊN ĐOÀN LAO ĐỘNG TỈNH").split("\n")[-1].strip()
    return {
        "parent_body": "TỔNG LĐLĐ VIỆT NAM",
        "issuing_body": body,
        "symbol": "QĐ-LĐLĐ",
        "place": style.place,
        "issued_on": style.issued_on or event.ends_on,
        "subject": f"Về việc khen thưởng các tập thể, cá nhân đạt thành tích tại {event.name}",
        "authority": f"BAN THƯỜNG VỤ {body}",
        "grounds": "\n".join(
            [
                "Căn cứ Điều lệ Công đoàn Việt Nam;",
                f"Căn cứ Kế hoạch số …/KH-LĐLĐ ngày … về việc tổ chức {event.name};",
                f"Căn cứ kết quả thi đấu do Ban Tổ chức {event.name} công bố;",
                f"Xét đề nghị của Ban Tổ chức {event.name}.",
            ]
        ),
        "budget": f"Kinh phí khen thưởng chi từ nguồn kinh phí tổ chức {event.name}.",
        "executors": f"Văn phòng, Ban Tổ chức {event.name} và các tập thể, cá nhân có tên tại Điều 1",
        "recipients": "\n".join(["Như Điều 3;", "Thường trực LĐLĐ tỉnh;", "Lưu: VT."]),
        "signer_on_behalf": "TM. BAN THƯỜNG VỤ",
        "signer_title": "CHỦ TỊCH",
        "signer_name": style.signer_name,
    }


def decision_of(event: Event) -> AwardDecision:
    """The event's decision, made with the defaults the first time."""
    return one_made_once(AwardDecision, {"event_id": event.id}, lambda: {"appendix": {}, **_defaults(event)})


@dataclass
class DecisionData:
    """The wording the admin edits (the decision form)."""

    parent_body: str
    issuing_body: str
    number: str
    symbol: str
    place: str
    issued_on: date | None
    subject: str
    authority: str
    grounds: str
    budget: str
    executors: str
    recipients: str
    signer_on_behalf: str
    signer_title: str
    signer_name: str


def save_wording(event: Event, data: DecisionData, actor) -> AwardDecision:
    """Store the wording; once the decision is issued, a change of it is an audit row too."""
    decision = decision_of(event)
    values = {name: nfc(v) if isinstance(v, str) else v for name, v in vars(data).items()}
    diff = audit.changes(decision, values)
    for name, value in values.items():
        setattr(decision, name, value)
    if diff:
        decision.version += 1
        if decision.issued_at is not None:
            record_decision(actor, event, "update", "Sửa lời văn quyết định đã ban hành", diff)
    db.session.flush()
    return decision


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def appendix(groups: list[CompetitionAwards]) -> Grouped:
    """Every award by competition, numbered through, with each competition's total."""
    out, n = [], 0
    for group in groups:
        rows = []
        for award in group.awards:
            n += 1
            rows.append(
                [str(n), award.place_text, award.kind, award.recipient, award.unit, money.figures(award.amount)]
            )
        out.append((group.name, rows, money.figures(group.total)))
    return Grouped(APPENDIX_HEADERS, out, APPENDIX_WIDTHS, right=(5,))


def letterhead(decision: AwardDecision, symbol: str | None = None) -> Letterhead:
    """The decision's letterhead (``symbol``: another paper's of the same office, "TB-LĐLĐ")."""
    number = decision.number if symbol is None else ""
    return Letterhead(
        decision.parent_body.upper(),
        decision.issuing_body.upper(),
        f"Số: {number or '…'}/{symbol or decision.symbol}",
        place_and_date(decision.place, decision.issued_on),
    )


def signature(decision: AwardDecision, recipients: list[str] | None = None) -> Signature:
    lines = _lines(decision.recipients) if recipients is None else recipients
    return Signature(
        decision.signer_on_behalf.upper(),
        decision.signer_title.upper(),
        decision.signer_name,
        [f"- {line}" for line in lines],
    )


def document(event: Event, amended: bool = False) -> Decision:
    """The decision: as issued once it is (its appendix as it was then), else as it would be
    now; ``amended``: the appendix as the results are now, with what changed since issuing."""
    decision = decision_of(event)
    amendments: list[str] = []
    if decision.issued_at is not None and not amended:
        groups = groups_of(decision.appendix)
    else:
        groups = event_awards(event)
        amendments = changes(decision, groups) if amended else []
    amount = total(groups)
    awards = [a for g in groups for a in g.awards]
    collectives = sum(1 for a in awards if a.collective)
    people = sum(a.people for a in awards)
    words = money.in_words(amount)
    articles = [
        (
            "Điều 1.",
            f"Khen thưởng {collectives} tập thể và {people} cá nhân đạt thành tích tại {event.name} "
            "(có danh sách kèm theo).",
        ),
        (
            "Điều 2.",
            f"Mức thưởng theo danh sách kèm theo; tổng số tiền thưởng: {money.figures(amount)} đồng "
            f"(bằng chữ: {words}). {decision.budget}".strip(),
        ),
        ("Điều 3.", f"{decision.executors} chịu trách nhiệm thi hành Quyết định này./."),
    ]
    day = decision.issued_on
    note = f"Quyết định số {decision.number or '…'}/{decision.symbol}" + (
        f" ngày {day.strftime('%d/%m/%Y')}" if day else ""
    )
    paper = Decision(
        head=letterhead(decision),
        subject=decision.subject,
        authority=decision.authority.upper(),
        grounds=_lines(decision.grounds),
        articles=articles,
        sign=signature(decision),
        appendix_note=f"(Điều chỉnh danh sách kèm theo {note})" if amended else f"(Kèm theo {note})",
        appendix=appendix(groups),
        total_line=f"Tổng cộng: {money.figures(amount)} đồng (bằng chữ: {words}).",
    )
    if amended:
        paper.appendix_title = "PHỤ LỤC ĐIỀU CHỈNH"
        paper.amendments = (
            ["Những thay đổi so với danh sách đã ban hành:", *(f"- {line}" for line in amendments)]
            if amendments
            else ["Không có thay đổi so với danh sách đã ban hành."]
        )
    return paper


# --- issuing, and what changed since ----------------------------------------------------------


def snapshot(groups: list[CompetitionAwards]) -> dict:
    return {
        "groups": [
            {"competition_id": g.competition_id, "name": g.name, "awards": [asdict(a) for a in g.awards]}
            for g in groups
        ]
    }


def groups_of(appendix: dict) -> list[CompetitionAwards]:
    return [
        CompetitionAwards(g["competition_id"], g["name"], [Award(**a) for a in g["awards"]])
        for g in (appendix or {}).get("groups", [])
    ]


def _slots(groups: list[CompetitionAwards]) -> dict[tuple, tuple[str, list[str]]]:
    """(competition, place) → (its title, "recipient (unit): amount" of each award there)."""
    out: dict[tuple, tuple[str, list[str]]] = {}
    for g in groups:
        for a in g.awards:
            title, lines = out.setdefault((g.competition_id, a.place), (f"{g.name}, giải {a.place_text}", []))
            lines.append(f"{a.recipient} ({a.unit}): {money.figures(a.amount)} đồng")
    return out


def changes(decision: AwardDecision, groups: list[CompetitionAwards] | None = None) -> list[str]:
    """What the results say now that the issued appendix does not, place by place ("Cầu lông
    đơn nam, giải Nhất: A (unit): 1.500.000 đồng → B (unit): 1.500.000 đồng"); [] when not issued."""
    if decision.issued_at is None:
        return []
    if groups is None:
        with force_locale("vi"):
            groups = event_awards(decision.event)
    before, now = _slots(groups_of(decision.appendix)), _slots(groups)
    out = []
    for key in [*before, *(k for k in now if k not in before)]:
        old, new = before.get(key, ("", [])), now.get(key, ("", []))
        if sorted(old[1]) != sorted(new[1]):
            was, becomes = "; ".join(old[1]) or "không có", "; ".join(new[1]) or "không có"
            out.append(f"{old[0] or new[0]}: {was} → {becomes}")
    return out


def issue(event: Event, actor, version: int) -> AwardDecision:
    """Issue the decision with the appendix as the results are now (again, for an amended
    one), from the page showing ``version``: refused if the wording or an issue came between."""
    decision = decision_of(event)
    with force_locale("vi"):
        groups = event_awards(event)
    if not groups:
        raise DomainError(_("Chưa có giải nào theo kết quả đã xác nhận: chưa thể ban hành quyết định."))
    what = changes(decision, groups)
    again = decision.issued_at is not None
    done = cast(
        CursorResult,
        db.session.execute(
            update(AwardDecision)
            .where(AwardDecision.id == decision.id, AwardDecision.version == version)
            .values(version=version + 1, issued_at=utcnow(), issued_by_id=actor.id, appendix=snapshot(groups))
        ),
    ).rowcount
    if done != 1:
        raise DomainError(_("Trang này đã cũ: quyết định vừa được sửa hoặc ban hành. Hãy tải lại trang."))
    db.session.refresh(decision)
    summary = (
        "Ban hành lại" if again else "Ban hành"
    ) + f" {letterhead(decision).number_line}, {money.figures(total(groups))} đồng"
    record_decision(actor, event, "reissue" if again else "issue", summary, {"changes": what} if again else {})
    return decision


def docx_file(event: Event, amended: bool = False) -> bytes:
    """The decision as .docx, in Vietnamese whoever downloads it (a paper the federation signs)."""
    with force_locale("vi"):
        return decision_docx(document(event, amended))


def pdf_file(event: Event, amended: bool = False) -> bytes:
    with force_locale("vi"):
        return decision_pdf(document(event, amended))


def filename(event: Event, extension: str, amended: bool = False) -> str:
    return f"quyet-dinh-khen-thuong-{event.slug}{'-dieu-chinh' if amended else ''}.{extension}"
