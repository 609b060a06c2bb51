"""The 100% target: registered and present units, the call list and reminders, the festival's
delegations and booths, the final report (services/participation/rules.py, reports.py)."""

import io
import json
import uuid

import pytest
from sqlalchemy import select

from cli import demo
from extensions import db
from models import CheckpointKind, Event, EventKind, Frequency, Registration, RegistrationStatus, Unit, UnitKind
from services.badges import tokens
from services.checkin import checkpoints, devices
from services.participation import rules as participation
from services.participation.rules import State
from tests.support import factories as f
from tests.support.pdfs import page_texts


@pytest.fixture
def games(app):
    """Three counting units and one grassroots union, each with an entry."""
    ev = f.event()
    comp = f.competition(ev, "Cầu lông đơn nam", sport="Cầu lông")
    units = {
        code: f.unit(code, name, kind=kind, counts=counts)
        for code, name, kind, counts in [
            ("BMT", "LĐLĐ thành phố Buôn Ma Thuột", UnitKind.DISTRICT, True),
            ("EKA", "LĐLĐ huyện Ea Kar", UnitKind.DISTRICT, True),
            ("GD", "Công đoàn ngành Giáo dục", UnitKind.SECTORAL, True),
            ("CS-DIEN", "CĐCS Công ty Điện lực Đắk Lắk", UnitKind.GRASSROOTS, False),
        ]
    }
    units["EKA"].contact_name, units["EKA"].phone, units["EKA"].email = "Y Bhăm Êban", "0905 123 456", "eka@example.vn"
    people = {}
    for code, unit in units.items():
        person = f.person(ev, unit, f"Vận động viên {code}")
        entry = f.Entry(competition=comp, unit=unit)
        entry.members.append(f.EntryMember(person=person))
        db.session.add_all([entry, Registration(event=ev, unit=unit, status=RegistrationStatus.APPROVED)])
        people[code] = person
    db.session.flush()
    gate = checkpoints.save_checkpoint(
        ev,
        None,
        checkpoints.CheckpointData(name="Cổng sân vận động", kind=CheckpointKind.GATE, frequency=Frequency.ONCE),
    )
    db.session.commit()
    return ev, units, people, gate


def _admit(client, checkpoint, person, expected="admitted"):
    """A real scan of the person's badge through the API."""
    _device, bearer = devices.create_device(checkpoint, None, name=f"may-{uuid.uuid4().hex[:6]}")
    tokens.issue_missing(checkpoint.event, [person.id])
    db.session.commit()
    code = tokens.token_for(tokens.active_badge(person))
    body = client.api("post", "/api/v1/scans", bearer, json={"code": code, "client_scan_id": str(uuid.uuid4())})
    assert body.get_json()["outcome"] == expected, body.get_json()
    return body.get_json()


def _states(ev):
    part = participation.event_participation(ev)
    return part, {line.unit.code: line.state for line in part.counting + part.others}


def test_each_state_and_the_100_percent_only_when_every_counting_unit_is_approved_and_present(games, client):
    ev, units, people, gate = games
    reg = db.session.scalar(select(Registration).where(Registration.unit_id == units["GD"].id))
    reg.status, reg.comment = RegistrationStatus.RETURNED, "Thiếu thẻ đoàn viên"
    db.session.commit()
    part, states = _states(ev)
    assert states == {
        "BMT": State.APPROVED,
        "EKA": State.APPROVED,
        "GD": State.RETURNED,
        "CS-DIEN": State.APPROVED,
    }
    assert (part.registered, part.present, len(part.counting), part.registered_percent) == (2, 0, 3, 67)
    assert part.by_state == {
        State.NOT_REGISTERED: 0,
        State.SUBMITTED: 0,
        State.RETURNED: 1,
        State.APPROVED: 2,
        State.PRESENT: 0,
    }
    gd = next(line for line in part.counting if line.unit.code == "GD")
    assert "Lý do: Thiếu thẻ đoàn viên" in participation.reminder(ev, gd)

    _admit(client, gate, people["CS-DIEN"])  # a grassroots union never moves the percentage
    assert participation.event_participation(ev).present_percent == 0
    _admit(client, gate, people["BMT"])
    _admit(client, gate, people["EKA"])
    part, states = _states(ev)
    assert (part.present, part.present_percent, part.complete) == (2, 67, False)
    refused = _admit(client, gate, people["GD"], expected="not_allowed")  # a returned unit does not come in
    assert refused["message"] == "Đăng ký chưa được duyệt: Công đoàn ngành Giáo dục (Trả lại để sửa)"
    part, states = _states(ev)
    assert states["GD"] == State.RETURNED and not part.complete
    reg.status = RegistrationStatus.SUBMITTED  # fixed and sent again: the federation's turn
    db.session.commit()
    part, states = _states(ev)
    assert states["GD"] == State.SUBMITTED and "GD" not in [u.unit.code for u in part.to_remind]
    reg.status = RegistrationStatus.APPROVED
    db.session.commit()
    _admit(client, gate, people["GD"])
    part, states = _states(ev)
    assert part.complete and part.present_percent == 100 and states["GD"] == State.PRESENT


