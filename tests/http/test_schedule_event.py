"""The whole event planned at once, through the admin's pages: courts and hours typed on the
venue form, every drawn competition placed inside the event's days and the courts' hours with
nobody in two places, an event that cannot fit refused with the reason and nothing written,
played matches kept. On SQLite and PostgreSQL."""

from __future__ import annotations

import email
import email.policy
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from extensions import db
from models import CompetitionFormat, Entry, EntryMember, Match, ResultFormat, ScheduleDraft, UserRole, Venue
from services.errors import DomainError
from services.i18n import local_today, to_local
from services.results import drawing, planning, recording
from services.schedule import event as schedule
from services.schedule import venues as venue_form
from services.schedule.check import check
from tests.support import factories as f
from tests.support.races import Person, at_once

BASE = "/admin/events/hoi-thao-2024"


@pytest.fixture
def games(app):
    """Eight players of four units in badminton singles (a knockout) and doubles (a round robin
    of the same people): a player's doubles never overlap his singles."""
    ev = f.event()
    ev.starts_on = local_today() + timedelta(days=10)  # to come: nothing is fixed by its time yet
    ev.ends_on = ev.starts_on + timedelta(days=1)
    venue = Venue(event=ev, name="Nhà thi đấu tỉnh")
    db.session.add(venue)
    units = [f.unit(code) for code in ("LAK", "BMT", "EKA", "KRP")]
    players = [f.person(ev, u, f"VĐV {u.code} {i}") for u in units for i in (1, 2)]
    f.approved(ev, *units)
    singles = f.competition(ev, "Cầu lông đơn nam", sport="Cầu lông")
    doubles = f.competition(ev, "Cầu lông đôi nam", fmt=CompetitionFormat.PAIR, sport="Cầu lông")
    for i, person in enumerate(players):
        db.session.add(
            Entry(competition=singles, unit=person.unit, team_no=1 + i % 2, members=[EntryMember(person=person)])
        )
    for unit_players in zip(players[::2], players[1::2], strict=True):
        db.session.add(
            Entry(competition=doubles, unit=unit_players[0].unit, members=[EntryMember(person=p) for p in unit_players])
        )
    tt1 = f.user("tt1", UserRole.OFFICIAL)
    f.user("tt2", UserRole.OFFICIAL)
    f.user("admin", UserRole.ADMIN)
    db.session.flush()
    for comp, fmt in ((singles, ResultFormat.KNOCKOUT), (doubles, ResultFormat.ROUND_ROBIN)):
        data = planning.default_plan(comp)
        data.format = fmt
        planning.save_plan(comp, data, tt1)
        drawing.make_draw(comp, tt1, seed=1)
        drawing.publish(comp, tt1)
    db.session.commit()
    return {"event": ev, "venue": venue, "singles": singles, "doubles": doubles}


@pytest.fixture
def admin(client, games):
    client.login("admin")
    return client


def _venue(admin, games, **form):
    url = f"{BASE}/venues/{games['venue'].id}/edit"
    admin.get(url)
    return admin.post(url, {"name": "Nhà thi đấu tỉnh", "address": ""} | form)


def _plan(admin):
    """The admin's two steps: a draft, read, then published."""
    page = admin.post(f"{BASE}/schedule/plan", follow_redirects=True).get_data(as_text=True)
    draft = re.search(r'data-draft="(\d+)"', page)
    assert draft, page
    admin.post(f"{BASE}/schedule/drafts/{draft.group(1)}/publish")
    return page


def _matches():
    db.session.expire_all()
    return [m for m in db.session.scalars(select(Match)) if "BYE" not in (m.home_source, m.away_source)]


def test_courts_and_hours_are_typed_on_the_venue_form_and_refused_by_line(admin, games):
    bad = _venue(admin, games, hours="07:00-11:30", courts="Sân 1: Cầu lông\nSân 2: bóng rổ dưới nước")
    assert "Dòng 2: không biết môn “bóng rổ dưới nước”" in bad.get_data(as_text=True)
    bad = _venue(admin, games, hours="7h-11h", courts="Sân 1")
    assert "Giờ mở cửa “7h-11h” không hợp lệ" in bad.get_data(as_text=True)
    many = "\n".join(f"Sân {i}" for i in range(1, 62))
    assert "Mỗi địa điểm tối đa 60 sân." in _venue(admin, games, courts=many).get_data(as_text=True)
    db.session.expire_all()
    assert games["venue"].courts == []  # nothing half-saved
    assert (
        _venue(
            admin, games, hours="07:00-11:30, 13:30-17:30", courts="Sân 1: Cầu lông\nSân 2: cầu lông, bóng bàn"
        ).status_code
        == 302
    )
    db.session.expire_all()
    assert [(c.name, c.sports) for c in games["venue"].courts] == [
        ("Sân 1", ["badminton"]),
        ("Sân 2", ["badminton", "table_tennis"]),
    ]
    assert games["venue"].hours == [["07:00", "11:30"], ["13:30", "17:30"]]
    form = admin.get(f"{BASE}/venues/{games['venue'].id}/edit").get_data(as_text=True)
    assert "Sân 2: Cầu lông, Bóng bàn" in form and 'value="07:00-11:30, 13:30-17:30"' in form


