"""The volunteer's scanner in real Chromium: a fake camera showing a badge from the app's own
PDF, typed short codes, and a scan made offline, kept across a reload, sent once later."""

import shutil
import subprocess
from datetime import datetime

import pytest
from PIL import Image
from sqlalchemy import select

from extensions import db
from models import CheckpointKind, Frequency, PersonRole, Scan, UserRole
from printables.badges import badge_pdf
from services.badges import selection as badges
from services.badges import tokens
from services.checkin import checkpoints, devices
from tests.support import factories as f
from tests.support.browser import fake_camera_flags, phone_page, queued_scans, scanner_ready
from tests.support.pdfs import rasterize

pytestmark = pytest.mark.browser


@pytest.fixture
def gate(app):
    lak = f.unit("LAK", "LĐLĐ huyện Lắk")
    ev = f.event()
    people = [
        f.person(ev, lak, "Nguyễn Văn An"),
        f.person(ev, lak, "H'Hen Niê", role=PersonRole.COACH),
        f.person(ev, lak, "Trần Văn Bình"),
    ]
    f.approved(ev, lak)
    admin = f.user("admin", role=UserRole.ADMIN)
    point = checkpoints.save_checkpoint(
        ev, None, checkpoints.CheckpointData(name="Cổng A", kind=CheckpointKind.GATE, frequency=Frequency.ONCE)
    )
    data = badges.prepare(badges.Selection(ev, unit=lak))
    _device, token = devices.create_device(point, admin, name="Điện thoại cổng A")
    db.session.commit()
    return {"event": ev, "people": people, "badges": data, "device_token": token, "admin": admin}


def _camera_clip(pdf: bytes, tmp_path) -> str:
    if shutil.which("ffmpeg") is None:
        pytest.skip("ffmpeg is not installed (apt-get install -y ffmpeg)")
    page = rasterize(pdf, 100, pages=1)[0].convert("RGB")
    page.thumbnail((640, 480))
    frame = Image.new("RGB", (640, 480), "white")
    frame.paste(page, ((640 - page.width) // 2, (480 - page.height) // 2))
    png, y4m = tmp_path / "badge.png", tmp_path / "badge.y4m"
    frame.save(png)
    subprocess.run(
        [
            "ffmpeg",
            "-loglevel",
            "error",
            "-y",
            "-loop",
            "1",
            "-i",
            str(png),
            "-t",
            "2",
            "-pix_fmt",
            "yuv420p",
            str(y4m),
        ],
        check=True,
    )
    return str(y4m)


def _open_scanner(page, live_server, gate):
    page.goto(f"{live_server}/scan/link/{gate['device_token']}")
    page.wait_for_url(f"{live_server}/scan/")
    assert page.locator("#checkpoint-name").inner_text() == "Cổng A"
    scanner_ready(page)


def test_fake_camera_shows_a_printed_badge_and_the_scan_is_recorded(live_server, launch, gate, tmp_path):
    an = next(b for b in gate["badges"] if b.full_name == "Nguyễn Văn An")
    clip = _camera_clip(badge_pdf([an], "a6"), tmp_path)
    context, page = phone_page(launch(*fake_camera_flags(clip)))
    _open_scanner(page, live_server, gate)
    verdict = page.locator("#verdict")
    verdict.wait_for(state="visible")
    assert verdict.get_attribute("data-colour") == "green"
    assert page.locator("#verdict-name").inner_text() == "Nguyễn Văn An"
    assert "LĐLĐ huyện Lắk" in page.locator("#verdict-unit").inner_text()
    page.wait_for_timeout(1000)  # the camera keeps seeing the badge: no second scan within seconds
    db.session.commit()
    scans = db.session.scalars(select(Scan)).all()
    assert [(s.outcome, s.person.full_name) for s in scans] == [("admitted", "Nguyễn Văn An")]
    context.close()


def test_typed_codes_give_green_amber_and_red(live_server, browser, gate):
    context, page = phone_page(browser)
    _open_scanner(page, live_server, gate)
    binh = next(b for b in gate["badges"] if b.full_name == "Trần Văn Bình")
    person = gate["people"][2]
    old_code = binh.short_code
    tokens.reissue(person, gate["admin"])
    db.session.commit()

    def typed(code):
        page.locator("#code").fill(code)
        page.locator("#code").press("Enter")
        page.locator("#verdict").wait_for(state="visible")
        colour = page.locator("#verdict").get_attribute("data-colour")
        message = page.locator("#verdict-message").inner_text()
        page.locator("#verdict").click()
        return colour, message

    an = next(b for b in gate["badges"] if b.full_name == "Nguyễn Văn An")
    assert typed(an.short_code)[0] == "green"
    page.wait_for_timeout(4100)  # past the same-code pause
    colour, message = typed(an.short_code.lower())
    assert colour == "amber" and message.startswith("Đã vào lúc")
    colour, message = typed(old_code)
    assert colour == "red" and "Thẻ đã bị huỷ" in message
    context.close()


def test_offline_scan_survives_a_reload_and_is_sent_once_with_its_time(live_server, browser, gate):
    context, page = phone_page(browser)
    _open_scanner(page, live_server, gate)
    page.wait_for_function("() => navigator.serviceWorker && navigator.serviceWorker.controller !== null")
    page.wait_for_timeout(500)  # the offline list has been fetched
    coach = next(b for b in gate["badges"] if b.full_name == "H'Hen Niê")
    context.set_offline(True)
    page.locator("#code").fill(coach.short_code)
    page.locator("#code").press("Enter")
    page.locator("#verdict").wait_for(state="visible")
    assert page.locator("#verdict").get_attribute("data-colour") == "green"
    assert page.locator("#verdict-offline").is_visible()
    assert page.locator("#pending").inner_text() == "1"

    page.reload()  # still offline: the service worker serves the page, IndexedDB keeps the queue
    assert page.locator("#checkpoint-name").inner_text() == "Cổng A"
    page.wait_for_function("() => document.getElementById('pending').textContent === '1'")
    (kept,) = queued_scans(page)  # the scan's own time, as the phone noted it when it scanned
    db.session.commit()
    assert db.session.scalars(select(Scan)).all() == []

    context.set_offline(False)
    page.wait_for_function("() => document.getElementById('pending').textContent === '0'")
    page.evaluate("window.scanner.flush()")
    page.wait_for_timeout(500)
    db.session.commit()
    scans = db.session.scalars(select(Scan)).all()
    assert len(scans) == 1
    scan = scans[0]
    assert (scan.outcome, scan.offline, scan.offline_outcome) == ("admitted", True, "admitted")
    # Its original time, not the upload's: exactly the one the phone kept with it.
    assert scan.scanned_at == datetime.fromisoformat(kept["scanned_at"].replace("Z", "+00:00"))
    # The "Đã vào" counter follows the server once the offline scan is in (it stayed behind).
    page.wait_for_function("() => document.getElementById('admitted-count').textContent === '1'")
    context.close()
