"""Check-in: judging a scan at a checkpoint, recording it once, and the figures it feeds.

One mechanism for every checkpoint: a gate, a sports hall and a gift booth differ only by
their rules (who may pass, how often, when). The rules are in ``refusal`` and
``slot_for``; everything a scan needs to be judged again is stored with it.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from extensions import db
from models import (
    Badge,
    CheckIn,
    Checkpoint,
    CheckpointKind,
    Competition,
    Device,
    Entry,
    EntryMember,
    Frequency,
    Person,
    Scan,
    User,
    utcnow,
)
from services import tokens
from services.dbwrite import serialised_write
from services.i18n import to_local
from services.labels import constant_text, label
from services.rawdb import RawConnection

UUID_RE = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
CLOCK_SKEW = timedelta(minutes=5)
DEVICE_SEEN_EVERY = timedelta(minutes=1)  # "last seen" is written at most this often

GREEN, AMBER, RED = "green", "amber", "red"
COLOURS = {"admitted": GREEN, "repeat": AMBER}  # everything else is red


# --- devices ----------------------------------------------------------------------------


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_device(
    checkpoint: Checkpoint, actor: User, *, user: User | None = None, name: str = ""
) -> tuple[Device, str]:
    """A device signed in to one checkpoint; returns it and its bearer token (shown once)."""
    token = secrets.token_urlsafe(32)
    device = Device(
        checkpoint=checkpoint,
        user=user,
        name=name or (user.username if user else ""),
        token_hash=_hash(token),
        created_by_id=actor.id if actor else None,
    )
    db.session.add(device)
    db.session.flush()
    return device, token


def device_for_token(token: str | None) -> Device | None:
    """The device this bearer token signs in (an ORM object, for pages), unless unknown or revoked."""
    if not token:
        return None
    device = db.session.scalar(
        select(Device)
        .where(Device.token_hash == _hash(token))
        .options(joinedload(Device.checkpoint).joinedload(Checkpoint.event))
    )
    if device is None or device.revoked_at is not None:
        return None
    return device


@dataclass(frozen=True)
class CheckpointRules:
    """A checkpoint's rules as plain values (what refusal() and slot_for() read)."""

    id: int
    event_id: int
    event_name: str
    name: str
    kind: CheckpointKind
    frequency: Frequency
    allowed_roles: list
    allowed_unit_ids: list
    allowed_competition_ids: list
    opens_at: datetime | None
    closes_at: datetime | None
    active: bool


@dataclass(frozen=True)
class DeviceContext:
    """A signed-in scanning device and its checkpoint, read in one query per API request."""

    id: int
    name: str
    last_seen_at: datetime | None
    checkpoint: CheckpointRules

    @property
    def checkpoint_id(self) -> int:
        return self.checkpoint.id


_DEVICE_SQL = """
    SELECT d.id, d.name, d.last_seen_at, c.id, c.event_id, e.name, c.name, c.kind, c.frequency,
           c.allowed_roles, c.allowed_unit_ids, c.allowed_competition_ids, c.opens_at, c.closes_at, c.active
    FROM device d JOIN checkpoint c ON c.id = d.checkpoint_id JOIN event e ON e.id = c.event_id
    WHERE d.token_hash = :token_hash AND d.revoked_at IS NULL
"""


def device_context(raw: RawConnection, token: str | None) -> DeviceContext | None:
    """The API's signed-in device (None: unknown or revoked), with its checkpoint's rules."""
    if not token:
        return None
    row = raw.one(_DEVICE_SQL, {"token_hash": _hash(token)})
    if row is None:
        return None
    rules = CheckpointRules(
        row[3],
        row[4],
        row[5],
        row[6],
        CheckpointKind(row[7]),
        Frequency(row[8]),
        raw.json(row[9]) or [],
        raw.json(row[10]) or [],
        raw.json(row[11]) or [],
        raw.datetime(row[12]),
        raw.datetime(row[13]),
        bool(row[14]),
    )
    return DeviceContext(row[0], row[1], raw.datetime(row[2]), rules)


