"""Writing a judged scan into the database: the SQL, and the steps of one write transaction
(``store_in_steps``) that record it exactly once. Used by store.py, and by journal.py when it
moves the scans it took while SQLite's write lock was busy into the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _

from models import CheckpointKind
from services.checkin.rawdb import RawConnection
from services.checkin.rules import repeat_outcome
from services.i18n import to_local


@dataclass
class Verdict:
    """A scan judged on what the database says (reads only); ``store_scan`` records it."""

    scan: dict  # the scan row's values
    response: dict
    slot: str | None  # an admission to record in this slot (None: nothing to admit)
    kind: CheckpointKind
    touch_device: bool
    device_name: str = ""  # who scanned it: named when a later scan is a repeat of it


def repeat_message(kind: CheckpointKind, at: datetime, where: str, by: str | None) -> str:
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


def repeat_answer(verdict: Verdict, first_at: datetime, where: str, by: str | None) -> dict:
    """The answer to a scan whose slot another admission holds (since ``first_at``, at
    ``where``, scanned by ``by``)."""
    outcome = repeat_outcome(verdict.kind)
    return verdict.response | {
        "outcome": outcome.value,
        "colour": outcome.colour,
        "message": repeat_message(verdict.kind, first_at, where, by),
        "first_check_in": {"at": first_at.isoformat(), "checkpoint": where},
    }


INSERT_SCAN = """
    INSERT INTO scan (client_scan_id, checkpoint_id, device_id, person_id, code, outcome, scanned_at, received_at,
                      offline, offline_outcome, response)
    VALUES (:client_scan_id, :checkpoint_id, :device_id, :person_id, :code, :outcome, :scanned_at, :received_at,
            :offline, :offline_outcome, :response)
    ON CONFLICT (client_scan_id) DO NOTHING RETURNING id
"""
INSERT_CHECK_IN = """
    INSERT INTO check_in (checkpoint_id, person_id, slot, scan_id, at)
    VALUES (:checkpoint_id, :person_id, :slot, :scan_id, :at)
    ON CONFLICT (checkpoint_id, person_id, slot) DO NOTHING RETURNING id
"""
FIRST_CHECK_IN = """
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
STORE_AT_ONCE = """
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


def store_in_transaction(raw: RawConnection, verdict: Verdict) -> dict:
    """``store_in_steps`` in a write transaction of its own (the caller holds the writers'
    turn on SQLite)."""
    raw.begin()
    try:
        response = store_in_steps(raw, verdict)
    except BaseException:
        raw.rollback()
        raise
    raw.commit()
    return response


def store_in_steps(raw: RawConnection, verdict: Verdict) -> dict:
    """A judged scan recorded in a transaction the caller opened: every case (SQLite; on
    PostgreSQL a repeat or a scan sent again). Returns its answer."""
    inserted = raw.one(INSERT_SCAN, verdict.scan)
    if inserted is None:
        row = raw.row("SELECT response FROM scan WHERE client_scan_id = :id", {"id": verdict.scan["client_scan_id"]})
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
        if raw.one(INSERT_CHECK_IN, admission) is None:
            if not raw.sqlite:  # held until commit: an earlier scan arriving at once waits (_take_admission)
                raw.run(_LOCK_CHECK_IN, admission)
            at, where, by, check_in_id, first_scan_id = raw.row(FIRST_CHECK_IN, admission)
            first_at = raw.time(at)
            if verdict.scan["offline"] and verdict.scan["scanned_at"] < first_at:
                _take_admission(raw, verdict, inserted[0], check_in_id, first_scan_id)
                return response
            response = repeat_answer(verdict, first_at, where, by)
            raw.run(
                "UPDATE scan SET outcome = :outcome, response = :response WHERE id = :id",
                {"outcome": response["outcome"], "response": response, "id": inserted[0]},
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
