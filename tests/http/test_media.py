"""Post-event media with real files made here: Pillow images (JPEG, PNG, HEIC) and ffmpeg
videos; the limits read from the files; originals kept byte for byte; chunked uploads resume."""

import hashlib
import io
import os
import shutil
import subprocess
import time
import zipfile

import pytest
from PIL import Image
from sqlalchemy import func, select

from extensions import db
from models import MediaItem, MediaUpload
from tests.support import factories as f
from tests.support import worlds

EVENT = "hoi-thao-2024"


@pytest.fixture
def world(app, tmp_path):
    app.config["MEDIA_ROOT"] = str(tmp_path / "media")
    lak, bmt, ev = worlds.two_units(EVENT)
    worlds.accounts(lak, bmt, admin="bantochuc")
    return ev, lak, bmt


def photo(fmt="JPEG", colour=(200, 30, 30), size=(640, 480)) -> bytes:
    image = Image.new("RGB", size, colour)
    for x in range(0, size[0], 40):  # some detail, so the bytes differ per colour
        image.putpixel((x, x % size[1]), (x % 255, 0, 255 - x % 255))
    buf = io.BytesIO()
    image.save(buf, fmt)
    return buf.getvalue()


def video(seconds: int, tmp_path, name="clip.mp4") -> bytes:
    if shutil.which("ffmpeg") is None:
        pytest.skip("ffmpeg is not installed (apt-get install -y ffmpeg)")
    out = tmp_path / name
    subprocess.run(
        ["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", f"testsrc=duration={seconds}:size=160x120:rate=5",
         "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", str(out)],
        check=True,
    )  # fmt: skip
    return out.read_bytes()


def upload(client, files, caption="Khai mạc", credit="Nguyễn Văn Ảnh", code="LAK"):
    url = f"/units/{code}/events/{EVENT}/media"
    client.get(url)
    data = {"caption": caption, "credit": credit, "files": [(io.BytesIO(b), n) for n, b in files]}
    return client.post(url, data, content_type="multipart/form-data", follow_redirects=True)


def count():
    return db.session.scalar(select(func.count()).select_from(MediaItem))


def test_five_photos_then_a_sixth_is_refused_then_replaced_by_a_two_minute_video(world, make_client, tmp_path):
    lak = make_client()
    lak.login("cb.lak")
    photos = [(f"anh-{i}.jpg", photo(colour=(40 * i, 100, 50))) for i in range(4)] + [("anh.heic", photo("HEIF"))]
    page = upload(lak, photos).get_data(as_text=True)
    assert "Đã nhận 5 tệp." in page and count() == 5
    refused = upload(lak, [("anh-6.png", photo("PNG"))]).get_data(as_text=True)
    assert "Mỗi đơn vị gửi tối đa 5 ảnh: đã có 5, thêm 1 là quá." in refused and count() == 5
    clip = video(120, tmp_path)
    mixed = upload(lak, [("tong-ket.mp4", clip)]).get_data(as_text=True)
    assert "không gửi cả hai" in mixed and count() == 5
    for item in db.session.scalars(select(MediaItem)).all():
        lak.post(f"/units/LAK/events/{EVENT}/media/{item.id}/delete")
    assert count() == 0 and not any((tmp_path / "media").rglob("*.jpg"))  # files gone with their rows
    upload(lak, [("tong-ket.mp4", clip)], caption="Tổng kết hội thao")
    item = db.session.scalar(select(MediaItem))
    assert (item.kind.value, float(item.duration), item.caption) == ("video", 120.0, "Tổng kết hội thao")
    page = lak.get(f"/units/LAK/events/{EVENT}/media").get_data(as_text=True)
    size = f"{round(len(clip) / 1024)} KB" if len(clip) < 1024**2 else "MB"
    assert f"tong-ket.mp4 · {size} · 2 phút" in page  # not "0.0 MB · 120.00 s"
    assert "Đã gửi: 0/5 ảnh, 2 phút / 3 phút video." in page

    admin = make_client()
    admin.login("bantochuc")
    gallery = admin.get(f"/admin/events/{EVENT}/media").get_data(as_text=True)
    assert "Tổng kết hội thao" in gallery and "Nguyễn Văn Ảnh" in gallery
    admin.post(f"/admin/events/{EVENT}/media/{item.id}/choose", {"chosen": "1"})
    archive = zipfile.ZipFile(io.BytesIO(admin.get(f"/admin/events/{EVENT}/media.zip").data))
    names = archive.namelist()
    assert names == ["LAK/01-video.mp4", "credits.csv"]
    assert archive.read("LAK/01-video.mp4") == clip  # the original bytes, not re-encoded
    credits = archive.read("credits.csv").decode("utf-8-sig")
    assert "Tổng kết hội thao,Nguyễn Văn Ảnh,tong-ket.mp4" in credits and hashlib.sha256(clip).hexdigest() in credits


