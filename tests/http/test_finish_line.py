"""A cross-country race read at its finish line: each runner's badge scanned as they cross it
(phones offline, their scan times kept), the times read from those scans through the results
page, the whole list confirmed at once by a second official, and a unit's team score from
its best runners' places on the public board. On SQLite and PostgreSQL."""

from __future__ import annotations

import html
import re
import uuid
from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from extensions import db
from models import CheckpointKind, Entry, EntryMember, Frequency, Performance, ResultChange, UserRole
from services.badges import tokens
from services.checkin import checkpoints, devices
from services.i18n import local_to_utc
from services.results import drawing, planning
from tests.support import factories as f
from tests.support.pdfs import page_texts
from tests.support.races import Person, at_once

START = local_to_utc(datetime(2024, 8, 27, 7, 0))


@pytest.fixture
def race(app, make_client):
    ev = f.event()
    comp = f.competition(ev, "Việt dã nam", sport="Việt dã")
    units = [f.unit(code) for code in ("LAK", "BMT", "EKA")]
    f.approved(ev, *units)
    runners = {}
    for u in units:
        for i in (1, 2, 3):
            person = f.person(ev, u, f"VĐV {u.code} {i}")
            db.session.add(Entry(competition=comp, unit=u, team_no=i, members=[EntryMember(person=person)]))
            runners[f"{u.code}{i}"] = person
    db.session.flush()
    tokens.issue_missing(ev, [p.id for p in runners.values()])
    admin = f.user("admin", UserRole.ADMIN)
    tt1, tt2 = f.user("tt1", UserRole.OFFICIAL), f.user("tt2", UserRole.OFFICIAL)
    line = checkpoints.save_checkpoint(
        ev,
        None,
        checkpoints.CheckpointData(name="Vạch đích việt dã", kind=CheckpointKind.VENUE, frequency=Frequency.ONCE),
    )
    _device, bearer = devices.create_device(line, admin, name="Điện thoại vạch đích")
    comp.officials = [tt1, tt2]
    data = planning.default_plan(comp)
    data.finish_checkpoint_id, data.started_at, data.team_best = line.id, START, 2
    planning.save_plan(comp, data, admin)
    drawing.make_draw(comp, admin, seed=1)
    drawing.publish(comp, admin)
    db.session.commit()
    codes = {k: tokens.token_for(tokens.active_badge(p)) for k, p in runners.items()}
    people = {name: make_client() for name in ("tt1", "tt2")}
    for name, client in people.items():
        client.login(name)
    return comp, codes, bearer, people


def _cross(client, bearer, code, seconds):
    """A runner crossing the line ``seconds`` after the start, scanned on a phone offline."""
    at = (START + timedelta(seconds=seconds)).isoformat()
    body = {"code": code, "client_scan_id": str(uuid.uuid4()), "scanned_at": at, "offline_outcome": "admitted"}
    return client.api("post", "/api/v1/scans", bearer, json=body).get_json()["outcome"]