def revoke_device(device: Device) -> None:
    device.revoked_at = utcnow()
    db.session.flush()


# --- the rules ---------------------------------------------------------------------------


def refusal(
    checkpoint: Checkpoint, person: tokens.Holder, at: datetime, entered: set[int] | None = None
) -> tuple[str, str] | None:
    """(outcome, reason) when the checkpoint's rules refuse this person at this time, else None.

    ``entered``: the person's competition ids, when the caller has them already.
    """
    if (
        not checkpoint.active
        or (checkpoint.opens_at and at < checkpoint.opens_at)
        or (checkpoint.closes_at and at > checkpoint.closes_at)
    ):
        window = " – ".join(
            to_local(t).strftime("%d/%m %H:%M") for t in (checkpoint.opens_at, checkpoint.closes_at) if t
        )
        reason = _("Ngoài giờ mở của %(cp)s", cp=checkpoint.name) + (f" ({window})" if window else "")
        return "outside_window", reason
    if checkpoint.allowed_roles and person.role.value not in checkpoint.allowed_roles:
        return "not_allowed", _("%(role)s không được vào %(cp)s", role=label(person.role), cp=checkpoint.name)
    if checkpoint.allowed_unit_ids and person.unit_id not in checkpoint.allowed_unit_ids:
        return "not_allowed", _("Đơn vị %(unit)s không thuộc %(cp)s", unit=person.unit_name, cp=checkpoint.name)
    if checkpoint.allowed_competition_ids:
        if entered is None:
            entered = set(
                db.session.scalars(
                    select(Entry.competition_id).join(EntryMember).where(EntryMember.person_id == person.person_id)
                )
            )
        if not entered & set(checkpoint.allowed_competition_ids):
            return "not_allowed", _("Không thi đấu nội dung nào tại %(cp)s", cp=checkpoint.name)
    return None


def slot_for(checkpoint: Checkpoint, at: datetime, client_scan_id: str) -> str:
    """Admissions share a slot when only one is allowed: once ever, once a local day."""
    if checkpoint.frequency == Frequency.ONCE:
        return "once"
    if checkpoint.frequency == Frequency.DAILY:
        return to_local(at).date().isoformat()
    return client_scan_id


# --- recording a scan ------------------------------------------------------------------


@dataclass
class ScanInput:
    code: str
    client_scan_id: str
    scanned_at: datetime | None = None
    offline_outcome: str | None = None


def _person_json(holder: tokens.Holder | None) -> dict | None:
    if holder is None:
        return None
    return {
        "id": holder.person_id,
        "full_name": holder.full_name,
        "unit": holder.unit_name,
        "unit_code": holder.unit_code,
        "role": holder.role.value,
        "role_label": label(holder.role),
    }


def _repeat_message(kind: CheckpointKind, at: datetime, where: str, by: str | None) -> str:
    when, day, by = to_local(at).strftime("%H:%M"), to_local(at).strftime("%d/%m"), by or "?"
    if kind == CheckpointKind.BOOTH:
        return _(
            "Đã nhận lúc %(t)s ngày %(d)s tại %(cp)s (bởi %(by)s): mỗi người chỉ một lần.",
            t=when,
            d=day,
            cp=where,
            by=by,
        )
    return _("Đã vào lúc %(t)s ngày %(d)s tại %(cp)s (bởi %(by)s).", t=when, d=day, cp=where, by=by)


_MESSAGES = {
    "admitted": _l("Hợp lệ – mời vào."),
    "forged": _l("Mã không hợp lệ hoặc bị làm giả."),
    "unknown": _l("Không có thẻ này trong hệ thống."),
    "revoked": _l("Thẻ đã bị huỷ (báo mất); người này đã được cấp thẻ khác."),
}


def _message(outcome: str, check: tokens.Check) -> str:
    if outcome == "other_event":
        return _("Thẻ của sự kiện khác: %(e)s.", e=check.holder.event_name if check.holder else "?")
    return constant_text(_MESSAGES[outcome])


