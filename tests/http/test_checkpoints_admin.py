"""Checkpoints, device links, volunteers, live attendance and offline conflicts, through HTTP."""

import re
import uuid

import pytest
from sqlalchemy import select

from extensions import db
from models import Checkpoint, PersonRole, UserRole
from services.badges import selection as badges
from services.badges import tokens
from services.checkin import devices
from tests.support import factories as f

BASE = "/admin/events/hoi-thao-2024"


@pytest.fixture
def world(app):
    lak, bmt = f.unit("LAK", "LĐLĐ huyện Lắk"), f.unit("BMT", "LĐLĐ thành phố Buôn Ma Thuột")
    ev = f.event()
    comp = f.competition(ev, "Cờ tướng cá nhân nam")
    an, binh = f.person(ev, lak, "Nguyễn Văn An"), f.person(ev, lak, "Lê Văn Bình")
    f.person(ev, bmt, "Phạm Văn Dũng", role=PersonRole.COACH)
    f.approved(ev, lak, bmt)
    db.session.add(f.Entry(competition=comp, unit=lak, team_no=1, members=[f.EntryMember(person=binh)]))
    badges.prepare(badges.Selection(ev))
    db.session.commit()
    f.user("admin", role=UserRole.ADMIN)
    f.user("tnv.hoa", role=UserRole.VOLUNTEER)
    f.user("cb.lak", unit=lak)
    return {"event": ev, "an": an, "binh": binh, "comp": comp}


@pytest.fixture
def admin(client, world):
    client.login("admin")
    return client


def _new_gate(admin, **extra):
    admin.get(BASE + "/checkpoints/new")
    data = {"name": "Cổng A", "kind": "gate", "venue_id": 0, "frequency": "once", "active": "y"} | extra
    response = admin.post(BASE + "/checkpoints/new", data)
    assert response.status_code == 302, response.get_data(as_text=True)
    return db.session.scalar(select(Checkpoint).where(Checkpoint.name == data["name"]))


def _device_link(admin, checkpoint):
    page = admin.post(f"{BASE}/checkpoints/{checkpoint.id}/devices", {"name": "Điện thoại chị Hoa"})
    body = page.get_data(as_text=True)
    assert "<svg" in body  # the QR to scan with the phone
    return re.search(r'value="http://localhost(/scan/link/[^"]+)" id="device-link-url"', body).group(1)


