"""The Đắk Lắk Workers' Month 2024 demo: units, events, competitions, accounts, people."""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select

from cli.demo_data import (
    COMPETITIONS,
    DISTRICTS,
    EDE_F,
    EDE_M,
    FAMILY,
    GIVEN_F,
    GIVEN_M,
    GRASSROOTS,
    MIDDLE_F,
    MIDDLE_M,
    PAIR,
    SECTORAL,
    SPORTS,
    VENUES,
)
from extensions import db
from models import (
    Category,
    Checkpoint,
    CheckpointKind,
    Competition,
    CompetitionFormat,
    Court,
    Entry,
    EntryMember,
    Event,
    EventKind,
    Frequency,
    Gender,
    ParticipationRule,
    Person,
    PersonRole,
    Registration,
    RegistrationStatus,
    Season,
    Sport,
    Unit,
    UnitKind,
    UserRole,
    Venue,
    utcnow,
)
from services.accounts import auth
from services.certificates import issue as certificates
from services.errors import DomainError
from services.text import name_key, search_key

_CARD_NUMBERS = itertools.count(10_000_001)
DEMO_ADMIN = "admin"
DEMO_PASSWORD = "demo12345"


DEMO_OFFICIALS = [("trongtai1", "Trọng tài Nguyễn Văn Bình"), ("trongtai2", "Trọng tài Trần Thị Hoa")]
# Volunteers at the games' main gate and at the festival's gift booth (they scan on their phones).
DEMO_VOLUNTEERS = [("tnv1", "Tình nguyện viên Lê Văn Tâm"), ("tnv2", "Tình nguyện viên Phạm Thị Thu")]
DEMO_GATE = "Cổng A – Sân vận động tỉnh"


@dataclass
class DemoSummary:
    admin: tuple[str, str]
    organisers: list[tuple[str, str, str]]  # (unit code, username, password)
    people: int


def random_person_name(rng: random.Random, gender: Gender) -> str:
    if rng.random() < 0.08:
        return rng.choice(EDE_M if gender == Gender.MALE else EDE_F)
    family = rng.choice(FAMILY[:-2])
    if gender == Gender.MALE:
        return f"{family} {rng.choice(MIDDLE_M)} {rng.choice(GIVEN_M)}"
    return f"{family} {rng.choice(MIDDLE_F)} {rng.choice(GIVEN_F)}"


def is_empty() -> bool:
    """No unit and no event yet: the demo may be loaded."""
    return not (
        db.session.scalar(select(func.count()).select_from(Unit))
        or db.session.scalar(select(func.count()).select_from(Event))
    )


DEMO_SIGNER = "Nguyễn Thị Hồng Vân (tên mẫu)"  # an invented name: demo data


