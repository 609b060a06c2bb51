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
from dataclasses import MISSING, dataclass, field, fields
from datetime import date, datetime, timedelta
from enum import Enum
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from models import CheckpointKind, Frequency, PersonRole, RegistrationStatus
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
class Rule:
    """How one checkpoint rule is typed and kept. ``input``: "choice" (one of ``choices``),
    "choices" (several of ``choices``), "ids" (records chosen on the form), "moment" (a date
    and time, or none), "flag" (yes/no)."""

    label: Any
    input: str
    choices: type[Enum] | None = None
    description: Any = None


def _rule(label, input_kind: str, choices: type[Enum] | None = None, description=None, **default):
    return field(metadata={"rule": Rule(label, input_kind, choices, description)}, **default)


@dataclass(frozen=True, kw_only=True)
class RuleSet:
    """A checkpoint's rules, declared once. Each field here is a column of ``Checkpoint`` (a
    migration adds it), a field of the admin's form (blueprints/admin/forms.py builds it from
    the label and input), a column the scan API reads (services/checkin/devices.py), a part of
    the offline list's key (services/checkin/offline.py: a phone refreshes when it changes)
    and is saved by services/checkin/checkpoints.py; ``refusal`` or ``slot_for`` reads it."""

    kind: CheckpointKind = _rule(_l("Loại"), "choice", CheckpointKind)
    frequency: Frequency = _rule(_l("Mỗi người được qua"), "choice", Frequency)
    allowed_roles: list[str] = _rule(
        _l("Vai trò được qua (để trống: tất cả)"), "choices", PersonRole, default_factory=list
    )
    allowed_unit_ids: list[int] = _rule(_l("Đơn vị được qua (để trống: tất cả)"), "ids", default_factory=list)
    allowed_competition_ids: list[int] = _rule(
        _l("Chỉ người thi các nội dung (để trống: tất cả)"), "ids", default_factory=list
    )
    opens_at: datetime | None = _rule(_l("Mở lúc (giờ Việt Nam)"), "moment", default=None)
    closes_at: datetime | None = _rule(_l("Đóng lúc (giờ Việt Nam)"), "moment", default=None)
    active: bool = _rule(_l("Đang hoạt động"), "flag", default=True)
    # The admission policy: people of units whose registration is not approved are refused,
    # unless the checkpoint lets them in (a rehearsal, a festival booth open to all).
    admit_unapproved: bool = _rule(
        _l("Cho vào cả người của đơn vị chưa được duyệt đăng ký"),
        "flag",
        description=_l("Mặc định thẻ của đơn vị chưa được duyệt bị từ chối (“Đăng ký chưa được duyệt”)."),
        default=False,
    )


RULES: dict[str, Rule] = {f.name: f.metadata["rule"] for f in fields(RuleSet)}
RULE_DEFAULTS: dict[str, Any] = {
    f.name: f.default_factory() if f.default_factory is not MISSING else f.default
    for f in fields(RuleSet)
    if f.default is not MISSING or f.default_factory is not MISSING
}


def kept(rule: Rule, value):
    """A rule's value as the checkpoint keeps it: an enum member, a sorted list, a bool."""
    if rule.input == "choice" and rule.choices is not None:
        return rule.choices(value)
    if rule.input in ("choices", "ids"):
        return sorted(value or [])
    if rule.input == "flag":
        return bool(value)
    return value


def plain(value):
    """A rule's value as JSON can say it (the offline list's key)."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, list):
        return sorted(value)
    if isinstance(value, datetime):
        return value.isoformat()
    return "" if value is None else value


def rules_values(checkpoint) -> list:
    """Every rule of a Checkpoint or CheckpointRules as plain values, in ``RULES`` order."""
    return [plain(getattr(checkpoint, name)) for name in RULES]


@dataclass(frozen=True, kw_only=True)
class CheckpointRules(RuleSet):
    """A checkpoint's rules as plain values (what refusal() and slot_for() read)."""

    id: int
    event_id: int
    event_name: str
    name: str


def refusal(
    checkpoint, person: tokens.Holder, at: datetime, entered: Callable[[], set[int]]
) -> tuple[ScanOutcome, str] | None:
    """(outcome, reason) when the checkpoint's rules refuse this person at this time, else None.

    ``checkpoint``: a Checkpoint or CheckpointRules; ``entered()``: the person's competition
    ids (asked only when the checkpoint is limited to some competitions).
    """
    return window_refusal(checkpoint, at) or person_refusal(checkpoint, person, entered)


def is_open(checkpoint, at: datetime) -> bool:
    """The time rules: active, and within its opening hours (the phone applies the same test
    to the window the offline list carries, at the moment of each scan)."""
    return bool(
        checkpoint.active
        and not (checkpoint.opens_at and at < checkpoint.opens_at)
        and not (checkpoint.closes_at and at > checkpoint.closes_at)
    )


def window_reason(checkpoint) -> tuple[ScanOutcome, str]:
    """What a scan outside the checkpoint's hours is told."""
    window = " – ".join(to_local(t).strftime("%d/%m %H:%M") for t in (checkpoint.opens_at, checkpoint.closes_at) if t)
    reason = _("Ngoài giờ mở của %(cp)s", cp=checkpoint.name) + (f" ({window})" if window else "")
    return ScanOutcome.OUTSIDE_WINDOW, reason


def window_refusal(checkpoint, at: datetime) -> tuple[ScanOutcome, str] | None:
    return None if is_open(checkpoint, at) else window_reason(checkpoint)


def person_refusal(
    checkpoint, person: tokens.Holder, entered: Callable[[], set[int]]
) -> tuple[ScanOutcome, str] | None:
    """The rules about who, whatever the time: what the offline list bakes in per person."""
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
