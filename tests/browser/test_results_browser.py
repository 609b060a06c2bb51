"""The results desk on a phone and the big screen, in a real browser."""

import random

import pytest
from sqlalchemy import select

from extensions import db
from models import CompetitionFormat, Match, ResultFormat, UserRole
from tests.support import factories as f
from tests.support import worlds
from tests.support.browser import log_in, phone_page

pytestmark = pytest.mark.browser


@pytest.fixture
def volleyball_final(app):
    ev = f.event()
    comp = f.competition(ev, "Bóng chuyền hơi nam", fmt=CompetitionFormat.TEAM, sport="Bóng chuyền hơi")
    f.entries(ev, comp, 2)
    worlds.published(comp, ResultFormat.KNOCKOUT)
    db.session.commit()
    return db.session.scalar(select(Match).where(Match.competition_id == comp.id))


def test_one_official_enters_sets_on_a_phone_another_confirms_and_the_big_screen_shows_it(
    live_server, browser, volleyball_final, tmp_path
):
    first_ctx, first = phone_page(browser)
    second_ctx, second = phone_page(browser)
    log_in(first, live_server, "tt1", landing="/results/")
    assert first.locator("#today, #ready").count() >= 1  # "việc của tôi": the match ready to enter
    first.locator("#my-competitions").get_by_role("link", name="Bóng chuyền hơi nam").click()
    first.get_by_role("link", name="Nhập / xem").click()
    first.get_by_label("Ván 1, đội 1").fill("21")
    first.get_by_label("Ván 1, đội 2").fill("20")  # a one-point lead: refused, with the rule
    first.get_by_label("Ván 2, đội 1").fill("21")
    first.get_by_label("Ván 2, đội 2").fill("15")
    first.get_by_role("button", name="Lưu kết quả").click()
    first.get_by_text("Ván 1: 21–20 không hợp lệ").wait_for()  # the page after the click
    first.get_by_label("Ván 1, đội 2").fill("19")
    first.get_by_role("button", name="Lưu kết quả").click()
    assert first.get_by_text("chờ một trọng tài khác xác nhận").first.is_visible()
    assert first.get_by_role("button", name="Xác nhận kết quả này").count() == 0  # not for the one who entered
    assert first.evaluate("document.documentElement.scrollWidth") <= 390
    first.screenshot(path=str(tmp_path / "enter-result.png"), full_page=True)

    log_in(second, live_server, "tt2", landing="/results/")  # lands on "việc của tôi": the result waits for him
    waiting = second.locator("#to-confirm a[data-match]")
    assert waiting.count() == 1 and "2–0 (21–19, 21–15)" in waiting.inner_text()
    assert second.evaluate("document.documentElement.scrollWidth") <= 390
    second.screenshot(path=str(tmp_path / "official-home.png"), full_page=True)
    waiting.click()
    second.get_by_role("button", name="Xác nhận kết quả này").click()
    second.get_by_text("Đã xác nhận kết quả.").wait_for()  # the page after the click

    screen_ctx = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="vi-VN")
    screen = screen_ctx.new_page()
    screen.goto(live_server + "/board/hoi-thao-2024/screen")
    first_row = screen.locator("#medal-table tbody tr").first.inner_text()
    assert "\t1\t0\t0\t1" in first_row
    screen.screenshot(path=str(tmp_path / "screen.png"))
    screen.goto(live_server + "/board/hoi-thao-2024/screen?slide=2")  # medals, overall, then the latest
    assert "2–0 (21–19, 21–15)" in screen.locator("#latest").inner_text()
    for ctx in (first_ctx, second_ctx, screen_ctx):
        ctx.close()


def test_a_certificates_qr_opened_on_a_phone_shows_it_verified(live_server, phone, volleyball_final, app):
    from cli import rehearsal
    from tests.support.pdfs import qr_texts, rasterize

    tt1, tt2 = rehearsal.officials_for_play()
    comp = volleyball_final.competition
    rehearsal._play_matches(comp, tt1, tt2, random.Random(1))
    from services.certificates import issue as certificates

    certificates.style_of(comp.event).signer_name = "Nguyễn Văn Ký"
    db.session.commit()
    f.user("bantochuc", UserRole.ADMIN)
    log_in(phone, live_server, "bantochuc", landing="/admin/")
    response = phone.request.get(live_server + "/admin/events/hoi-thao-2024/certificates.pdf?kind=award")
    assert response.ok and response.headers["content-type"] == "application/pdf"
    url = qr_texts(rasterize(response.body(), dpi=150, pages=1)[0])[0]
    assert url.startswith(live_server + "/verify/")
    phone.goto(url)
    verdict = phone.locator("#verdict")
    assert "là thật và còn giá trị" in verdict.inner_text()
    assert verdict.get_attribute("data-state") == "valid"
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    missing = phone.goto(live_server + "/verify/0000-0000-00")
    assert missing.status == 404 and phone.locator("#verdict").get_attribute("data-state") == "unknown"


