"""A home for every role: the admin's dashboard of pending work (and its bulk approval), an
official's "việc của tôi", an organiser's next step, a volunteer landing on the scanner; the
admin's attendee search and one badge printed alone."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from extensions import db
from models import (
    MediaUpload,
    Registration,
    RegistrationStatus,
    UserRole,
    utcnow,
)
from services.results import recording
from tests.support import factories as f
from tests.support import worlds
from tests.support.pdfs import page_texts


def _count(page: str, work: str) -> int | None:
    found = re.search(rf'data-work="{work}" data-count="(\d+)"', page)
    return int(found.group(1)) if found else None


@pytest.fixture
def season(app):
    """Two units sent their registration; a round robin of three published, no result yet; an
    unfinished upload of a third unit."""
    world = worlds.pending_work()
    eka = f.unit("EKA", "LĐLĐ huyện Ea Kar")
    db.session.add(
        MediaUpload(
            id="u" * 32, event_id=world["event"].id, unit_id=eka.id, size=10, received=4, original_name="clip.mp4"
        )
    )
    db.session.commit()
    return world


def test_the_admin_lands_on_the_work_that_waits_and_clears_it(season, make_client):
    ev, matches, tt1, tt2 = season["event"], season["matches"], season["tt1"], season["tt2"]
    # A circle, 21–10 each way: three level after every tie-breaker (a tie to decide); the
    # last result entered but not confirmed.
    worlds.circle(matches, tt1, tt2, confirm=2)
    db.session.commit()
    admin = make_client()
    assert admin.login("bantochuc").headers["Location"] == "/admin/"
    page = admin.get("/admin/").get_data(as_text=True)
    assert _count(page, "review") == 2 and _count(page, "confirm") == 1 and _count(page, "uploads") == 1
    assert _count(page, "units") == 4  # EKA (not registered), U01–U03 (approved, absent); LAK, BMT wait for us
    recording.confirm_result(db.session.get(type(matches[2]), matches[2].id), tt2)
    db.session.commit()
    page = admin.get("/admin/").get_data(as_text=True)
    assert _count(page, "confirm") is None and _count(page, "ties") == 1  # the circle now waits for lots
    done = admin.post(f"/admin/events/{ev.slug}/registrations/approve", {"units": ["LAK", "BMT"], "next": "/admin/"})
    assert done.headers["Location"] == "/admin/"
    page = admin.get("/admin/").get_data(as_text=True)
    assert _count(page, "review") is None and "Đã duyệt 2 đăng ký: LAK, BMT." in page
    again = admin.post(f"/admin/events/{ev.slug}/registrations/approve", {"units": ["LAK"]}, follow_redirects=True)
    assert "LAK: Đăng ký đã được duyệt bởi bantochuc" in again.get_data(as_text=True)  # said, nothing changed
    for off_site in ("//evil.example", "/\t/evil.example", "/\\evil.example"):  # a tab: "//" to a browser
        assert (
            admin.post(f"/admin/events/{ev.slug}/registrations/approve", {"next": off_site})
            .headers["Location"]
            .endswith(f"/admin/events/{ev.slug}/registrations")
        )


def test_the_registration_list_filters_by_state_shows_head_counts_and_reopens_only_after_the_deadline(
    season, make_client
):
    ev = season["event"]
    admin = make_client()
    admin.login("bantochuc")
    listing = admin.get(f"/admin/events/{ev.slug}/registrations?state=submitted").get_data(as_text=True)
    assert sorted(re.findall(r'data-unit="(\w+)" data-state="submitted"', listing)) == ["BMT", "LAK"]
    assert 'data-unit="EKA"' not in listing
    assert "Mở lại sau hạn" not in listing  # the deadline has not passed
    ev.registration_closes_at = utcnow().replace(year=2020)
    db.session.scalar(select(Registration).where(Registration.unit_id == season["lak"].id)).head_count = 40
    db.session.commit()
    listing = admin.get(f"/admin/events/{ev.slug}/registrations").get_data(as_text=True)
    assert "Mở lại sau hạn" in listing and 'data-head-count="40"' in listing
    unit_page = admin.get(f"/units/LAK/events/{ev.slug}").get_data(as_text=True)
    assert 'id="admin-decision"' in unit_page and "Duyệt đăng ký" in unit_page  # decide from the unit's page


def test_an_official_sees_what_waits_for_him_and_the_next_match(season, make_client):
    matches, tt1 = season["matches"], season["tt1"]
    first = make_client()
    assert first.login("tt1").headers["Location"] == "/results/"
    home = first.get("/results/").get_data(as_text=True)
    assert home.count('data-kind="ready"') == 3 and 'data-kind="confirm"' not in home
    recording.enter_result(matches[0], tt1, recording.ResultInput(sets=[(21, 10), (21, 10)]))
    db.session.commit()
    second = make_client()
    second.login("tt2")
    home = second.get("/results/").get_data(as_text=True)
    assert f'data-match="{matches[0].id}" data-kind="confirm"' in home and "nhập bởi tt1" in home
    assert 'data-kind="confirm"' not in first.get("/results/").get_data(as_text=True)  # not his own
    page = first.get(f"/results/matches/{matches[0].id}").get_data(as_text=True)
    nxt = re.search(r'id="next-match" href="/results/matches/(\d+)"', page)
    assert nxt and int(nxt.group(1)) in {m.id for m in matches[1:]}  # another match still to enter
    forfeit = page.split('name="forfeited_by"', 1)[1].split("</select>", 1)[0]
    assert "bỏ cuộc:" in forfeit and "thắng" in forfeit  # who forfeits, by name


def test_the_organiser_sees_the_deadline_the_state_and_what_to_do_next(season, make_client):
    lak = make_client()
    lak.login("cb.lak")
    page = lak.get("/units/LAK").get_data(as_text=True)
    assert 'data-next-step="submitted"' in page and "đang chờ Ban Tổ chức duyệt" in page
    reg = db.session.scalar(select(Registration).where(Registration.unit_id == season["lak"].id))
    reg.status, reg.comment = RegistrationStatus.RETURNED, "Thiếu số thẻ"
    db.session.commit()
    page = lak.get("/units/LAK").get_data(as_text=True)
    assert 'data-next-step="returned"' in page and "Lý do: Thiếu số thẻ." in page and "Gửi đăng ký" in page


def test_a_volunteer_lands_on_the_scanner_and_can_switch_checkpoint_or_log_out(app, make_client):
    from models import CheckpointKind, Frequency
    from services.checkin import checkpoints

    lak, _bmt, ev = worlds.two_units()
    hoa = f.user("tnv.hoa", role=UserRole.VOLUNTEER)
    gate = checkpoints.save_checkpoint(
        ev,
        None,
        checkpoints.CheckpointData(
            name="Cổng A", kind=CheckpointKind.GATE, frequency=Frequency.ONCE, volunteer_ids=[hoa.id]
        ),
    )
    db.session.commit()
    phone = make_client()
    assert phone.login("tnv.hoa").headers["Location"] == "/scan/"
    assert phone.get("/scan/").headers["Location"].endswith("/scan/choose")
    chosen = phone.post("/scan/choose", {"checkpoint_id": gate.id})
    assert chosen.headers["Location"].endswith("/scan/")
    page = phone.get("/scan/").get_data(as_text=True)
    assert 'id="switch-checkpoint"' in page and 'id="logout"' in page
    assert phone.post("/logout").status_code == 302


def test_the_admin_finds_anyone_without_accents_and_prints_one_badge(app, make_client):
    lak, bmt, ev = worlds.two_units()
    hung = f.person(ev, lak, "Nguyễn Văn Hùng")
    f.person(ev, bmt, "Đỗ Thị Hương")
    f.person(ev, bmt, "Trần Văn An")
    f.approved(ev, lak)
    worlds.accounts(lak, bmt)
    admin = make_client()
    admin.login("admin")
    page = admin.get(f"/admin/events/{ev.slug}/people?q=hung").get_data(as_text=True)
    assert "Nguyễn Văn Hùng" in page and "Trần Văn An" not in page
    assert "Đỗ Thị Hương" in admin.get(f"/admin/events/{ev.slug}/people?q=do thi").get_data(as_text=True)
    pdf = admin.get(f"/admin/events/{ev.slug}/people/{hung.id}/badge.pdf")
    assert pdf.mimetype == "application/pdf" and len(page_texts(pdf.get_data())) == 1
    assert "Nguyễn Văn Hùng" in page_texts(pdf.get_data())[0]
    person_page = admin.get(f"/units/LAK/people/{hung.id}").get_data(as_text=True)
    assert 'id="print-one-badge"' in person_page and "data-confirm=" in person_page  # lost badge: asked first
