"""The award decision (issue 30): its wording edited on a page, the .docx and the PDF read
back (header, number, date, grounds, articles, appendix cells), and the appendix, the
payout lists and the medal table agreeing."""

import io
from collections import Counter

import pytest
from docx import Document
from openpyxl import load_workbook

from services.papers import awards, money
from services.results import tally
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