def test_videos_over_three_minutes_in_all_are_refused_with_the_duration_read_from_the_file(
    world, make_client, tmp_path
):
    lak = make_client()
    lak.login("cb.lak")
    assert "Đã nhận 1 tệp." in upload(lak, [("a.mp4", video(10, tmp_path, "a.mp4"))]).get_data(as_text=True)
    long = upload(lak, [("b.mp4", video(200, tmp_path, "b.mp4"))]).get_data(as_text=True)
    assert "Tổng thời lượng video là 3 phút 30 giây, vượt 3 phút." in long and count() == 1
    assert len(list((tmp_path / "media").rglob("*.mp4"))) == 1  # nothing of the refused one kept


def test_content_that_does_not_match_its_name_or_is_damaged_is_refused(world, make_client, tmp_path):
    lak = make_client()
    lak.login("cb.lak")
    cases = [
        (("danh-sach.jpg", "Họ tên,Đơn vị\n".encode() * 50), "không phải ảnh (JPEG, PNG, HEIC) hay video"),
        (("anh.png", photo("JPEG")), "có đuôi .png nhưng nội dung là JPEG"),
        (("hong.jpg", photo("JPEG")[:300]), "Ảnh “hong.jpg” bị hỏng"),
        (("hong.mp4", video(3, tmp_path)[:2000]), "Video “hong.mp4” bị hỏng"),
        (("../../etc/passwd.jpg", b"root:x:0:0"), "không phải ảnh"),
    ]
    for file, message in cases:
        assert message in upload(lak, [file]).get_data(as_text=True), message
    assert count() == 0
    good = upload(lak, [("../../../thu muc/ảnh đẹp.jpg", photo())])
    assert "Đã nhận 1 tệp." in good.get_data(as_text=True)
    item = db.session.scalar(select(MediaItem))
    assert item.original_name == "ảnh đẹp.jpg" and "/" not in item.storage_name and item.storage_name.endswith(".jpg")
    originals = [p for p in (tmp_path / "media").rglob("*") if p.is_file() and "thumbs" not in p.parts]
    assert originals == [tmp_path / "media" / str(item.event_id) / item.storage_name]  # inside the media folder


def test_one_unit_cannot_see_or_delete_anothers_media(world, make_client):
    lak, bmt = make_client(), make_client()
    lak.login("cb.lak")
    bmt.login("cb.bmt")
    original = photo()
    upload(lak, [("anh.jpg", original)])
    item = db.session.scalar(select(MediaItem))
    assert bmt.get(f"/units/LAK/events/{EVENT}/media").status_code == 403
    assert bmt.get(f"/units/BMT/events/{EVENT}/media/{item.id}/original").status_code == 404
    assert bmt.post(f"/units/BMT/events/{EVENT}/media/{item.id}/delete").status_code == 404
    assert count() == 1
    assert lak.get(f"/units/LAK/events/{EVENT}/media/{item.id}/original").data == original