@dataclass
class Verdict:
    """A scan judged on what the database says (reads only); ``store_scan`` records it."""

    scan: dict  # the scan row's values
    response: dict
    slot: str | None  # an admission to record in this slot (None: nothing to admit)
    kind: CheckpointKind
    touch_device: bool


def judge_scan(raw: RawConnection, device: DeviceContext, data: ScanInput) -> Verdict:
    """Decide the verdict from reads alone (``store_scan`` then records it, or finds the
    client_scan_id already recorded and answers as the first time).

    Splitting reads from writes keeps the write transaction a few statements long (SQLite
    holds one writer at a time).
    """
    now = utcnow()
    at = min(data.scanned_at or now, now + CLOCK_SKEW)  # a phone's clock ahead cannot pre-date the future
    checkpoint = device.checkpoint
    check = tokens.check(data.code, checkpoint.event_id, fetch=lambda sql, params: _holder_row(raw, sql, params))
    person = check.holder  # also who a refused badge was
    outcome, message, slot = check.outcome.value, None, None
    if check.ok:
        refused = refusal(checkpoint, person, at)
        if refused:
            outcome, message = refused
        else:
            outcome, message, slot = (
                "admitted",
                _message("admitted", check),
                slot_for(checkpoint, at, data.client_scan_id),
            )
    message = message or _message(outcome, check)
    response = {
        "client_scan_id": data.client_scan_id,
        "outcome": outcome,
        "colour": COLOURS.get(outcome, RED),
        "message": message,
        "scanned_at": at.isoformat(),
        "checkpoint": {"id": checkpoint.id, "name": checkpoint.name},
        "person": _person_json(person),
        "first_check_in": None,
    }
    scan = {
        "client_scan_id": data.client_scan_id,
        "checkpoint_id": checkpoint.id,
        "device_id": device.id,
        "person_id": person.person_id if person else None,
        "code": tokens.normalise(data.code)[:64],
        "outcome": outcome,
        "scanned_at": at,
        "received_at": now,
        "offline": data.offline_outcome is not None,
        "offline_outcome": data.offline_outcome,
        "response": response,
    }
    stale = device.last_seen_at is None or now - device.last_seen_at > DEVICE_SEEN_EVERY
    return Verdict(scan=scan, response=response, slot=slot, kind=checkpoint.kind, touch_device=stale)


def _holder_row(raw: RawConnection, sql: str, params: dict):
    row = raw.one(sql, params)
    return None if row is None else (*row[:3], raw.datetime(row[3]), *row[4:])


_INSERT_SCAN = """
    INSERT INTO scan (client_scan_id, checkpoint_id, device_id, person_id, code, outcome, scanned_at, received_at,
                      offline, offline_outcome, response)
    VALUES (:client_scan_id, :checkpoint_id, :device_id, :person_id, :code, :outcome, :scanned_at, :received_at,
            :offline, :offline_outcome, :response)
    ON CONFLICT (client_scan_id) DO NOTHING RETURNING id
"""
_INSERT_CHECK_IN = """
    INSERT INTO check_in (checkpoint_id, person_id, slot, scan_id, at)
    VALUES (:checkpoint_id, :person_id, :slot, :scan_id, :at)
    ON CONFLICT (checkpoint_id, person_id, slot) DO NOTHING RETURNING id
"""
_FIRST_CHECK_IN = """
    SELECT ci.at, c.name, d.name FROM check_in ci JOIN checkpoint c ON c.id = ci.checkpoint_id
    JOIN scan s ON s.id = ci.scan_id LEFT JOIN device d ON d.id = s.device_id
    WHERE ci.checkpoint_id = :checkpoint_id AND ci.person_id = :person_id AND ci.slot = :slot
"""


