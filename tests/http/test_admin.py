"""Admin screens: seasons, events, venues, units and the event overview, through HTTP."""

import pytest
from sqlalchemy import func, select

from extensions import db
from models import Event, Season, Unit, UserRole, Venue
from tests.support import factories as f


@pytest.fixture
def admin(client):
    f.user("admin", role=UserRole.ADMIN)
    client.login("admin")
    return client


def test_admin_creates_season_event_and_venue(admin):
    admin.get("/admin/seasons/new")
    assert admin.post("/admin/seasons/new", {"name": "Tháng Công nhân 2025", "year": 2025}).status_code == 302
    season = db.session.scalar(select(Season))
    admin.get("/admin/events/new")
    response = admin.post(
        "/admin/events/new",
        {
            "season_id": season.id,
            "kind": "games",
            "name": "Hội thao CNVCLĐ 2025",
            "slug": "hoi-thao-2025",
            "starts_on": "20/08/2025",
            "ends_on": "24/08/2025",
            "registration_opens_at": "01/07/2025 08:00",
            "registration_closes_at": "10/08/2025 17:00",
        },
    )
    assert response.status_code == 302
    event = db.session.scalar(select(Event))
    # Typed in Vietnam time, stored in UTC.
    assert event.registration_closes_at.hour == 10
    overview = admin.get("/admin/events/hoi-thao-2025").get_data(as_text=True)
    assert "20/08/2025" in overview
    assert "10/08/2025 17:00" in overview
    edit_form = admin.get("/admin/events/hoi-thao-2025/edit").get_data(as_text=True)
    assert 'value="20/08/2025"' in edit_form  # shown back as typed, in Vietnam time
    assert 'value="10/08/2025 17:00"' in edit_form

    admin.post("/admin/events/hoi-thao-2025/venues/new", {"name": "Nhà thi đấu tỉnh", "address": "Buôn Ma Thuột"})
    assert db.session.scalar(select(Venue)).name == "Nhà thi đấu tỉnh"
    assert "Nhà thi đấu tỉnh" in admin.get("/admin/events/hoi-thao-2025").get_data(as_text=True)


def post_event(admin, **fields):
    """Post the new-event form for a fresh season; ``fields`` override valid defaults."""
    season = db.session.scalar(select(Season).where(Season.name == "Mùa")) or Season(name="Mùa", year=2025)
    db.session.add(season)
    db.session.commit()
    admin.get("/admin/events/new")
    data = {
        "season_id": season.id,
        "kind": "games",
        "name": "Hội thao",
        "slug": "hoi-thao",
        "starts_on": "20/08/2025",
        "ends_on": "20/08/2025",
    } | fields
    return admin.post("/admin/events/new", data)


def test_event_with_end_before_start_is_refused_on_its_field(admin):
    response = post_event(admin, starts_on="2025-08-20", ends_on="2025-08-19")
    assert response.status_code == 200
    assert "Ngày kết thúc phải sau hoặc trùng ngày bắt đầu." in response.get_data(as_text=True)
    assert db.session.scalar(select(Event)) is None


def test_bad_slug_gets_a_vietnamese_message(admin):
    body = post_event(admin, slug="Hội Thao").get_data(as_text=True)
    assert "Mã đường dẫn chỉ gồm chữ thường không dấu" in body


def test_impossible_date_gets_a_vietnamese_message(admin):
    body = post_event(admin, starts_on="20/13/2025").get_data(as_text=True)
    assert "Ngày không hợp lệ: gõ ngày/tháng/năm, ví dụ 20/11/1990 hoặc 20111990." in body
    assert db.session.scalar(select(Event)) is None


def test_admin_adds_and_edits_a_unit_with_nfc_names(admin):
    decomposed = "LĐLĐ huyện Lắk".replace("ắ", "a\u0306\u0301")
    admin.get("/admin/units/new")
    response = admin.post(
        "/admin/units/new",
        {"code": "lak", "name": decomposed, "kind": "district", "counts_for_participation": "y", "active": "y"},
    )
    assert response.status_code == 302
    unit = db.session.scalar(select(Unit))
    assert unit.code == "LAK"
    assert unit.name == "LĐLĐ huyện Lắk"  # NFC on the way in
    response = admin.post(
        f"/admin/units/{unit.id}/edit", {"code": "LAK", "name": "LĐLĐ huyện Lắk", "kind": "district", "email": "sai@"}
    )
    assert "Địa chỉ email “sai@” không hợp lệ." in response.get_data(as_text=True)


