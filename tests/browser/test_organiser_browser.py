"""Key pages in a real browser on a phone-sized screen."""

import pytest

from extensions import db
from models import UserRole
from tests.support import factories as f

pytestmark = pytest.mark.browser


@pytest.fixture
def lak_and_bmt(app):
    lak = f.unit("LAK", "LĐLĐ huyện Lắk")
    bmt = f.unit("BMT", "LĐLĐ thành phố Buôn Ma Thuột")
    ev = f.event()
    f.person(ev, lak, "H'Lan Mlô", gender="female")
    f.person(ev, lak, "Nguyễn Văn An")
    f.person(ev, bmt, "Trần Thị Bình", gender="female")
    db.session.commit()
    f.user("cb.lak", role=UserRole.ORGANISER, unit=lak)


def test_organiser_logs_in_on_a_phone_and_sees_only_its_unit(live_server, phone, lak_and_bmt, tmp_path):
    phone.goto(live_server + "/units/LAK")
    # Sent to the login page first, in Vietnamese.
    assert phone.locator("html").get_attribute("lang") == "vi"
    assert phone.get_by_role("heading", name="Đăng nhập").is_visible()
    phone.get_by_label("Tên đăng nhập").fill("cb.lak")
    phone.get_by_label("Mật khẩu").fill(f.PASSWORD)
    phone.get_by_role("button", name="Đăng nhập").click()
    phone.wait_for_url(live_server + "/units/LAK")

    assert phone.get_by_role("heading", name="LĐLĐ huyện Lắk").is_visible()
    people = phone.locator("table.people tbody tr td:first-child").all_inner_texts()
    assert people == ["Nguyễn Văn An", "H'Lan Mlô"]  # by given name: An before Lan
    assert "Danh sách người" in phone.content()
    assert "Trần Thị Bình" not in phone.content()
    # The layout fits the phone: no sideways scrolling, the menu is collapsed behind its button.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert phone.get_by_role("button", name="Mở trình đơn").is_visible()
    phone.screenshot(path=str(tmp_path / "unit-page.png"), full_page=True)

    phone.goto(live_server + "/units/BMT")
    assert phone.get_by_role("heading", name="Không có quyền truy cập (403)").is_visible()


def test_bootstrap_is_served_by_the_app_itself(live_server, phone, lak_and_bmt):
    requested = []
    phone.on("request", lambda request: requested.append(request.url))
    phone.goto(live_server + "/login")
    assert any(url.endswith("bootstrap.min.css") for url in requested)
    assert all(url.startswith(live_server) for url in requested)  # no CDN: venues may be offline
    button_colour = phone.get_by_role("button", name="Đăng nhập").evaluate("el => getComputedStyle(el).backgroundColor")
    assert button_colour != "rgba(0, 0, 0, 0)"  # the stylesheet really applied


@pytest.fixture
def doubles_world(app):
    from datetime import date

    from models import Category, CompetitionFormat

    lak = f.unit("LAK", "LĐLĐ huyện Lắk")
    ev = f.event()
    f.competition(ev, "Cầu lông đôi nam nữ", Category.MIXED, CompetitionFormat.PAIR, min_men=1, min_women=1)
    f.person(ev, lak, "Nguyễn Văn An", birth=date(1980, 1, 1))
    f.person(ev, lak, "Lê Văn Bình", birth=date(1982, 2, 2))
    f.person(ev, lak, "Trần Thị Cúc", gender="female", birth=date(1990, 3, 3))
    db.session.commit()
    f.user("cb.lak", role=UserRole.ORGANISER, unit=lak)


def test_organiser_registers_a_doubles_pair_and_sees_a_rule_violation(live_server, phone, doubles_world):
    phone.goto(live_server + "/login")
    phone.get_by_label("Tên đăng nhập").fill("cb.lak")
    phone.get_by_label("Mật khẩu").fill(f.PASSWORD)
    phone.get_by_role("button", name="Đăng nhập").click()
    phone.wait_for_url(live_server + "/units/LAK")
    phone.get_by_role("link", name="Đăng ký").click()
    phone.locator("[data-competition]").filter(has_text="Cầu lông đôi nam nữ").get_by_role(
        "link", name="Đăng ký"
    ).click()

    # Two men for a mixed pair: refused, with the rule in Vietnamese, nothing saved.
    phone.get_by_label("Nguyễn Văn An").check()
    phone.get_by_label("Lê Văn Bình").check()
    phone.get_by_role("button", name="Lưu đăng ký").click()
    alert = phone.get_by_role("alert").filter(has_text="cần ít nhất 1 nữ")
    assert alert.is_visible()
    assert "Cầu lông đôi nam nữ: cần ít nhất 1 nữ, mới có 0." in alert.inner_text()

    phone.get_by_label("Lê Văn Bình").uncheck()
    phone.get_by_label("Trần Thị Cúc").check()
    phone.get_by_role("button", name="Lưu đăng ký").click()
    phone.wait_for_url(live_server + "/units/LAK/events/hoi-thao-2024")
    line = phone.locator("[data-competition]").filter(has_text="Cầu lông đôi nam nữ")
    assert "Nguyễn Văn An, Trần Thị Cúc" in line.inner_text()
    assert "✔" in line.inner_text()
