"""The audit trail: who changed which person, entry or registration, when, old → new.

Rows keep field names and stored values (``changes``); ``describe`` reads a row as people
do: "cb.lak sửa Nguyễn Văn An: Giới tính — → Nam", labels and dates as on the pages, the
keys the code derives (name_key, search_key) never shown nor recorded. ``for_event`` filters
by unit, user, kind and day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import Enum

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from extensions import db
from models import AuditLog, Entry, Gender, Person, PersonRole, Registration, RegistrationStatus, Unit, User
from services.i18n import format_date, local_to_utc
from services.labels import label, place_key_label

ENTITIES = {Person: "person", Entry: "entry", Registration: "registration"}
DERIVED = frozenset({"name_key", "search_key"})  # computed from the name: not a change anyone made


def _plain(value):
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def changes(obj, new_values: dict) -> dict:
    """{field: [old, new]} for the fields whose value differs (JSON-ready)."""
    diff = {}
    for field, new in new_values.items():
        if field in DERIVED:
            continue
        old = getattr(obj, field, None) if obj is not None else None
        if _plain(old) != _plain(new):
            diff[field] = [_plain(old), _plain(new)]
    return diff


def record(actor: User | None, obj, action: str, summary: str = "", diff: dict | None = None) -> None:
    """Log a change to a person, an entry or a registration (its event and unit come from it)."""
    event_id = obj.competition.event_id if isinstance(obj, Entry) else obj.event_id
    _add(actor, event_id, obj.unit_id, ENTITIES[type(obj)], obj.id, action, summary, diff)


def record_import(actor: User | None, event, unit, summary: str) -> None:
    _add(actor, event.id, unit.id, "import", None, "import", summary, None)


def record_prizes(actor: User | None, event, competition_id: int | None, summary: str, diff: dict) -> None:
    """A change of prize money: a competition's amounts, or the event's overall ones."""
    _add(actor, event.id, None, "prize", competition_id, "update", summary, diff)


def record_decision(actor: User | None, event, action: str, summary: str, diff: dict) -> None:
    """The award decision issued, or issued again (with what changed since)."""
    _add(actor, event.id, None, "decision", None, action, summary, diff)


def _add(actor, event_id, unit_id, entity, entity_id, action, summary, diff) -> None:
    db.session.add(
        AuditLog(
            user_id=actor.id if actor is not None else None,
            event_id=event_id,
            unit_id=unit_id,
            entity=entity,
            entity_id=entity_id,
            action=action,
            summary=summary[:300],
            changes=diff or {},
        )
    )


KINDS = {
    "person": _l("Người"),
    "entry": _l("Đăng ký nội dung"),
    "registration": _l("Đăng ký của đơn vị"),
    "import": _l("Nhập từ Excel"),
    "prize": _l("Tiền thưởng"),
    "decision": _l("Quyết định khen thưởng"),
}
VERBS = {
    ("person", "create"): _l("thêm"),
    ("person", "update"): _l("sửa"),
    ("person", "delete"): _l("xoá"),
    ("person", "badge_reissue"): _l("báo mất thẻ, cấp thẻ mới cho"),
    ("entry", "create"): _l("đăng ký nội dung"),
    ("entry", "update"): _l("đổi người thi nội dung"),
    ("entry", "delete"): _l("rút khỏi nội dung"),
    ("registration", "submit"): _l("gửi đăng ký của"),
    ("registration", "approve"): _l("duyệt đăng ký của"),
    ("registration", "return"): _l("trả lại đăng ký của"),
    ("registration", "reopen"): _l("mở lại sau hạn đăng ký của"),
    ("registration", "close"): _l("đóng lại đăng ký của"),
    ("registration", "update"): _l("sửa đăng ký của"),
    ("import", "import"): _l("nhập danh sách từ Excel"),
    ("prize", "update"): _l("sửa tiền thưởng của"),
    ("decision", "issue"): _l("ban hành quyết định khen thưởng:"),
    ("decision", "reissue"): _l("ban hành lại quyết định khen thưởng:"),
    ("decision", "update"): _l("sửa quyết định khen thưởng đã ban hành:"),
}
FIELDS = {
    "full_name": _l("Họ và tên"),
    "gender": _l("Giới tính"),
    "birth_date": _l("Ngày sinh"),
    "union_card_no": _l("Số thẻ đoàn viên"),
    "workplace": _l("CĐCS / nơi làm việc"),
    "phone": _l("Điện thoại"),
    "role": _l("Vai trò"),
    "members": _l("Người thi đấu"),
    "status": _l("Trạng thái"),
    "comment": _l("Lý do"),
    "head_count": _l("Số người của đoàn"),
    "badge": _l("Thẻ"),
    "reopened": _l("Mở lại sau hạn"),
    "prizes": _l("Tiền thưởng"),
    "overall_prizes": _l("Tiền thưởng toàn đoàn"),
    "shared_prize_split": _l("Đồng hạng chia nhau tiền thưởng"),
    "changes": _l("Thay đổi"),
}
ENUMS = {"gender": Gender, "role": PersonRole, "status": RegistrationStatus}


@dataclass(frozen=True)
class Line:
    """A row as people read it."""

    at: datetime
    who: str
    unit: str
    kind: str
    sentence: str  # "cb.lak sửa Nguyễn Văn An"
    changes: list[tuple[str, str, str]]  # (field, old, new) as shown


def _shown(field: str, value) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if field in ENUMS:
        try:
            return label(ENUMS[field](value))
        except ValueError:
            return str(value)
    if isinstance(value, bool):
        return _("có") if value else _("không")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if field in ("prizes", "overall_prizes") and isinstance(value, dict):
        names = {k: place_key_label(k) if k in ("1", "2", "3", "kk") else _("Hạng %(n)s", n=k) for k in value}
        return ", ".join(f"{names[k]} {int(v):,}".replace(",", ".") for k, v in value.items()) or "—"
    if field == "birth_date":
        try:
            return format_date(date.fromisoformat(value))
        except (TypeError, ValueError):
            return str(value)
    return str(value)


def describe(row: AuditLog) -> Line:
    who = row.user.username if row.user else _("hệ thống")
    verb = str(VERBS.get((row.entity, row.action), f"{row.entity} · {row.action}"))
    obj = (row.unit.name if row.unit else "") if row.entity == "registration" else row.summary
    changes = [
        (str(FIELDS.get(field, field)), _shown(field, old), _shown(field, new))
        for field, (old, new) in (row.changes or {}).items()
        if field not in DERIVED and not (row.entity == "registration" and field == "comment" and not new)
    ]
    return Line(
        row.at,
        who,
        row.unit.code if row.unit else "",
        str(KINDS.get(row.entity, row.entity)),
        f"{who} {verb} {obj}".strip(),
        changes,
    )


@dataclass
class Filters:
    unit_id: int | None = None
    user_id: int | None = None
    kind: str | None = None
    day_from: date | None = None
    day_to: date | None = None


def for_event(
    event_id: int, unit_id: int | None = None, limit: int = 500, filters: Filters | None = None
) -> list[AuditLog]:
    filters = filters or Filters(unit_id=unit_id)
    stmt = (
        select(AuditLog)
        .where(AuditLog.event_id == event_id)
        .options(joinedload(AuditLog.user), joinedload(AuditLog.unit))
        .order_by(AuditLog.at.desc(), AuditLog.id.desc())
        .limit(limit)
    )
    if filters.unit_id is not None:
        stmt = stmt.where(AuditLog.unit_id == filters.unit_id)
    if filters.user_id is not None:
        stmt = stmt.where(AuditLog.user_id == filters.user_id)
    if filters.kind in KINDS:
        stmt = stmt.where(AuditLog.entity == filters.kind)
    if filters.day_from is not None:
        stmt = stmt.where(AuditLog.at >= local_to_utc(datetime.combine(filters.day_from, time())))
    if filters.day_to is not None:
        stmt = stmt.where(AuditLog.at < local_to_utc(datetime.combine(filters.day_to + timedelta(days=1), time())))
    return list(db.session.scalars(stmt))


def who_and_where(event_id: int) -> tuple[list[User], list]:
    """The users and units that appear in an event's trail (the filters' choices)."""
    rows = db.session.execute(
        select(AuditLog.user_id, AuditLog.unit_id).where(AuditLog.event_id == event_id).distinct()
    ).all()
    users = db.session.scalars(select(User).where(User.id.in_({u for u, _ in rows if u}))).all()
    units = db.session.scalars(select(Unit).where(Unit.id.in_({u for _, u in rows if u}))).all()
    return sorted(users, key=lambda u: u.username), sorted(units, key=lambda u: u.code)
