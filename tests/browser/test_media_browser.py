"""An organiser's phone sends a video in chunks and carries on after a dropped one."""

from sqlalchemy import select

from extensions import db
from models import MediaItem
from tests.http.test_media import video
from tests.support import factories as f
from tests.support.browser import log_in


def _organiser_on_a_phone(live_server, phone, app, tmp_path) -> None:
    """LĐLĐ huyện Lắk's organiser logged in on a phone, media kept under ``tmp_path``."""
    app.config["MEDIA_ROOT"] = str(tmp_path / "media")
    f.event()
    lak = f.unit("LAK", "LĐLĐ huyện Lắk")
    db.session.commit()
    f.user("cb.lak", unit=lak)
    log_in(phone, live_server, "cb.lak", landing="/units/LAK")


def test_a_video_goes_up_in_chunks_from_a_phone_and_survives_a_dropped_chunk(live_server, phone, app, tmp_path):
    clip_path = tmp_path / "khai-mac.mp4"
    clip_path.write_bytes(video(20, tmp_path, "src.mp4"))
    assert len(clip_path.read_bytes()) > 3 * 8192
    _organiser_on_a_phone(live_server, phone, app, tmp_path)
    dropped = []

    def flaky(route):
        # The second chunk is lost on the way, once: the page must ask and resume.
        if route.request.method == "PUT" and "offset=0" not in route.request.url and not dropped:
            dropped.append(route.request.url)
            return route.abort("connectionreset")
        return route.continue_()

    phone.route("**/media/uploads/**", flaky)
    phone.goto(live_server + "/units/LAK/events/hoi-thao-2024/media")
    phone.evaluate("() => { document.getElementById('media-form').dataset.chunk = '8192'; }")  # many chunks
    phone.set_input_files("#files", str(clip_path))
    phone.get_by_label("Chú thích").first.fill("Lễ khai mạc")
    phone.get_by_role("button", name="Gửi").click()
    phone.wait_for_url(live_server + "/units/LAK/events/hoi-thao-2024/media")
    phone.wait_for_selector("[data-media]")
    assert dropped  # a chunk really was lost on the way
    item = db.session.scalar(select(MediaItem))
    assert item is not None and item.caption == "Lễ khai mạc" and float(item.duration) == 20.0
    assert (tmp_path / "media" / str(item.event_id) / item.storage_name).read_bytes() == clip_path.read_bytes()


def test_the_last_uploads_error_goes_when_new_files_are_chosen(live_server, phone, app, tmp_path):
    broken = tmp_path / "hong.jpg"
    broken.write_bytes(b"not a photo at all")
    clip = tmp_path / "khai-mac.mp4"
    clip.write_bytes(video(3, tmp_path, "src.mp4"))
    _organiser_on_a_phone(live_server, phone, app, tmp_path)
    phone.goto(live_server + "/units/LAK/events/hoi-thao-2024/media")
    phone.set_input_files("#files", str(broken))
    phone.get_by_role("button", name="Gửi").click()
    errors = phone.locator("#media-form .invalid-feedback, #media-form .alert-danger")
    errors.first.wait_for()
    assert "hong.jpg" in errors.first.inner_text()
    phone.set_input_files("#files", str(clip))  # the next upload: the old error is gone
    assert errors.count() == 0 and phone.locator("#files.is-invalid").count() == 0
    phone.get_by_role("button", name="Gửi").click()
    phone.wait_for_selector("[data-media]")
    assert errors.count() == 0
