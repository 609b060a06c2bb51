"""Login, throttling, logout, CSRF and one-time set-password links."""

import re

import pytest
from sqlalchemy import select, update
from werkzeug.security import generate_password_hash

from extensions import db
from models import LoginFailure, User, UserRole
from tests.support import factories as f


def test_login_with_wrong_password_says_so_in_vietnamese(client):
    f.user("admin", role=UserRole.ADMIN)
    response = client.login("admin", "wrong-password")
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in response.get_data(as_text=True)
    assert db.session.query(LoginFailure).count() == 1


@pytest.mark.parametrize("password", [f.PASSWORD, "wrong-password"])
def test_a_login_checks_the_password_before_it_takes_the_write_lock(client, count_queries, password):
    """The password's hashing takes ~0.1 s of CPU: on SQLite it runs in a reading
    transaction, and only the outcome (last login, or the failure) is written under the one
    write lock the scans need."""
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite's single write lock")
    f.user("admin", role=UserRole.ADMIN)
    db.session.commit()
    with count_queries() as q:
        client.login("admin", password)
    locked = q.statements.index("BEGIN IMMEDIATE")
    assert q.statements.count("BEGIN IMMEDIATE") == 1
    assert any('FROM "user"' in s or "FROM user" in s for s in q.statements[:locked])  # the hash read before
    assert {s.split(None, 1)[0].upper() for s in q.statements[:locked]} <= {"SELECT", "BEGIN", "ROLLBACK"}
    written = db.session.scalar(select(User.last_login_at).where(User.username == "admin"))
    assert (written is not None) == (password == f.PASSWORD)
    assert db.session.query(LoginFailure).count() == (password != f.PASSWORD)


def test_username_is_case_and_space_insensitive(client):
    f.user("admin", role=UserRole.ADMIN)
    assert client.login("  Admin ").status_code == 302


def test_repeated_failures_slow_that_username_from_that_address_even_with_the_right_password(client, app):
    f.user("admin", role=UserRole.ADMIN)
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        client.login("admin", "wrong")
    response = client.login("admin")  # right password, but this address must wait now
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "Vui lòng đợi" in body and "giây" in body
    _age_failures(seconds=31)  # the wait (30 s after the 5th failure) is over
    assert client.login("admin").status_code == 302


def _age_failures(seconds: int) -> None:
    """As if the recorded failures happened ``seconds`` earlier (waiting, without the wait)."""
    from datetime import timedelta

    for failure in db.session.query(LoginFailure):
        failure.at -= timedelta(seconds=seconds)
    db.session.commit()


def _from(make_client, address):
    other = make_client()
    other.http.environ_base["REMOTE_ADDR"] = address
    return other


def test_someone_failing_from_elsewhere_does_not_lock_the_owner_out(client, app, make_client):
    f.user("admin", role=UserRole.ADMIN)
    attacker = _from(make_client, "203.0.113.9")
    for _ in range(3 * app.config["LOGIN_MAX_FAILURES"]):
        attacker.login("admin", "guess")
    assert "Vui lòng đợi" in attacker.login("admin").get_data(as_text=True)  # the attacker waits
    assert _from(make_client, "198.51.100.7").login("admin").status_code == 302  # the owner does not


def test_waits_grow_with_each_further_failure(client, app):
    f.user("admin", role=UserRole.ADMIN)
    limit = app.config["LOGIN_MAX_FAILURES"]
    for _ in range(limit):
        client.login("admin", "wrong")
    _age_failures(seconds=31)
    client.login("admin", "wrong")  # the 6th: now 60 s
    _age_failures(seconds=31)
    assert "Vui lòng đợi" in client.login("admin").get_data(as_text=True)
    _age_failures(seconds=30)
    assert client.login("admin").status_code == 302