def test_duplicate_unit_code_is_refused(admin):
    f.unit("LAK")
    db.session.commit()
    admin.get("/admin/units/new")
    body = admin.post("/admin/units/new", {"code": "LAK", "name": "Khác", "kind": "district"}).get_data(as_text=True)
    assert "Mã đơn vị “LAK” đã có." in body
    assert db.session.query(Unit).count() == 1


def test_unit_list_marks_units_that_do_not_count(admin):
    f.unit("LAK", "LĐLĐ huyện Lắk")
    f.unit("CS-DIEN", "CĐCS Công ty Điện lực", kind="grassroots", counts=False)
    db.session.commit()
    body = admin.get("/admin/units").get_data(as_text=True)
    assert "1 đơn vị tính vào chỉ tiêu 100%, 1 đơn vị không tính." in body
    assert "Không tính" in body


def test_event_overview_counts_units_whose_registration_is_approved(admin):
    lak, bmt = f.unit("LAK"), f.unit("BMT")
    f.unit("CS-DIEN", kind="grassroots", counts=False)
    ev = f.event()
    f.person(ev, lak, "Nguyễn Văn An")
    f.person(ev, bmt, "Trần Văn Bình")  # people typed in, registration not sent: not registered
    f.approved(ev, lak)
    db.session.commit()
    body = admin.get("/admin/events/hoi-thao-2024").get_data(as_text=True)
    assert 'id="stat-units">1/2<' in body
    assert bmt.name in body
    assert "Chưa đăng ký: 1; Đã gửi, chờ duyệt: 0; Bị trả lại: 0; Đã duyệt, chưa có mặt: 1; Có mặt: 0." in body


def test_overall_ranking_by_points_needs_points_per_place_typed_as_place_equals_points(admin):
    body = post_event(admin, overall_rule="points", overall_points="").get_data(as_text=True)
    assert "cần điểm cho từng thứ hạng" in body
    body = post_event(admin, overall_rule="points", overall_points="1=7, nhì=5").get_data(as_text=True)
    assert "“nhì=5” không đúng dạng hạng=điểm" in body
    assert db.session.scalar(select(Event)) is None
    assert (
        post_event(
            admin, overall_rule="points", overall_points="1=7; 2=5, 3=3, KK=1", overall_min_units="3"
        ).status_code
        == 302
    )
    event = db.session.scalar(select(Event))
    assert (event.overall_points, event.overall_min_units) == ({"1": 7, "2": 5, "3": 3, "kk": 1}, 3)
    assert 'value="1=7, 2=5, 3=3, kk=1"' in admin.get("/admin/events/hoi-thao/edit").get_data(as_text=True)


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ({"name": "LĐLĐ\x01 huyện Krông"}, "Tên: có ký tự điều khiển"),
        ({"name": "L" * 5_000}, "tối đa"),
        ({"phone": "9" * 5_000}, "Điện thoại: dài 5000 ký tự"),
    ],
)
def test_any_form_refuses_control_characters_and_overlong_text_by_the_columns_rule(client, given, message):

    f.user("admin", role=UserRole.ADMIN)
    client.login("admin")
    client.get("/admin/units/new")
    data = {"code": "KRO", "name": "LĐLĐ huyện Krông", "kind": "district"} | given
    response = client.post("/admin/units/new", data)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Unit)) == 0


def test_a_nul_character_in_a_form_or_query_is_a_400_saying_so(client):
    f.user("admin", role=UserRole.ADMIN)
    client.login("admin")
    client.get("/admin/units/new")
    response = client.post("/admin/units/new", {"code": "KRO", "name": "LĐLĐ\x00", "kind": "district"})
    assert response.status_code == 400 and "ký tự NUL" in response.get_data(as_text=True)
    assert client.get("/admin/units?q=%00").status_code == 400
    assert db.session.scalar(select(func.count()).select_from(Unit)) == 0