# PostgreSQL, one round trip for the usual case (a lone statement in autocommit is its own
# transaction): the admission first, under the scan's id taken from its sequence, then the
# scan, if the admission went in or none was due. Nothing is written and nothing comes back
# when the slot is taken (a repeat) or the client_scan_id is known (sent again); then
# _store_in_steps decides. A scan sent again that would now be admitted (the rules changed)
# inserts an admission for a scan row that is not inserted: the foreign key refuses the whole
# statement when it ends, and _store_in_steps answers as the first time.
_STORE_AT_ONCE = """
    WITH new AS (SELECT nextval(pg_get_serial_sequence('scan', 'id')) AS id),
    admission AS (
        INSERT INTO check_in (checkpoint_id, person_id, slot, scan_id, at)
        SELECT :checkpoint_id, :person_id, CAST(:slot AS VARCHAR), new.id, :scanned_at
        FROM new WHERE CAST(:slot AS VARCHAR) IS NOT NULL
        ON CONFLICT (checkpoint_id, person_id, slot) DO NOTHING RETURNING scan_id
    )
    INSERT INTO scan (id, client_scan_id, checkpoint_id, device_id, person_id, code, outcome, scanned_at,
                      received_at, offline, offline_outcome, response)
    SELECT new.id, :client_scan_id, :checkpoint_id, :device_id, :person_id, :code, :outcome, :scanned_at,
           :received_at, :offline, :offline_outcome, :response
    FROM new WHERE CAST(:slot AS VARCHAR) IS NULL OR EXISTS (SELECT 1 FROM admission)
    ON CONFLICT (client_scan_id) DO NOTHING RETURNING id
"""


def store_scan(raw: RawConnection, verdict: Verdict) -> dict:
    """Record a judged scan exactly once; the admission, if any, is a unique row. Returns the answer.

    Of two devices scanning one badge at the same instant at a once-only checkpoint exactly
    one admission row is inserted and the other scan becomes a repeat. A client_scan_id sent
    twice at once is stored once and both get the first answer.
    """
    if not raw.sqlite and raw.one_or_conflict(_STORE_AT_ONCE, verdict.scan | {"slot": verdict.slot}):
        response = verdict.response
    else:
        with serialised_write():
            raw.begin()
            response = _store_in_steps(raw, verdict)
            raw.commit()
    if verdict.touch_device:
        raw.run(
            "UPDATE device SET last_seen_at = :at WHERE id = :id",
            {"at": verdict.scan["received_at"], "id": verdict.scan["device_id"]},
        )
    return response


def _store_in_steps(raw: RawConnection, verdict: Verdict) -> dict:
    """store_scan in a transaction the caller opened: every case (SQLite; on PostgreSQL a
    repeat or a scan sent again)."""
    inserted = raw.one(_INSERT_SCAN, verdict.scan)
    if inserted is None:
        row = raw.one("SELECT response FROM scan WHERE client_scan_id = :id", {"id": verdict.scan["client_scan_id"]})
        return raw.json(row[0])
    response = verdict.response
    if verdict.slot is not None:
        admission = {
            "checkpoint_id": verdict.scan["checkpoint_id"],
            "person_id": verdict.scan["person_id"],
            "slot": verdict.slot,
            "scan_id": inserted[0],
            "at": verdict.scan["scanned_at"],
        }
        if raw.one(_INSERT_CHECK_IN, admission) is None:
            at, where, by = raw.one(_FIRST_CHECK_IN, admission)
            outcome = "limit_reached" if verdict.kind == CheckpointKind.BOOTH else "repeat"
            first_at = raw.datetime(at)
            response = response | {
                "outcome": outcome,
                "colour": COLOURS.get(outcome, RED),
                "message": _repeat_message(verdict.kind, first_at, where, by),
                "first_check_in": {"at": first_at.isoformat(), "checkpoint": where},
            }
            raw.run(
                "UPDATE scan SET outcome = :outcome, response = :response WHERE id = :id",
                {"outcome": outcome, "response": response, "id": inserted[0]},
            )
    return response