def test_many_failures_from_one_address_slow_it_but_never_lock_it(client, app, make_client):
    limit = app.config["LOGIN_MAX_FAILURES"]
    f.user("cb.lak", role=UserRole.ADMIN)
    venue = _from(make_client, "192.0.2.50")  # a venue's NAT: everyone behind one address
    for i in range(4 * limit):
        venue.login(f"nobody{i}", "x")
    body = venue.login("cb.lak").get_data(as_text=True)
    assert "từ địa chỉ mạng này" in body and "đợi" in body
    _age_failures(seconds=6)
    assert venue.login("cb.lak").status_code == 302  # slowed by seconds, not locked


def test_an_admin_unlocks_a_username(client, app, make_client):
    f.user("admin", role=UserRole.ADMIN)
    user = f.user("cb.x", role=UserRole.ADMIN)
    owner = make_client()
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        owner.login("cb.x", "wrong")
    assert "Vui lòng đợi" in owner.login("cb.x").get_data(as_text=True)
    client.login("admin")
    page = client.get("/admin/users").get_data(as_text=True)
    assert "Mở khoá đăng nhập" in page
    assert client.post(f"/admin/users/{user.id}/unlock").status_code == 302
    assert db.session.query(LoginFailure).filter_by(username="cb.x").count() == 0
    assert owner.login("cb.x").status_code == 302


def test_an_unknown_username_costs_the_same_hash_as_a_known_one(client, app, monkeypatch):
    """No timing oracle: an unknown username is checked against a dummy hash made with the
    app's method (scrypt's cost), so both logins do the same work. Counted, not timed (a timed
    assertion flakes on a busy machine): each failed login checks one hash of the app's method."""
    from services.accounts import auth

    monkeypatch.setitem(app.config, "PASSWORD_HASH_METHOD", "scrypt")  # the app's own (tests use a fast one)
    f.user("admin", role=UserRole.ADMIN, password="secret-pass")
    db.session.execute(update(User).values(password_hash=generate_password_hash("secret-pass", "scrypt")))
    db.session.commit()
    checked: list[str] = []
    real = auth.check_password_hash

    def spy(stored, password):
        checked.append(stored.split(":", 1)[0])  # the method: "scrypt", "pbkdf2", …
        return real(stored, password)

    monkeypatch.setattr(auth, "check_password_hash", spy)
    client.login("admin", "wrong-password")
    client.login("no-such-user", "wrong-password")
    assert checked == ["scrypt", "scrypt"]


def test_success_clears_earlier_failures(client):
    f.user("admin", role=UserRole.ADMIN)
    for _ in range(3):
        client.login("admin", "wrong")
    assert client.login("admin").status_code == 302
    assert db.session.query(LoginFailure).count() == 0


def test_inactive_account_cannot_log_in(client):
    user = f.user("old", role=UserRole.ADMIN)
    user.active = False
    db.session.commit()
    body = client.login("old").get_data(as_text=True)
    assert "Tài khoản này đã bị khoá" in body


def test_form_without_csrf_token_is_refused(client):
    f.user("admin", role=UserRole.ADMIN)
    response = client.post("/login", {"username": "admin", "password": "secret-pass"}, csrf=False)
    assert response.status_code == 400
    assert "Phiên làm việc đã hết hạn" in response.get_data(as_text=True)


def test_logout_is_a_post(client):
    f.user("admin", role=UserRole.ADMIN)
    client.login("admin")
    assert client.get("/logout").status_code == 405
    assert client.post("/logout").status_code == 302
    assert client.get("/admin/").status_code == 302


@pytest.mark.parametrize(
    ("given", "lands"),
    [
        ("https://evil.example/", "/admin/"),
        ("//evil.example/", "/admin/"),
        ("/\\evil.example/", "/admin/"),  # browsers read "/\" as "//"
        ("/\t/evil.example", "/admin/"),  # browsers drop the tab: "//evil.example"
        ("/\n/evil.example", "/admin/"),
        ("/\r\n/evil.example", "/admin/"),
        ("/ /evil.example", "/admin/"),
        ("/x\\..\\\\evil.example", "/admin/"),  # a backslash anywhere
        ("\t//evil.example", "/admin/"),
        ("///evil.example", "/admin/"),
        ("/%2F%2Fevil.example", "/%2F%2Fevil.example"),  # encoded: a path of this site, never a host
        ("evil.example", "/admin/"),
        ("/results/", "/results/"),  # a page of this site: back to it
    ],
)
def test_login_does_not_redirect_off_site(client, given, lands):
    f.user("admin", role=UserRole.ADMIN)
    client.get("/login")
    response = client.post("/login", {"username": "admin", "password": "secret-pass"}, query_string={"next": given})
    assert response.headers["Location"] == lands


