"""Growing past one server, shown (issue 29, item 10): two gunicorn servers on the suite's
database behind one round-robin proxy (tests/support/proxy.py: what nginx's upstream does).
Scans split across both and none is lost; a session made on one is valid on the other; the
login throttle counts failures made on either."""

from __future__ import annotations

import re
import uuid

import requests
from sqlalchemy import func, select

from extensions import db
from models import CheckpointKind, Frequency, Scan, UserRole
from services.badges import tokens
from services.checkin import checkpoints, devices
from tests.support import factories as f
from tests.support.proxy import RoundRobinProxy, gunicorn

CSRF = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


def _world(app) -> tuple[str, list[str]]:
    lak, ev = f.unit("LAK"), f.event()
    people = [f.person(ev, lak, f"Nguyễn Văn Người {i}") for i in range(40)]
    f.approved(ev, lak)
    tokens.issue_missing(ev, [p.id for p in people])
    admin = f.user("admin", role=UserRole.ADMIN)
    gate = checkpoints.save_checkpoint(
        ev, None, checkpoints.CheckpointData(name="Cổng A", kind=CheckpointKind.GATE, frequency=Frequency.ONCE)
    )
    _device, bearer = devices.create_device(gate, admin, name="Máy cổng A")
    db.session.commit()
    return bearer, [tokens.token_for(tokens.active_badge(p)) for p in people]


def _login(http: requests.Session, base: str, password: str) -> requests.Response:
    token = CSRF.search(http.get(base + "/login").text).group(1)
    return http.post(
        base + "/login", data={"username": "admin", "password": password, "csrf_token": token}, allow_redirects=False
    )


def test_two_servers_behind_one_proxy_share_scans_sessions_and_the_login_throttle(app, tmp_path):
    bearer, codes = _world(app)
    env = {
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "SECRET_KEY": app.config["SECRET_KEY"],  # one secret: badges and sessions good on both
        "TRUSTED_PROXIES": "1",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "BACKUP_KEY_FILE": str(tmp_path / "backup.key"),
        "LOGIN_MAX_FAILURES": "4",
    }
    servers = [gunicorn(env), gunicorn(env)]
    try:
        with RoundRobinProxy([port for _proc, port in servers]) as proxy:
            answers = [
                requests.post(
                    proxy.base + "/api/v1/scans",
                    json={"code": code, "client_scan_id": str(uuid.uuid4())},
                    headers={"Authorization": f"Bearer {bearer}"},
                    timeout=120,
                )
                for code in codes
            ]
            assert [a.status_code for a in answers] == [200] * len(codes)
            assert {a.json()["outcome"] for a in answers} == {"admitted"}
            ports = proxy.served[-len(codes) :]
            assert {p: ports.count(p) for p in set(ports)} == {port: 20 for _proc, port in servers}

            admin = requests.Session()
            assert _login(admin, proxy.base, f.PASSWORD).status_code == 302  # the form from one, the login on the other
            pages = [admin.get(proxy.base + "/admin/", allow_redirects=False) for _ in range(4)]
            assert [p.status_code for p in pages] == [200] * 4  # the session is good on both servers
            assert set(proxy.served[-4:]) == {port for _proc, port in servers}

            stranger = requests.Session()
            tries = [_login(stranger, proxy.base, "wrong-password") for _ in range(5)]
            assert all(t.status_code == 200 for t in tries)
            assert "Đăng nhập sai nhiều lần" in tries[-1].text  # 4 failures made on both servers counted
            assert _login(stranger, proxy.base, f.PASSWORD).status_code == 200  # still waiting, on either server
    finally:
        for proc, _port in servers:
            proc.terminate()
            proc.wait(timeout=60)
    db.session.commit()
    assert db.session.scalar(select(func.count(Scan.id))) == len(codes)  # nothing lost, nothing twice
