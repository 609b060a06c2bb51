"""Bodies that used to reach a 500 (issue 29, "Found" 3), each through the real stack: the
guard's kinds (tests/http/test_route_walk.py walks them over every route), file fields,
integers no column holds, a device name the database cannot keep, the upload's JSON."""

from __future__ import annotations

import io

from sqlalchemy import func, select

from extensions import db
from models import CheckpointKind, Device, Entry, Frequency, UserRole
from services.checkin import checkpoints
from tests.support import factories as f
from tests.support import worlds


def test_anonymous_json_on_the_login_page_is_a_400_saying_it_takes_a_form(app, client):
    client.get("/login")
    for body in ([1, 2], "chuỗi", {"username": {"a": [1]}}):
        answer = client.request("post", "/login", json=body, headers={"X-CSRFToken": client.token})
        assert answer.status_code == 400
        assert "nhận dữ liệu của biểu mẫu" in answer.get_data(as_text=True) and "application/json" in answer.get_data(
            as_text=True
        )


def test_a_file_where_text_is_expected_is_named(app, client):
    client.get("/login")
    answer = client.post(
        "/login",
        data={"username": (io.BytesIO(b"admin"), "u.txt"), "password": "x"},
        content_type="multipart/form-data",
    )
    assert answer.status_code == 400 and "Trường “username” nhận chữ, không nhận tệp." in answer.get_data(as_text=True)


def test_a_device_name_the_database_cannot_keep_is_a_form_error_and_nothing_is_saved(app, client):
    ev = f.event()
    f.user("admin", role=UserRole.ADMIN)
    point = checkpoints.save_checkpoint(
        ev, None, checkpoints.CheckpointData(name="Cổng A", kind=CheckpointKind.GATE, frequency=Frequency.ONCE)
    )
    db.session.commit()
    client.login("admin")
    url = f"/admin/events/{ev.slug}/checkpoints/{point.id}/devices"
    client.get(url)
    for name in ("Máy\x07 chị Hoa", "M" * 300):
        answer = client.post(url, data={"name": name})
        assert answer.status_code == 200, answer.status_code
        text = answer.get_data(as_text=True)
        assert "Tên" in text and ("ký tự" in text), text[:500]
    assert db.session.scalar(select(func.count(Device.id))) == 0


def test_an_entry_member_id_no_table_holds_is_a_form_error(app, client):
    lak, _bmt, ev = worlds.two_units()
    comp = f.competition(ev, "Cờ tướng cá nhân nam")
    f.person(ev, lak, "Nguyễn Văn An")
    worlds.accounts(lak, _bmt)
    client.login("cb.lak")
    url = f"/units/LAK/events/{ev.slug}/competitions/{comp.id}/entries/new"
    client.get(url)
    answer = client.post(url, data={"members": str(10**23)})
    text = answer.get_data(as_text=True)
    assert answer.status_code == 200 and ("Lựa chọn không hợp lệ." in text or "Hãy chọn người thi đấu." in text)
    assert db.session.scalar(select(func.count(Entry.id))) == 0


def test_the_upload_start_takes_only_a_json_object(app, client):
    lak, bmt, ev = worlds.two_units()
    worlds.accounts(lak, bmt)
    client.login("cb.lak")
    client.get(f"/units/LAK/events/{ev.slug}/media")
    url = f"/units/LAK/events/{ev.slug}/media/uploads"
    for body in ([1], "x", {"size": 1e400}, {"size": [1]}):
        answer = client.request("post", url, json=body, headers={"X-CSRFToken": client.token})
        assert answer.status_code in (400, 403, 404) and "error" in answer.get_json(), answer.status_code


def test_personal_pages_and_documents_are_not_stored_by_the_browser(app, client):
    """Issue 29: no-store on what holds personal data (a logged-in page, a PDF, a spreadsheet,
    a CSV, the certificate check); static files keep their caching."""
    lak, bmt, ev = worlds.two_units()
    f.person(ev, lak, "Nguyễn Văn An")
    f.approved(ev, lak)
    worlds.accounts(lak, bmt)
    anonymous = client.get("/login")
    assert anonymous.headers.get("Cache-Control") != "no-store"
    assert client.get("/verify/NO-SUCH-SERIAL").headers["Cache-Control"] == "no-store"
    client.login("cb.lak")
    base = f"/units/LAK/events/{ev.slug}"
    for url in (base, base + "/export.xlsx", base + "/export.csv", base + "/badges.pdf"):
        answer = client.get(url)
        assert answer.status_code == 200 and answer.headers["Cache-Control"] == "no-store", (url, answer.status_code)
    static = client.get("/static/css/app.css")
    assert "no-store" not in static.headers.get("Cache-Control", "")
