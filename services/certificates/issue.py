"""Certificates: who gets one, their serials, keeping them in step with the results, and the
plain data the printable draws.

Rules kept here:
- participation: everyone admitted at a checkpoint at least once (or, if the event says so,
  everyone registered by a unit whose registration is approved);
- awards: every place of every competition (services/results/placements.py, tally.py) — for a team one
  certificate for the team and one per member; for singles and pairs one per person —
  and places 1–3 of the overall ranking, one per unit;
- a certificate is issued once (its ``key``) and keeps its serial when reprinted; one whose
  award no longer holds (a result corrected) is revoked, and reinstated if it holds again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from extensions import db
from models import (
    Certificate,
    CertificateKind,
    CertificateStyle,
    CheckIn,
    Checkpoint,
    Competition,
    CompetitionFormat,
    Entry,
    EntryMember,
    Event,
    ParticipationRule,
    Person,
    Registration,
    RegistrationStatus,
    Unit,
    utcnow,
)
from services import bulk
from services.errors import DomainError
from services.labels import place_label
from services.lookup import lock_row, one_made_once
from services.results import tally
from services.text import nfc, random_text

SERIAL_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford: no I, L, O, U to misread
REVOKED_RESULT = "Kết quả đã được sửa: giấy chứng nhận này không còn giá trị."
REVOKED_PARTICIPATION = "Không còn trong danh sách tham gia."


# --- wording ---------------------------------------------------------------------------------


def default_style(event: Event) -> dict:
    return {
        "national_header": True,
        "organisation": "LIÊN ĐOÀN LAO ĐỘNG TỈNH",
        "participation_title": "GIẤY CHỨNG NHẬN",
        "participation_text": "Đã tham gia {event}.",
        "award_title": "GIẤY CHỨNG NHẬN",
        "award_text": "Đã đạt giải {place} nội dung {competition} tại {event}.",
        "overall_text": "Đã đạt giải {place} toàn đoàn tại {event}.",
        "place": "",
        "issued_on": event.ends_on,
        "signer_title": "TM. BAN TỔ CHỨC\nTRƯỞNG BAN",
        "signer_name": "",
        "participation_rule": ParticipationRule.CHECKED_IN,
    }


def style_of(event: Event) -> CertificateStyle:
    """The event's certificate wording, made with the defaults the first time."""
    return one_made_once(CertificateStyle, {"event_id": event.id}, lambda: default_style(event))


PLACEHOLDERS = ("event", "competition", "place", "unit")


@dataclass
class StyleData:
    national_header: bool
    organisation: str
    participation_title: str
    participation_text: str
    award_title: str
    award_text: str
    overall_text: str
    place: str
    issued_on: date | None
    signer_title: str
    signer_name: str
    participation_rule: str
    background: bytes | None = None  # None: keep the one there is
    remove_background: bool = False


def save_style(event: Event, data: StyleData) -> CertificateStyle:
    style = style_of(event)
    for name in ("participation_text", "award_text", "overall_text"):
        text = nfc(getattr(data, name))
        try:
            text.format(**dict.fromkeys(PLACEHOLDERS, ""))
        except (KeyError, IndexError, ValueError):
            raise DomainError(
                _("Chỉ dùng được {event}, {competition}, {place}, {unit} trong lời văn."), field=name
            ) from None
    if data.background is not None and not data.background.startswith((b"\x89PNG", b"\xff\xd8")):
        raise DomainError(_("Ảnh nền phải là tệp PNG hoặc JPEG."), field="background")
    for name in StyleData.__dataclass_fields__:
        if name in ("background", "remove_background"):
            continue
        value = getattr(data, name)
        setattr(style, name, nfc(value) if isinstance(value, str) else value)
    style.participation_rule = ParticipationRule(data.participation_rule)
    if data.remove_background:
        style.background = None
    elif data.background is not None:
        style.background = data.background
    db.session.flush()
    return style


# --- who gets one ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Wanted:
    kind: CertificateKind
    unit_id: int
    holder: str
    person_id: int | None = None
    competition_id: int | None = None
    entry_id: int | None = None
    place: int | None = None