def test_a_chunked_upload_resumes_after_a_dropped_connection(world, make_client, tmp_path):
    lak = make_client()
    lak.login("cb.lak")
    lak.get(f"/units/LAK/events/{EVENT}/media")
    clip = video(12, tmp_path)
    base = f"/units/LAK/events/{EVENT}/media/uploads"
    headers = {"X-CSRFToken": lak.token}
    refused = lak.request("post", base, json={"name": "ghi-chu.txt", "size": 10}, headers=headers)
    assert refused.status_code == 400 and "không phải ảnh" in refused.get_json()["error"]
    started = lak.request(
        "post",
        base,
        json={"name": "be-mac.mp4", "size": len(clip), "caption": "Bế mạc", "credit": "Trần Quay"},
        headers=headers,
    ).get_json()
    url = f"{base}/{started['id']}"
    part = len(clip) // 3
    assert lak.request("put", f"{url}?offset=0", data=clip[:part], headers=headers).get_json()["received"] == part
    # The connection drops while the second chunk is in flight: the server never got it.
    # The page asks what the server has, and a chunk sent from the wrong place is refused.
    assert lak.get(url).get_json()["received"] == part
    wrong = lak.request("put", f"{url}?offset={2 * part}", data=clip[2 * part :], headers=headers)
    assert wrong.status_code == 409 and wrong.get_json()["received"] == part
    done = lak.request("put", f"{url}?offset={part}", data=clip[part:], headers=headers).get_json()
    assert done["done"] is True
    item = db.session.get(MediaItem, done["item"])
    assert (item.caption, item.credit, float(item.duration)) == ("Bế mạc", "Trần Quay", 12.0)
    assert lak.get(f"/units/LAK/events/{EVENT}/media/{item.id}/original").data == clip
    assert db.session.scalar(select(func.count()).select_from(MediaUpload)) == 0
    assert not any((tmp_path / "media" / "uploads").iterdir())


def test_a_full_disk_keeps_nothing_of_the_chunk_and_the_upload_resumes(world, make_client, tmp_path, monkeypatch):
    import errno
    import os

    lak = make_client()
    lak.login("cb.lak")
    lak.get(f"/units/LAK/events/{EVENT}/media")
    content = photo("PNG", size=(900, 700))
    base = f"/units/LAK/events/{EVENT}/media/uploads"
    headers = {"X-CSRFToken": lak.token}
    started = lak.request("post", base, json={"name": "anh.png", "size": len(content)}, headers=headers).get_json()
    url = f"{base}/{started['id']}"
    part_file = tmp_path / "media" / "uploads" / started["id"]
    half = len(content) // 2
    assert lak.request("put", f"{url}?offset=0", data=content[:half], headers=headers).status_code == 200

    def disk_full(fd):  # the disk fills up while the second chunk is written
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    full = lak.request("put", f"{url}?offset={half}", data=content[half:], headers=headers)
    assert full.status_code == 507 and "ổ đĩa đầy" in full.get_json()["error"]
    assert full.get_json()["received"] == half and part_file.stat().st_size == half  # the offset is what is on disk
    monkeypatch.undo()
    assert lak.get(url).get_json()["received"] == half
    done = lak.request("put", f"{url}?offset={half}", data=content[half:], headers=headers).get_json()
    item = db.session.get(MediaItem, done["item"])
    assert lak.get(f"/units/LAK/events/{EVENT}/media/{item.id}/original").data == content


def test_an_upload_that_ends_short_of_its_declared_size_is_not_stored(world, make_client, tmp_path):
    from services.media import uploads

    lak = make_client()
    lak.login("cb.lak")
    lak.get(f"/units/LAK/events/{EVENT}/media")
    content = photo("PNG")
    headers = {"X-CSRFToken": lak.token}
    base = f"/units/LAK/events/{EVENT}/media/uploads"
    started = lak.request("post", base, json={"name": "anh.png", "size": len(content)}, headers=headers).get_json()
    db.session.commit()
    upload = db.session.get(MediaUpload, started["id"])
    upload.received = len(content)  # the database says everything arrived; the disk holds nothing
    with pytest.raises(uploads.DomainError, match="không đúng kích thước đã báo"):
        ev, unit, _bmt = world
        uploads.finish_upload(upload, ev, unit, db.session.get(f.User, upload.created_by_id))
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(MediaItem)) == 0


