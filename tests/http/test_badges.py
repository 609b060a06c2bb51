"""Badge PDFs read back as a person would: rasterised, every QR decoded, text extracted."""

import pytest
from sqlalchemy import select

from extensions import db
from models import Badge
from services.badges import tokens
from tests.support import worlds
from tests.support.pdfs import page_texts, qr_texts, rasterize

SIXTY = "Công Tôn Nữ Thị Phương Thảo Nguyên Hạnh Phúc Đoan Trang Ngọc"  # 60 characters


@pytest.fixture
def world(app):
    return worlds.badge_people(SIXTY)


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
    assert len(qr_texts(rasterize(approved_only, 150, pages=1)[0])) == 5  # LAK's five
    everyone = fetch(client, "/admin/events/hoi-thao-2024/badges.pdf?layout=a4-8&include_unapproved=1")
    assert sum(len(qr_texts(p)) for p in rasterize(everyone, 150)) == 9
    refused = client.get("/admin/events/hoi-thao-2024/badges.pdf?unit=BMT", follow_redirects=True)
    assert "Không có ai trong phạm vi đã chọn để in thẻ. 4 người của đơn vị chưa được duyệt" in refused.get_data(
        as_text=True
    )
