"""Recording a scan: judged from reads alone (``judge_scan``), then stored exactly once
(``store_scan``): a client_scan_id sent twice is recorded once, and of two phones scanning
one badge at once at a once-only checkpoint exactly one is admitted. The rules themselves
are in services/checkin/rules.py; the outcomes in outcomes.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from extensions import db
from models import CheckpointKind, Entry, EntryMember, utcnow
from services.badges import tokens
from services.checkin.dbwrite import serialised_write
from services.checkin.devices import DEVICE_SEEN_EVERY, DeviceContext
from services.checkin.outcomes import ScanOutcome
from services.checkin.rawdb import RawConnection
from services.checkin.rules import CLOCK_SKEW, refusal, repeat_outcome, slot_for
from services.i18n import to_local
from services.labels import constant_text, label

# --- recording a scan ------------------------------------------------------------------


@dataclass
class ScanInput:
    code: str
    client_scan_id: str
    scanned_at: datetime | None = None
    offline_outcome: str | None = None


def person_json(holder: tokens.Holder | None) -> dict | None:
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
    ScanOutcome.ADMITTED: _l("Hợp lệ – mời vào."),
    ScanOutcome.FORGED: _l("Mã không hợp lệ hoặc bị làm giả."),
    ScanOutcome.UNKNOWN: _l("Không có thẻ này trong hệ thống."),
    ScanOutcome.REVOKED: _l("Thẻ đã bị huỷ (báo mất); người này đã được cấp thẻ khác."),
}


def _message(outcome: ScanOutcome, check: tokens.Check) -> str:
    if outcome == ScanOutcome.OTHER_EVENT:
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
    outcome, message, slot = None, None, None
    if check.ok:
        refused = refusal(checkpoint, person, at, lambda: _entered(person.person_id))
        if refused:
            outcome, message = refused
        else:
            outcome = ScanOutcome.ADMITTED
            message, slot = _message(outcome, check), slot_for(checkpoint, at, data.client_scan_id)
    else:
        outcome = ScanOutcome(check.outcome.value)
    message = message or _message(outcome, check)
    response = {
        "client_scan_id": data.client_scan_id,
        "outcome": outcome.value,
        "colour": outcome.colour,
        "message": message,
        "scanned_at": at.isoformat(),
        "checkpoint": {"id": checkpoint.id, "name": checkpoint.name},
        "person": person_json(person),
        "first_check_in": None,
    }
    scan = {
        "client_scan_id": data.client_scan_id,
        "checkpoint_id": checkpoint.id,
        "device_id": device.id,
        "person_id": person.person_id if person else None,
        "code": tokens.normalise(data.code)[:64],
        "outcome": outcome.value,
        "scanned_at": at,
        "received_at": now,
        "offline": data.offline_outcome is not None,
        "offline_outcome": data.offline_outcome,
        "response": response,
    }
    stale = device.last_seen_at is None or now - device.last_seen_at > DEVICE_SEEN_EVERY
    return Verdict(scan=scan, response=response, slot=slot, kind=checkpoint.kind, touch_device=stale)


def _entered(person_id: int) -> set[int]:
    """The competitions a person is entered in (for checkpoints limited to some)."""
    return set(
        db.session.scalars(select(Entry.competition_id).join(EntryMember).where(EntryMember.person_id == person_id))
    )


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
    SELECT ci.at, c.name, d.name, ci.id, ci.scan_id FROM check_in ci JOIN checkpoint c ON c.id = ci.checkpoint_id
    JOIN scan s ON s.id = ci.scan_id LEFT JOIN device d ON d.id = s.device_id
    WHERE ci.checkpoint_id = :checkpoint_id AND ci.person_id = :person_id AND ci.slot = :slot
"""

# Alone, without the joins: a row another transaction changed meanwhile is read again as it
# now is, and the next statement (a new snapshot) sees the scan it now points to.
_LOCK_CHECK_IN = """
    SELECT id FROM check_in WHERE checkpoint_id = :checkpoint_id AND person_id = :person_id AND slot = :slot
    FOR UPDATE
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
            try:
                response = _store_in_steps(raw, verdict)
            except BaseException:
                raw.rollback()
                raise
            raw.commit()
    if verdict.touch_device:  # a write too: it queues with the others (SQLite), no busy-wait sleeps
        with serialised_write():
            raw.run(
                "UPDATE device SET last_seen_at = :at WHERE id = :id",
                {"at": verdict.scan["received_at"], "id": verdict.scan["device_id"]},
            )
    return response


def record_scan(raw: RawConnection, device: DeviceContext, data: ScanInput) -> dict:
    """Judge a scan and store it. The badge's holder may be deleted between the two (a unit's
    roster replaced by an import at that instant): the row would then name nobody, so the
    scan is judged again from what is there now (an unknown badge) and stored, once."""
    try:
        return store_scan(raw, judge_scan(raw, device, data))
    except raw.integrity_error:
        return store_scan(raw, judge_scan(raw, device, data))


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
            if not raw.sqlite:  # held until commit: an earlier scan arriving at once waits (_take_admission)
                raw.run(_LOCK_CHECK_IN, admission)
            at, where, by, check_in_id, first_scan_id = raw.one(_FIRST_CHECK_IN, admission)
            first_at = raw.datetime(at)
            if verdict.scan["offline"] and verdict.scan["scanned_at"] < first_at:
                _take_admission(raw, verdict, inserted[0], check_in_id, first_scan_id)
                return response
            outcome = repeat_outcome(verdict.kind)
            response = response | {
                "outcome": outcome.value,
                "colour": outcome.colour,
                "message": _repeat_message(verdict.kind, first_at, where, by),
                "first_check_in": {"at": first_at.isoformat(), "checkpoint": where},
            }
            raw.run(
                "UPDATE scan SET outcome = :outcome, response = :response WHERE id = :id",
                {"outcome": outcome.value, "response": response, "id": inserted[0]},
            )
    return response


def _take_admission(raw: RawConnection, verdict: Verdict, scan_id: int, check_in_id: int, first_scan_id: int) -> None:
    """A scan made offline before the admission on record, arriving after it: the earliest
    believable scan is the admission (its time is the first check-in), the other becomes the
    repeat, marked superseded so the conflict page shows it (the phone that made it had said
    "admitted"). Presence is unchanged: still one admission. The check-in row is locked
    (PostgreSQL) or the write is serialised (SQLite) since it was read."""
    raw.run(
        "UPDATE check_in SET scan_id = :scan_id, at = :at WHERE id = :id",
        {"scan_id": scan_id, "at": verdict.scan["scanned_at"], "id": check_in_id},
    )
    raw.run(
        "UPDATE scan SET outcome = :outcome, superseded_at = :now WHERE id = :id",
        {"outcome": repeat_outcome(verdict.kind).value, "now": verdict.scan["received_at"], "id": first_scan_id},
    )
