"""Who is there: live counts per checkpoint, unit and competition, and who has not arrived.

A person has arrived once any checkpoint of the event admitted them. A fixed number of
queries whatever the size of the event.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from extensions import db
from models import CheckIn, Checkpoint, Competition, Entry, EntryMember, Event, Person, Scan, Unit
from services.checkin.outcomes import ScanOutcome
from services.labels import label
from services.text import name_sort_key, text_sort_key


@dataclass
class CheckpointLine:
    checkpoint: Checkpoint
    people: int = 0
    scans: int = 0
    refused: int = 0


@dataclass
class UnitLine:
    unit: Unit
    registered: int = 0
    arrived: int = 0
    missing: dict[str, list[str]] = field(default_factory=dict)  # competition → names not arrived


@dataclass
class CompetitionLine:
    competition: Competition
    entered: int = 0
    arrived: int = 0


@dataclass
class Attendance:
    checkpoints: list[CheckpointLine]
    units: list[UnitLine]
    competitions: list[CompetitionLine]
    registered: int
    arrived: int


def attendance(event: Event, unit: Unit | None = None) -> Attendance:
    arrived_ids = set(
        db.session.scalars(select(CheckIn.person_id).join(Checkpoint).where(Checkpoint.event_id == event.id).distinct())
    )
    cps = db.session.scalars(select(Checkpoint).where(Checkpoint.event_id == event.id)).all()
    lines = {c.id: CheckpointLine(c) for c in cps}
    for cp_id, people in db.session.execute(
        select(CheckIn.checkpoint_id, func.count(func.distinct(CheckIn.person_id)))
        .where(CheckIn.checkpoint_id.in_(lines))
        .group_by(CheckIn.checkpoint_id)
    ):
        lines[cp_id].people = people
    for cp_id, outcome, n in db.session.execute(
        select(Scan.checkpoint_id, Scan.outcome, func.count())
        .where(Scan.checkpoint_id.in_(lines))
        .group_by(Scan.checkpoint_id, Scan.outcome)
    ):
        lines[cp_id].scans += n
        if outcome not in ("admitted", "repeat"):
            lines[cp_id].refused += n

    people_stmt = select(Person.id, Person.unit_id, Person.full_name).where(Person.event_id == event.id)
    if unit is not None:
        people_stmt = people_stmt.where(Person.unit_id == unit.id)
    people = db.session.execute(people_stmt).all()
    unit_stmt = select(Unit).where(Unit.id.in_({p.unit_id for p in people}))
    units = {u.id: UnitLine(u) for u in db.session.scalars(unit_stmt)}
    for p in people:
        units[p.unit_id].registered += 1
        units[p.unit_id].arrived += p.id in arrived_ids

    comps = {
        c.id: CompetitionLine(c)
        for c in db.session.scalars(select(Competition).where(Competition.event_id == event.id))
    }
    members = (
        select(Entry.unit_id, Entry.competition_id, EntryMember.person_id, Person.full_name)
        .join(EntryMember, EntryMember.entry_id == Entry.id)
        .join(Person, Person.id == EntryMember.person_id)
        .where(Entry.competition_id.in_(comps))
    )
    if unit is not None:
        members = members.where(Entry.unit_id == unit.id)
    missing: dict[int, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    for unit_id, comp_id, person_id, name in db.session.execute(members):
        comps[comp_id].entered += 1
        if person_id in arrived_ids:
            comps[comp_id].arrived += 1
        else:
            missing[unit_id][comp_id].append(name)
    for unit_id, by_comp in missing.items():
        if unit_id in units:
            units[unit_id].missing = {
                comps[c].competition.name: sorted(names, key=name_sort_key)
                for c, names in sorted(by_comp.items(), key=lambda kv: text_sort_key(comps[kv[0]].competition.name))
            }
    return Attendance(
        checkpoints=sorted(lines.values(), key=lambda line: text_sort_key(line.checkpoint.name)),
        units=sorted(
            units.values(), key=lambda line: (not line.unit.counts_for_participation, text_sort_key(line.unit.name))
        ),
        competitions=sorted(
            (c for c in comps.values() if c.entered), key=lambda line: text_sort_key(line.competition.name)
        ),
        registered=len(people),
        arrived=sum(1 for p in people if p.id in arrived_ids),
    )


@dataclass
class Conflict:
    scan: Scan
    shown: str  # what the phone showed (its offline verdict, or the server's first answer)
    concluded: str  # what the server holds now
    advice: str  # what the checkpoint's people should do about it


def conflicts(event: Event) -> list[Conflict]:
    """Scans a phone said "admitted" to that are not the admission: one badge let in offline
    at two once-only gates, or an online admission taken by an earlier scan made offline that
    arrived later. For the federation to follow up, with what to do at each kind of checkpoint."""
    scans = db.session.scalars(
        select(Scan)
        .join(Checkpoint)
        .where(
            Checkpoint.event_id == event.id,
            ((Scan.offline_outcome == "admitted") & (Scan.outcome != "admitted")) | Scan.superseded_at.is_not(None),
        )
        .options(joinedload(Scan.person), joinedload(Scan.checkpoint), joinedload(Scan.device))
        .order_by(Scan.scanned_at)
    )
    return [_conflict(scan) for scan in scans]


def _conflict(scan: Scan) -> Conflict:
    outcome = ScanOutcome(scan.outcome)
    if scan.superseded_at is not None:
        concluded = _("Lượt lặp: một lượt quét ngoại tuyến sớm hơn (gửi lên sau) mới là lượt vào đầu tiên.")
    else:
        concluded = scan.response.get("message", "")
    if outcome == ScanOutcome.LIMIT_REACHED:
        advice = _(
            "Người này đã nhận hai lần tại quầy chỉ phát một lần: ghi vào biên bản quầy, "
            "liên hệ đơn vị để thu lại phần thứ hai nếu còn được."
        )
    elif outcome == ScanOutcome.REPEAT:
        advice = _("Không cần làm gì: người này đã vào, chỉ một lượt vào được tính.")
    else:
        advice = _("Kiểm tra lại người này: máy chủ không cho vào (lý do bên cạnh).")
    return Conflict(scan, label(ScanOutcome(scan.offline_outcome or "admitted")), concluded, advice)
