"""Each role's home in a real Chromium: a volunteer on a phone lands on the scanner, finds
"Hùng" by typing "hung" and sees a returned unit's badge refused; the admin on a desktop
clears each kind of pending work from the dashboard. Screenshots of each home are kept in
tests/artifacts/ (ignored by git; CI keeps them as artefacts)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from extensions import db
from models import CheckpointKind, Frequency, Registration, RegistrationStatus, UserRole
from services.badges import tokens
from services.checkin import checkpoints
from tests.support import factories as f
from tests.support import worlds
from tests.support.browser import log_in, phone_page, scanner_ready

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


@pytest.fixture
def gate_world(app):
    lak, bmt, ev = worlds.two_units()
    hung = f.person(ev, lak, "Nguyễn Văn Hùng")
    binh = f.person(ev, bmt, "Trần Văn Bình")
    f.approved(ev, lak, bmt)
    tokens.issue_missing(ev, [hung.id, binh.id])
    hoa = f.user("tnv.hoa", role=UserRole.VOLUNTEER)
    checkpoints.save_checkpoint(
        ev,
        None,
        checkpoints.CheckpointData(
            name="Cổng A – Sân vận động", kind=CheckpointKind.GATE, frequency=Frequency.ONCE, volunteer_ids=[hoa.id]
        ),
    )
    reg = db.session.scalar(select(Registration).where(Registration.unit_id == bmt.id))
    reg.status, reg.comment = RegistrationStatus.RETURNED, "Thiếu số thẻ"  # its badge was printed before
    db.session.commit()
    return {"binh_code": tokens.active_badge(binh).short_code}


def test_a_volunteer_logs_in_finds_hung_without_accents_and_a_returned_units_badge_is_refused(
    live_server, browser, gate_world
):
    context, phone = phone_page(browser)
    log_in(phone, live_server, "tnv.hoa")
    phone.wait_for_url(live_server + "/scan/choose")  # lands on the checkpoints assigned to her
    _shot(phone, "volunteer-home")
    phone.get_by_role("button", name="Cổng A – Sân vận động").click()
    phone.wait_for_url(live_server + "/scan/")
    scanner_ready(phone)
    assert phone.locator("#switch-checkpoint").is_visible() and phone.locator("#logout").is_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    _shot(phone, "scanner")

    phone.get_by_text("Không quét được?").click()
    phone.locator("#q").fill("hung")  # typed without accents, as on a phone
    phone.get_by_role("button", name="Tìm").click()
    result = phone.locator("#results li button").first
    result.wait_for()
    assert "Nguyễn Văn Hùng" in result.inner_text()
    result.click()
    phone.locator("#verdict").wait_for(state="visible")
    assert phone.locator("#verdict").get_attribute("data-colour") == "green"
    phone.locator("#verdict").click()

    phone.locator("#code").fill(gate_world["binh_code"])
    phone.get_by_role("button", name="Kiểm tra").click()
    verdict = phone.locator("#verdict")
    verdict.wait_for(state="visible")
    assert verdict.get_attribute("data-colour") == "red"
    assert "Đăng ký chưa được duyệt" in phone.locator("#verdict-message").inner_text()
    _shot(phone, "scanner-refused")
    verdict.click()
    phone.locator("#logout").click()
    phone.wait_for_url(live_server + "/login")
    assert context.csp_violations == []
    context.close()


@pytest.fixture
def work_world(app):
    world = worlds.pending_work(enter_results=True)
    return world | {"last": world["matches"][2]}


def test_the_admin_dashboard_shows_each_kind_of_pending_work_and_clears_it(live_server, browser, work_world):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="vi-VN")
    desk = context.new_page()
    log_in(desk, live_server, "bantochuc")
    desk.wait_for_url(live_server + "/admin/")
    for kind in ("review", "confirm", "units"):
        assert desk.locator(f'[data-work="{kind}"]').is_visible(), kind
    _shot(desk, "admin-home")
    review = desk.locator('[data-work="review"]')
    boxes = review.locator('input[name="units"]')
    assert boxes.count() == 2 and not any(boxes.nth(i).is_checked() for i in range(2))  # nothing approved unseen
    said: list[str] = []

    def answer(dialog):
        said.append(dialog.message)
        dialog.accept()

    desk.on("dialog", answer)
    review.get_by_role("button", name="Duyệt các đơn vị đã chọn").click()  # nothing ticked: told, nothing sent
    assert said == ["Hãy chọn đơn vị để duyệt."] and review.is_visible()
    review.get_by_label("Chọn tất cả").check()
    assert all(boxes.nth(i).is_checked() for i in range(2))
    review.get_by_role("button", name="Duyệt các đơn vị đã chọn").click()
    desk.wait_for_url(live_server + "/admin/")
    assert said[-1] == "Duyệt 2 đăng ký đã chọn?"  # the count in the question
    desk.get_by_text("Đã duyệt 2 đăng ký").wait_for()  # the page after the click
    assert desk.locator('[data-work="review"]').count() == 0

    # The result waiting for confirmation: a second official confirms it from "việc của tôi".
    official_ctx, official = phone_page(browser)
    log_in(official, live_server, "tt2")
    official.wait_for_url(live_server + "/results/")
    _shot(official, "official-home")
    official.locator("#to-confirm a[data-match]").click()
    official.get_by_role("button", name="Xác nhận kết quả này").click()
    official.get_by_text("Đã xác nhận kết quả.").wait_for()  # the page after the click
    official_ctx.close()

    desk.reload()
    assert desk.locator('[data-work="confirm"]').count() == 0
    ties = desk.locator('[data-work="ties"]')
    assert ties.is_visible()  # the circle of three now waits for the drawing of lots
    ties.get_by_role("link", name="Cầu lông đơn nam").click()
    desk.locator("#lots-form").wait_for()
    for unit, drawn in (("U02", "1"), ("U01", "2"), ("U03", "3")):  # the lots the organisers drew
        desk.locator("#lots-form").get_by_label(f"LĐLĐ huyện {unit}").select_option(drawn)
    desk.get_by_role("button", name="Ghi bốc thăm").click()
    desk.goto(live_server + "/admin/")
    assert desk.locator('[data-work="ties"]').count() == 0
    context.close()


def test_an_organiser_home_says_what_to_do_next(live_server, browser, work_world):
    context, phone = phone_page(browser)
    log_in(phone, live_server, "cb.lak")
    phone.wait_for_url(live_server + "/units/LAK")
    step = phone.locator("[data-next-step]").first
    assert step.get_attribute("data-next-step") == "submitted" and "chờ Ban Tổ chức duyệt" in step.inner_text()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    _shot(phone, "organiser-home")
    context.close()
