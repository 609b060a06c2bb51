"""The award decision (quyết định khen thưởng) of an event: its wording (made with defaults
the first time, edited by the admin) and the document built from it and from the awards
(``awards.event_awards``: the appendix, its totals and the payout lists' are the same sums).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import force_locale
from sqlalchemy import select

from extensions import db
from models import AwardDecision, Event
from printables.decision import APPENDIX_WIDTHS, Decision, decision_docx, decision_pdf
from printables.official import Grouped, Letterhead, Signature
from services.certificates.issue import place_and_date, style_of
from services.papers import money
from services.papers.awards import CompetitionAwards, event_awards, total
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
    decision = db.session.scalar(select(AwardDecision).where(AwardDecision.event_id == event.id))
    if decision is None:
        decision = AwardDecision(event=event, **_defaults(event))
        db.session.add(decision)
        db.session.flush()
    return decision


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


def save_wording(event: Event, data: DecisionData) -> AwardDecision:
    decision = decision_of(event)
    for name in DecisionData.__dataclass_fields__:
        value = getattr(data, name)
        setattr(decision, name, nfc(value) if isinstance(value, str) else value)
    decision.version += 1
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
            kind = "Tập thể" if award.collective else "Cá nhân"
            rows.append([str(n), award.place_text, kind, award.recipient, award.unit, money.figures(award.amount)])
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


def document(event: Event) -> Decision:
    """The decision as it prints now: wording, articles, the appendix of every award."""
    decision = decision_of(event)
    with force_locale("vi"):
        groups = event_awards(event)
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
    note = f"(Kèm theo Quyết định số {decision.number or '…'}/{decision.symbol}"
    note += (f" ngày {day.strftime('%d/%m/%Y')}" if day else "") + ")"
    return Decision(
        head=letterhead(decision),
        subject=decision.subject,
        authority=decision.authority.upper(),
        grounds=_lines(decision.grounds),
        articles=articles,
        sign=signature(decision),
        appendix_note=note,
        appendix=appendix(groups),
        total_line=f"Tổng cộng: {money.figures(amount)} đồng (bằng chữ: {words}).",
    )


def docx_file(event: Event) -> bytes:
    return decision_docx(document(event))


def pdf_file(event: Event) -> bytes:
    return decision_pdf(document(event))


def filename(event: Event, extension: str) -> str:
    return f"quyet-dinh-khen-thuong-{event.slug}.{extension}"
