"""Planning the games as a new admin would, in real Chromium: courts typed on the venue form,
the whole event planned, the preview read and published, a court closed on the day and the
plan redone around it; then a unit's organiser finds its programme and calendar."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from extensions import db
from models import Match, Unit
from services.i18n import to_local
from services.schedule import event as schedule
from services.schedule.check import check
from tests.http.test_schedule_event import games  # noqa: F401 - the fixture
from tests.support import factories as f
from tests.support.browser import log_in

pytestmark = pytest.mark.browser
BASE = "/admin/events/hoi-thao-2024"


def test_an_admin_plans_previews_publishes_and_replans_around_a_closed_court(live_server, browser, games):  # noqa: F811
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="vi-VN")
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())  # "Công bố lịch mới?"
    log_in(page, live_server, "admin")
    page.goto(f"{live_server}{BASE}/venues/{games['venue'].id}/edit")
    page.get_by_label("Sân, bàn thi đấu").fill("Sân 1: Cầu lông\nSân 2: Cầu lông")
    page.get_by_role("button", name="Lưu").click()
    page.get_by_text("Đã lưu địa điểm.").wait_for()
    page.goto(f"{live_server}{BASE}/schedule")
    page.get_by_role("button", name="Xếp lịch toàn sự kiện").click()
    page.locator("#draft").wait_for()  # the page after the click: the preview
    assert page.locator("#moved tbody tr[data-match]").count() > 0
    page.get_by_role("button", name="Công bố").click()
    page.get_by_text(re.compile("Đã công bố lịch mới")).wait_for()  # the page after the click
    db.session.commit()
    first = {m.id: (m.starts_at, m.court_id) for m in db.session.scalars(select(Match)) if m.starts_at}
    assert first

    court_1 = games["venue"].courts[0]
    earliest = min(at for at, court in first.values() if court == court_1.id)
    start = to_local(earliest)
    page.locator("#closure-form #where").select_option(label=f"Nhà thi đấu tỉnh: {court_1.name}")
    page.locator("#closure-form #starts_at").fill(f"{start:%d/%m/%Y %H:%M}")
    page.locator("#closure-form #ends_at").fill(f"{start + timedelta(hours=1):%d/%m/%Y %H:%M}")
    page.locator("#closure-form #reason").fill("Trận trước kéo dài")
    page.get_by_role("button", name="Đóng sân").click()
    page.get_by_text(re.compile("Đã ghi sân đóng")).wait_for()
    assert "Trận trước kéo dài" in page.locator("#closures").inner_text()
    page.get_by_role("button", name="Xếp lịch toàn sự kiện").click()
    page.locator("#draft").wait_for()
    assert page.locator("#moved tbody tr[data-match]").count() >= 1
    page.get_by_role("button", name="Công bố").click()
    page.get_by_text(re.compile("Đã công bố lịch mới")).wait_for()  # the page after the click
    db.session.commit()
    built = schedule.build(games["event"])
    assert check(built.problem, schedule.placed_now(games["event"], built)).total == 0
    context.close()

    organiser = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN")
    phone = organiser.new_page()
    f.user("cb.lak", unit=db.session.scalar(select(Unit).where(Unit.code == "LAK")))
    db.session.commit()
    log_in(phone, live_server, "cb.lak")
    phone.goto(f"{live_server}/units/LAK/events/hoi-thao-2024")
    assert phone.locator("#unit-calendar").get_attribute("href").startswith("webcal://")
    with phone.expect_download() as download:
        phone.locator("#unit-programme").click(modifiers=["Alt"])  # Alt+click saves the PDF
    assert download.value.suggested_filename == "lich-thi-dau-LAK.pdf"
    organiser.close()
