"""Badge PDFs read back as a person would: rasterised, every QR decoded, text extracted."""

import io

import pdfplumber
import pytest
from reportlab.lib.pagesizes import A6
from sqlalchemy import select

from cli import demo_data
from extensions import db
from models import Badge, CompetitionFormat, Entry, EntryMember, Gender, PersonRole
from printables import badges as printable
from printables.badges import BadgeData, badge_pdf
from services.badges import tokens
from tests.support import factories as f
from tests.support import worlds
from tests.support.pdfs import page_texts, qr_texts, rasterize

SIXTY = "Công Tôn Nữ Thị Phương Thảo Nguyên Hạnh Phúc Đoan Trang Ngọc"  # 60 characters


@pytest.fixture
def world(app):
    lak, bmt, ev = worlds.two_units()
    comp = f.competition(ev, "Cầu lông đôi nam nữ", fmt=CompetitionFormat.PAIR)
    names = ["Nguyễn Văn An", "H'Hen Niê", "Y Bhăm Êban", "Trần Thị Ánh Tuyết", SIXTY]
    people = [f.person(ev, lak, n, Gender.FEMALE if i % 2 else Gender.MALE) for i, n in enumerate(names)]
    people += [f.person(ev, bmt, n) for n in ("Phạm Văn Đức", "Lê Hữu Thắng", "Vũ Thị Mỹ Dung", "Đỗ Quang Vinh")]
    people[-1].role = PersonRole.COACH
    db.session.add(
        Entry(
            competition=comp,
            unit=lak,
            team_no=1,
            members=[EntryMember(person=people[0]), EntryMember(person=people[3])],
        )
    )
    f.approved(ev, lak, bmt)
    worlds.accounts(lak)
    return {"event": ev, "people": people}


def fetch(client, url) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    assert response.mimetype == "application/pdf"
    assert response.is_streamed  # drawn while sent: a large print does not wait for the last page
    return response.get_data()


def test_a4_sheets_of_eight_every_qr_resolves_to_its_person(client, world):
    client.login("admin")
    pdf = fetch(client, "/admin/events/hoi-thao-2024/badges.pdf?layout=a4-8")
    pages = rasterize(pdf, 150)
    assert len(pages) == 2  # 9 people: 8 + 1
    decoded = [text for page in pages for text in qr_texts(page)]
    assert len(decoded) == 9
    found = {tokens.check(text, world["event"]).holder.full_name for text in decoded}
    assert found == {p.full_name for p in world["people"]}
    text = "".join(page_texts(pdf))
    for person in world["people"]:
        assert person.full_name.replace(" ", "") in text.replace(" ", "").replace("\n", "")
    assert "LĐLĐ huyện Lắk" in text and "HUẤN LUYỆN VIÊN" in text
    assert text.count("Cầu lông đôi nam nữ") == 2  # athletes show their competitions
    for badge in db.session.scalars(select(Badge)):
        assert badge.short_code in text


def test_reprinting_keeps_the_same_codes(client, world):
    client.login("admin")
    first = fetch(client, "/admin/events/hoi-thao-2024/badges.pdf")
    second = fetch(client, "/admin/events/hoi-thao-2024/badges.pdf")
    assert first == second


def _chars_inside(pdf: bytes, width: float) -> None:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            for ch in page.chars:
                assert ch["x0"] >= 0 and ch["x1"] <= width, (ch["text"], ch["x0"], ch["x1"])


def test_long_names_fit_their_box_and_are_never_cut(app):
    demo_longest = sorted(demo_data.GIVEN_F + demo_data.GIVEN_M, key=len)[-1]
    names = [f"Công Tằng Tôn Nữ Thị {demo_longest} Hạnh", SIXTY, "X" * 60, "Lê"]
    assert all(len(n) >= 2 for n in names) and len(SIXTY) == 60
    data = [
        BadgeData(
            event_name="Hội thao CNVCLĐ tỉnh Đắk Lắk năm 2024",
            full_name=n,
            unit_name="Công đoàn ngành Nông nghiệp và Phát triển nông thôn",
            role="athlete",
            role_label="Vận động viên",
            token="A" * 38,
            short_code="K7M3QXP",
            number="0001",
            competitions=["Cầu lông đôi nam nữ", "Cầu lông đơn nam từ 40 tuổi", "Kéo co nam nữ"],
        )
        for n in names
    ]
    a6 = badge_pdf(data, "a6")
    _chars_inside(a6, A6[0] - 5)
    texts = [t.replace(" ", "").replace("\n", "") for t in page_texts(a6)]
    for name, text in zip(names, texts, strict=True):
        assert name.replace(" ", "") in text  # every letter there, diacritics exact
    sheet = badge_pdf(data, "a4-8")
    x0, _y0 = printable._sheet_origin()
    with pdfplumber.open(io.BytesIO(sheet)) as doc:
        for ch in doc.pages[0].chars:
            if ch["size"] >= 8:  # names: inside the text column, left of the QR
                column = 0 if ch["x0"] < x0 + printable.CARD_W else 1
                left = x0 + column * (printable.CARD_W + printable.GUTTER)
                assert left <= ch["x0"] and ch["x1"] <= left + printable.CARD_W, ch["text"]
    sheet_text = page_texts(sheet)[0].replace(" ", "").replace("\n", "")
    assert SIXTY.replace(" ", "") in sheet_text