def test_the_whole_event_is_planned_inside_its_days_and_hours_with_nobody_in_two_places(admin, games):
    _venue(admin, games, hours="07:00-11:30, 13:30-17:30", courts="Sân 1: Cầu lông\nSân 2: Cầu lông\nSân 3: Cầu lông")
    page = admin.get(f"{BASE}/schedule").get_data(as_text=True)
    assert "Xếp lịch toàn sự kiện" in page
    preview = admin.post(f"{BASE}/schedule/plan", follow_redirects=True).get_data(as_text=True)
    assert "Đã có bản xem trước" in preview and 'id="moved"' in preview
    assert all(m.starts_at is None for m in _matches())  # nothing written before publishing
    draft = re.search(r'data-draft="(\d+)"', preview).group(1)
    rows = preview.count("<tr data-match=")
    assert rows == len(_matches()) and "chưa xếp" in preview and "LAK" in preview
    done = admin.post(f"{BASE}/schedule/drafts/{draft}/publish", follow_redirects=True).get_data(as_text=True)
    assert f"Đã công bố lịch mới: {rows} trận đổi giờ hoặc sân." in done
    matches = _matches()
    assert matches and all(m.starts_at and m.court_id for m in matches)
    for m in matches:
        local = to_local(m.starts_at)
        assert games["event"].starts_on <= local.date() <= games["event"].ends_on
        assert f"{local:%H:%M}" >= "07:00" and (f"{local:%H:%M}" < "11:30" or f"{local:%H:%M}" >= "13:30")
    built = schedule.build(games["event"])
    assert check(built.problem, schedule.placed_now(games["event"], built)).total == 0
    assert f"data-placed>{len(matches)}<" in admin.get(f"{BASE}/schedule").get_data(as_text=True)


def test_an_event_that_cannot_fit_says_why_and_writes_nothing(admin, games):
    _venue(admin, games, hours="07:00-08:00", courts="Sân 1: Cầu lông")
    done = admin.post(f"{BASE}/schedule/plan", follow_redirects=True).get_data(as_text=True)
    assert "Không xếp được lịch, chưa thay đổi gì:" in done and "Thiếu khoảng" in done and "Nhà thi đấu tỉnh" in done
    assert all(m.starts_at is None for m in _matches()) and 'data-draft="' not in done


def test_played_matches_stay_and_a_result_entered_meanwhile_stops_the_write(admin, games):
    _venue(admin, games, courts="Sân 1: Cầu lông\nSân 2: Cầu lông")
    _plan(admin)
    first = {m.id: (m.starts_at, m.court_id) for m in _matches()}
    played = next(m for m in _matches() if m.home_entry_id and m.away_entry_id)
    tt1, tt2 = (db.session.scalar(select(f.User).where(f.User.username == n)) for n in ("tt1", "tt2"))
    recording.enter_result(played, tt1, recording.ResultInput(sets=[(21, 10), (21, 12)]))
    db.session.commit()
    _plan(admin)
    assert {m.id: (m.starts_at, m.court_id) for m in _matches()}[played.id] == first[played.id]
    built = schedule.build(games["event"])  # a re-plan under way when another result comes in
    other = next(
        m for m in _matches() if m.id != played.id and m.home_entry_id and m.away_entry_id and not m.has_result
    )
    recording.enter_result(other, tt2, recording.ResultInput(sets=[(21, 10), (21, 12)]))
    outcome = schedule.solve(built.problem, time_limit=5)
    with pytest.raises(DomainError, match="vừa có kết quả"):
        schedule.write(games["event"], built, outcome)