def _participants(event: Event, rule: ParticipationRule) -> list[Person]:
    if rule == ParticipationRule.REGISTERED:
        query = (
            select(Person)
            .join(Registration, (Registration.unit_id == Person.unit_id) & (Registration.event_id == Person.event_id))
            .where(Person.event_id == event.id, Registration.status == RegistrationStatus.APPROVED)
        )
    else:
        admitted = select(CheckIn.person_id).join(Checkpoint).where(Checkpoint.event_id == event.id)
        query = select(Person).where(Person.event_id == event.id, Person.id.in_(admitted))
    return list(db.session.scalars(query))


def wanted(event: Event, kinds: set[CertificateKind]) -> dict[str, Wanted]:
    """Every certificate the event should have now, by key."""
    out: dict[str, Wanted] = {}
    if CertificateKind.PARTICIPATION in kinds:
        for person in _participants(event, style_of(event).participation_rule):
            out[f"participation:{person.id}"] = Wanted(
                CertificateKind.PARTICIPATION, person.unit_id, person.full_name, person_id=person.id
            )
    if kinds & {CertificateKind.AWARD, CertificateKind.OVERALL}:
        tallied, entries, comps = tally.event_tally(event)
        if CertificateKind.AWARD in kinds:
            members = _members([p.entry_id for places in tallied.places.values() for p in places])
            for comp in comps:
                out |= _award_wants(comp, tallied.places[comp.id], entries, members)
        for t in tallied.overall if CertificateKind.OVERALL in kinds else []:
            if t.rank <= 3 and (t.total or t.points):
                out[f"overall:{t.unit_id}:{t.rank}"] = Wanted(
                    CertificateKind.OVERALL, t.unit_id, tallied.units[t.unit_id].name, place=t.rank
                )
    return out


def _members(entry_ids: list[int]) -> dict[int, list[Person]]:
    """Entry id → its members in the order they were named (one query)."""
    members: dict[int, list[Person]] = {}
    for entry_id, person in db.session.execute(
        select(EntryMember.entry_id, Person)
        .join(Person, Person.id == EntryMember.person_id)
        .where(EntryMember.entry_id.in_(entry_ids or [-1]))
        .order_by(EntryMember.id)
    ):
        members.setdefault(entry_id, []).append(person)
    return members


def _award_wants(comp: Competition, places, entries: dict[int, Entry], members) -> dict[str, Wanted]:
    """A competition's award certificates: for a team one for the team and one per member;
    for singles and pairs one per person (one for the entry if it has no members)."""
    out: dict[str, Wanted] = {}
    for p in places:
        entry = entries[p.entry_id]
        base = f"award:{comp.id}:{entry.id}:{p.place}"
        common = {"competition_id": comp.id, "entry_id": entry.id, "place": p.place}
        if comp.format == CompetitionFormat.TEAM or not members.get(entry.id):
            team = entry.unit.name + (f" ({entry.team_no})" if entry.team_no > 1 else "")
            out[base] = Wanted(CertificateKind.AWARD, entry.unit_id, team, **common)
        for person in members.get(entry.id, []):
            out[f"{base}:{person.id}"] = Wanted(
                CertificateKind.AWARD, entry.unit_id, person.full_name, person_id=person.id, **common
            )
    return out


def _new_serial(taken: set[str]) -> str:
    while True:
        raw = random_text(SERIAL_ALPHABET, 10)
        serial = f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"
        if serial not in taken:
            taken.add(serial)
            return serial


def sync(event: Event, kinds: set[CertificateKind] | None = None) -> None:
    """Issue what is missing, revoke what no longer holds, reinstate what holds again."""
    kinds = kinds or set(CertificateKind)
    have = select(Certificate).where(Certificate.event_id == event.id, Certificate.kind.in_(kinds))
    _apply(event, wanted(event, kinds), have)


def _apply(event: Event, want: dict[str, Wanted], have_query) -> bool:
    """Make the certificates ``have_query`` selects match ``want``; True if anything changed.
    Two syncs of one event (two prints at once) run one after the other: the event's row is
    locked first, so a certificate is never issued twice."""
    lock_row(Event, event.id)
    have = {c.key: c for c in db.session.scalars(have_query)}
    taken = set(db.session.scalars(select(Certificate.serial).where(Certificate.event_id == event.id)))
    now, changed = utcnow(), False
    new = []
    for key, w in want.items():
        cert = have.get(key)
        if cert is None:
            new.append({"serial": _new_serial(taken), "event_id": event.id, "key": key, "issued_at": now, **vars(w)})
        elif cert.revoked_at is not None:
            cert.revoked_at, cert.revoked_reason = None, ""
            changed = True
    for key, cert in have.items():
        if key not in want and cert.revoked_at is None:
            cert.revoked_at = now
            cert.revoked_reason = (
                REVOKED_PARTICIPATION if cert.kind == CertificateKind.PARTICIPATION else REVOKED_RESULT
            )
            changed = True
    db.session.flush()
    bulk.insert_rows(Certificate, new)
    return changed or bool(new)