@pytest.fixture
def sprint_heats(app):
    """Ten sprinters of five units on six lanes: two heats; tt1 enters, tt2 confirms."""
    ev = f.event()
    comp = f.competition(ev, "Chạy 60 m nam", sport="Chạy")
    f.entries(ev, comp, 5, per_unit=2)
    worlds.officiated(comp, seed=3, lanes=6, qualify_place=2, qualify_time=2)
    return comp


def test_a_heat_sheet_on_a_phone_entered_by_one_official_confirmed_by_another(live_server, browser, sprint_heats):
    comp = sprint_heats
    first_ctx, first = phone_page(browser)
    log_in(first, live_server, "tt1", landing="/results/")
    first.goto(f"{live_server}/results/competitions/{comp.id}")
    first.get_by_role("link", name="Lượt 1 vòng loại").click()
    first.get_by_label("Thành tích làn 1").wait_for()
    for lane, mark in enumerate(("8.12", "8.3x", "8.05", "dns", "8.40"), start=1):
        if mark == "dns":
            first.get_by_label(f"Tình trạng làn {lane}").select_option("dns")
        else:
            first.get_by_label(f"Thành tích làn {lane}").fill(mark)
    first.get_by_role("button", name="Lưu cả lượt").click()
    first.get_by_text("Chưa lưu gì: bảng thành tích có lỗi.").wait_for()  # lane 2, and nothing lost:
    assert first.get_by_label("Thành tích làn 1").input_value() == "8.12"
    first.get_by_label("Thành tích làn 2").fill("8.30")
    first.get_by_role("button", name="Lưu cả lượt").click()
    first.get_by_text("Đã lưu 5 làn").wait_for()
    assert first.evaluate("document.documentElement.scrollWidth") <= 390  # the sheet fits the phone
    second_ctx, second = phone_page(browser)
    log_in(second, live_server, "tt2", landing="/results/")
    second.locator("#to-confirm a[data-performance]").first.click()  # "chờ tôi xác nhận" leads to the sheet
    second.get_by_role("button", name="Xác nhận cả lượt").click()
    second.get_by_text("Đã xác nhận cả lượt (5 làn).").wait_for()
    assert second.locator("tr[data-lane] .badge.text-bg-success").count() == 5
    for ctx in (first_ctx, second_ctx):
        ctx.close()


@pytest.fixture
def chess_swiss(app):
    """Ten Chinese-chess players of five units, a 3-round Swiss drawn and published."""
    ev = f.event()
    comp = f.competition(ev, "Cờ tướng cá nhân nam", sport="Cờ tướng")
    f.entries(ev, comp, 5, per_unit=2)
    worlds.officiated(comp, seed=4, rounds=3)
    return comp


def test_a_swiss_round_paired_and_entered_on_a_phone_then_confirmed_by_another(live_server, browser, chess_swiss):
    comp = chess_swiss
    first_ctx, first = phone_page(browser)
    log_in(first, live_server, "tt1", landing="/results/")
    first.goto(f"{live_server}/results/competitions/{comp.id}")
    first.get_by_role("link", name="Các vòng đấu hệ Thụy Sĩ: ghép cặp, nhập kết quả, bảng xếp hạng").click()
    first.get_by_role("button", name="Ghép cặp vòng 1").click()
    first.get_by_text("Đã ghép cặp vòng 1.").wait_for()  # on the round's sheet
    for board, result in enumerate(("1-0", "½-½", "0-1", "+/-", "1-0"), start=1):
        first.get_by_label(f"Kết quả bàn {board}").select_option(result)
    first.get_by_role("button", name="Lưu cả vòng").click()
    first.get_by_text("Đã lưu 5 ván").wait_for()
    assert first.evaluate("document.documentElement.scrollWidth") <= 390  # the sheet fits the phone
    second_ctx, second = phone_page(browser)
    log_in(second, live_server, "tt2", landing="/results/")
    second.goto(f"{live_server}/results/competitions/{comp.id}/swiss/rounds/1")
    second.get_by_role("button", name="Xác nhận cả vòng 1").click()
    second.get_by_text("Đã xác nhận cả vòng 1 (5 ván).").wait_for()
    assert second.locator("tr[data-board] .badge.text-bg-success").count() == 5
    second.goto(f"{live_server}/results/competitions/{comp.id}/swiss")
    assert second.locator("#swiss-standings tbody tr").count() == 10
    for ctx in (first_ctx, second_ctx):
        ctx.close()
