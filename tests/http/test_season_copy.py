"""Next year from this year (issue 30): a season copied with its setup (events, venues with
courts and hours, competitions with rules, plans and prizes, checkpoints, wording, officials'
and volunteers' assignments), every date moved by one offset, nothing of last year's people,
registrations, scans or results; the copy closed to units until an admin opens it."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from extensions import db
from models import (
    AwardDecision,
    Badge,
    Checkpoint,
    CheckpointKind,
    Competition,
    Court,
    Device,
    Entry,
    Event,
    Frequency,
    Match,
    Person,
    Registration,
    Season,
    UserRole,
    Venue,
)
from services.badges import tokens
from services.checkin import checkpoints, devices
from services.papers import decision
from tests.support import factories as f
from tests.support import worlds

OFFSET = timedelta(days=364)  # 26/08/2024 (a Monday) → 25/08/2025 (a Monday)


@pytest.fixture
def last_year(client, officials):
    games = worlds.played_knockouts(officials)
    ev, singles = games["event"], games["singles"]
    ev.registration_opens_at = datetime(2024, 7, 1, 1, 0, tzinfo=UTC)
    ev.registration_closes_at = datetime(2024, 8, 15, 10, 0, tzinfo=UTC)
    singles.officials = [officials[0]]
    singles.prizes = {"1": 1_500_000, "2": 1_000_000}
    ev.overall_prizes = {"1": 5_000_000}
    hall = Venue(event=ev, name="Nhà thi đấu tỉnh", address="Buôn Ma Thuột", hours=[["07:00", "11:30"]])
    db.session.add_all([hall, Court(venue=hall, name="Sân 1", position=1, sports=["badminton"])])
    db.session.flush()
    gate = checkpoints.save_checkpoint(
        ev,
        None,
        checkpoints.CheckpointData(
            name="Cổng nhà thi đấu",
            kind=CheckpointKind.VENUE,
            frequency=Frequency.DAILY,
            allowed_roles=["athlete"],
            allowed_competition_ids=[singles.id],
            venue_id=hall.id,
        ),
    )
    volunteer = f.user("tnv", role=UserRole.VOLUNTEER)
    gate.volunteers = [volunteer]
    devices.create_device(gate, None, name="Máy cổng")
    tokens.issue_missing(ev, list(db.session.scalars(select(Person.id))))
    wording = decision.decision_of(ev)
    wording.number, wording.signer_name = "125", "Nguyễn Văn Ký"
    db.session.commit()
    client.login("admin")
    return games | {"hall": hall, "gate": gate, "volunteer": volunteer}


def test_a_season_starts_from_last_years_setup_and_nothing_else(client, last_year, officials):
    old = last_year["event"]
    answer = client.post(
        f"/admin/seasons/{old.season_id}/copy",
        data={"name": "Tháng Công nhân 2025", "year": "2025", "first_starts_on": "25/08/2025"},
    )
    assert answer.status_code == 302, answer.get_data(as_text=True)
    season = db.session.scalar(select(Season).where(Season.name == "Tháng Công nhân 2025"))
    new = db.session.scalar(select(Event).where(Event.season_id == season.id))
    assert new.slug == "hoi-thao-2025" and new.review_pending
    assert (new.starts_on, new.ends_on) == (old.starts_on + OFFSET, old.ends_on + OFFSET)
    assert new.registration_closes_at == old.registration_closes_at + OFFSET
    assert new.overall_prizes == {"1": 5_000_000}

    comps = {c.name: c for c in db.session.scalars(select(Competition).where(Competition.event_id == new.id))}
    singles = comps["Cầu lông đơn nam"]
    assert singles.prizes == {"1": 1_500_000, "2": 1_000_000} and singles.officials == [officials[0]]
    assert singles.plan.format == last_year["singles"].plan.format and singles.plan.best_of == 3
    assert singles.plan.draw == {} and singles.plan.drawn_at is None and singles.plan.published_at is None
    assert comps["Kéo co nam"].format == last_year["team"].format

    hall = db.session.scalar(select(Venue).where(Venue.event_id == new.id))
    assert (hall.name, hall.hours) == ("Nhà thi đấu tỉnh", [["07:00", "11:30"]])
    assert [c.name for c in db.session.scalars(select(Court).where(Court.venue_id == hall.id))] == ["Sân 1"]
    gate = db.session.scalar(select(Checkpoint).where(Checkpoint.event_id == new.id))
    assert gate.venue_id == hall.id and gate.allowed_competition_ids == [singles.id]
    assert gate.volunteers == [last_year["volunteer"]]

    def count(model, *where):
        return db.session.scalar(select(func.count()).select_from(model).where(*where))

    assert count(Person, Person.event_id == new.id) == 0 and count(Registration, Registration.event_id == new.id) == 0
    assert count(Entry, Entry.competition_id.in_(comps[n].id for n in comps)) == 0
    assert count(Match, Match.competition_id.in_(comps[n].id for n in comps)) == 0
    assert count(Badge, Badge.event_id == new.id) == 0 and count(Device, Device.checkpoint_id == gate.id) == 0
    copied = db.session.scalar(select(AwardDecision).where(AwardDecision.event_id == new.id))
    assert copied.signer_name == "Nguyễn Văn Ký" and copied.number == "" and copied.issued_at is None
    assert count(Person, Person.event_id == old.id) == 5  # last year's untouched
    assert count(Match, Match.competition_id == last_year["singles"].id) > 0


def test_a_copied_event_is_closed_to_units_until_an_admin_opens_it(client, make_client, last_year):
    old = last_year["event"]
    client.post(
        f"/admin/seasons/{old.season_id}/copy",
        data={"name": "Tháng Công nhân 2025", "year": "2025", "first_starts_on": "25/08/2025"},
    )
    new = db.session.scalar(select(Event).where(Event.slug == "hoi-thao-2025"))
    new.registration_opens_at, new.registration_closes_at = None, None  # dates aside: only the review closes it
    unit = db.session.scalar(select(Registration).where(Registration.event_id == old.id)).unit
    f.user("cb.u01", unit=unit)
    db.session.commit()
    organiser = make_client()
    organiser.login("cb.u01")
    page = organiser.get(f"/units/{unit.code}/events/hoi-thao-2025").get_data(as_text=True)
    assert "Sự kiện đang được Ban Tổ chức chuẩn bị (chép từ mùa trước, chưa mở đăng ký)." in page
    assert "chờ xem lại" in client.get("/admin/").get_data(as_text=True)
    overview = client.get("/admin/events/hoi-thao-2025").get_data(as_text=True)
    assert 'id="review-pending"' in overview
    assert "hoi-thao-2025" not in make_client().get("/board/").get_data(as_text=True)  # not public yet
    assert client.post("/admin/events/hoi-thao-2025/open").status_code == 302
    assert "hoi-thao-2025" in make_client().get("/board/").get_data(as_text=True)
    db.session.expire_all()
    assert not db.session.get(Event, new.id).review_pending
    page = organiser.get(f"/units/{unit.code}/events/hoi-thao-2025").get_data(as_text=True)
    assert "chưa mở đăng ký" not in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "Tháng Công nhân 2025", "year": "2025", "first_starts_on": "25/08/2031"}, "quá 3 năm"),
        ({"name": "Tháng Công nhân 2024", "year": "2025", "first_starts_on": "25/08/2025"}, "Đã có mùa tên"),
    ],
)
def test_a_copy_that_cannot_be_made_says_why_and_makes_nothing(client, last_year, data, message):
    seasons = db.session.scalar(select(func.count()).select_from(Season))
    answer = client.post(f"/admin/seasons/{last_year['event'].season_id}/copy", data=data)
    assert answer.status_code == 200 and message in answer.get_data(as_text=True)
    assert "Chép mùa</button>" in answer.get_data(as_text=True)  # the form, as it was, to correct
    assert db.session.scalar(select(func.count()).select_from(Season)) == seasons
    assert date(2024, 8, 26) == last_year["event"].starts_on


def test_two_admins_copying_a_season_at_once_make_one_copy(app, last_year, served):
    """The second is told the name is taken; one season, one set of events."""
    from tests.support.races import Person as Admin
    from tests.support.races import at_once

    admins = [Admin(served, name, f.PASSWORD) for name in ("admin", "admin2")]
    url = f"/admin/seasons/{last_year['event'].season_id}/copy"
    for who in admins:
        who.token = who._token(url)
    data = {"name": "Tháng Công nhân 2025", "year": "2025", "first_starts_on": "25/08/2025"}
    answers = at_once(*(lambda who=who: who.post(url, data) for who in admins))
    assert sorted(getattr(a, "status_code", a) for a in answers) == [200, 302]
    assert "Đã có mùa tên" in next(a.text for a in answers if a.status_code == 200)
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(Season).where(Season.name == data["name"])) == 1
    assert db.session.scalar(select(func.count()).select_from(Event).where(Event.slug.like("hoi-thao-2025%"))) == 1
