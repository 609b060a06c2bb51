"""The results announcement (thông báo kết quả) of an event: the medal table, the overall
ranking, every competition's winners and the participation line, from the same tally and
participation model as the board and the reports; as .docx and PDF (the federation's paper,
with the award decision's letterhead and signer) and as read-only JSON for the website."""

from __future__ import annotations

from flask_babel import force_locale

from models import Event, utcnow
from printables.announcement import Announcement, announcement_docx, announcement_pdf
from printables.official import Grouped
from services.papers.awards import event_awards
from services.papers.decision import decision_of, letterhead, signature
from services.participation import reports
from services.participation import rules as participation
from services.results import tally

RECIPIENTS = ["Các đơn vị thành viên;", "Trang thông tin điện tử LĐLĐ tỉnh;", "Lưu: VT."]


def content(event: Event) -> dict:
    """What the announcement says, JSON-ready (no prize money: that is the decision's)."""
    with force_locale("vi"):
        tallied, _entries, _comps = tally.event_tally(event)
        groups = event_awards(event)
    part = participation.event_participation(event)
    units = tallied.units

    def unit_row(t) -> dict:
        return {"rank": t.rank, "code": units[t.unit_id].code, "unit": units[t.unit_id].name}

    return {
        "event": {
            "slug": event.slug,
            "name": event.name,
            "starts_on": event.starts_on.isoformat(),
            "ends_on": event.ends_on.isoformat(),
        },
        "participation": {
            "sentence": reports.taking_part(part),
            "counting_units": len(part.counting),
            "registered_units": part.registered,
            "present_units": part.present,
            "present_percent": part.present_percent,
            "complete": part.complete,
        },
        "medal_table": [
            unit_row(t) | {"gold": t.gold, "silver": t.silver, "bronze": t.bronze, "total": t.total}
            for t in tallied.medal_table
        ],
        "overall": [
            unit_row(t) | {"points": t.points, "gold": t.gold, "silver": t.silver, "bronze": t.bronze}
            for t in tallied.overall
        ],
        "competitions": [
            {
                "name": g.name,
                "places": [
                    {"place": a.place, "place_text": a.place_text, "recipient": a.recipient, "unit": a.unit}
                    for a in g.awards
                ],
            }
            for g in groups
            if g.competition_id is not None
        ],
        "generated_at": utcnow().isoformat(),
    }


def document(event: Event) -> Announcement:
    data = content(event)
    decision = decision_of(event)
    medals = Grouped(
        ["Hạng", "Đơn vị", "Vàng", "Bạc", "Đồng", "Tổng"],
        [
            (
                "",
                [
                    [str(r["rank"]), r["unit"], str(r["gold"]), str(r["silver"]), str(r["bronze"]), str(r["total"])]
                    for r in data["medal_table"]
                ],
                "",
            )
        ],  # fmt: skip
        (0.1, 0.5, 0.1, 0.1, 0.1, 0.1),
        right=(2, 3, 4, 5),
    )
    by_points = event.overall_rule.value == "points"
    overall = Grouped(
        ["Hạng", "Đơn vị", "Điểm" if by_points else "Vàng – Bạc – Đồng"],
        [
            (
                "",
                [
                    [
                        str(r["rank"]),
                        r["unit"],
                        str(r["points"]) if by_points else f"{r['gold']} – {r['silver']} – {r['bronze']}",
                    ]
                    for r in data["overall"]
                ],
                "",
            )
        ],  # fmt: skip
        (0.1, 0.6, 0.3),
    )
    winners = Grouped(
        ["Giải", "Họ và tên / tên đội", "Đơn vị"],
        [
            (c["name"], [[w["place_text"], w["recipient"], w["unit"]] for w in c["places"]], "")
            for c in data["competitions"]
        ],
        (0.15, 0.45, 0.4),
    )
    days = f"từ ngày {event.starts_on.strftime('%d/%m/%Y')} đến ngày {event.ends_on.strftime('%d/%m/%Y')}"
    return Announcement(
        head=letterhead(decision, symbol="TB-LĐLĐ"),
        subject=f"Kết quả {event.name}",
        opening=[f"{event.name} đã diễn ra {days}.", data["participation"]["sentence"], "Kết quả như sau:"],
        sections=[
            ("I. BẢNG TỔNG SẮP HUY CHƯƠNG", medals),
            ("II. XẾP HẠNG TOÀN ĐOÀN", overall),
            ("III. KẾT QUẢ TỪNG NỘI DUNG", winners),
        ],
        closing="Trân trọng thông báo đến các đơn vị được biết./.",
        sign=signature(decision, RECIPIENTS),
    )


def docx_file(event: Event) -> bytes:
    return announcement_docx(document(event))


def pdf_file(event: Event) -> bytes:
    return announcement_pdf(document(event))


def filename(event: Event, extension: str) -> str:
    return f"thong-bao-ket-qua-{event.slug}.{extension}"
