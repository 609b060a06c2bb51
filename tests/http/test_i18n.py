"""Vietnamese by default, English per user; dd/mm/yyyy dates and Vietnam time; catalogue complete."""

from pathlib import Path

from extensions import db
from models import UserRole
from tests.support import factories as f

ROOT = Path(__file__).resolve().parents[2]


def test_pages_are_vietnamese_by_default(client):
    page = client.get("/login").get_data(as_text=True)
    assert '<html lang="vi">' in page
    assert "Đăng nhập" in page and "Tên đăng nhập" in page


def test_anonymous_visitor_can_switch_to_english(client):
    client.get("/login")
    client.post("/lang/en", {"next": "/login"})
    page = client.get("/login").get_data(as_text=True)
    assert '<html lang="en">' in page
    assert "Username" in page


def test_english_chosen_on_the_login_page_is_kept_at_login_and_saved(client, make_client):
    user = f.user("admin", role=UserRole.ADMIN)
    client.get("/login")
    client.post("/lang/en", {"next": "/login"})
    client.login("admin")
    assert "Seasons and events" in client.get("/admin/").get_data(as_text=True)
    db.session.refresh(user)
    assert user.locale == "en"
    other = make_client()  # the account's language now: another phone opens in English too
    other.login("admin")
    assert '<html lang="en">' in other.get("/admin/").get_data(as_text=True)


def test_language_choice_is_kept_per_user(client, make_client):
    user = f.user("admin", role=UserRole.ADMIN)
    client.login("admin")
    client.post("/lang/en", {"next": "/admin/"})
    assert "Seasons and events" in client.get("/admin/").get_data(as_text=True)
    db.session.refresh(user)
    assert user.locale == "en"
    other = make_client()  # same user, another phone: English too
    other.login("admin")
    assert "Seasons and events" in other.get("/admin/").get_data(as_text=True)