# --- figures -------------------------------------------------------------------------------


def _checkpoint_json(checkpoint) -> dict:
    return {
        "id": checkpoint.id,
        "name": checkpoint.name,
        "kind": checkpoint.kind.value,
        "frequency": checkpoint.frequency.value,
    }


def checkpoint_status(checkpoint: Checkpoint) -> dict:
    today = to_local(utcnow()).date().isoformat()
    admitted = db.session.scalar(
        select(func.count(func.distinct(CheckIn.person_id))).where(CheckIn.checkpoint_id == checkpoint.id)
    )
    rows = dict(
        db.session.execute(
            select(Scan.outcome, func.count()).where(Scan.checkpoint_id == checkpoint.id).group_by(Scan.outcome)
        ).all()
    )
    today_count = (
        db.session.scalar(
            select(func.count())
            .select_from(CheckIn)
            .where(CheckIn.checkpoint_id == checkpoint.id, CheckIn.slot == today)
        )
        if checkpoint.frequency == Frequency.DAILY
        else None
    )
    return {
        "checkpoint": _checkpoint_json(checkpoint),
        "people_admitted": admitted,
        "admitted_today": today_count,
        "scans": sum(rows.values()),
        "outcomes": rows,
    }


def offline_list(checkpoint: Checkpoint) -> dict:
    """What a phone keeps to judge badges without the network: hashes of valid tokens and
    short codes with the person's name, unit, role and this checkpoint's verdict."""
    rows = db.session.execute(
        select(Badge, Person)
        .join(Person, Badge.person_id == Person.id)
        .where(Badge.event_id == checkpoint.event_id, Badge.revoked_at.is_(None))
        .options(joinedload(Person.unit))
    ).all()
    now = utcnow()
    slot = slot_for(checkpoint, now, "")
    admitted = (
        set(
            db.session.scalars(
                select(CheckIn.person_id).where(CheckIn.checkpoint_id == checkpoint.id, CheckIn.slot == slot)
            )
        )
        if slot
        else set()
    )
    entered: dict[int, set[int]] = {}
    for person_id, competition_id in db.session.execute(
        select(EntryMember.person_id, Entry.competition_id)
        .join(Entry)
        .join(Competition, Competition.id == Entry.competition_id)
        .where(Competition.event_id == checkpoint.event_id)
    ):
        entered.setdefault(person_id, set()).add(competition_id)
    badges = []
    for badge, person in rows:
        holder = tokens.holder_of(badge, person)
        refused = refusal(checkpoint, holder, now, entered.get(person.id, set()))
        badges.append(
            {
                "t": hashlib.sha256(tokens.token_for(badge).encode()).hexdigest(),
                "c": hashlib.sha256(badge.short_code.encode()).hexdigest(),
                "name": person.full_name,
                "unit": person.unit.name,
                "role": label(person.role),
                "refused": refused[1] if refused else None,
                "admitted": person.id in admitted,
            }
        )
    return {
        "checkpoint": _checkpoint_json(checkpoint),
        "generated_at": now.isoformat(),
        "badges": badges,
    }


def search_people(checkpoint: Checkpoint, query: str, limit: int = 20) -> list[dict]:
    """The last resort when a badge will not scan: people of the event by name or card number."""
    from services.text import name_key, name_sort_key

    query = (query or "").strip()
    if len(query) < 2:
        return []
    stmt = (
        select(Person, Badge)
        .join(Badge, (Badge.person_id == Person.id) & Badge.revoked_at.is_(None))
        .where(Person.event_id == checkpoint.event_id)
        .where(Person.name_key.contains(name_key(query)) | (Person.union_card_no == query.replace(" ", "")))
        .options(joinedload(Person.unit))
        .limit(limit)
    )
    rows = sorted(db.session.execute(stmt).all(), key=lambda r: name_sort_key(r.Person.full_name))
    return [_person_json(tokens.holder_of(badge, person)) | {"short_code": badge.short_code} for person, badge in rows]
