"""List pages run a fixed number of SQL queries, whatever the number of rows (10 vs 1,000 people)."""

import random
from datetime import UTC, datetime

from sqlalchemy import select

from cli import demo
from extensions import db
from models import Competition, Entry, EntryMember, Event, Unit

SLUG = "hoi-thao-2024"
URLS = [
    "/units/LAK",
    f"/units/LAK/events/{SLUG}",
    "/admin/units",
    "/admin/users",
    "/admin/",
    f"/admin/events/{SLUG}",
    f"/admin/events/{SLUG}/competitions",
    f"/admin/events/{SLUG}/registrations",
    f"/admin/events/{SLUG}/audit",
]


def _queries_per_page(client, count_queries):
    counts = {}
    for url in URLS:
        client.get(url)  # first visit may create the unit's draft registration
        with count_queries() as q:
            response = client.get(url)
        assert response.status_code == 200, url
        counts[url] = q.count
    return counts


def _add_lak_people(n: int) -> None:
    """n more people for LĐLĐ huyện Lắk, each entered in one competition (team no. per person)."""
    event = db.session.scalar(select(Event).where(Event.slug == SLUG))
    lak = db.session.scalar(select(Unit).where(Unit.code == "LAK"))
    comps = db.session.scalars(select(Competition).where(Competition.event_id == event.id)).all()
    rng = random.Random(n)
    demo.add_synthetic_people(rng, event, [lak], n)
    db.session.flush()
    start = db.session.query(Entry).filter(Entry.unit_id == lak.id).count()
    people = db.session.scalars(select(demo.Person).where(demo.Person.unit_id == lak.id)).all()
    for i, person in enumerate(people[start:], start=start):
        entry = Entry(competition=comps[i % len(comps)], unit=lak, team_no=1 + i // len(comps))
        entry.members.append(EntryMember(person=person))
        db.session.add(entry)
    db.session.commit()


def test_list_pages_run_the_same_queries_for_10_and_1000_people(app, client, count_queries):
    demo.seed_demo(people=0)
    db.session.commit()
    _add_lak_people(10)
    client.login("admin", demo.DEMO_PASSWORD)
    with_10 = _queries_per_page(client, count_queries)
    _add_lak_people(990)
    with_1000 = _queries_per_page(client, count_queries)
    assert with_1000 == with_10
    # The event's page also draws its pictures (services/participation/charts.py): one query
    # for the arrivals and the tally's four for the medals, whatever the event's size.
    pictures = f"/admin/events/{SLUG}"
    assert with_10[pictures] <= 20 and max(v for k, v in with_10.items() if k != pictures) <= 15, with_10
    print("queries per page:", with_10)


BOARD_URLS = [f"/board/{SLUG}", f"/board/{SLUG}/screen", f"/board/{SLUG}/schedule", f"/board/{SLUG}/schedule.pdf"]


def test_live_board_runs_the_same_queries_whatever_the_number_of_matches(app, make_client, count_queries):
    from cli import rehearsal
    from models import CompetitionFormat, Registration, RegistrationStatus, ResultFormat
    from services.results import drawing, fixtures, planning
    from tests.support import factories

    demo.seed_demo(people=0)
    db.session.commit()
    assert app.test_cli_runner().invoke(args=["demo", "play", "--event", SLUG, "--seed", "3"]).exit_code == 0
    public = make_client()

    def counts():
        out = {}
        for url in BOARD_URLS:
            with count_queries() as q:
                assert public.get(url).status_code == 200, url
            out[url] = q.count
        return out

    before = counts()
    # A round robin of all 31 units: 465 more matches, all played and confirmed.
    event = db.session.scalar(select(Event).where(Event.slug == SLUG))
    comp = factories.competition(event, "Kéo co thử", fmt=CompetitionFormat.TEAM, sport="Kéo co")
    for unit in db.session.scalars(select(Unit)):
        reg = db.session.scalar(
            select(Registration).where(Registration.unit_id == unit.id, Registration.event_id == event.id)
        )
        if reg is None:
            db.session.add(Registration(event=event, unit=unit, status=RegistrationStatus.APPROVED))
        else:
            reg.status = RegistrationStatus.APPROVED
        db.session.add(Entry(competition=comp, unit=unit))
    db.session.flush()
    tt1, tt2 = rehearsal.officials_for_play()
    data = planning.default_plan(comp)
    data.format = ResultFormat.ROUND_ROBIN
    planning.save_plan(comp, data, tt1)
    drawing.make_draw(comp, tt1, seed=1)
    drawing.publish(comp, tt1)
    venue = event.venues[0]  # one competition's matches in a row (the event's own plan is tested elsewhere)
    fixtures.schedule_matches(comp, fixtures.SlotPlan(venue.id, datetime(2024, 8, 26, 1, tzinfo=UTC), 20, 4))
    assert rehearsal._play_matches(comp, tt1, tt2, random.Random(1)) == 31 * 30 // 2
    db.session.commit()
    after = counts()
    assert after == before
    assert max(before.values()) <= 9, before
    print("queries per board page:", before)
