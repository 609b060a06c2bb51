"""A unit's next step at an event, as its organiser reads it on the unit's page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _

from models import Event, Registration, RegistrationStatus
from services.i18n import format_datetime
from services.registration import eligibility


@dataclass(frozen=True)
class NextStep:
    status: str  # the registration's status ("draft" when there is none yet)
    text: str
    urgent: bool = False  # something to do before a deadline that is near or past


def next_step(event: Event, reg: Registration | None, people: int, entries: int, now: datetime) -> NextStep:
    status = reg.status if reg is not None else RegistrationStatus.DRAFT
    closes = eligibility.closes_at(event, reg)
    deadline = _(" Hạn chót: %(t)s.", t=format_datetime(closes)) if closes else ""
    closed = closes is not None and now > closes
    near = closes is not None and not closed and (closes - now).days < 3
    if status == RegistrationStatus.APPROVED:
        return NextStep(status.value, _("Đã được duyệt. In thẻ cho thành viên và đưa đoàn đến đúng giờ."))
    if status == RegistrationStatus.SUBMITTED:
        return NextStep(status.value, _("Đã gửi, đang chờ Ban Tổ chức duyệt. Chưa cần làm gì thêm."))
    if closed:
        return NextStep(status.value, _("Đã hết hạn đăng ký: liên hệ Ban Tổ chức nếu cần mở lại."), True)
    if status == RegistrationStatus.RETURNED:
        reason = _(" Lý do: %(r)s.", r=reg.comment) if reg.comment else ""
        return NextStep(
            status.value, _("Bị trả lại để sửa.") + reason + " " + _("Sửa rồi bấm Gửi đăng ký.") + deadline, True
        )
    if not people and not entries:
        return NextStep(
            status.value,
            _("Chưa đăng ký: thêm người (hoặc nhập từ Excel), đăng ký nội dung, rồi bấm Gửi đăng ký.") + deadline,
            near,
        )
    return NextStep(
        status.value, _("Đang soạn: kiểm tra danh sách rồi bấm Gửi đăng ký để Ban Tổ chức duyệt.") + deadline, near
    )
