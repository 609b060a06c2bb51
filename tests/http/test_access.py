"""An organiser sees and changes only its own unit; admin screens are for admins only."""

import pytest

from extensions import db
from models import UserRole
from tests.support import factories as f


@pytest.fixture
def two_units(app):
    lak = f.unit("LAK", "LĐLĐ huyện Lắk")
    bmt = f.unit("BMT", "LĐLĐ thành phố Buôn Ma Thuột")
    ev = f.event()
    lak_person = f.person(ev, lak, "Y Bhăm Êban")
    bmt_person = f.person(
        ev,
        bmt,
        "Trần Thị Bình",
    )
    f.user("cb.lak", unit=lak)
    f.user("admin", role=UserRole.ADMIN)
    db.session.commit()
    return {"lak": lak, "bmt": bmt, "lak_person": lak_person.id, "bmt_person": bmt_person.id}


def test_organiser_lands_on_its_own_unit_page(client, two_units):
    response = client.login("cb.lak")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/units/LAK")
    page = client.get("/units/LAK").get_data(as_text=True)
    assert "LĐLĐ huyện Lắk" in page
    assert "Y Bhăm Êban" in page
    assert "Buôn Ma Thuột" not in page


def test_organiser_cannot_open_another_units_pages(client, two_units):
    client.login("cb.lak")
    assert client.get("/units/BMT").status_code == 403
    assert "Không có quyền truy cập" in client.get("/units/BMT").get_data(as_text=True)
    assert client.get(f"/units/BMT/people/{two_units['bmt_person']}").status_code == 403
    # Another unit's record under its own unit's URL: not found.
    assert client.get(f"/units/LAK/people/{two_units['bmt_person']}").status_code == 404
    assert client.get(f"/units/LAK/people/{two_units['lak_person']}").status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/admin/",
        "/admin/units",
        "/admin/users",
        "/admin/units/new",
        "/admin/events/hoi-thao-2024",
        "/admin/seasons/new",
        "/admin/users/1/link",
    ],
)
def test_organiser_gets_403_on_every_admin_screen(client, two_units, url):
    client.login("cb.lak")
    assert client.get(url).status_code == 403


def test_organiser_cannot_post_to_admin_screens(client, two_units):
    client.login("cb.lak")
    bmt = two_units["bmt"]
    response = client.post(f"/admin/units/{bmt.id}/edit", {"code": "BMT", "name": "Đã đổi", "kind": "district"})
    assert response.status_code == 403
    response = client.post("/admin/users/new", {"username": "x", "role": "admin"})
    assert response.status_code == 403
    db.session.expire_all()
    assert bmt.name == "LĐLĐ thành phố Buôn Ma Thuột"


def test_anonymous_is_sent_to_login(client, two_units):
    for url in ("/units/LAK", "/admin/"):
        response = client.get(url)
        assert response.status_code == 302
        assert "/login" in response.headers["Location"]


def test_admin_sees_every_unit(client, two_units):
    client.login("admin")
    assert client.get("/units/BMT").status_code == 200
    assert client.get(f"/units/BMT/people/{two_units['bmt_person']}").status_code == 200


def test_unknown_unit_is_404_in_vietnamese(client, two_units):
    client.login("admin")
    response = client.get("/units/NOPE")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.get_data(as_text=True)


def test_volunteer_has_no_unit_or_admin_access(client, two_units):
    f.user("tnv1", role=UserRole.VOLUNTEER)
    client.login("tnv1")
    assert client.get("/units/LAK").status_code == 403
    assert client.get("/admin/").status_code == 403