def test_two_admins_planning_at_once_leave_one_whole_plan(app, served, games):
    f.user("admin2", UserRole.ADMIN)
    venue = db.session.get(Venue, games["venue"].id)
    venue_form.save_courts_and_hours(venue, "Sân 1: Cầu lông\nSân 2: Cầu lông\nSân 3: Cầu lông", "")
    db.session.commit()
    admins = [Person(served, name, f.PASSWORD) for name in ("admin", "admin2")]
    for a in admins:
        a.token = a._token(f"{BASE}/schedule")
    answers = at_once(*(lambda a=a: a.post(f"{BASE}/schedule/plan") for a in admins))
    assert [r.status_code for r in answers] == [302, 302]  # one draft after the other, never a 500
    draft = db.session.scalars(select(ScheduleDraft)).one()
    answers = at_once(*(lambda a=a: a.post(f"{BASE}/schedule/drafts/{draft.id}/publish") for a in admins))
    told = [a.flashes(r) for a, r in zip(admins, answers, strict=True)]
    assert sum("Đã công bố lịch mới" in t for t in told) == 1
    assert sum("không còn (đã công bố hoặc đã bỏ)" in t for t in told) == 1
    built = schedule.build(games["event"])
    placed = schedule.placed_now(games["event"], built)
    assert len(placed) == len(built.problem.games)
    assert check(built.problem, placed).total == 0  # never half of one plan and half of the other


def test_a_court_closed_on_the_day_moves_only_what_it_must_and_the_units_are_told(admin, games, smtp_server):
    _venue(admin, games, courts="Sân 1: Cầu lông\nSân 2: Cầu lông\nSân 3: Cầu lông")
    for unit in db.session.scalars(select(f.Unit)):
        unit.email = f"{unit.code.lower()}@example.vn"
    db.session.commit()
    _plan(admin)
    first = {m.id: (m.starts_at, m.court_id) for m in _matches()}
    court_1 = games["venue"].courts[0]
    on_court_1 = sorted((at, mid) for mid, (at, court) in first.items() if court == court_1.id)
    at = to_local(on_court_1[0][0])  # Sân 1 runs late: closed from its first match for 40 minutes
    page = admin.post(
        f"{BASE}/schedule",
        {"where": f"{games['venue'].id}:{court_1.id}", "starts_at": f"{at:%d/%m/%Y %H:%M}",
         "ends_at": f"{at + timedelta(minutes=40):%d/%m/%Y %H:%M}", "reason": "Trận trước kéo dài"},
        follow_redirects=True,
    ).get_data(as_text=True)  # fmt: skip
    assert "Đã ghi sân đóng" in page and "Trận trước kéo dài" in page
    preview = admin.post(f"{BASE}/schedule/plan", follow_redirects=True).get_data(as_text=True)
    moved = [int(x) for x in re.findall(r'<tr data-match="(\d+)"', preview)]
    assert on_court_1[0][1] in moved and len(moved) < len(first)  # only what must move
    assert {m.id: (m.starts_at, m.court_id) for m in _matches()} == first  # nothing yet
    draft = re.search(r'data-draft="(\d+)"', preview).group(1)
    done = admin.post(f"{BASE}/schedule/drafts/{draft}/publish", follow_redirects=True).get_data(as_text=True)
    assert "Đã công bố lịch mới" in done and "Đã gửi email báo lịch mới cho:" in done
    built = schedule.build(games["event"])
    assert check(built.problem, schedule.placed_now(games["event"], built)).total == 0  # closure included
    told = {to for rcpt, _text in smtp_server for to in rcpt}
    assert told and told <= {"lak@example.vn", "bmt@example.vn", "eka@example.vn", "krp@example.vn"}
    subjects = [
        str(email.message_from_string(text, policy=email.policy.default)["subject"]) for _r, text in smtp_server
    ]
    assert all(s.startswith("Lịch thi đấu thay đổi: ") for s in subjects)


def test_a_match_pinned_on_its_page_stays_where_the_organiser_put_it(admin, games):
    _venue(admin, games, courts="Sân 1: Cầu lông\nSân 2: Cầu lông")
    _plan(admin)
    match = next(m for m in _matches() if m.home_entry_id and m.away_entry_id)
    court_2 = games["venue"].courts[1]
    when = to_local(match.starts_at) + timedelta(hours=3)
    page = admin.get(f"/results/matches/{match.id}").get_data(as_text=True)
    assert "Ghim: xếp lịch tự động không dời trận này" in page
    admin.post(
        f"/results/matches/{match.id}/fixture",
        {"venue_id": 0, "court_id": court_2.id, "starts_at": f"{when:%d/%m/%Y %H:%M}", "pinned": "y"},
    )
    pinned = db.session.get(Match, match.id)
    db.session.refresh(pinned)
    assert (pinned.court_id, pinned.court, pinned.venue_id, pinned.pinned) == (
        court_2.id,
        "Sân 2",
        games["venue"].id,
        True,
    )
    _plan(admin)
    again = db.session.get(Match, match.id)
    db.session.refresh(again)
    assert (to_local(again.starts_at), again.court_id) == (when, court_2.id)
    built = schedule.build(games["event"])
    assert match.id in built.fixed and check(built.problem, schedule.placed_now(games["event"], built)).total == 0
