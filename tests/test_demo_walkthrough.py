"""The issue's 'done when', through HTTP on the seeded demo."""

from extensions import db
from services import demo


def test_admin_sees_all_units_and_lak_organiser_sees_only_lak(app, make_client):
    demo.seed_demo()
    db.session.commit()

    admin = make_client()
    assert admin.login("admin", demo.DEMO_PASSWORD).headers["Location"] == "/admin/"
    units_page = admin.get("/admin/units").get_data(as_text=True)
    assert "21 đơn vị tính vào chỉ tiêu 100%, 10 đơn vị không tính." in units_page
    assert units_page.count('data-unit="') == 31
    overview = admin.get("/admin/events/hoi-thao-2024").get_data(as_text=True)
    assert "Hội thao CNVCLĐ tỉnh Đắk Lắk năm 2024" in overview
    assert "Sân vận động tỉnh Đắk Lắk" in overview

    lak = make_client()
    assert lak.login("cb.lak", demo.DEMO_PASSWORD).headers["Location"] == "/units/LAK"
    page = lak.get("/units/LAK").get_data(as_text=True)
    assert "LĐLĐ huyện Lắk" in page
    assert "Hội thao CNVCLĐ tỉnh Đắk Lắk năm 2024" in page
    assert lak.get("/units/BMT").status_code == 403
    assert lak.get("/admin/units").status_code == 403