def test_admin_creates_organiser_and_hands_over_a_one_time_link(client, make_client):
    lak = f.unit("LAK", "LĐLĐ huyện Lắk")
    db.session.commit()
    f.user("admin", role=UserRole.ADMIN)
    client.login("admin")
    client.get("/admin/users/new")
    response = client.post(
        "/admin/users/new",
        {"username": "cb.lak2", "full_name": "Nguyễn Văn A", "role": "organiser", "unit_id": lak.id, "active": "y"},
    )
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    link = re.search(r'id="set-password-link" readonly value="([^"]+)"', page).group(1)
    path = link.split("localhost", 1)[1]

    holder = make_client()
    assert holder.login("cb.lak2", "anything-at-all").status_code == 200  # no password yet
    holder.get(path)
    short = holder.post(path, {"password": "short", "confirm": "short"})
    assert "Mật khẩu phải có ít nhất 8 ký tự." in short.get_data(as_text=True)
    assert holder.post(path, {"password": "mat-khau-moi", "confirm": "mat-khau-moi"}).status_code == 302
    assert holder.login("cb.lak2", "mat-khau-moi").headers["Location"].endswith("/units/LAK")

    again = make_client().get(path)
    assert again.status_code == 400
    assert "đã được dùng" in again.get_data(as_text=True)


def test_tampered_link_is_refused(client):
    user = f.user("x", role=UserRole.ADMIN)
    from services.accounts.auth import make_set_password_token

    token = make_set_password_token(user)
    # One whole character of the signature changed (the last one carries padding bits: "xx" for
    # an ending "xw" decoded to the same bytes now and then, and the link was taken).
    tampered = token[:-5] + ("A" if token[-5] != "A" else "B") + token[-4:]
    response = client.get("/set-password/" + tampered)
    assert response.status_code == 400
    assert "không hợp lệ" in response.get_data(as_text=True)


def test_organiser_account_needs_a_unit(client):
    f.user("admin", role=UserRole.ADMIN)
    client.login("admin")
    client.get("/admin/users/new")
    response = client.post("/admin/users/new", {"username": "lost", "role": "organiser", "unit_id": 0})
    assert response.status_code == 200
    assert "phải gắn với một đơn vị" in response.get_data(as_text=True)
    assert db.session.query(User).filter_by(username="lost").count() == 0


def _saved_session(client):
    return client.http.get_cookie("session").value


def _with_cookie(make_client, value):
    other = make_client()
    other.http.set_cookie("session", value)
    return other


def test_logout_ends_every_copy_of_the_session(client, make_client):
    f.user("admin", role=UserRole.ADMIN)
    client.login("admin")
    saved = _saved_session(client)
    assert _with_cookie(make_client, saved).get("/admin/").status_code == 200  # the copy works while signed in
    elsewhere = make_client()
    elsewhere.login("admin")  # the same admin on another machine
    client.post("/logout")
    assert _with_cookie(make_client, saved).get("/admin/").status_code == 302  # to the login page
    assert elsewhere.get("/admin/").status_code == 302  # logout ends every session of the user


def test_a_new_password_ends_the_old_sessions(client, make_client):
    from services.accounts.auth import make_set_password_token

    user = f.user("cb.x", role=UserRole.ADMIN)
    client.login("cb.x")
    saved = _saved_session(client)
    path = "/set-password/" + make_set_password_token(user)
    holder = make_client()
    holder.get(path)
    assert holder.post(path, {"password": "mat-khau-moi", "confirm": "mat-khau-moi"}).status_code == 302
    assert _with_cookie(make_client, saved).get("/admin/").status_code == 302
    assert client.get("/admin/").status_code == 302


