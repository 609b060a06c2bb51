"""When the database cannot be reached, every answer is a 503 with Retry-After (the phone
keeps its scan and sends it again), never a 500; a full disk is a 507 and leaves no file."""

from __future__ import annotations

import io
import subprocess
import uuid
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import func, select

from app import create_app
from extensions import db
from models import MediaItem
from services.checkin import rawdb
from tests.conftest import Client
from tests.support import worlds

NOWHERE = "postgresql+psycopg://postgres@127.0.0.1:9/nowhere?connect_timeout=2"


@pytest.fixture
def cut_off(app):
    """The app with its database out of reach (a port nothing listens on)."""
    own = create_app({"TESTING": True, "SECRET_KEY": "test-secret", "SQLALCHEMY_DATABASE_URI": NOWHERE})
    yield own
    with own.app_context():
        rawdb.dispose(own)
        db.engine.dispose()


def test_the_scan_api_answers_503_with_retry_after_when_the_database_is_unreachable(cut_off):
    client = cut_off.test_client()
    answer = client.post(
        "/api/v1/scans",
        json={"code": "WG1.x", "client_scan_id": str(uuid.uuid4())},
        headers={"Authorization": "Bearer " + "t" * 43},
    )
    assert answer.status_code == 503 and answer.headers["Retry-After"] == "5"
    assert "gửi lại" in answer.get_json()["error"]


def test_a_page_that_needs_the_database_answers_503_not_500(cut_off):
    client = Client(cut_off)
    client.get("/login")  # needs no database: its CSRF token
    answer = client.post("/login", {"username": "admin", "password": "x"})
    assert answer.status_code == 503 and answer.headers["Retry-After"] == "5"
    assert "không kết nối được cơ sở dữ liệu" in answer.get_data(as_text=True)


def _photo(size: int) -> bytes:
    image = Image.effect_noise((size, size), 80).convert("RGB")
    buf = io.BytesIO()
    image.save(buf, "JPEG", quality=95)
    return buf.getvalue()


@pytest.fixture
def small_disk(tmp_path):
    """A 1 MB file system (tmpfs) for the media folder: writes past it fail with ENOSPC."""
    folder = tmp_path / "small"
    folder.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(folder)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {mounted.stderr.decode().strip()}")
    yield folder
    subprocess.run(["umount", "-l", str(folder)], check=False)


def test_a_photo_sent_to_a_full_disk_is_a_507_and_leaves_no_file(app, client, small_disk):
    lak, bmt, ev = worlds.two_units()
    worlds.accounts(lak, bmt)
    app.config["MEDIA_ROOT"] = str(small_disk)
    client.login("cb.lak")
    url = f"/units/LAK/events/{ev.slug}/media"
    client.get(url)
    photo = _photo(1400)
    assert len(photo) > 1024 * 1024
    answer = client.post(
        url,
        {"caption": "Khai mạc", "credit": "", "files": [(io.BytesIO(photo), "khai-mac.jpg")]},
        content_type="multipart/form-data",
    )
    assert answer.status_code == 507
    assert "Máy chủ hết chỗ lưu tệp: chưa lưu gì." in answer.get_data(as_text=True)
    assert [p for p in Path(small_disk).rglob("*") if p.is_file()] == []
    assert db.session.scalar(select(func.count(MediaItem.id))) == 0
