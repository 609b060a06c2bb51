"""Key pages in a real browser on a phone-sized screen."""

import pytest

from extensions import db
from models import UserRole
from tests import factories as f

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