def test_admin_sees_missing_units_with_contact_and_a_ready_message_and_prints_the_call_list(games, client):
    ev, units, people, gate = games
    f.user("bantochuc", role=f.UserRole.ADMIN)
    client.login("bantochuc")
    _admit(client, gate, people["BMT"])
    page = client.get(f"/admin/events/{ev.slug}/participation").get_data(as_text=True)
    assert 'id="present-percent">33%' in page
    eka = page.split('data-unit="EKA"', 1)[1].split("</tr>", 1)[0]
    assert "Y Bhăm Êban" in eka and "0905 123 456" in eka and "Kính gửi Y Bhăm Êban (LĐLĐ huyện Ea Kar)" in eka
    assert 'data-state="present"' in page.split('data-unit="BMT"', 1)[1].split("</tr>", 1)[0]
    assert "CĐCS Công ty Điện lực Đắk Lắk" in page.split('id="other-units"', 1)[1]
    pdf = client.get(f"/admin/events/{ev.slug}/call-list.pdf")
    text = " ".join(" ".join(page_texts(pdf.data)).split())
    assert (
        "Danh sách đơn vị cần liên hệ" in text and "0905 123 456" in text and "LĐLĐ thành phố Buôn Ma Thuột" not in text
    )
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(client.get(f"/admin/events/{ev.slug}/call-list.xlsx").data)).active
    rows = [r for r in sheet.iter_rows(values_only=True) if r and r[0] in ("EKA", "GD")]
    assert [r[0] for r in rows] == ["GD", "EKA"]  # by name: Công đoàn… before LĐLĐ…
    assert rows[1][4] == "0905 123 456" and rows[1][6].startswith("Kính gửi Y Bhăm Êban")


def test_email_reminders_reach_a_local_smtp_server(games, client, smtp_server):
    ev = games[0]
    f.user("bantochuc", role=f.UserRole.ADMIN)
    client.login("bantochuc")
    done = client.post(f"/admin/events/{ev.slug}/reminders", follow_redirects=True).get_data(as_text=True)
    assert "Đã gửi thư nhắc cho 1 đơn vị." in done
    assert "Không có email, cần gọi điện: GD, BMT." in done  # by name
    assert [to for to, _body in smtp_server] == [["eka@example.vn"]]
    assert "Subject: =?utf-8?" in smtp_server[0][1]  # a Vietnamese subject, encoded


def test_festival_delegation_by_head_count_and_a_second_gift_is_refused_at_the_booth(app, client, make_client):
    fest = f.event("ngay-hoi-2024", kind=EventKind.FESTIVAL)
    unit = f.unit("KPA", "LĐLĐ huyện Krông Pắc")
    f.user("cb.kpa", unit=unit)
    client.login("cb.kpa")
    base = f"/units/KPA/events/{fest.slug}"
    client.get(base)
    assert client.post(base + "/head-count", {"head_count": "-3"}, follow_redirects=True).status_code == 200
    assert db.session.scalar(select(Registration.head_count).where(Registration.unit_id == unit.id)) in (None, 0)
    client.post(base + "/head-count", {"head_count": "120"})
    client.post(base + "/submit")
    reg = db.session.scalar(select(Registration).where(Registration.unit_id == unit.id))
    assert (reg.head_count, reg.status) == (120, RegistrationStatus.SUBMITTED)
    reg.status = RegistrationStatus.APPROVED
    worker = f.person(fest, unit, "Nguyễn Thị Lan", role=f.PersonRole.WORKER)
    booth = checkpoints.save_checkpoint(
        fest,
        None,
        checkpoints.CheckpointData(name="Gian quà tặng", kind=CheckpointKind.BOOTH, frequency=Frequency.ONCE),
    )
    db.session.commit()
    part, states = _states(fest)
    assert states["KPA"] == State.APPROVED and part.counting[0].head_count == 120
    _admit(client, booth, worker)
    second = _admit(client, booth, worker, expected="limit_reached")
    assert "mỗi người chỉ một lần" in second["message"]
    f.user("bantochuc", role=f.UserRole.ADMIN)
    admin = make_client()
    admin.login("bantochuc")
    response = admin.get(f"/admin/events/{fest.slug}/report.pdf")
    assert response.mimetype == "application/pdf", (response.status_code, response.get_data(as_text=True)[:3000])
    report = " ".join(" ".join(page_texts(response.data)).split())
    assert "Báo cáo tổng kết" in report and "Người lao động được phục vụ tại các gian" in report
    assert "LĐLĐ huyện Krông Pắc 1 1" in report  # one worker served at the one booth


