"""The status of a unit's registration, changed in one place: the festival head count,
submit (every rule must hold), approve, return with a reason, reopen after the deadline.
Each change is recorded in the audit trail."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from flask_babel import gettext as _

from extensions import db
from models import (
    Event,
    EventKind,
    Registration,
    RegistrationStatus,
    Unit,
    User,
    utcnow,
)
from services import audit
from services.errors import DomainError, ValidationErrors
from services.i18n import format_date, format_datetime, local_to_utc, to_local
from services.labels import label
from services.participation import mailer
from services.registration import eligibility, roster
from services.registration.registrations import ensure_open, registration_for
from services.text import nfc


def _set_status(
    reg: Registration, status: RegistrationStatus, actor: User, action: str, comment: str = "", **more
) -> None:
    """The status and comment, and ``more`` fields changed with them, in one audit row."""
    values = {"status": status, "comment": comment, **more}
    audit.record(actor, reg, action=action, summary=comment, diff=audit.changes(reg, values))
    for name, value in values.items():
        setattr(reg, name, value)


MAX_HEAD_COUNT = 20000


def set_head_count(event: Event, unit: Unit, head_count: int | None, actor: User) -> Registration:
    """A festival delegation's size beside its named people (workers coming to the festival)."""
    if event.kind != EventKind.FESTIVAL:
        raise DomainError(_("Số người của đoàn chỉ dùng cho ngày hội."))
    if head_count is None or not 0 <= head_count <= MAX_HEAD_COUNT:
        raise DomainError(_("Số người của đoàn phải từ 0 đến %(n)d.", n=MAX_HEAD_COUNT), field="head_count")
    reg = ensure_open(event, unit)
    audit.record(
        actor, reg, action="update", summary=_("Số người của đoàn"), diff=audit.changes(reg, {"head_count": head_count})
    )
    reg.head_count = head_count
    db.session.flush()
    return reg


def submit(event: Event, unit: Unit, actor: User) -> Registration:
    """Draft/returned → submitted, once every rule holds for the whole roster."""
    reg = ensure_open(event, unit)
    people, entries = roster.unit_roster(event, unit)
    if not people and not (event.kind == EventKind.FESTIVAL and reg.head_count):
        raise DomainError(_("Chưa có người nào trong danh sách; hãy thêm người trước khi gửi."))
    problems = roster.check_roster(event, unit, people, entries)
    if problems:
        raise ValidationErrors(_("Chưa gửi được vì còn lỗi:"), [p.message for p in problems])
    _set_status(reg, RegistrationStatus.SUBMITTED, actor, "submit")
    reg.submitted_at, reg.submitted_by = utcnow(), actor
    db.session.flush()
    return reg


def _decide(event: Event, unit: Unit, actor: User, decision: RegistrationStatus, comment: str = "", **more):
    """The federation's answer to a submitted registration (an approved one may still be returned)."""
    allowed = {
        RegistrationStatus.APPROVED: (RegistrationStatus.SUBMITTED,),
        RegistrationStatus.RETURNED: (RegistrationStatus.SUBMITTED, RegistrationStatus.APPROVED),
    }[decision]
    reg = registration_for(event, unit, lock=True)
    if reg.status not in allowed:
        if reg.status in (RegistrationStatus.APPROVED, RegistrationStatus.RETURNED) and reg.decided_at:
            raise DomainError(already_decided(reg))
        raise DomainError(
            _("%(unit)s chưa gửi đăng ký (trạng thái: %(s)s).", unit=unit.name, s=label(reg.status).lower())
        )
    action = "approve" if decision == RegistrationStatus.APPROVED else "return"
    _set_status(reg, decision, actor, action, comment, **more)
    reg.decided_at, reg.decided_by = utcnow(), actor
    db.session.flush()
    return reg


def approve_many(event: Event, units: list[Unit], actor: User) -> tuple[list[Registration], list[tuple[Unit, str]]]:
    """Approve several submitted registrations at once (the dashboard's bulk approval): each
    is decided on its own, under its own lock; one already decided by someone else, or not
    submitted, is reported and the others still go through."""
    approved, refused = [], []
    for unit in units:
        try:
            with db.session.begin_nested():
                approved.append(approve(event, unit, actor))
        except DomainError as error:
            refused.append((unit, error.message))
    return approved, refused