def _png_header_only(width: int, height: int) -> bytes:
    """A PNG that says it is width×height (and holds almost nothing): a decompression bomb."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


@pytest.mark.parametrize("side", [7_100, 13_000, 20_000])  # 50.4 MP: refused by us; more: by Pillow too
def test_a_photo_of_too_many_pixels_is_refused_before_it_is_decoded(world, make_client, side):
    lak = make_client()
    lak.login("cb.lak")
    body = upload(lak, [("bom.png", _png_header_only(side, side))]).get_data(as_text=True)
    assert "“bom.png”" in body and "quá 50 triệu điểm ảnh" in body
    assert count() == 0


def _start(client, name, size):
    base = f"/units/LAK/events/{EVENT}/media/uploads"
    return client.request("post", base, json={"name": name, "size": size}, headers={"X-CSRFToken": client.token})


def test_uploads_are_bounded_when_they_start(world, make_client, app, monkeypatch):
    lak = make_client()
    lak.login("cb.lak")
    lak.get(f"/units/LAK/events/{EVENT}/media")
    for i in range(3):
        assert _start(lak, f"anh{i}.jpg", 1000).status_code == 201
    fourth = _start(lak, "anh4.jpg", 1000)  # 3 unfinished at most
    assert fourth.status_code == 400 and "gửi dở" in fourth.get_json()["error"]
    assert db.session.scalar(select(func.count()).select_from(MediaUpload)) == 3
    for upload in db.session.scalars(select(MediaUpload)):
        lak.request(
            "delete", f"/units/LAK/events/{EVENT}/media/uploads/{upload.id}", headers={"X-CSRFToken": lak.token}
        )

    assert upload_ok(lak, [(f"p{i}.jpg", photo(colour=(i * 40, 0, 0))) for i in range(4)])
    assert _start(lak, "anh5.jpg", 1000).status_code == 201  # the 5th photo
    sixth = _start(lak, "anh6.jpg", 1000)  # checked at the start, not after the last chunk
    assert sixth.status_code == 400 and "tối đa 5 ảnh" in sixth.get_json()["error"]
    video_too = _start(lak, "clip.mp4", 1000)
    assert video_too.status_code == 400 and "không gửi cả hai" in video_too.get_json()["error"]

    monkeypatch.setitem(app.config, "MEDIA_UNIT_MAX_BYTES", 10 * 1024)  # a unit's total, all files together
    db.session.query(MediaUpload).delete()
    db.session.commit()
    too_much = _start(lak, "anh5.jpg", 9 * 1024)
    assert too_much.status_code == 400 and "Tổng dung lượng" in too_much.get_json()["error"]


def upload_ok(client, files) -> bool:
    return "Đã nhận" in upload(client, files).get_data(as_text=True)


def test_abandoned_uploads_are_swept_after_a_day(world, make_client, app):
    from datetime import timedelta
    from pathlib import Path

    lak = make_client()
    lak.login("cb.lak")
    lak.get(f"/units/LAK/events/{EVENT}/media")
    old, fresh = (_start(lak, n, 1000).get_json()["id"] for n in ("cu.jpg", "moi.jpg"))
    stale = db.session.get(MediaUpload, old)
    stale.updated_at -= timedelta(hours=25)
    db.session.commit()
    partial = Path(app.config["MEDIA_ROOT"]) / "uploads" / old
    assert partial.exists()
    root = Path(app.config["MEDIA_ROOT"])
    (root / "incoming").mkdir(exist_ok=True)
    left = [root / "incoming" / "tmpabc", root / "tmp_old_style", root / "uploads" / "no-row-any-more"]
    young = root / "incoming" / "tmp-being-written"
    for path in [*left, young]:
        path.write_bytes(b"x" * 3000)
    for path in left:
        os.utime(path, (time.time() - 2 * 3600, time.time() - 2 * 3600))
    result = app.test_cli_runner().invoke(args=["media", "clean"])
    assert result.exit_code == 0 and "Đã xoá 1 tệp gửi dở" in result.output and "và 3 tệp tạm mồ côi" in result.output
    db.session.expire_all()
    assert [u.id for u in db.session.scalars(select(MediaUpload))] == [fresh]
    assert not partial.exists() and not any(p.exists() for p in left) and young.exists()
    assert (root / "uploads" / fresh).exists()
