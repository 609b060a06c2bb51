"""Checkpoints of an event: saving their rules, volunteers and device links."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import select

from extensions import db
from models import Checkpoint, Device, Event, PersonRole, User, UserRole
from services.checkin import devices
from services.checkin.rules import RULES, RuleSet, kept
from services.errors import DomainError, RecordNotFound
from services.lookup import one_or_not_found
from services.text import nfc


@dataclass(frozen=True, kw_only=True)
class CheckpointData(RuleSet):
    """A checkpoint as the admin's form gives it: its name, place and volunteers, and its
    rules (services/checkin/rules.RuleSet)."""

    name: str
    venue_id: int | None = None
    volunteer_ids: list[int] = field(default_factory=list)


def save_checkpoint(event: Event, checkpoint: Checkpoint | None, data: CheckpointData) -> Checkpoint:
    name = nfc(data.name)
    if not name:
        raise DomainError(_("Tên điểm quét không được để trống."), field="name")
    clash = db.session.scalar(select(Checkpoint).where(Checkpoint.event_id == event.id, Checkpoint.name == name))
    if clash is not None and clash is not checkpoint:
        raise DomainError(_("Sự kiện đã có điểm quét “%(n)s”.", n=name), field="name")
    if data.opens_at and data.closes_at and data.closes_at <= data.opens_at:
        raise DomainError(_("Giờ đóng phải sau giờ mở."), field="closes_at")
    if any(role not in {r.value for r in PersonRole} for role in data.allowed_roles):
        raise DomainError(_("Vai trò không hợp lệ."), field="allowed_roles")
    volunteers = db.session.scalars(select(User).where(User.id.in_(data.volunteer_ids))).all()
    if any(v.role != UserRole.VOLUNTEER for v in volunteers):
        raise DomainError(_("Chỉ gắn tài khoản tình nguyện viên vào điểm quét."), field="volunteer_ids")
    if checkpoint is None:
        checkpoint = Checkpoint(event=event)
        db.session.add(checkpoint)
    checkpoint.name, checkpoint.venue_id = name, data.venue_id or None
    for key, rule in RULES.items():
        setattr(checkpoint, key, kept(rule, getattr(data, key)))
    for removed in set(checkpoint.volunteers) - set(volunteers):
        devices.revoke_devices_of(removed, checkpoint)
    checkpoint.volunteers = list(volunteers)
    db.session.flush()
    return checkpoint


def checkpoints_of(event: Event) -> list[Checkpoint]:
    return list(db.session.scalars(select(Checkpoint).where(Checkpoint.event_id == event.id).order_by(Checkpoint.name)))


def checkpoint_of_event(event: Event, checkpoint_id: int) -> Checkpoint:
    return one_or_not_found(Checkpoint, Checkpoint.id == checkpoint_id, Checkpoint.event_id == event.id)


def device_of_event(event: Event, device_id: int) -> Device:
    """A scanning device of one of ``event``'s checkpoints, or RecordNotFound (answered 404)."""
    device = one_or_not_found(Device, Device.id == device_id)
    if device.checkpoint.event_id != event.id:
        raise RecordNotFound()
    return device


def devices_of(checkpoint: Checkpoint) -> list[Device]:
    return list(
        db.session.scalars(
            select(Device).where(Device.checkpoint_id == checkpoint.id).order_by(Device.created_at.desc())
        )
    )


def checkpoints_for_volunteer(user: User) -> list[Checkpoint]:
    return list(
        db.session.scalars(
            select(Checkpoint).where(Checkpoint.volunteers.any(User.id == user.id), Checkpoint.active.is_(True))
        )
    )
