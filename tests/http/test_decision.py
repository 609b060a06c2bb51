"""The award decision (issue 30): its wording edited on a page, the .docx and the PDF read
back (header, number, date, grounds, articles, appendix cells), and the appendix, the
payout lists and the medal table agreeing."""

import html
import io
from collections import Counter

import pytest
from docx import Document
from openpyxl import load_workbook
from sqlalchemy import func, select

from extensions import db
from models import AuditLog
from services.papers import awards, money
from services.results import tally
from tests.support import factories as f
from tests.support import worlds
from tests.support.pdfs import page_texts

BASE = "/admin/events/hoi-thao-2024"


@pytest.fixture
def decided(client, officials):
    games = worlds.played_knockouts(officials)
    client.login("admin")
    client.get(BASE + "/prizes")
    version = client.get(BASE + "/prizes").get_data(as_text=True).split('name="version" value="')[1][:16]
    amounts = {"i-1": "1.500.000", "i-2": "1.000.000", "i-3": "700.000", "t-1": "3.000.000", "t-2": "2.000.000"}
    assert client.post(BASE + "/prizes", data={"action": "fill", "version": version, **amounts}).status_code == 302
    page = client.get(BASE + "/decision")
    assert page.status_code == 200 and "LIÊN ĐOÀN LAO ĐỘNG TỈNH" in page.get_data(as_text=True)  # defaults shown
    wording = {
        "parent_body": "TỔNG LĐLĐ VIỆT NAM",
        "issuing_body": "LIÊN ĐOÀN LAO ĐỘNG TỈNH ĐẮK LẮK",
        "number": "125",
        "symbol": "QĐ-LĐLĐ",
        "place": "Đắk Lắk",
        "issued_on": "30/08/2024",
        "subject": "Về việc khen thưởng các tập thể, cá nhân đạt thành tích tại Hội thao CNVCLĐ tỉnh năm 2024",
        "authority": "BAN THƯỜNG VỤ LIÊN ĐOÀN LAO ĐỘNG TỈNH ĐẮK LẮK",
        "grounds": "Căn cứ Điều lệ Công đoàn Việt Nam;\nXét đề nghị của Ban Tổ chức Hội thao.",
        "budget": "Kinh phí chi từ nguồn tài chính công đoàn năm 2024.",
        "executors": "Văn phòng LĐLĐ tỉnh và các tập thể, cá nhân có tên tại Điều 1",
        "recipients": "Như Điều 3;\nLưu: VT.",
        "signer_on_behalf": "TM. BAN THƯỜNG VỤ",
        "signer_title": "CHỦ TỊCH",
        "signer_name": "Nguyễn Văn Ký",
    }
    assert client.post(BASE + "/decision", data=wording).status_code == 302
    return games