def test_a_new_password_is_hashed_outside_the_write_lock_and_its_link_checked_again_in_it(client, monkeypatch):
    """scrypt takes ~0.1 s of CPU: the scans must not wait for it (SQLite's one writer). The
    link is read again under the lock, so a link another tab used meanwhile is refused."""
    from services.accounts import auth
    from services.checkin import dbwrite

    user, real, seen = f.user("tnv.a", role=UserRole.VOLUNTEER), auth.hash_password, {}
    user_id = user.id

    def hashing(password: str) -> str:
        queue = dbwrite.queue_of()
        seen["turns_held"] = 0 if queue is None else queue.depth
        if seen.get("other_tab"):  # the same link, submitted from another tab first
            with db.engine.connect() as other:
                other.execute(update(User).where(User.id == user_id).values(password_hash="other-tab"))
                other.commit()
        return real(password)

    monkeypatch.setattr(auth, "hash_password", hashing)
    form = {"password": "mat-khau-moi", "confirm": "mat-khau-moi"}
    seen["other_tab"] = True
    refused = client.post("/set-password/" + auth.make_set_password_token(user), form)
    assert refused.status_code == 400 and "đã được dùng" in refused.get_data(as_text=True)
    assert db.session.scalar(select(User.password_hash).where(User.id == user_id)) == "other-tab"
    seen["other_tab"] = False
    db.session.expire_all()
    answer = client.post("/set-password/" + auth.make_set_password_token(db.session.get(User, user_id)), form)
    assert answer.status_code == 302
    assert seen["turns_held"] == 0  # no turn among SQLite's writers while hashing
    assert client.login("tnv.a", "mat-khau-moi").status_code == 302


def test_deactivation_ends_the_users_sessions(client, make_client):
    f.user("admin", role=UserRole.ADMIN)
    other = f.user("admin2", role=UserRole.ADMIN)
    holder = make_client()
    holder.login("admin2")
    assert holder.get("/admin/").status_code == 200
    client.login("admin")
    client.get(f"/admin/users/{other.id}/edit")
    assert client.post(f"/admin/users/{other.id}/edit", {"username": "admin2", "role": "admin"}).status_code == 302
    assert holder.get("/admin/").status_code == 302


def test_a_session_cookie_with_a_forged_or_old_id_signs_nobody_in(app, make_client):
    user = f.user("admin", role=UserRole.ADMIN)
    from flask.sessions import SecureCookieSessionInterface

    serializer = SecureCookieSessionInterface().get_signing_serializer(app)
    for forged in (str(user.id), f"{user.id}.x", "99999999999999999999.0", f"{user.id}.{user.session_version + 1}"):
        cookie = serializer.dumps({"_user_id": forged, "_fresh": True})
        assert _with_cookie(make_client, cookie).get("/admin/").status_code == 302, forged


def test_an_id_no_table_can_hold_in_the_address_is_a_400_not_a_database_error(client):
    """Issue 29: ``audit?user=99999999999999999999`` was a 500 on PostgreSQL."""
    ev = f.event()
    f.user("admin", role=UserRole.ADMIN)
    client.login("admin")
    for path in (f"/admin/events/{ev.slug}/audit?user=99999999999999999999",
                 f"/admin/events/{ev.slug}/audit?user=3000000000",  # past PostgreSQL's INTEGER
                 f"/admin/events/{ev.slug}/export.csv?competition=100000000000000000000000",
                 f"/admin/events/{ev.slug}/badges.pdf?competition=-5"):  # fmt: skip
        answer = client.get(path)
        assert answer.status_code == 400 and "không hợp lệ" in answer.get_data(as_text=True), path
    assert client.get(f"/admin/events/{ev.slug}/audit?user=abc").status_code == 200  # not a number: no filter