def already_decided(reg: Registration) -> str:
    """What the loser of a race is told: "Đăng ký đã được duyệt bởi admin2 lúc 14/05/2024 08:12."."""
    who = reg.decided_by.username if reg.decided_by else "?"
    return _(
        "Đăng ký đã được %(what)s bởi %(who)s lúc %(at)s.",
        what=_("duyệt") if reg.status == RegistrationStatus.APPROVED else _("trả lại"),
        who=who,
        at=format_datetime(reg.decided_at),
    )


def approve(event: Event, unit: Unit, actor: User) -> Registration:
    return _decide(event, unit, actor, RegistrationStatus.APPROVED)


RETURN_GRACE_DAYS = 3  # after the deadline, the return dialog offers this many days to fix and send again


def default_reopen_until(event: Event, now: datetime) -> date | None:
    """The return dialog's date, prefilled when the deadline has passed (None before it)."""
    if event.registration_closes_at is None or now <= event.registration_closes_at:
        return None
    return to_local(now).date() + timedelta(days=RETURN_GRACE_DAYS)


def return_for_changes(
    event: Event, unit: Unit, actor: User, comment: str, reopen_until: date | None = None
) -> Registration:
    """Back to the unit with a reason. After the deadline the unit could not fix anything, so
    the return reopens it until the end of the day chosen in the dialog (Vietnam time)."""
    comment = nfc(comment)
    if not comment:
        raise DomainError(_("Hãy ghi lý do trả lại để đơn vị biết cần sửa gì."), field="comment")
    now = utcnow()
    reopen = {}
    if default_reopen_until(event, now) is not None:
        if reopen_until is None:
            raise DomainError(
                _("Đã quá hạn đăng ký: hãy chọn ngày đơn vị được sửa và gửi lại (ô “Cho sửa đến”)."),
                field="reopen_until",
            )
        if reopen_until < to_local(now).date():
            raise DomainError(
                _("Ngày cho sửa đến (%(d)s) đã qua: hãy chọn từ hôm nay trở đi.", d=format_date(reopen_until)),
                field="reopen_until",
            )
        end_of_day = datetime.combine(reopen_until + timedelta(days=1), time.min) - timedelta(seconds=1)
        reopen = {"reopened": True, "reopened_until": local_to_utc(end_of_day)}
    return _decide(event, unit, actor, RegistrationStatus.RETURNED, comment, **reopen)


def decision_message(reg: Registration) -> tuple[str, str, str] | None:
    """The email a unit gets when its registration is approved or returned (to, subject,
    body), or None when the unit has no address or nothing was decided."""
    if not reg.unit.email or reg.status not in (RegistrationStatus.APPROVED, RegistrationStatus.RETURNED):
        return None
    greeting = _("Kính gửi %(c)s (%(u)s),", c=reg.unit.contact_name or _("đồng chí phụ trách"), u=reg.unit.name)
    if reg.status == RegistrationStatus.APPROVED:
        subject = _("Đăng ký đã được duyệt: %(e)s", e=reg.event.name)
        body = _(
            "đăng ký của đơn vị tham gia %(e)s đã được duyệt. Đơn vị có thể in thẻ cho các thành viên.",
            e=reg.event.name,
        )
    else:
        subject = _("Đăng ký bị trả lại: %(e)s", e=reg.event.name)
        body = _("đăng ký của đơn vị tham gia %(e)s đã bị trả lại để sửa.", e=reg.event.name)
        body += " " + _("Lý do: %(r)s", r=reg.comment) + " " + _("Đề nghị đơn vị sửa và gửi lại đăng ký.")
        if closes := eligibility.closes_at(reg.event, reg):
            body += " " + _("Hạn gửi lại: %(d)s.", d=format_datetime(closes))
    sign = _("Ban tổ chức – %(e)s", e=reg.event.name)
    return reg.unit.email, subject, f"{greeting}\n\n{body}\n\n{sign}"


def notify_decision(reg: Registration) -> str | None:
    """Emails the unit about the decision when mail is set up; returns the address, or None.
    Called after the decision is committed (a mail is never sent for a decision undone)."""
    message = decision_message(reg)
    if message is None or not mailer.configured():
        return None
    mailer.send([message])
    return message[0]


def set_reopened(event: Event, unit: Unit, actor: User, reopened: bool) -> Registration:
    """Let a unit edit after the deadline, without an end (or close it again)."""
    reg = registration_for(event, unit, lock=True)
    values = {"reopened": reopened, "reopened_until": None}
    if all(getattr(reg, name) == value for name, value in values.items()):  # already so: nothing logged
        return reg
    audit.record(actor, reg, action="reopen" if reopened else "close", diff=audit.changes(reg, values))
    reg.reopened, reg.reopened_until = reopened, None
    db.session.flush()
    return reg