def test_final_report_cli_json_and_season_matrix_on_the_demo(app, make_client):
    demo.seed_demo()
    db.session.commit()
    runner = app.test_cli_runner()
    out = runner.invoke(args=["report", "participation", "--event", "hoi-thao-2024", "--json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["counting_units"] == 21 and data["registered"] == 6 and data["present"] == 0
    assert data["units"]["BMT"]["state"] == "approved" and data["units"]["LAK"]["state"] == "not_registered"
    assert data["units"]["CS-CAOSU"]["counts"] is False
    assert data["registered_percent"] == round(100 * 6 / 21)
    text = runner.invoke(args=["report", "participation", "--event", "hoi-thao-2024"]).output
    assert "Cần liên hệ:" in text and "LAK" in text

    admin = make_client()
    admin.login("admin", demo.DEMO_PASSWORD)
    report = admin.get("/admin/events/hoi-thao-2024/report.pdf")
    assert report.mimetype == "application/pdf"
    text = " ".join(" ".join(page_texts(report.data)).split())
    assert "Báo cáo tổng kết" in text and "LĐLĐ huyện Cư M'gar" in text and "Bảng tổng sắp huy chương" in text
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(admin.get("/admin/events/hoi-thao-2024/report.xlsx").data))
    assert any(row[0] == "Người đăng ký theo đơn vị và giới tính" for row in book.active.iter_rows(values_only=True))
    season = db.session.scalar(select(Event).where(Event.slug == "hoi-thao-2024")).season
    matrix = admin.get(f"/admin/seasons/{season.id}/participation").get_data(as_text=True)
    lak = matrix.split('data-unit="LAK"', 1)[1].split("</tr>", 1)[0]
    assert lak.count('data-state="not_registered"') == 2  # neither the games nor the festival
    assert admin.get(f"/admin/seasons/{season.id}/participation.pdf").mimetype == "application/pdf"
    assert db.session.scalar(select(Unit).where(Unit.code == "LAK")).counts_for_participation


def test_done_when_the_demo_reaches_100_percent_after_one_scan_per_unit(app, make_client):
    demo.seed_demo(people=62)  # synthetic people in every unit
    db.session.commit()
    ev = db.session.scalar(select(Event).where(Event.slug == "hoi-thao-2024"))
    admin = make_client()
    admin.login("admin", demo.DEMO_PASSWORD)
    page = admin.get("/admin/events/hoi-thao-2024/participation").get_data(as_text=True)
    assert 'id="present-percent">0%' in page and 'id="registered-percent">29%' in page  # 6 of 21
    assert page.count('data-state="not_registered"') == 14 + 10  # incl. ESU (a draft); EKA was sent
    assert page.count('data-state="submitted"') == 1
    call_list = " ".join(" ".join(page_texts(admin.get("/admin/events/hoi-thao-2024/call-list.pdf").data)).split())
    assert "LĐLĐ huyện Lắk" in call_list and "Công đoàn Viên chức tỉnh" in call_list
    gate = checkpoints.save_checkpoint(
        ev, None, checkpoints.CheckpointData(name="Cổng chính", kind=CheckpointKind.GATE, frequency=Frequency.DAILY)
    )
    f.approved(ev, *[line.unit for line in participation.event_participation(ev).counting])  # every unit approved
    db.session.commit()
    part = participation.event_participation(ev)
    for line in part.counting:
        person = db.session.scalar(select(demo.Person).where(demo.Person.unit_id == line.unit.id).limit(1))
        _admit(admin, gate, person)
    page = admin.get("/admin/events/hoi-thao-2024/participation").get_data(as_text=True)
    assert 'id="present-percent">100%' in page and 'id="target-reached"' in page
    report = " ".join(" ".join(page_texts(admin.get("/admin/events/hoi-thao-2024/report.pdf").data)).split())
    assert "21/21 đơn vị có mặt (100%)" in report