def test_the_finish_line_gives_the_times_the_order_and_the_team_scores(race, make_client):
    comp, codes, bearer, people = race
    tt1, tt2 = people["tt1"], people["tt2"]
    phone = make_client()
    arrivals = [("BMT1", 1501.2), ("LAK1", 1503.0), ("LAK2", 1530.45), ("EKA1", 1540.0), ("BMT2", 1555.5),
                ("EKA2", 1600.0), ("LAK3", 1620.0)]  # fmt: skip
    for runner, seconds in arrivals:
        assert _cross(phone, bearer, codes[runner], seconds) == "admitted"
    base = f"/results/competitions/{comp.id}"
    admin = make_client()
    admin.login("admin")
    plan_page = admin.get(base + "/plan").get_data(as_text=True)
    assert "Vạch đích: điểm quét" in plan_page and "Vạch đích việt dã</option>" in plan_page
    assert 'value="27/08/2024 07:00"' in plan_page  # the start, in Vietnam time
    page = tt1.get(base).get_data(as_text=True)
    assert "Lấy thời gian từ vạch đích" in page
    done = tt1.post(base + "/finish", follow_redirects=True).get_data(as_text=True)
    assert "Đã lấy thời gian từ vạch đích: 7 người có thời gian mới" in done
    db.session.expire_all()
    perfs = db.session.scalars(select(Performance).where(Performance.competition_id == comp.id)).all()
    timed = {p.entry.members[0].person.full_name: p.value for p in perfs if p.value is not None}
    assert timed["VĐV BMT 1"] == Decimal("1501.20") and timed["VĐV LAK 2"] == Decimal("1530.45") and len(timed) == 7
    # A second phone syncs late: LAK 3 had been scanned earlier on it, and BMT 3 arrived too.
    assert _cross(phone, bearer, codes["LAK3"], 1590.0) == "admitted"
    assert _cross(phone, bearer, codes["BMT3"], 1650.0) == "admitted"
    again = tt1.post(base + "/finish", follow_redirects=True).get_data(as_text=True)
    assert "2 người có thời gian mới" in again  # only what changed
    # EKA 3 never crossed: the official marks them DNF, then tt2 confirms the whole list at once.
    db.session.expire_all()
    eka3 = next(p for p in perfs if p.entry.members[0].person.full_name == "VĐV EKA 3")
    tt1.get(base)
    tt1.post(f"/results/performances/{eka3.id}", {"version": eka3.version, "value": "", "did_not_finish": "y"})
    db.session.expire_all()
    versions = {f"version-{p.id}": p.version for p in perfs}
    refused = tt1.post(base + "/performances/confirm", versions, follow_redirects=True).get_data(as_text=True)
    assert "không thể tự xác nhận" in refused
    tt2.get(base)
    confirmed = tt2.post(base + "/performances/confirm", versions, follow_redirects=True).get_data(as_text=True)
    assert "Đã xác nhận cả danh sách (9 người)." in confirmed
    board = tt2.get(f"/board/hoi-thao-2024/competitions/{comp.id}").get_data(as_text=True)
    # places: BMT1 1, LAK1 2, LAK2 3, EKA1 4, BMT2 5, LAK3 6 (1590), EKA2 7, BMT3 8
    assert "Xếp hạng đồng đội (cộng hạng 2 người tốt nhất)" in board
    table = html.unescape(board.split("team-scores")[1].split("</table>")[0])
    rows = re.findall(
        r'<tr data-unit="\d+"><td>(\d+)</td><td>([^<]+)</td><td>[^<]*</td><td class="text-end">(\d+)</td>', table
    )
    assert rows == [("1", "LĐLĐ huyện LAK", "5"), ("2", "LĐLĐ huyện BMT", "6"), ("3", "LĐLĐ huyện EKA", "11")]
    sheet = " ".join(
        " ".join(page_texts(tt2.get(f"/board/hoi-thao-2024/competitions/{comp.id}/result-sheet.pdf").data)).split()
    )
    assert "Xếp hạng đồng đội (cộng hạng 2 người tốt nhất)" in sheet and "LĐLĐ huyện LAK 2, 3 5" in sheet


def test_two_officials_reading_the_finish_at_once_write_each_time_once(race, served):
    comp, codes, bearer, _people = race
    phone = Person(served, "tt1", f.PASSWORD)  # any client: the scan API takes the device's token
    for i, runner in enumerate(("BMT1", "LAK1", "EKA1", "LAK2")):
        at = (START + timedelta(seconds=1500 + i)).isoformat()
        body = {
            "code": codes[runner],
            "client_scan_id": str(uuid.uuid4()),
            "scanned_at": at,
            "offline_outcome": "admitted",
        }
        assert phone.http.post(served + "/api/v1/scans", json=body, headers={"Authorization": f"Bearer {bearer}"}).ok
    tt1, tt2 = Person(served, "tt1", f.PASSWORD), Person(served, "tt2", f.PASSWORD)
    for who in (tt1, tt2):
        who.token = who._token(f"/results/competitions/{comp.id}")
    url = f"/results/competitions/{comp.id}/finish"
    answers = at_once(lambda: tt1.post(url), lambda: tt2.post(url))
    assert [a.status_code for a in answers] == [302, 302]
    rows = db.session.scalars(select(ResultChange).where(ResultChange.competition_id == comp.id)).all()
    assert sorted(r.action for r in rows if r.performance_id) == ["enter"] * 4  # four times, written once each
