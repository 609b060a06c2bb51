"""The scanner page offline, in real Chromium with a controlled clock (Playwright's clock): the
phone applies the gate's hours and the daily slot at the moment of each scan, by its clock
corrected at the last sync; two phones of a once-only booth, one offline, give one gift."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from extensions import db
from models import CheckIn, CheckpointKind, Frequency, Scan
from services.badges import tokens
from services.checkin import checkpoints, devices
from services.i18n import to_local
from tests.support import factories as f
from tests.support.browser import phone_page, queued_scans, scanner_ready

pytestmark = pytest.mark.browser


def _world(kind, frequency, opens_at=None, phones=1):
    lak = f.unit("LAK", "LĐLĐ huyện Lắk")
    ev = f.event()
    an = f.person(ev, lak, "Nguyễn Văn An")
    f.approved(ev, lak)
    tokens.issue_missing(ev, [an.id])
    point = checkpoints.save_checkpoint(
        ev, None, checkpoints.CheckpointData(name="Điểm A", kind=kind, frequency=frequency, opens_at=opens_at)
    )
    links = [devices.create_device(point, None, name=f"Máy {i + 1}")[1] for i in range(phones)]
    db.session.commit()
    return tokens.active_badge(an).short_code, links


def _open(browser, live_server, link, phone_time=None):
    context, page = phone_page(browser)
    if phone_time is not None:
        page.clock.install(time=phone_time)
    page.goto(f"{live_server}/scan/link/{link}")
    page.wait_for_url(f"{live_server}/scan/")
    scanner_ready(page)  # the offline list is in
    return context, page


def _typed(page, code):
    page.locator("#code").fill(code)
    page.locator("#code").press("Enter")
    page.locator("#verdict").wait_for(state="visible")
    verdict = (
        page.locator("#verdict").get_attribute("data-outcome"),
        page.locator("#verdict-message").inner_text(),
        page.locator("#verdict-offline").is_visible(),
    )
    page.locator("#verdict").click()
    page.locator("#verdict").wait_for(state="hidden")
    return verdict


def test_offline_the_gate_opens_on_time_by_the_servers_clock(live_server, browser, app):
    loaded = datetime.now(UTC).replace(microsecond=0)  # "06:00"
    code, (link,) = _world(CheckpointKind.GATE, Frequency.ONCE, opens_at=loaded + timedelta(minutes=30))
    phone_clock = loaded - timedelta(hours=3, minutes=7)  # the phone's own clock is wrong
    context, page = _open(browser, live_server, link, phone_time=phone_clock)
    context.set_offline(True)
    page.clock.set_system_time(phone_clock + timedelta(minutes=29))  # "06:29"
    outcome, message, offline = _typed(page, code)
    assert (outcome, offline) == ("outside_window", True) and "Ngoài giờ mở của Điểm A" in message
    page.clock.set_system_time(phone_clock + timedelta(minutes=31))  # "06:31"
    assert _typed(page, code)[0] == "admitted"
    assert _typed(page, code)[0] == "repeat"  # typed again at once: judged again, and already in
    # The time it sends with the scan is the server's, not the phone's wrong one.
    queued = sorted(scan["scanned_at"] for scan in queued_scans(page))
    made = datetime.fromisoformat(queued[-1].replace("Z", "+00:00"))
    assert abs(made - (loaded + timedelta(minutes=31))) < timedelta(minutes=1)
    context.close()


def test_offline_a_daily_slot_starts_again_at_midnight(live_server, browser, app):
    code, (link,) = _world(CheckpointKind.VENUE, Frequency.DAILY)
    context, page = _open(browser, live_server, link, phone_time=datetime.now(UTC))
    assert _typed(page, code)[:2] == ("admitted", "Hợp lệ – mời vào.")  # online: in today
    page.evaluate("window.scanner.refresh()")  # its admission is in the list (awaited)
    context.set_offline(True)
    local = to_local(datetime.now(UTC))
    midnight = (local + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    page.clock.set_system_time(midnight - timedelta(minutes=1))  # 23:59, the same day
    assert _typed(page, code)[0] == "repeat"
    page.clock.set_system_time(midnight + timedelta(minutes=1))  # 00:01, a new day
    outcome, _message, offline = _typed(page, code)
    assert (outcome, offline) == ("admitted", True)
    assert _typed(page, code)[0] == "repeat"  # the phone's own admission counts until it is sent
    page.reload()  # and still after a reload (the queue is kept)
    assert _typed(page, code)[0] == "repeat"
    context.close()


def test_a_once_only_booth_with_a_phone_offline_gives_one_gift(live_server, browser, app):
    code, (link_a, link_b) = _world(CheckpointKind.BOOTH, Frequency.ONCE, phones=2)
    context_a, phone_a = _open(browser, live_server, link_a)
    context_b, phone_b = _open(browser, live_server, link_b)
    context_a.set_offline(True)
    assert _typed(phone_a, code)[0] == "admitted"  # A, offline: a gift
    assert _typed(phone_b, code)[0] == "admitted"  # B, online, minutes later: the server knew nothing yet
    context_a.set_offline(False)
    phone_a.evaluate("window.scanner.flush()")
    phone_a.wait_for_function("() => document.getElementById('pending').textContent === '0'")
    # The earlier scan, made offline, is the admission; B's became the repeat (a conflict).
    db.session.commit()  # a new snapshot
    admission = db.session.scalars(select(CheckIn)).one()
    assert admission.scan.offline is True and admission.scan.device.name == "Máy 1"
    superseded = db.session.scalars(select(Scan).where(Scan.superseded_at.is_not(None))).one()
    assert superseded.device.name == "Máy 2" and superseded.outcome == "limit_reached"
    # B learns of it at its next increment: offline now, it refuses a third gift.
    phone_b.evaluate("window.scanner.refresh()")
    context_b.set_offline(True)
    assert _typed(phone_b, code)[0] == "limit_reached"
    context_b.set_offline(False)
    assert _typed(phone_a, code)[0] == "limit_reached"  # and A, online
    context_a.close()
    context_b.close()
