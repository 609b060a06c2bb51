"""The worlds tests start from, built once here through the factories: most of them are two
units of the Đắk Lắk federation, the 2024 games, and their accounts."""

from __future__ import annotations

from sqlalchemy import select

from extensions import db
from models import (
    CompetitionFormat,
    Entry,
    EntryMember,
    Event,
    Gender,
    Match,
    PersonRole,
    Registration,
    RegistrationStatus,
    ResultFormat,
    Unit,
    UserRole,
    utcnow,
)
from services.results import drawing, planning, recording
from tests.support import factories as f


def two_units(slug: str = "hoi-thao-2024") -> tuple[Unit, Unit, Event]:
    """LĐLĐ huyện Lắk (LAK) and LĐLĐ thành phố Buôn Ma Thuột (BMT), and one event."""
    lak, bmt = f.unit("LAK", "LĐLĐ huyện Lắk"), f.unit("BMT", "LĐLĐ thành phố Buôn Ma Thuột")
    return lak, bmt, f.event(slug)


def accounts(lak: Unit, bmt: Unit | None = None, admin: str = "admin") -> None:
    """Organisers cb.lak (and cb.bmt) and an admin, all with the factories' password (committed)."""
    db.session.commit()
    f.user("cb.lak", unit=lak)
    if bmt is not None:
        f.user("cb.bmt", unit=bmt)
    f.user(admin, role=UserRole.ADMIN)


def pending_work(enter_results: bool = False) -> dict:
    """What a federation has waiting: LAK and BMT sent their registrations, a round robin of
    three badminton entries (officials tt1 and tt2) published; with ``enter_results`` tt1
    entered a circle (each beats one, 21–10 21–10: three level) and tt2 confirmed all but
    the last. Accounts cb.lak, cb.bmt and bantochuc (committed)."""
    lak, bmt, ev = two_units()
    for unit in (lak, bmt):
        db.session.add(Registration(event=ev, unit=unit, status=RegistrationStatus.SUBMITTED, submitted_at=utcnow()))
    comp = f.competition(ev, "Cầu lông đơn nam", sport="Cầu lông")
    f.entries(ev, comp, 3)
    tt1, tt2, matches = published(comp, ResultFormat.ROUND_ROBIN)
    if enter_results:
        circle(matches, tt1, tt2, confirm=2)
    accounts(lak, bmt, admin="bantochuc")
    db.session.commit()
    return {"event": ev, "comp": comp, "matches": matches, "tt1": tt1, "tt2": tt2, "lak": lak, "bmt": bmt}


def published(comp, fmt: ResultFormat) -> tuple:
    """``comp`` planned as ``fmt``, drawn (seed 1) and published by official tt1, with tt2 as
    its second official: (tt1, tt2, its matches in order of creation)."""
    tt1, tt2 = f.user("tt1", UserRole.OFFICIAL), f.user("tt2", UserRole.OFFICIAL)
    data = planning.default_plan(comp)
    data.format = fmt
    planning.save_plan(comp, data, tt1)
    comp.officials = [tt1, tt2]
    drawing.make_draw(comp, tt1, seed=1)
    drawing.publish(comp, tt1)
    matches = sorted(db.session.scalars(select(Match).where(Match.competition_id == comp.id)), key=lambda m: m.id)
    return tt1, tt2, matches


def circle(matches, enterer, confirmer, confirm: int) -> None:
    """A round robin of three where each beats one (level after every tie-breaker), entered
    by one official; the first ``confirm`` results confirmed by another."""
    a, b, c = sorted({m.home_entry_id for m in matches} | {m.away_entry_id for m in matches})
    beats = {(a, b), (b, c), (c, a)}
    for m in matches:
        home_won = (m.home_entry_id, m.away_entry_id) in beats
        sets = [(21, 10), (21, 10)] if home_won else [(10, 21), (10, 21)]
        recording.enter_result(m, enterer, recording.ResultInput(sets=sets))
    for m in matches[:confirm]:
        recording.confirm_result(m, confirmer)


def badge_people(longest_name: str) -> dict:
    """Nine people of two approved units for badge prints: Vietnamese and Êđê names, the
    longest name given, a pair entry and a coach."""
    lak, bmt, ev = two_units()
    comp = f.competition(ev, "Cầu lông đôi nam nữ", fmt=CompetitionFormat.PAIR)
    names = ["Nguyễn Văn An", "H'Hen Niê", "Y Bhăm Êban", "Trần Thị Ánh Tuyết", longest_name]
    people = [f.person(ev, lak, n, Gender.FEMALE if i % 2 else Gender.MALE) for i, n in enumerate(names)]
    people += [f.person(ev, bmt, n) for n in ("Phạm Văn Đức", "Lê Hữu Thắng", "Vũ Thị Mỹ Dung", "Đỗ Quang Vinh")]
    people[-1].role = PersonRole.COACH
    db.session.add(
        Entry(
            competition=comp,
            unit=lak,
            team_no=1,
            members=[EntryMember(person=people[0]), EntryMember(person=people[3])],
        )
    )
    f.approved(ev, lak, bmt)
    accounts(lak)
    return {"event": ev, "people": people}


def results_desk(comp, make_client) -> dict:
    """tt1 and tt2, the competition's officials, and an admin, each signed in on a client of
    their own: {"admin": …, "tt1": …, "tt2": …}."""
    tt1, tt2 = f.user("tt1", UserRole.OFFICIAL), f.user("tt2", UserRole.OFFICIAL)
    f.user("admin", UserRole.ADMIN)
    comp.officials = [tt1, tt2]
    db.session.commit()
    people = {}
    for name in ("admin", "tt1", "tt2"):
        people[name] = make_client()
        people[name].login(name)
    return people


def officiated(comp, seed: int, **plan):
    """tt1 and tt2 the competition's officials; its sport's default plan with ``plan``'s
    changes saved, drawn with ``seed`` and published, by tt1. Returns tt1."""
    tt1, tt2 = f.user("tt1", UserRole.OFFICIAL), f.user("tt2", UserRole.OFFICIAL)
    comp.officials = [tt1, tt2]
    data = planning.default_plan(comp)
    for key, value in plan.items():
        setattr(data, key, value)
    planning.save_plan(comp, data, tt1)
    drawing.make_draw(comp, tt1, seed=seed)
    drawing.publish(comp, tt1)
    db.session.commit()
    return tt1


def played_knockouts(officials) -> dict:
    """The papers' world: a singles knockout of 5 (two bronzes) with named players and a team
    knockout of 4, drawn and played by ``officials``; admins admin and admin2 (committed)."""
    import random

    from cli import rehearsal
    from tests.support import results

    ev = f.event()
    singles = f.competition(ev, "Cầu lông đơn nam", sport="Cầu lông")
    team = f.competition(ev, "Kéo co nam", fmt=CompetitionFormat.TEAM, sport="Kéo co")
    for i, entry in enumerate(f.entries(ev, singles, 5)):
        db.session.add(EntryMember(entry=entry, person=f.person(ev, entry.unit, f"Vận Động Viên {i}")))
    f.entries(ev, team, 4)
    for comp in (singles, team):
        results.plan(comp, officials[0], ResultFormat.KNOCKOUT)
        drawing.make_draw(comp, officials[0], seed=5)
        drawing.publish(comp, officials[0])
        rehearsal._play_matches(comp, *officials, random.Random(5))
    f.user("admin", role=UserRole.ADMIN)
    f.user("admin2", role=UserRole.ADMIN)
    db.session.commit()
    return {"event": ev, "singles": singles, "team": team}