def seed_demo(people: int = 0, seed: int = 2024, entries: bool = True) -> DemoSummary:
    """Load the demo into an empty database (refuses if any unit or event exists): units,
    events, competitions, checkpoints and accounts; with ``entries``, eight units' people and
    approved registrations (what the living demo builds on); ``people`` synthetic people more."""
    if not is_empty():
        raise DomainError("Cơ sở dữ liệu đã có dữ liệu; seed-demo chỉ chạy trên cơ sở dữ liệu trống.")
    rng = random.Random(seed)
    today_utc = utcnow().replace(hour=0, minute=0, second=0, microsecond=0)
    units = [Unit(code=c, name=n, kind=UnitKind.DISTRICT, counts_for_participation=True) for c, n in DISTRICTS]
    units += [Unit(code=c, name=n, kind=UnitKind.SECTORAL, counts_for_participation=True) for c, n in SECTORAL]
    units += [
        Unit(code=c, name=n, kind=UnitKind.GRASSROOTS, counts_for_participation=False, is_demo=True)
        for c, n in GRASSROOTS
    ]
    for unit in units:
        unit.contact_name = random_person_name(rng, rng.choice(list(Gender)))
        unit.phone = "0262" + "".join(rng.choice("0123456789") for _ in range(7))
    db.session.add_all(units)

    season = Season(
        name="Tháng Công nhân 2024",
        year=2024,
        description="Tháng Công nhân và Tháng hành động về an toàn, vệ sinh lao động năm 2024",
    )
    games = Event(
        season=season,
        kind=EventKind.GAMES,
        slug="hoi-thao-2024",
        name="Hội thao CNVCLĐ tỉnh Đắk Lắk năm 2024",
        starts_on=date(2024, 8, 26),
        ends_on=date(2024, 8, 30),
        # The demo's registration is open from today for 60 days, so it can be tried out.
        registration_opens_at=today_utc - timedelta(days=1),
        registration_closes_at=today_utc + timedelta(days=60),
        max_individual_per_athlete=2,
        union_card_required=True,
        description="Khai mạc ngày 26/8/2024 tại Sân vận động tỉnh, thành phố Buôn Ma Thuột.",
    )
    festival = Event(
        season=season,
        kind=EventKind.FESTIVAL,
        slug="ngay-hoi-hoa-phu-2024",
        name="Ngày hội công nhân lao động Khu công nghiệp Hòa Phú năm 2024",
        starts_on=date(2024, 5, 19),
        ends_on=date(2024, 5, 19),
        description="Biểu diễn văn nghệ, trò chơi dân gian, khám sức khoẻ, tư vấn pháp luật, phiên chợ 0 đồng.",
    )
    games.venues = [
        Venue(
            name=name,
            address="Buôn Ma Thuột",
            hours=hours,
            courts=[Court(name=court, position=i, sports=kinds) for i, (court, kinds) in enumerate(courts)],
        )
        for name, hours, courts in VENUES
    ]
    festival.venues = [Venue(name="Khu công nghiệp Hòa Phú", address="Xã Hòa Phú, Buôn Ma Thuột")]
    db.session.add_all([season, games, festival])

    sports = {code: Sport(code=code, name=name, kind=code) for code, name in SPORTS}
    db.session.add_all(sports.values())
    competitions = [
        Competition(
            event=games,
            sport=sports[s],
            name=n,
            category=c,
            format=f,
            **({"team_min": 2, "team_max": 2} if f == PAIR else {}) | rules,
        )
        for s, n, c, f, rules in COMPETITIONS
    ]
    db.session.add_all(competitions)
    booths = _festival(festival, sports)

    admin = auth.save_user(
        None, username=DEMO_ADMIN, role=UserRole.ADMIN, full_name="Ban Tuyên giáo – Nữ công", password=DEMO_PASSWORD
    )
    organisers = []
    for unit in units:
        username = f"cb.{unit.code.lower()}"
        auth.save_user(
            None,
            username=username,
            role=UserRole.ORGANISER,
            unit=unit,
            full_name=unit.contact_name,
            password=DEMO_PASSWORD,
        )
        organisers.append((unit.code, username, DEMO_PASSWORD))

    gate = Checkpoint(
        event=games, name=DEMO_GATE, kind=CheckpointKind.GATE, frequency=Frequency.DAILY, venue=games.venues[0]
    )
    db.session.add(gate)
    for (username, full_name), point in zip(DEMO_VOLUNTEERS, (gate, booths[0]), strict=True):
        volunteer = auth.save_user(
            None, username=username, role=UserRole.VOLUNTEER, full_name=full_name, password=DEMO_PASSWORD
        )
        point.volunteers = [volunteer]
    if entries:
        _demo_entries(rng, games, units[:8], competitions)
    # The demo has no check-ins yet: everyone registered (approved) gets a participation certificate.
    db.session.flush()
    for event in (games, festival):
        style = certificates.style_of(event)
        style.organisation, style.place = "LIÊN ĐOÀN LAO ĐỘNG TỈNH ĐẮK LẮK", "Đắk Lắk"
        style.signer_name = DEMO_SIGNER
    certificates.style_of(games).participation_rule = ParticipationRule.REGISTERED
    officials = [
        auth.save_user(None, username=username, role=UserRole.OFFICIAL, full_name=full_name, password=DEMO_PASSWORD)
        for username, full_name in DEMO_OFFICIALS
    ]
    for comp in competitions:  # both officials may enter and confirm every competition's results
        comp.officials = officials
    add_synthetic_people(rng, games, units, people)
    db.session.flush()
    return DemoSummary(
        admin=(admin.username, DEMO_PASSWORD),
        organisers=organisers,
        people=db.session.scalar(select(func.count()).select_from(Person)),
    )


