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
    ResultFormat,
    UserRole,
    utcnow,
)
from services.results import drawing, planning, recording
from tests.support import factories as f
from tests.support import worlds
from tests.support.pdfs import page_texts


def _count(page: str, work: str) -> int | None:
    found = re.search(rf'data-work="{work}" data-count="(\d+)"', page)
    return int(found.group(1)) if found else None


@pytest.fixture
def season(app):
    """Two units sent their registration, one was approved; a round robin of three with a
    result entered and one that leaves a tie; an unfinished upload."""
    lak, bmt, ev = worlds.two_units()
    eka = f.unit("EKA", "LĐLĐ huyện Ea Kar")
    for unit in (lak, bmt):
        db.session.add(Registration(event=ev, unit=unit, status=RegistrationStatus.SUBMITTED, submitted_at=utcnow()))
    comp = f.competition(ev, "Cầu lông đơn nam", sport="Cầu lông")
    f.entries(ev, comp, 3)
    tt1, tt2 = f.user("tt1", UserRole.OFFICIAL), f.user("tt2", UserRole.OFFICIAL)
    data = planning.default_plan(comp)
    data.format = ResultFormat.ROUND_ROBIN
    planning.save_plan(comp, data, tt1)
    comp.officials = [tt1, tt2]
    drawing.make_draw(comp, tt1, seed=1)
    drawing.publish(comp, tt1)
    matches = sorted(comp_matches(comp), key=lambda m: m.id)
    db.session.flush()
    db.session.add(
        MediaUpload(id="u" * 32, event_id=ev.id, unit_id=eka.id, size=10, received=4, original_name="clip.mp4")
    )
    worlds.accounts(lak, bmt, admin="bantochuc")
    db.session.commit()
    return {"event": ev, "comp": comp, "matches": matches, "tt1": tt1, "tt2": tt2, "lak": lak}


def comp_matches(comp):
    from models import Match

    return db.session.scalars(select(Match).where(Match.competition_id == comp.id)).all()


def test_the_admin_lands_on_the_work_that_waits_and_clears_it(season, make_client):
    ev, matches, tt1, tt2 = season["event"], season["matches"], season["tt1"], season["tt2"]
    # A circle, 21–10 each way: three level after every tie-breaker (a tie to decide); the
    # last result entered but not confirmed.
    a, b, c = sorted({m.home_entry_id for m in matches} | {m.away_entry_id for m in matches})
    beats = {(a, b), (b, c), (c, a)}
    for m in matches:
        home_won = (m.home_entry_id, m.away_entry_id) in beats
        sets = [(21, 10), (21, 10)] if home_won else [(10, 21), (10, 21)]
        recording.enter_result(m, tt1, recording.ResultInput(sets=sets))
    for m in matches[:2]:
        recording.confirm_result(m, tt2)
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
    assert (
        admin.post(f"/admin/events/{ev.slug}/registrations/approve", {"next": "//evil.example"})
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


def test_knockout_sources_read_as_rounds(app):
    from services.results import display

    with app.test_request_context():
        assert display.source_label("W1.1", 2) == "Thắng Bán kết 1"
        assert display.source_label("L2.2", 3) == "Thua Bán kết 2"
        assert display.source_label("W1.3", 0) == "Thắng trận 1.3"
