"""The demo as a living event: the 2024 games mid-way, on top of the bare start (cli/demo.py).

``seed-demo`` (and so the README's ``demo`` command) loads this; ``seed-demo --empty`` keeps
the bare start. Everything goes through the app's own rules where a person would act: the
gate scans through the scan path (services/checkin/store.py), results through recording
(entered by one official, confirmed by another), draws through drawing. All names are
invented and marked demo where a unit is. What it shows:

- registrations of realistic size (~1,150 athletes as in 2024): most counting units
  approved, some waiting for review, two returned with a reason, LĐLĐ huyện Lắk reopened
  after the deadline (its organiser, the README's ``cb.lak``, can still register) and
  LĐLĐ huyện M'Đrắk missing; six grassroots unions of the province with smaller teams;
- deadlines before the events (games: 15/08/2024; festival: 10/05/2024);
- badges for the approved units, a morning of gate scans on 26/08/2024 (a returned unit's
  badge refused, a second pass shown as already in);
- several competitions finished and confirmed (a medal table on the public board), the
  volleyball groups under way, one result waiting for its confirmation, the men's tennis
  doubles a circle of three waiting for the drawing of lots;
- the two Chinese-chess events as 7-round Swiss tournaments (~50 men, ~30 women): the men's
  3 rounds played and round 4 paired, the women's 2 rounds played;
- the Hòa Phú festival with delegations (named workers and head counts) and booth scans.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from flask import current_app
from sqlalchemy import select

from cli import demo, rehearsal
from extensions import db
from models import (
    Category,
    Checkpoint,
    Competition,
    CompetitionFormat,
    Entry,
    EntryMember,
    Event,
    Gender,
    Match,
    Person,
    PersonRole,
    Registration,
    RegistrationStatus,
    ResultFormat,
    Unit,
    User,
    utcnow,
)
from services.badges import tokens
from services.checkin import devices, rawdb
from services.checkin.rawdb import RawConnection
from services.checkin.store import ScanInput, judge_scan, store_scan
from services.i18n import local_to_utc
from services.results import drawing, planning, recording, swiss_rounds

# The counting units' state in the demo (the bare start already has BMT … EHL approved, EKA
# sent and ESU's entries as a draft).
APPROVED = ["KAN", "KBO", "KBU", "KNA", "KPA", "GD", "YT", "NN"]
SUBMITTED = ["ESU", "CT"]
RETURNED = {
    "GT": "Thiếu số thẻ đoàn viên của hai vận động viên đội kéo co.",
    "VC": "Đội bóng chuyền hơi nữ mới có 5 người, cần ít nhất 6.",
}
NOT_ARRIVED = ["KBO", "NN"]  # approved, nobody scanned yet on the first morning
REOPENED = "LAK"  # a draft, reopened after the deadline: the README's organiser can still try
GRASSROOTS_IN = 6  # of the ten grassroots unions, these many enter (smaller teams)
FINISHED = [
    "Cầu lông đơn nam dưới 40 tuổi",
    "Cầu lông đơn nữ dưới 40 tuổi",
    "Bóng bàn đơn nam",
    "Bóng bàn đơn nữ",
    "Kéo co nam nữ (10 người)",
    "Nhảy bao bố tiếp sức nam nữ",
    "Chạy 100 m nam",
]
UNDER_WAY = ["Bóng chuyền hơi nam", "Bóng chuyền hơi nữ"]
TIE = "Quần vợt đôi nam"  # three pairs, each beats one: lots decide
SWISS = {"Cờ tướng cá nhân nam": 3, "Cờ tướng cá nhân nữ": 2}  # rounds played (the men's next one paired)
GAMES_DAY = date(2024, 8, 26)
FESTIVAL_DAY = date(2024, 5, 19)


@dataclass
class Living:
    athletes: int = 0
    scans: int = 0
    finished: int = 0
    festival_workers: int = 0


def _at(day: date, hour: int, minute: int) -> datetime:
    return local_to_utc(datetime.combine(day, time(hour, minute)))


def _units() -> dict[str, Unit]:
    return {u.code: u for u in db.session.scalars(select(Unit))}


def _enter(rng: random.Random, games: Event, unit: Unit, comps: list[Competition], share: float) -> int:
    """Entries of the unit in the competitions it has not entered yet (each with ``share``
    chance, team sports once, singles up to their limit); returns the athletes added."""
    entered = {e.competition_id for e in db.session.scalars(select(Entry).where(Entry.unit_id == unit.id))}
    added = 0
    for comp in comps:
        if comp.id in entered or comp.name == TIE or (comp.name not in SWISS and rng.random() > share):
            continue  # every unit sends its Chinese-chess players (~50 men, ~30 women)
        teams = (comp.max_entries_per_unit or 1) if comp.format == CompetitionFormat.SINGLE else 1
        for team_no in range(1, teams + 1):
            entry = Entry(competition=comp, unit=unit, team_no=team_no)
            size = (
                comp.team_min
                if comp.format == CompetitionFormat.TEAM
                else (2 if comp.format == CompetitionFormat.PAIR else 1)
            )
            size = max(size, min(comp.team_max or size, size + rng.randint(0, 2)))
            for i in range(size):
                if comp.category == Category.MEN or i < (comp.min_men or 0):
                    gender = Gender.MALE
                elif comp.category == Category.WOMEN or i < (comp.min_men or 0) + (comp.min_women or 0):
                    gender = Gender.FEMALE
                else:
                    gender = rng.choice(list(Gender))
                person = demo._new_person(rng, games, unit, gender, birth_years=demo._birth_years(comp, games))
                db.session.add(person)
                entry.members.append(EntryMember(person=person))
                added += 1
            db.session.add(entry)
    return added


def _registrations(rng: random.Random, games: Event, units: dict[str, Unit]) -> int:
    comps = list(db.session.scalars(select(Competition).where(Competition.event_id == games.id)))
    counting = [u for u in units.values() if u.counts_for_participation and u.code not in ("MDR", REOPENED)]
    grassroots = sorted((u for u in units.values() if not u.counts_for_participation), key=lambda u: u.code)
    athletes = 0
    for unit in counting:
        athletes += _enter(rng, games, unit, comps, 0.92)
    for unit in grassroots[:GRASSROOTS_IN]:
        athletes += _enter(rng, games, unit, comps, 0.45)
    regs = {r.unit_id: r for r in db.session.scalars(select(Registration).where(Registration.event_id == games.id))}

    def set_status(unit: Unit, status: RegistrationStatus, comment: str = "") -> Registration:
        reg = regs.get(unit.id) or Registration(event=games, unit=unit)
        db.session.add(reg)
        reg.status, reg.comment = status, comment
        # Sent over the first half of August, the last ones on the deadline's day (15/08).
        when = random.Random(unit.code)  # its own: the demo's other random choices stay as they were
        sent = _at(date(2024, 8, 1) + timedelta(days=when.randint(0, 14)), when.randint(7, 16), 0)
        if status != RegistrationStatus.DRAFT:
            reg.submitted_at = sent
        if status in (RegistrationStatus.APPROVED, RegistrationStatus.RETURNED):
            reg.decided_at = sent + timedelta(days=2)
        return reg

    for code in APPROVED:
        set_status(units[code], RegistrationStatus.APPROVED)
    for unit in grassroots[:GRASSROOTS_IN]:
        set_status(unit, RegistrationStatus.APPROVED)
    for code in SUBMITTED:
        set_status(units[code], RegistrationStatus.SUBMITTED)
    for code, comment in RETURNED.items():
        set_status(units[code], RegistrationStatus.RETURNED, comment)
    set_status(units[REOPENED], RegistrationStatus.DRAFT).reopened = True
    # The men's tennis doubles: three approved units' pairs only, so its round robin is a circle.
    tennis = next(c for c in comps if c.name == TIE)
    for code in ("BMT", "CMG", "KPA"):
        pair = [demo._new_person(rng, games, units[code], Gender.MALE, birth_years=demo._birth_years(tennis, games))
                for _ in range(2)]  # fmt: skip
        db.session.add_all(
            [
                *pair,
                Entry(competition=tennis, unit=units[code], team_no=1, members=[EntryMember(person=p) for p in pair]),
            ]
        )
        athletes += 2
    for unit in counting + grassroots[:GRASSROOTS_IN]:  # a team leader each
        db.session.add(demo._new_person(rng, games, unit, role=PersonRole.TEAM_LEADER))
    db.session.flush()
    return athletes


def _scan_all(checkpoint: Checkpoint, admin: User, codes: list[tuple[str, datetime]]) -> int:
    """Badges scanned at ``checkpoint`` at the given times, through the app's scan path (the
    session committed first: the scan path has connections of its own)."""
    _device, token = devices.create_device(checkpoint, admin, name=f"Điện thoại – {checkpoint.name}")
    db.session.commit()
    raw = RawConnection()
    try:
        device = devices.device_context(raw, token)
        for code, at in codes:
            store_scan(raw, judge_scan(raw, device, ScanInput(code, str(uuid.uuid4()), scanned_at=at)))
    finally:
        raw.close()
        # The scan path's pool and its WAL checkpoint thread are done: left running, the thread's
        # checkpoints met the seeding's long ORM transaction ("database is locked", SQLite).
        rawdb.dispose(current_app)
    return len(codes)


def _gate_morning(rng: random.Random, games: Event, admin: User) -> int:
    gate = db.session.scalar(
        select(Checkpoint).where(Checkpoint.event_id == games.id, Checkpoint.name == demo.DEMO_GATE)
    )
    approved = select(Registration.unit_id).where(
        Registration.event_id == games.id, Registration.status == RegistrationStatus.APPROVED
    )
    people = list(db.session.scalars(select(Person).where(Person.event_id == games.id, Person.unit_id.in_(approved))))
    tokens.issue_missing(games, [p.id for p in people])
    late = {u.id for u in db.session.scalars(select(Unit).where(Unit.code.in_(NOT_ARRIVED)))}
    coming = [p for p in people if p.unit_id not in late]
    arriving = rng.sample(coming, k=int(len(coming) * 0.7))
    scans = [
        (tokens.token_for(tokens.active_badge(p)), _at(GAMES_DAY, 6, 30) + timedelta(seconds=rng.randint(0, 7200)))
        for p in arriving
    ]
    scans.sort(key=lambda pair: pair[1])
    scans += [(code, at + timedelta(minutes=20)) for code, at in scans[:3]]  # shown as already in
    returned = db.session.scalars(
        select(Person)
        .join(Registration, Registration.unit_id == Person.unit_id)
        .where(
            Person.event_id == games.id,
            Registration.event_id == games.id,
            Registration.status == RegistrationStatus.RETURNED,
        )
        .limit(2)
    ).all()
    tokens.issue_missing(games, [p.id for p in returned])  # printed before they were returned
    scans += [(tokens.token_for(tokens.active_badge(p)), _at(GAMES_DAY, 7, 45)) for p in returned]  # refused
    return _scan_all(gate, admin, scans)


def _results(rng: random.Random, games: Event) -> int:
    """Finished competitions, the volleyball under way, one result to confirm, the tennis tie, the Chinese chess rounds."""
    first, second = rehearsal.officials_for_play()
    comps = {c.name: c for c in db.session.scalars(select(Competition).where(Competition.event_id == games.id))}
    ready = []
    # The units not arrived yet have not played: their entries in what is played are withdrawn
    # (present = scanned in, or played: services/participation/rules.present_people).
    late = {u.id for u in db.session.scalars(select(Unit).where(Unit.code.in_(NOT_ARRIVED)))}
    played_ids = [comps[name].id for name in FINISHED + UNDER_WAY + [TIE, *SWISS]]
    for entry in db.session.scalars(select(Entry).where(Entry.competition_id.in_(played_ids), Entry.unit_id.in_(late))):
        db.session.delete(entry)
    db.session.flush()
    for name in FINISHED + UNDER_WAY + [TIE, *SWISS]:
        comp = comps[name]
        entries = drawing.drawable_entries(comp)
        if len(entries) < 2:
            continue
        data = rehearsal.default_structure(comp, len(entries))
        if name == TIE:
            data.format = ResultFormat.ROUND_ROBIN
        planning.save_plan(comp, data, first)
        drawing.make_draw(comp, first, seed=rng.randrange(10**9))
        drawing.publish(comp, first)
        ready.append(comp)
    for name, rounds in SWISS.items():  # Chinese chess: a few rounds of its Swiss tournament played
        rehearsal.play_swiss(comps[name], first, second, rng, rounds)
    swiss_rounds.pair_next(comps["Cờ tướng cá nhân nam"], first)  # the next round paired: the plan times it
    rehearsal.schedule(games)
    finished = 0
    for name in FINISHED:
        if name in comps and comps[name] in ready:
            comp = comps[name]
            rehearsal._play_matches(comp, first, second, rng)
            rehearsal.play_performances(comp, first, second, rng)
            finished += 1
    for name in UNDER_WAY:  # the group stage half played, one result still to confirm
        matches = db.session.scalars(
            select(Match)
            .where(Match.competition_id == comps[name].id, Match.home_entry_id.is_not(None))
            .order_by(Match.group_no, Match.round_no, Match.position)
        ).all()
        half = matches[: max(1, len(matches) // 2)]
        for i, m in enumerate(half):
            plan = comps[name].plan
            recording.enter_result(m, first, rehearsal.random_result(plan.preset, plan.best_of, False, rng))
            if name != UNDER_WAY[-1] or i < len(half) - 1:
                recording.confirm_result(m, second)
    tie = comps[TIE]
    matches = db.session.scalars(select(Match).where(Match.competition_id == tie.id)).all()
    a, b, c = sorted({m.home_entry_id for m in matches} | {m.away_entry_id for m in matches})
    beats = {(a, b), (b, c), (c, a)}
    for m in matches:
        sets = [(6, 3), (6, 4)] if (m.home_entry_id, m.away_entry_id) in beats else [(3, 6), (4, 6)]
        recording.enter_result(m, first, recording.ResultInput(sets=sets))
        recording.confirm_result(m, second)
    db.session.flush()
    return finished


def _festival(rng: random.Random, festival: Event, units: dict[str, Unit], admin: User) -> int:
    delegations = ["BMT", "CKU", "CMG", "KPA", "KAN", "GD", "YT", "CT", "CS-CAOSU", "CS-DIEN"]
    workers = []
    for code in delegations:
        unit = units.get(code)
        if unit is None:
            continue
        db.session.add(
            Registration(
                event=festival,
                unit=unit,
                status=RegistrationStatus.APPROVED,
                head_count=rng.choice([40, 60, 80, 120]),
                submitted_at=utcnow().replace(year=2024, month=5, day=5),
            )
        )
        for _ in range(rng.randint(8, 14)):
            person = demo._new_person(rng, festival, unit, role=PersonRole.WORKER)
            db.session.add(person)
            workers.append(person)
    db.session.flush()
    tokens.issue_missing(festival, [p.id for p in workers])
    booth = db.session.scalar(
        select(Checkpoint).where(Checkpoint.event_id == festival.id, Checkpoint.name == demo.FESTIVAL_BOOTHS[0])
    )
    served = rng.sample(workers, k=int(len(workers) * 0.6))
    scans = [
        (tokens.token_for(tokens.active_badge(p)), _at(FESTIVAL_DAY, 8, 0) + timedelta(seconds=rng.randint(0, 10800)))
        for p in served
    ]
    scans.sort(key=lambda pair: pair[1])
    scans.append((scans[0][0], scans[0][1] + timedelta(hours=1)))  # a second gift: refused
    _scan_all(booth, admin, scans)
    return len(workers)


def seed_living(seed: int = 2024) -> Living:
    """The living layer on the bare demo (just seeded, committed by this function)."""
    rng = random.Random(seed)
    games = db.session.scalar(select(Event).where(Event.slug == "hoi-thao-2024"))
    festival = db.session.scalar(select(Event).where(Event.slug == "ngay-hoi-hoa-phu-2024"))
    games.registration_opens_at, games.registration_closes_at = (
        _at(date(2024, 7, 1), 8, 0),
        _at(date(2024, 8, 15), 17, 0),
    )
    festival.registration_opens_at, festival.registration_closes_at = (
        _at(date(2024, 4, 15), 8, 0),
        _at(date(2024, 5, 10), 17, 0),
    )
    units = _units()
    admin = db.session.scalar(select(User).where(User.username == demo.DEMO_ADMIN))
    living = Living()
    living.athletes = _registrations(rng, games, units)
    db.session.commit()
    living.scans = _gate_morning(rng, games, admin)
    living.finished = _results(rng, games)
    db.session.commit()
    living.festival_workers = _festival(rng, festival, units, admin)
    db.session.commit()
    return living