def _new_person(
    rng: random.Random,
    event: Event,
    unit: Unit,
    gender: Gender | None = None,
    role: PersonRole = PersonRole.ATHLETE,
    birth_years: tuple[int, int] = (1966, 2003),
) -> Person:
    gender = gender or rng.choice(list(Gender))
    full_name = random_person_name(rng, gender)
    return Person(
        event=event,
        unit=unit,
        full_name=full_name,
        name_key=name_key(full_name),
        search_key=search_key(full_name),
        gender=gender,
        birth_date=date(rng.randint(*birth_years), rng.randint(1, 12), rng.randint(1, 28)),
        # Card numbers are unique per person: a counter keeps demo data free of clashes.
        union_card_no=f"{next(_CARD_NUMBERS):08d}",
        role=role,
        workplace=f"CĐCS {rng.choice(['Trường THCS', 'Trạm Y tế', 'Công ty', 'UBND xã'])} {unit.name.split()[-1]}",
    )


def _birth_years(comp: Competition, event: Event) -> tuple[int, int]:
    """Birth years that put a person inside the competition's age band on its reference date."""
    ref = comp.age_reference_date or event.starts_on
    oldest = ref.year - (comp.max_age + 1 if comp.max_age is not None else 58)
    youngest = ref.year - (comp.min_age + 1 if comp.min_age is not None else 20)
    return oldest + 1, youngest


# The Hòa Phú festival (daklak-2024.md): activities units enter, and booths where each worker
# is served once (a gift, a health check, a voucher at the zero-dong market).
FESTIVAL_ACTIVITIES = [
    ("performance", "Văn nghệ", "Hội diễn văn nghệ giữa các đơn vị", {"team_min": 5, "team_max": 30}),
    ("tug_of_war", None, "Kéo co (ngày hội)", {"team_min": 10, "team_max": 10}),
    ("sack_race", None, "Nhảy bao bố (ngày hội)", {"team_min": 1, "team_max": 4}),
]
FESTIVAL_BOOTHS = ["Gian quà tặng công nhân", "Khám sức khỏe, cấp thuốc miễn phí", "Tư vấn pháp luật, bảo hiểm xã hội",
                   "Phiên chợ 0 đồng"]  # fmt: skip


def _festival(festival: Event, sports: dict) -> list[Checkpoint]:
    """The festival's activities and its booths (returned)."""
    for code, new_sport, name, size in FESTIVAL_ACTIVITIES:
        sport = sports.get(code) or Sport(code=code, name=new_sport, kind=code)
        db.session.add(Competition(event=festival, sport=sport, name=name, category=Category.MIXED,
                                   format=CompetitionFormat.TEAM, max_entries_per_unit=1, **size))  # fmt: skip
    booths = [
        Checkpoint(event=festival, name=name, kind=CheckpointKind.BOOTH, frequency=Frequency.ONCE)
        for name in FESTIVAL_BOOTHS
    ]
    db.session.add_all(booths)
    return booths


def _demo_entries(rng, games: Event, units: list[Unit], competitions: list[Competition]) -> None:
    """A few units with a leader and valid entries (each athlete in one competition)."""
    for unit in units:
        db.session.add(_new_person(rng, games, unit, role=PersonRole.TEAM_LEADER))
        for comp in competitions[::3]:
            entry = Entry(competition=comp, unit=unit, team_no=1)
            men, women = comp.min_men, comp.min_women
            for i in range(comp.team_min):
                if comp.category == Category.MEN or i < men:
                    gender = Gender.MALE
                elif comp.category == Category.WOMEN or i < men + women:
                    gender = Gender.FEMALE
                else:
                    gender = rng.choice(list(Gender))
                person = _new_person(rng, games, unit, gender, birth_years=_birth_years(comp, games))
                db.session.add(person)
                entry.members.append(EntryMember(person=person))
            db.session.add(entry)
    # Six units approved (enough for a volleyball draw of two groups), one submitted, one draft.
    statuses = [RegistrationStatus.APPROVED] * 6 + [RegistrationStatus.SUBMITTED]
    for day, (unit, status) in enumerate(
        zip(units, statuses, strict=False), start=2
    ):  # sent in August, before the deadline
        sent = datetime(2024, 8, day, 2, 30, tzinfo=UTC)
        db.session.add(Registration(event=games, unit=unit, status=status, submitted_at=sent))


def add_synthetic_people(rng: random.Random, event: Event, units: list[Unit], count: int) -> None:
    """``count`` synthetic people with realistic Vietnamese names, spread over the units."""
    batch = []
    for i in range(count):
        batch.append(_new_person(rng, event, units[i % len(units)]))
        if len(batch) >= 1000:
            db.session.add_all(batch)
            db.session.flush()
            batch = []
    db.session.add_all(batch)