def _docx_text(doc) -> str:
    cells = [p.text for t in doc.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def test_the_decision_docx_reads_back_with_its_appendix(client, decided):
    answer = client.get(BASE + "/decision.docx")
    assert answer.status_code == 200 and answer.headers["Cache-Control"] == "no-store"
    assert "attachment" in answer.headers["Content-Disposition"]
    doc = Document(io.BytesIO(answer.data))
    text = _docx_text(doc)
    groups = awards.event_awards(decided["event"])
    amount = awards.total(groups)
    for expected in (
        "TỔNG LĐLĐ VIỆT NAM",
        "LIÊN ĐOÀN LAO ĐỘNG TỈNH ĐẮK LẮK",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 125/QĐ-LĐLĐ",
        "Đắk Lắk, ngày 30 tháng 8 năm 2024",
        "QUYẾT ĐỊNH",
        "BAN THƯỜNG VỤ LIÊN ĐOÀN LAO ĐỘNG TỈNH ĐẮK LẮK",
        "Căn cứ Điều lệ Công đoàn Việt Nam;",
        "Xét đề nghị của Ban Tổ chức Hội thao.",
        "QUYẾT ĐỊNH:",
        f"tổng số tiền thưởng: {money.figures(amount)} đồng (bằng chữ: {money.in_words(amount)}).",
        "Văn phòng LĐLĐ tỉnh và các tập thể, cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./.",
        "Nơi nhận:",
        "- Như Điều 3;",
        "TM. BAN THƯỜNG VỤ",
        "Nguyễn Văn Ký",
        "(Kèm theo Quyết định số 125/QĐ-LĐLĐ ngày 30/08/2024)",
    ):
        assert expected in text, expected
    awarded = [a for g in groups for a in g.awards]
    collectives, people = sum(a.collective for a in awarded), sum(a.people for a in awarded)
    assert people == 4 and collectives >= 4  # 4 singles medallists; 4 teams and the overall places
    assert f"Điều 1. Khen thưởng {collectives} tập thể và {people} cá nhân" in text

    appendix = doc.tables[-1]
    rows = [[c.text for c in row.cells] for row in appendix.rows]
    assert rows[0] == ["STT", "Giải", "Tập thể / cá nhân", "Họ và tên / tên đội", "Đơn vị", "Số tiền (đồng)"]
    lines = [r for r in rows[1:] if r[0].isdigit()]
    assert [int(r[0]) for r in lines] == list(range(1, len(awarded) + 1))
    assert [r[3] for r in lines] == [a.recipient for a in awarded]
    assert sum(int(r[5].replace(".", "")) for r in lines) == amount
    subtotals = [int(r[-1].replace(".", "")) for r in rows if r[0] == "Cộng"]
    assert subtotals == [g.total for g in groups] and sum(subtotals) == amount
    assert f"Tổng cộng: {money.figures(amount)} đồng (bằng chữ: {money.in_words(amount)})." in text


def test_the_appendix_the_payout_lists_and_the_medal_table_agree(client, decided):
    event = decided["event"]
    groups = awards.event_awards(event)
    sheet = load_workbook(io.BytesIO(client.get(BASE + "/payouts.xlsx").data)).active
    grand = [row for row in sheet.iter_rows(values_only=True) if row[1] == "Tổng cộng"][0][6]
    assert grand == awards.total(groups) > 0
    tallied, _entries, _comps = tally.event_tally(event)
    medals = Counter()
    for t in tallied.medal_table:
        medals.update({(t.unit_id, 1): t.gold, (t.unit_id, 2): t.silver, (t.unit_id, 3): t.bronze})
    appendix = Counter((a.unit_id, a.place) for g in groups if g.competition_id for a in g.awards if a.place <= 3)
    assert +medals == +appendix


def test_the_decision_pdf_says_the_same(client, decided):
    answer = client.get(BASE + "/decision.pdf")
    assert answer.status_code == 200 and answer.mimetype == "application/pdf"
    text = " ".join(" ".join(page_texts(answer.data)).split())
    amount = awards.total(awards.event_awards(decided["event"]))
    for expected in (
        "Số: 125/QĐ-LĐLĐ",
        "Đắk Lắk, ngày 30 tháng 8 năm 2024",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "PHỤ LỤC",
        f"Tổng cộng: {money.figures(amount)} đồng (bằng chữ: {money.in_words(amount)}).",
        "Nguyễn Văn Ký",
    ):
        assert expected in text, expected


def test_a_wording_too_long_is_refused_on_its_field(client, decided):
    answer = client.post(BASE + "/decision", data={"issuing_body": "X" * 300, "symbol": "QĐ", "subject": "s",
                                                   "authority": "a", "executors": "e", "signer_title": "t"})  # fmt: skip
    assert answer.status_code == 200
    assert "dài 300 ký tự, tối đa 200." in answer.get_data(as_text=True)


def test_the_announcement_gives_the_medal_table_the_winners_and_the_participation_line(client, make_client, decided):
    event = decided["event"]
    tallied, _entries, _comps = tally.event_tally(event)
    groups = [g for g in awards.event_awards(event) if g.competition_id]

    public = make_client().get("/board/hoi-thao-2024/announcement.json")  # nobody logged in
    assert public.status_code == 200 and public.headers["Access-Control-Allow-Origin"] == "*"
    data = public.get_json()
    assert [(r["code"], r["gold"], r["silver"], r["bronze"]) for r in data["medal_table"]] == [
        (tallied.units[t.unit_id].code, t.gold, t.silver, t.bronze) for t in tallied.medal_table
    ]
    assert [c["name"] for c in data["competitions"]] == [g.name for g in groups]
    assert [[p["recipient"] for p in c["places"]] for c in data["competitions"]] == [
        [a.recipient for a in g.awards] for g in groups
    ]
    line = data["participation"]["sentence"]
    assert line.startswith("Có ") and "đơn vị tham gia, đạt" in line and "amount" not in str(data)

    doc = Document(io.BytesIO(client.get(BASE + "/announcement.docx").data))
    text = _docx_text(doc)
    for expected in ("THÔNG BÁO", "Kết quả Sự kiện hoi-thao-2024", "Số: …/TB-LĐLĐ", line, "I. BẢNG TỔNG SẮP HUY CHƯƠNG",
                     "II. XẾP HẠNG TOÀN ĐOÀN", "III. KẾT QUẢ TỪNG NỘI DUNG", "Nguyễn Văn Ký"):  # fmt: skip
        assert expected in text, expected
    medal_rows = [[c.text for c in row.cells] for row in doc.tables[1].rows]
    assert medal_rows[0] == ["Hạng", "Đơn vị", "Vàng", "Bạc", "Đồng", "Tổng"]
    assert [r[1] for r in medal_rows[1:]] == [r["unit"] for r in data["medal_table"]]
    winners = [[c.text for c in row.cells] for row in doc.tables[3].rows]
    assert [w[1] for w in winners if w[0] in ("Nhất", "Nhì", "Ba")] == [
        a.recipient for g in groups for a in g.awards if a.place <= 3
    ]

    pdf = client.get(BASE + "/announcement.pdf")
    assert pdf.status_code == 200
    pdf_text = " ".join(" ".join(page_texts(pdf.data)).split())
    assert line in pdf_text and "XẾP HẠNG TOÀN ĐOÀN" in pdf_text


def _correct_the_final(comp, officials):
    """The singles final's result corrected (the other player won) and confirmed."""
    from models import Match, MatchStage
    from services.results import recording

    final = max((m for m in results_of(comp) if m.stage == MatchStage.KNOCKOUT), key=lambda m: (m.round_no, m.position))
    assert isinstance(final, Match) and final.confirmed_at is not None
    home_won = final.winner_entry_id == final.home_entry_id
    sets = [(15, 21), (16, 21)] if home_won else [(21, 15), (21, 16)]
    recording.enter_result(final, officials[1], recording.ResultInput(sets=sets))
    recording.confirm_result(final, officials[0])
    db.session.commit()


def results_of(comp):
    from tests.support import results

    return results.matches(comp)


def _issue(client):
    page = client.get(BASE + "/decision").get_data(as_text=True)
    version = page.split('name="version" value="')[1].split('"')[0]
    return client.post(BASE + "/decision/issue", data={"version": version}), version


def test_a_result_corrected_after_issuing_shows_and_prints_an_amended_appendix(client, decided, officials):
    answer, _version = _issue(client)
    assert answer.status_code == 302
    assert "Đã ban hành quyết định" in client.get(answer.headers["Location"]).get_data(as_text=True)
    issued = Document(io.BytesIO(client.get(BASE + "/decision.docx").data))
    issued_rows = [[c.text for c in row.cells] for row in issued.tables[-1].rows]
    singles = [g for g in awards.event_awards(decided["event"]) if g.name == "Cầu lông đơn nam"][0]
    gold, silver = singles.awards[0], singles.awards[1]

    _correct_the_final(decided["singles"], officials)
    page = client.get(BASE + "/decision").get_data(as_text=True)
    assert "Kết quả đã thay đổi sau khi ban hành" in page
    expected = (
        f"Cầu lông đơn nam, giải Nhất: {gold.recipient} ({gold.unit}): 1.500.000 đồng → "
        f"{silver.recipient} ({silver.unit}): 1.500.000 đồng"
    )
    assert expected in html.unescape(page)

    again = Document(io.BytesIO(client.get(BASE + "/decision.docx").data))  # nothing silently rewritten
    assert [[c.text for c in row.cells] for row in again.tables[-1].rows] == issued_rows
    amended = Document(io.BytesIO(client.get(BASE + "/decision.docx?amended=1").data))
    text = _docx_text(amended)
    assert "PHỤ LỤC ĐIỀU CHỈNH" in text and f"- {expected}" in text
    rows = [[c.text for c in row.cells] for row in amended.tables[-1].rows]
    first = [r for r in rows if r[1] == "Nhất" and r[2] == "Cá nhân"][0]
    assert first[3] == silver.recipient

    answer, _version = _issue(client)  # the amended decision issued: one audit row with what changed
    assert answer.status_code == 302
    assert "Kết quả vẫn đúng như danh sách đã ban hành." in client.get(BASE + "/decision").get_data(as_text=True)
    db.session.commit()
    rows = db.session.scalars(select(AuditLog).where(AuditLog.entity == "decision").order_by(AuditLog.id)).all()
    assert [r.action for r in rows] == ["issue", "reissue"]
    assert expected in rows[1].changes["changes"]  # and the silver, and the overall ranking that followed
    assert any(line.startswith("Cầu lông đơn nam, giải Nhì:") for line in rows[1].changes["changes"])


def test_issuing_from_a_page_shown_before_a_change_is_refused(client, decided):
    page = client.get(BASE + "/decision").get_data(as_text=True)
    stale = page.split('name="version" value="')[1].split('"')[0]
    assert _issue(client)[0].status_code == 302
    for version in (stale, "99999999999999999999", "2147483647", "-5", "x"):  # none a page showed
        answer = client.post(BASE + "/decision/issue", data={"version": version}, follow_redirects=True)
        assert "Trang này đã cũ: quyết định vừa được sửa hoặc ban hành." in answer.get_data(as_text=True)
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(AuditLog).where(AuditLog.entity == "decision")) == 1