def test_organiser_prints_only_its_own_units_badges(client, world):
    client.login("cb.lak")
    pdf = fetch(client, "/units/LAK/events/hoi-thao-2024/badges.pdf?layout=a6")
    text = "".join(page_texts(pdf))
    assert "Nguyễn Văn An" in text and "Phạm Văn Đức" not in text
    assert len(page_texts(pdf)) == 5
    assert client.get("/units/BMT/events/hoi-thao-2024/badges.pdf").status_code == 403
    assert client.get("/admin/events/hoi-thao-2024/badges.pdf?unit=BMT").status_code == 403


def test_nothing_to_print_says_so(client, world):
    client.login("admin")
    response = client.get("/admin/events/hoi-thao-2024/badges.pdf?role=guest", follow_redirects=True)
    assert "Không có ai trong phạm vi đã chọn để in thẻ." in response.get_data(as_text=True)


def test_lost_badge_reissued_from_the_persons_page(client, world):
    client.login("admin")
    fetch(client, "/admin/events/hoi-thao-2024/badges.pdf")
    an = world["people"][0]
    old = tokens.token_for(tokens.active_badge(an))
    page = client.get(f"/units/LAK/people/{an.id}").get_data(as_text=True)
    assert "Báo mất thẻ" in page
    client.post(f"/admin/events/hoi-thao-2024/people/{an.id}/reissue-badge")
    db.session.expire_all()
    assert tokens.check(old, world["event"]).outcome == tokens.Outcome.REVOKED
    assert "0001-2" in client.get(f"/units/LAK/people/{an.id}").get_data(as_text=True)


def test_cli_prints_a_units_badges(app, world, tmp_path):
    out = tmp_path / "lak.pdf"
    result = app.test_cli_runner().invoke(
        args=["print", "badges", "--event", "hoi-thao-2024", "--unit", "LAK", "--layout", "a4-8", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "Đã in 5 thẻ (a4-8)" in result.output
    assert len(page_texts(out.read_bytes())) == 1
    bad = app.test_cli_runner().invoke(args=["print", "badges", "--event", "nope", "--out", str(out)])
    assert bad.exit_code != 0 and "Không có sự kiện “nope”" in bad.output


def test_a_print_in_many_parts_is_one_valid_pdf(app, monkeypatch):
    monkeypatch.setattr(printable, "PART_PAGES", 3)
    data = [
        BadgeData(
            event_name="Ngày hội",
            full_name=f"Người số {i}",
            unit_name="Đơn vị",
            role="worker",
            role_label="Công nhân",
            token=f"{i:02d}".replace("0", "A").replace("1", "B") + "C" * 36,
            short_code="K7M3QXP",
            number=f"{i:04d}",
        )
        for i in range(10)
    ]
    pdf = badge_pdf(data, "a6")
    texts = page_texts(pdf)
    assert len(texts) == 10
    assert [t.split("\n")[1] for t in texts] == [f"Người số {i}" for i in range(10)]
    assert all(len(qr_texts(page)) == 1 for page in rasterize(pdf, 100))


def test_only_approved_units_are_printed_unless_the_print_asks_for_the_others(client, world):
    from models import Registration, RegistrationStatus

    bmt_reg = db.session.scalar(select(Registration).where(Registration.unit.has(code="BMT")))
    bmt_reg.status = RegistrationStatus.SUBMITTED
    db.session.commit()
    client.login("admin")
    page = client.get("/admin/events/hoi-thao-2024/badges").get_data(as_text=True)
    assert "4 người của đơn vị chưa được duyệt đăng ký không được in (4 Đã gửi, chờ duyệt)." in page
    assert "BMT – LĐLĐ thành phố Buôn Ma Thuột (Đã gửi, chờ duyệt)" in page
    approved_only = fetch(client, "/admin/events/hoi-thao-2024/badges.pdf?layout=a4-8")
    assert len(qr_texts(rasterize(approved_only, 150)[0])) == 5  # LAK's five
    everyone = fetch(client, "/admin/events/hoi-thao-2024/badges.pdf?layout=a4-8&include_unapproved=1")
    assert sum(len(qr_texts(p)) for p in rasterize(everyone, 150)) == 9
    refused = client.get("/admin/events/hoi-thao-2024/badges.pdf?unit=BMT", follow_redirects=True)
    assert "Không có ai trong phạm vi đã chọn để in thẻ. 4 người của đơn vị chưa được duyệt" in refused.get_data(
        as_text=True
    )
