"""The check-in rules, pure: who may pass a checkpoint, when, and how often.

One mechanism for every checkpoint: a gate, a sports hall and a gift booth differ only by
their rules. ``refusal`` says why a valid badge is refused here (closed or outside the
hours; the admission policy: the holder's unit's registration for the event is not approved,
unless the checkpoint admits unapproved units; a role, unit or competition not allowed);
``slot_for`` says which admissions count
as the same one (once ever, once a Vietnam day, or every scan). Everything a scan needs to
be judged again is stored with it (services/checkin/store.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask_babel import gettext as _

from models import CheckpointKind, Frequency, RegistrationStatus
from services.badges import tokens
from services.checkin.outcomes import ScanOutcome
from services.i18n import to_local
from services.labels import label

CLOCK_SKEW = timedelta(minutes=5)  # a phone's clock ahead by more than this is not believed
SCAN_DAYS_SLACK = timedelta(days=1)  # a scan's own time may lie this far outside the event's days
RECENT_SCAN = timedelta(days=2)  # ... or this far back from now (a rehearsal before the event)


def believable_scan_time(at: datetime, first_day: date, last_day: date, now: datetime) -> bool:
    """A time a phone sends with a scan (made offline) is believed within the event's days,
    one day either side (Vietnam dates), or in the last two days (a rehearsal's scans sent
    later); a phone whose clock says 1970 is not. The scanner then sends the scan again
    without its time, and the server's clock dates it."""
    if now - RECENT_SCAN <= at <= now + CLOCK_SKEW:
        return True
    day = to_local(at).date()
    return first_day - SCAN_DAYS_SLACK <= day <= last_day + SCAN_DAYS_SLACK


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
    admit_unapproved: bool = False


def refusal(
    checkpoint, person: tokens.Holder, at: datetime, entered: Callable[[], set[int]]
) -> tuple[ScanOutcome, str] | None:
    """(outcome, reason) when the checkpoint's rules refuse this person at this time, else None.

    ``checkpoint``: a Checkpoint or CheckpointRules; ``entered()``: the person's competition
    ids (asked only when the checkpoint is limited to some competitions).
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
        return ScanOutcome.OUTSIDE_WINDOW, reason
    if not checkpoint.admit_unapproved and person.registration != RegistrationStatus.APPROVED.value:
        return ScanOutcome.NOT_ALLOWED, _(
            "Đăng ký chưa được duyệt: %(unit)s (%(status)s)",
            unit=person.unit_name,
            status=label(RegistrationStatus(person.registration)) if person.registration else _("chưa đăng ký"),
        )
    if checkpoint.allowed_roles and person.role.value not in checkpoint.allowed_roles:
        return ScanOutcome.NOT_ALLOWED, _("%(role)s không được vào %(cp)s", role=label(person.role), cp=checkpoint.name)
    if checkpoint.allowed_unit_ids and person.unit_id not in checkpoint.allowed_unit_ids:
        return ScanOutcome.NOT_ALLOWED, _(
            "Đơn vị %(unit)s không thuộc %(cp)s", unit=person.unit_name, cp=checkpoint.name
        )
    if checkpoint.allowed_competition_ids and not entered() & set(checkpoint.allowed_competition_ids):
        return ScanOutcome.NOT_ALLOWED, _("Không thi đấu nội dung nào tại %(cp)s", cp=checkpoint.name)
    return None


def slot_for(checkpoint, at: datetime, client_scan_id: str) -> str:
    """Admissions share a slot when only one is allowed: once ever, once a local day."""
    if checkpoint.frequency == Frequency.ONCE:
        return "once"
    if checkpoint.frequency == Frequency.DAILY:
        return to_local(at).date().isoformat()
    return client_scan_id


def repeat_outcome(kind: CheckpointKind) -> ScanOutcome:
    """A second admission in a taken slot: a booth refuses it, a gate or hall says "already in"."""
    return ScanOutcome.LIMIT_REACHED if kind == CheckpointKind.BOOTH else ScanOutcome.REPEAT