def test_device_link_signs_a_phone_in_and_revoking_locks_it_out(admin, world, make_client):
    gate = _new_gate(admin, allowed_roles=["athlete"], opens_at="26/08/2024 06:00")
    assert gate.allowed_roles == ["athlete"] and gate.opens_at.hour == 23  # 06:00 in Vietnam
    link = _device_link(admin, gate)
    phone = make_client()
    response = phone.get(link)
    assert response.status_code == 302 and response.headers["Location"] == "/scan/"
    page = phone.get("/scan/")
    assert page.status_code == 200 and "Cổng A" in page.get_data(as_text=True)
    token = link.rsplit("/", 1)[1]

    device = devices.device_for_token(token)
    admin.get(f"{BASE}/checkpoints/{gate.id}/devices")
    admin.post(f"{BASE}/devices/{device.id}/revoke")
    assert phone.get("/scan/").status_code == 403
    assert phone.get(link).status_code == 403
    api = phone.request(
        "post",
        "/api/v1/scans",
        json={"code": "X", "client_scan_id": str(uuid.uuid4())},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert api.status_code == 401


def test_volunteer_logs_in_and_picks_an_assigned_checkpoint(admin, world, make_client):
    volunteer_id = db.session.scalar(select(f.User.id).where(f.User.username == "tnv.hoa"))
    gate = _new_gate(admin, volunteer_ids=[volunteer_id])
    _new_gate(admin, name="Cổng B")
    hoa = make_client()
    hoa.login("tnv.hoa")
    assert hoa.get("/scan/").headers["Location"].endswith("/scan/choose")
    choose = hoa.get("/scan/choose").get_data(as_text=True)
    assert "Cổng A" in choose and "Cổng B" not in choose
    assert hoa.post("/scan/choose", {"checkpoint_id": gate.id}).headers["Location"] == "/scan/"
    assert "Cổng A" in hoa.get("/scan/").get_data(as_text=True)
    assert hoa.get("/admin/").status_code == 403  # a volunteer scans, nothing else


def test_live_attendance_and_an_organisers_view_of_its_unit(admin, world, make_client):
    gate = _new_gate(admin)
    _device, token = devices.create_device(gate, None, name="Máy 1")
    db.session.commit()
    code = tokens.token_for(tokens.active_badge(world["an"]))
    admin.request(
        "post",
        "/api/v1/scans",
        json={"code": code, "client_scan_id": str(uuid.uuid4())},
        headers={"Authorization": f"Bearer {token}"},
    )
    page = admin.get(BASE + "/attendance").get_data(as_text=True)
    assert '<strong id="arrived">1</strong> / 3' in page
    assert re.search(rf'data-checkpoint="{gate.id}"><td>Cổng A</td><td class="text-end people">1<', page)
    assert "Lê Văn Bình" in page  # entered in a competition, not arrived yet
    lak = make_client()
    lak.login("cb.lak")
    mine = lak.get("/units/LAK/events/hoi-thao-2024/attendance").get_data(as_text=True)
    assert "1 / 2" in mine and "Phạm Văn Dũng" not in mine
    assert lak.get("/units/BMT/events/hoi-thao-2024/attendance").status_code == 403
    assert lak.get(BASE + "/attendance").status_code == 403


def test_offline_admissions_the_server_refused_are_listed_as_conflicts(admin, world):
    gate = _new_gate(admin)
    _d1, t1 = devices.create_device(gate, None, name="Máy 1")
    _d2, t2 = devices.create_device(gate, None, name="Máy 2")
    db.session.commit()
    code = tokens.token_for(tokens.active_badge(world["an"]))
    for bearer in (t1, t2):  # both phones let An in while offline
        admin.request(
            "post",
            "/api/v1/scans",
            json={
                "code": code,
                "client_scan_id": str(uuid.uuid4()),
                "scanned_at": "2024-08-26T01:00:00+00:00",
                "offline_outcome": "admitted",
            },
            headers={"Authorization": f"Bearer {bearer}"},
        )
    page = admin.get(BASE + "/scan-conflicts").get_data(as_text=True)
    assert page.count("Nguyễn Văn An") == 1 and "Đã vào lúc 08:00" in page


def _volunteer_scanning_at(admin, make_client, gate):
    hoa = make_client()
    hoa.login("tnv.hoa")
    hoa.post("/scan/choose", {"checkpoint_id": gate.id})
    token = hoa.http.get_cookie("wg_device", path="/scan").value
    return hoa, token


def _scan_with(client, token):
    return client.api("post", "/api/v1/scans", token, json={"code": "X", "client_scan_id": str(uuid.uuid4())})


def test_deactivating_a_volunteer_revokes_his_phones(admin, world, make_client):
    hoa_id = db.session.scalar(select(f.User.id).where(f.User.username == "tnv.hoa"))
    gate = _new_gate(admin, volunteer_ids=[hoa_id])
    hoa, token = _volunteer_scanning_at(admin, make_client, gate)
    assert _scan_with(hoa, token).status_code == 200
    assert hoa.api("get", "/api/v1/checkpoint/offline-list", token).status_code == 200

    admin.get(f"/admin/users/{hoa_id}/edit")
    saved = admin.post(f"/admin/users/{hoa_id}/edit", {"username": "tnv.hoa", "role": "volunteer", "unit_id": 0})
    assert saved.status_code == 302  # "active" unticked
    refused = _scan_with(hoa, token)
    assert refused.status_code == 401 and "thu hồi" in refused.get_json()["error"]
    assert hoa.api("get", "/api/v1/checkpoint/offline-list", token).status_code == 401
    assert hoa.get("/scan/").status_code in (302, 403)  # his session ended too


def test_taking_a_volunteer_off_a_checkpoint_revokes_his_phone_there_only(admin, world, make_client):
    hoa_id = db.session.scalar(select(f.User.id).where(f.User.username == "tnv.hoa"))
    gate = _new_gate(admin, volunteer_ids=[hoa_id])
    hall = _new_gate(admin, name="Nhà thi đấu", volunteer_ids=[hoa_id])
    _hoa, at_gate = _volunteer_scanning_at(admin, make_client, gate)
    hoa2, at_hall = _volunteer_scanning_at(admin, make_client, hall)
    link_phone, link_token = devices.create_device(gate, None, name="Máy cổng")  # no volunteer: stays
    db.session.commit()

    admin.get(f"{BASE}/checkpoints/{gate.id}/edit")
    data = {"name": "Cổng A", "kind": "gate", "venue_id": 0, "frequency": "once", "active": "y"}
    assert admin.post(f"{BASE}/checkpoints/{gate.id}/edit", data).status_code == 302  # no volunteers now
    assert _scan_with(hoa2, at_gate).status_code == 401
    assert _scan_with(hoa2, at_hall).status_code == 200
    assert _scan_with(hoa2, link_token).status_code == 200
