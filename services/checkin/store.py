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
from models import Entry, EntryMember, utcnow
from services.badges import tokens
from services.checkin import journal
from services.checkin.dbwrite import turn_within
from services.checkin.devices import DEVICE_SEEN_EVERY, DeviceContext
from services.checkin.outcomes import ScanOutcome
from services.checkin.rawdb import RawConnection
from services.checkin.rules import CLOCK_SKEW, refusal, slot_for
from services.checkin.steps import STORE_AT_ONCE, Verdict, store_in_transaction
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
    return Verdict(scan, response, slot, checkpoint.kind, touch_device=stale, device_name=device.name)


def _entered(person_id: int) -> set[int]:
    """The competitions a person is entered in (for checkpoints limited to some)."""
    return set(
        db.session.scalars(select(Entry.competition_id).join(EntryMember).where(EntryMember.person_id == person_id))
    )


def _holder_row(raw: RawConnection, sql: str, params: dict):
    row = raw.one(sql, params)
    return None if row is None else (*row[:3], raw.datetime(row[3]), *row[4:])


def store_scan(raw: RawConnection, verdict: Verdict) -> dict:
    """Record a judged scan exactly once; the admission, if any, is a unique row. Returns the answer.

    Of two devices scanning one badge at the same instant at a once-only checkpoint exactly
    one admission row is inserted and the other scan becomes a repeat. A client_scan_id sent
    twice at once is stored once and both get the first answer. On SQLite a scan that would
    wait long for the write lock is kept in the scan journal instead (journal.py).
    """
    if raw.sqlite:
        response = journal.store(raw, verdict)
    elif raw.one_or_conflict(STORE_AT_ONCE, verdict.scan | {"slot": verdict.slot}):
        response = verdict.response
    else:
        response = store_in_transaction(raw, verdict)
    if verdict.touch_device:
        # A write too: it queues with the others (SQLite), waiting no longer than a scan does:
        # behind a long write a later scan of this device notes it instead.
        with turn_within(journal.OVERFLOW_AFTER) as ours:
            if ours:
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