def follow_places(comp: Competition, places) -> None:
    """After a competition's confirmed results changed (services/results/follow_up.py): once
    award certificates have been issued for the event, this competition's follow its places;
    the overall ones are worked out again only if those places changed."""
    event = comp.event
    issued = select(Certificate.id).where(
        Certificate.event_id == event.id, Certificate.kind.in_([CertificateKind.AWARD, CertificateKind.OVERALL])
    )
    if not db.session.scalar(select(issued.exists())):
        return
    entries = {
        e.id: e
        for e in db.session.scalars(
            select(Entry).where(Entry.id.in_([p.entry_id for p in places] or [-1])).options(joinedload(Entry.unit))
        )
    }
    have = select(Certificate).where(
        Certificate.event_id == event.id,
        Certificate.kind == CertificateKind.AWARD,
        Certificate.competition_id == comp.id,
    )
    want = _award_wants(comp, places, entries, _members([p.entry_id for p in places]))
    if _apply(event, want, have):
        sync(event, {CertificateKind.OVERALL})


# --- printing --------------------------------------------------------------------------------


@dataclass
class CertificateData:
    serial: str
    title: str
    holder: str
    unit_name: str
    text: str
    verify_url: str
    organisation: str
    place_date: str  # "Đắk Lắk, ngày 30 tháng 8 năm 2024"
    signer_title: str
    signer_name: str
    national_header: bool = True
    place_label: str = ""  # "Nhất", "Nhì", … (awards)


def place_and_date(place: str, day: date | None) -> str:
    """ "Đắk Lắk, ngày 30 tháng 8 năm 2024": a day under 10 and the months 1 and 2 take a
    leading zero (Nghị định 30/2020/NĐ-CP, Phụ lục I), so that nothing can be written in front."""
    if day is None:
        return place
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    text = f"ngày {day.day:02d} tháng {month} năm {day.year}"
    return f"{place}, {text}" if place else text.capitalize()


def event_competitions(event: Event):
    return db.session.scalars(select(Competition).where(Competition.event_id == event.id))


def certificate_data(cert: Certificate, style: CertificateStyle, event: Event, unit: Unit, names: dict, base_url: str):
    place = place_label(cert.place) if cert.place else ""
    fields = {"event": event.name, "competition": names.get(cert.competition_id, ""), "place": place, "unit": unit.name}
    if cert.kind == CertificateKind.PARTICIPATION:
        title, text = style.participation_title, style.participation_text
    elif cert.kind == CertificateKind.AWARD:
        title, text = style.award_title, style.award_text
    else:
        title, text = style.award_title, style.overall_text
    team = cert.person_id is None  # a team's or the unit's own certificate: its holder is the unit
    return CertificateData(
        serial=cert.serial,
        title=title,
        holder=cert.holder,
        unit_name="" if team and cert.holder.casefold().startswith(unit.name.casefold()) else unit.name,
        text=text.format(**fields),
        verify_url=f"{base_url.rstrip('/')}/verify/{cert.serial}",
        organisation=style.organisation,
        place_date=place_and_date(style.place, style.issued_on),
        signer_title=style.signer_title,
        signer_name=style.signer_name,
        national_header=style.national_header,
        place_label=place,
    )


def filename(event: Event, unit: Unit | None, kind: CertificateKind | None) -> str:
    parts = ["giay-chung-nhan", event.slug] + ([unit.code] if unit else []) + ([kind.value] if kind else [])
    return "-".join(parts) + ".pdf"


def counts(event: Event) -> dict[str, dict[str, int]]:
    """Issued and revoked certificates per kind."""
    out = {k.value: {"issued": 0, "revoked": 0} for k in CertificateKind}
    for kind, revoked, n in db.session.execute(
        select(Certificate.kind, Certificate.revoked_at.is_not(None), func.count())
        .where(Certificate.event_id == event.id)
        .group_by(Certificate.kind, Certificate.revoked_at.is_not(None))
    ):
        out[kind.value]["revoked" if revoked else "issued"] += n
    return out