def test_two_admins_issuing_at_once_issue_it_once(app, decided, served):
    from tests.support.races import Person as Admin
    from tests.support.races import at_once

    admins = [Admin(served, name, f.PASSWORD) for name in ("admin", "admin2")]
    page = admins[0].http.get(served + BASE + "/decision").text
    version = page.split('name="version" value="')[1].split('"')[0]
    answers = at_once(*(lambda who=who: who.post(BASE + "/decision/issue", {"version": version}) for who in admins))
    pages = [who.flashes(a) for who, a in zip(admins, answers, strict=True)]
    assert sum("Đã ban hành quyết định" in p for p in pages) == 1
    assert sum("Trang này đã cũ" in p for p in pages) == 1
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(AuditLog).where(AuditLog.entity == "decision")) == 1


def test_two_admins_opening_the_decision_first_at_once_make_one(app, officials, served):
    """The wording is made on the first visit: two first visits at once make one row, no 500."""
    from models import AwardDecision
    from tests.support.races import Person as Admin
    from tests.support.races import at_once

    worlds.played_knockouts(officials)
    admins = [Admin(served, name, f.PASSWORD) for name in ("admin", "admin2")]
    answers = at_once(*(lambda who=who: who.http.get(served + BASE + "/decision") for who in admins))
    assert [getattr(a, "status_code", a) for a in answers] == [200, 200]
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(AwardDecision)) == 1
